// Per-connection TCP facts: handshake, who closed, payload bytes per direction counted once.

import type { ClosedBy } from '../model.js';
import type { PacketRecord, TcpSegment } from '../records/types.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../protocol/tcp.js';
import { ByteRanges, SeqUnwrapper } from './byte-ranges.js';

/** An endpoint key "ip port" used to tell the two sides apart (IPs alone are equal on loopback). */
export const endpointKey = (ip: string, port: number): string => `${ip} ${port}`;

/** One direction of a connection. */
export class Direction {
  readonly seq = new SeqUnwrapper();
  readonly ranges = new ByteRanges();
  /** First and last time a new payload byte was seen in this direction. */
  firstByteT: number | null = null;
  lastByteT: number | null = null;
  firstByteFrame: number | null = null;
  lastByteFrame: number | null = null;
  /** Segments that carried new bytes. */
  dataSegments = 0;
  finFrame: number | null = null;
  finT: number | null = null;
}

export interface TcpHandshakeState {
  synFrame: number | null;
  synT: number | null;
  synAckFrame: number | null;
  synAckT: number | null;
  ackFrame: number | null;
  ackT: number | null;
}

/** What every tracked TCP connection knows about itself. */
export class TcpConnection {
  readonly stream: number;
  /** Endpoint that sent the first packet seen (the SYN sender when the SYN was captured). */
  readonly a: { ip: string; port: number };
  readonly b: { ip: string; port: number };
  readonly aKey: string;
  /** a sent the SYN (true), or the capture missed it (false). */
  readonly sawSyn: boolean;
  readonly firstFrame: number;
  readonly firstT: number;
  lastT: number;
  readonly hs: TcpHandshakeState = {
    synFrame: null,
    synT: null,
    synAckFrame: null,
    synAckT: null,
    ackFrame: null,
    ackT: null,
  };
  readonly fromA = new Direction();
  readonly fromB = new Direction();
  /** First FIN or RST: which endpoint sent the FIN ('a'/'b'), or 'reset'; null while open. */
  private closeKind: 'a' | 'b' | 'reset' | null = null;
  closeT: number | null = null;
  closeFrame: number | null = null;
  rstFrame: number | null = null;
  /** Packets seen on this connection. */
  packets = 0;
  /** Payload bytes the last segment added (not seen before in its direction). */
  newBytes = 0;

  constructor(rec: PacketRecord, tcp: TcpSegment, t: number) {
    this.stream = tcp.stream;
    this.a = { ip: rec.src ?? '', port: tcp.srcPort };
    this.b = { ip: rec.dst ?? '', port: tcp.dstPort };
    this.aKey = endpointKey(this.a.ip, this.a.port);
    this.sawSyn = (tcp.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
    this.firstFrame = rec.frame;
    this.firstT = t;
    this.lastT = t;
  }

  /** True when the record was sent by endpoint a. */
  isFromA(rec: PacketRecord, tcp: TcpSegment): boolean {
    return tcp.srcPort === this.a.port && rec.src === this.a.ip;
  }

  /**
   * Updates handshake, close and byte counts; returns whether endpoint a sent the segment (a boolean, not an object:
   * this runs for every packet). The payload bytes it added are in `newBytes`.
   */
  update(rec: PacketRecord, tcp: TcpSegment, t: number): boolean {
    this.packets += 1;
    this.lastT = t;
    const fromA = this.isFromA(rec, tcp);
    const dir = fromA ? this.fromA : this.fromB;
    const f = tcp.flags;
    const hs = this.hs;
    if (f & TCP_SYN) {
      if (!(f & TCP_ACK)) {
        if (hs.synFrame === null) {
          hs.synFrame = rec.frame;
          hs.synT = t;
        }
      } else if (hs.synAckFrame === null) {
        hs.synAckFrame = rec.frame;
        hs.synAckT = t;
      }
      if (!dir.seq.hasBase) dir.seq.setBase((tcp.seq + 1) % 2 ** 32);
    } else if (hs.synAckFrame !== null && hs.ackFrame === null && fromA === this.sawSyn && f & TCP_ACK) {
      hs.ackFrame = rec.frame;
      hs.ackT = t;
    }
    let newBytes = 0;
    if (tcp.len > 0) {
      const off = dir.seq.offset(tcp.seq);
      newBytes = dir.ranges.add(off, off + tcp.len);
      if (newBytes > 0) {
        if (dir.firstByteT === null) {
          dir.firstByteT = t;
          dir.firstByteFrame = rec.frame;
        }
        dir.lastByteT = t;
        dir.lastByteFrame = rec.frame;
        dir.dataSegments += 1;
      }
    }
    if (f & TCP_RST) {
      if (this.rstFrame === null) this.rstFrame = rec.frame;
      this.noteClose('reset', t, rec.frame);
    } else if (f & TCP_FIN) {
      if (dir.finFrame === null) {
        dir.finFrame = rec.frame;
        dir.finT = t;
      }
      this.noteClose(fromA ? 'a' : 'b', t, rec.frame);
    }
    this.newBytes = newBytes;
    return fromA;
  }

  /** Both sides sent FIN, or a RST was seen: nothing more is expected. */
  get isClosed(): boolean {
    return this.rstFrame !== null || (this.fromA.finFrame !== null && this.fromB.finFrame !== null);
  }

  /** Handshake facts when all three packets were seen. */
  handshake(): { synFrame: number; synAckFrame: number; ackFrame: number; rttMs: number } | null {
    const hs = this.hs;
    if (hs.synFrame === null || hs.synAckFrame === null || hs.ackFrame === null) return null;
    return {
      synFrame: hs.synFrame,
      synAckFrame: hs.synAckFrame,
      ackFrame: hs.ackFrame,
      rttMs: ms(hs.ackT! - hs.synT!),
    };
  }

  private noteClose(kind: 'a' | 'b' | 'reset', t: number, frame: number): void {
    if (this.closeKind !== null) return;
    this.closeKind = kind;
    this.closeT = t;
    this.closeFrame = frame;
  }

  /** Who closed first, given which endpoint is the client. */
  closedByFor(clientIsA: boolean): ClosedBy {
    if (this.closeKind === null) return 'none';
    if (this.closeKind === 'reset') return 'reset';
    return (this.closeKind === 'a') === clientIsA ? 'client' : 'server';
  }
}

/** Seconds to milliseconds, rounded to microseconds. */
export function ms(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e3;
}

/** Seconds rounded to microseconds. */
export function roundT(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
