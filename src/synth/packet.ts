// A packet waiting to be written (a small descriptor; bytes are made only when written) and the time-ordered queue.

import type { Host } from './hosts.js';

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

/** One direction's end of a TCP connection. */
export interface TcpSide {
  host: Host;
  port: number;
  /** Initial sequence number (random, seeded). */
  isn: number;
  /** Sequence space used so far, relative to the ISN (SYN and FIN count one). */
  sent: number;
  /** This side's TCP timestamp clock offset in milliseconds. */
  tsOffset: number;
  /** Next IPv4 identification value. */
  ipId: number;
  /** IPv6 flow label of this direction. */
  flowLabel: number;
  /** True for the FTP client's host, where the capture is taken. */
  atCapturePoint: boolean;
  /** A delayed pure ACK not yet written, cancelled when this side sends something sooner. */
  pendingAck: Packet | null;
}

/** What the encoder needs from the connection a packet belongs to. */
export interface PacketPath {
  /** One-way delay between the two hosts in microseconds. */
  owdUs: number;
  /** Maximum segment size this connection announced in its SYNs. */
  mssOption: number;
}

export interface Packet {
  /** Capture time in microseconds since the capture start (fractional; rounded when written). */
  t: number;
  /** Tie-break between equal times: push order. */
  order: number;
  path: PacketPath;
  from: TcpSide;
  to: TcpSide;
  flags: number;
  /** Absolute sequence and acknowledgement numbers (uint32). */
  seq: number;
  ack: number;
  /** TCP window field (already scaled down). */
  window: number;
  /** Payload bytes are payload[payloadOffset, payloadOffset + len). */
  payload: Buffer | null;
  payloadOffset: number;
  len: number;
  /** One SACK block [sackLeft, sackRight) when sackLeft !== sackRight. */
  sackLeft: number;
  sackRight: number;
  /** Set when a later packet made this (delayed ACK) unnecessary. */
  cancelled: boolean;
}

/** Where the TCP model puts packets. */
export interface PacketSink {
  push(p: Packet): void;
}

/** A binary min-heap on (t, order): packets come out in capture order, ties in push order. */
export class PacketQueue implements PacketSink {
  private readonly heap: Packet[] = [];
  private pushed = 0;

  get size(): number {
    return this.heap.length;
  }

  peek(): Packet | undefined {
    return this.heap[0];
  }

  push(p: Packet): void {
    p.order = this.pushed++;
    const h = this.heap;
    let i = h.length;
    h.push(p);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const q = h[parent]!;
      if (before(q, p)) break;
      h[i] = q;
      i = parent;
    }
    h[i] = p;
  }

  pop(): Packet | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r]!, h[l]!) ? r : l;
      if (before(last, h[c]!)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }
}

function before(x: Packet, y: Packet): boolean {
  return x.t < y.t || (x.t === y.t && x.order < y.order);
}
