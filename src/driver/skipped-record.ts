// Builds the record of a segment tshark never saw, from its TCP header and what tshark said of its connection.

import type { WireTcp } from '../capture/wire.js';
import type { PacketRecord } from '../records/types.js';

/** What tshark's records said of one connection: its stream number and side A's and side B's addresses. */
export interface ConnNames {
  /** tshark's tcp.stream. */
  stream: number;
  /** Address of the side that sent the connection's first segment seen (side A). */
  ipA: string | null;
  ipB: string | null;
}

/** tshark's names for each connection, learned from the latest of its records that tshark returned. */
export class ConnectionNames {
  private readonly names = new Map<object, ConnNames>();

  /** Learns from tshark's record `rec` of a segment of `conn` sent by side A (`fromA`) or side B. */
  learn(conn: object, fromA: boolean, rec: PacketRecord): void {
    if (!rec.tcp) return;
    let n = this.names.get(conn);
    if (!n) {
      n = { stream: -1, ipA: null, ipB: null };
      this.names.set(conn, n);
    }
    n.stream = rec.tcp.stream;
    n.ipA = fromA ? rec.src : rec.dst;
    n.ipB = fromA ? rec.dst : rec.src;
  }

  /** What tshark said of `conn` so far (stream −1 and no addresses when nothing). */
  of(conn: object): ConnNames {
    return this.names.get(conn) ?? UNNAMED;
  }
}

const UNNAMED: Readonly<ConnNames> = { stream: -1, ipA: null, ipB: null };

/** A segment counted here: where it is in the capture, and its header. */
export interface SkippedSegment {
  frame: number;
  epochUs: number;
  /** Nanoseconds past epochUs (0-999); absent is 0. */
  epochNsRem?: number;
  len: number;
  fromA: boolean;
  wire: WireTcp;
}

/** The record of a segment tshark never saw: no Protocol, Info, payload nor setup frame. */
export function skippedRecord(s: SkippedSegment, names: ConnNames): PacketRecord {
  const w = s.wire;
  return {
    frame: s.frame,
    epochUs: s.epochUs,
    epochNsRem: s.epochNsRem ?? 0,
    len: s.len,
    src: s.fromA ? names.ipA : names.ipB,
    dst: s.fromA ? names.ipB : names.ipA,
    tcp: {
      stream: names.stream,
      srcPort: w.srcPort,
      dstPort: w.dstPort,
      flags: w.flags,
      seq: w.seq,
      len: w.len,
      ctl: null,
    },
    protocol: null,
    info: null,
    setupFrame: null,
  };
}
