// Compares a packet as ftp-report's own reader read it with tshark's record of it: any difference is fatal.

import type { WireTcp } from '../capture/wire.js';
import { FtpReportError } from '../errors.js';
import type { PacketRecord } from '../records/types.js';

/** A packet as read here, before tshark saw it. */
export interface ReadPacket {
  /** The capture's frame number. */
  frame: number;
  /** Time in µs since 1970, null when the capture's timestamp is not plain (then it is not compared). */
  epochUs: number | null;
  /** Length on the wire in bytes. */
  len: number;
  /** Its TCP header, null when it is not plain TCP (then only time and length are compared). */
  wire: WireTcp | null;
}

/** What the two readers can disagree on, in the order it is checked. */
export type Disagreement = 'time' | 'length' | 'not-tcp' | 'ports' | 'tcp-header';

const WORDS: Record<Disagreement, string> = {
  time: 'the time',
  length: 'the length',
  'not-tcp': 'whether it is TCP',
  ports: 'the ports',
  'tcp-header': 'the TCP header',
};

/** The first thing tshark's record says differently of a packet read here (time, length, ports, seq, flags). */
export function disagreement(read: ReadPacket, rec: PacketRecord): Disagreement | null {
  if (read.epochUs !== null && rec.epochUs !== read.epochUs) return 'time';
  if (rec.len !== read.len) return 'length';
  const w = read.wire;
  if (!w) return null;
  const t = rec.tcp;
  if (!t) return 'not-tcp';
  if (t.srcPort !== w.srcPort || t.dstPort !== w.dstPort) return 'ports';
  if (t.seq !== w.seq || t.len !== w.len || t.flags !== w.flags) return 'tcp-header';
  return null;
}

/** The error when the two readers disagree: the fast path cannot be trusted, --dissect-all can. */
export function disagreementError(frame: number, what: Disagreement): FtpReportError {
  const message = `frame ${frame}: tshark and ftp-report's own reader disagree on ${WORDS[what]}`;
  return new FtpReportError('INTERNAL', `${message}; rerun with --dissect-all`, { frame });
}

/** Throws when tshark's record of a packet read here says something else of it. */
export function crossCheck(read: ReadPacket, rec: PacketRecord): void {
  const what = disagreement(read, rec);
  if (what !== null) throw disagreementError(read.frame, what);
}

/**
 * tshark read a TCP segment in a packet this reader could not read (a tunnel, a fragment): it may number the
 * connections otherwise than this reader did. A capture file is then read again with every packet given to tshark.
 */
export class UnreadTcpError extends FtpReportError {
  constructor(frame: number) {
    const message = `frame ${frame}: tshark read a TCP segment ftp-report's own reader could not`;
    super('INTERNAL', `${message}; rerun with --dissect-all`, { frame });
  }
}

/**
 * The error when tshark names a connection otherwise than this reader did (`what`: the addresses, the TCP stream):
 * the records made here without tshark would carry wrong names.
 */
export function namesError(frame: number, what: string): FtpReportError {
  const message = `frame ${frame}: tshark and ftp-report's own reader disagree on ${what}`;
  return new FtpReportError('INTERNAL', `${message}; rerun with --dissect-all`, { frame });
}
