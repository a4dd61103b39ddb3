// Builds the record of a segment tshark never saw, from its TCP header and the names given to its connection here.

import type { WireTcp } from '../capture/wire.js';
import type { PacketRecord } from '../records/types.js';

/** How tshark names one connection (worked out here: stream-names.ts). */
export interface ConnNames {
  /** tshark's tcp.stream. */
  stream: number;
  /** Address of the side that sent the connection's first segment (side A), and of side B. */
  ipA: string;
  ipB: string;
}

/** A segment counted here: where it is in the capture, and its header. */
export interface SkippedSegment {
  frame: number;
  epochUs: number;
  /** Nanoseconds past epochUs (0-999); absent is 0. */
  epochNsRem?: number;
  len: number;
  fromA: boolean;
  wire: WireTcp;
  /** Its payload when it is FTP control (what tshark would export as ftpr.ctl), else null. */
  ctl?: Uint8Array | null;
}

/** The record of a segment tshark never saw: no Protocol, Info nor setup frame. */
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
      ctl: s.ctl ?? null,
    },
    protocol: null,
    info: null,
    setupFrame: null,
  };
}
