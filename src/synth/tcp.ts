// A TCP connection seen from the FTP client's host: handshake, small writes with delayed ACKs,
// bulk transfer paced by a bottleneck with an ACK every second segment, one-time loss and fast retransmit,
// FIN teardown.

import type { Host } from './hosts.js';
import { ACK, FIN, PSH, SYN, type Packet, type PacketPath, type PacketSink, type TcpSide } from './packet.js';
import { WINDOW_SCALE } from './frame.js';
import type { Prng } from './prng.js';

/** Linux's delayed-ACK timer. */
export const DELAYED_ACK_US = 40_000;
/** Window field of SYNs (unscaled) and of every later segment (scaled by 2^7: 6 MiB). */
const SYN_WINDOW = 64_240;
const WINDOW = (6 * 2 ** 20) >> WINDOW_SCALE;
/** Bytes of TCP timestamps option every non-SYN segment carries. */
const TS_OPTION_LEN = 12;

export interface Endpoint {
  host: Host;
  port: number;
  /** True for the FTP client's host (where the capture is taken). */
  atCapturePoint: boolean;
}

export interface ConnectionTiming {
  /** Round-trip time between the hosts. */
  rttUs: number;
  /** How long a host's kernel takes to answer (SYN/ACK, ACK, FIN/ACK). */
  hostDelayUs: number;
}

/** Payload of a bulk transfer: a buffer read either straight (a listing) or cyclically from a 64 KiB pattern. */
export interface BulkContent {
  buf: Buffer;
  /** Start offset inside a cyclic pattern, or -1 to read buf straight from 0. */
  salt: number;
}

/** A 64 KiB pattern plus a 2 KiB tail that repeats its start, so any segment is one contiguous slice. */
export const PATTERN_SIZE = 65_536;

export interface BulkOptions {
  bytes: number;
  content: BulkContent;
  /** Bottleneck rate in bits per second: spaces the data segments. */
  rateBps: number;
  /** Probability that a data segment is lost once (then fast-retransmitted). */
  lossRate: number;
  prng: Prng;
}

export interface BulkResult {
  /** Capture time of the slot after the last data segment (when the sender can send its FIN). */
  endT: number;
  /** Data segments lost and retransmitted. */
  lost: number;
}

export interface CloseTimes {
  /** The closer's FIN. */
  finT: number;
  /** The peer's FIN/ACK. */
  peerFinT: number;
  /** The closer's last ACK. */
  lastAckT: number;
}

export class TcpConnection implements PacketPath {
  readonly a: TcpSide;
  readonly b: TcpSide;
  readonly owdUs: number;
  readonly rttUs: number;
  readonly mssOption: number;
  /** Payload bytes per full segment: MSS minus the timestamps option. */
  readonly segmentSize: number;
  private readonly hostDelayUs: number;

  constructor(
    private readonly sink: PacketSink,
    /** The side that sends the SYN. */
    initiator: Endpoint,
    responder: Endpoint,
    timing: ConnectionTiming,
    prng: Prng,
    /** Control connections: a receiver ACKs small writes after DELAYED_ACK_US unless it sends first. */
    private readonly delayedAcks: boolean,
  ) {
    const side = (e: Endpoint): TcpSide => ({
      host: e.host,
      port: e.port,
      isn: prng.u32(),
      sent: 0,
      tsOffset: prng.u32(),
      ipId: prng.int(0, 0xffff),
      flowLabel: prng.int(1, 0xfffff),
      atCapturePoint: e.atCapturePoint,
      pendingAck: null,
    });
    this.a = side(initiator);
    this.b = side(responder);
    this.rttUs = timing.rttUs;
    this.owdUs = timing.rttUs / 2;
    this.hostDelayUs = timing.hostDelayUs;
    this.mssOption = initiator.host.family === 4 ? 1460 : 1440;
    this.segmentSize = this.mssOption - TS_OPTION_LEN;
  }

  peer(side: TcpSide): TcpSide {
    return side === this.a ? this.b : this.a;
  }

  /** The side on the given host and port. */
  sideOf(endpoint: Endpoint): TcpSide {
    return this.a.host === endpoint.host && this.a.port === endpoint.port ? this.a : this.b;
  }

  /**
   * Capture time at which `side` answers a packet of its peer that was captured at t, after `delay` of its own:
   * the client answers at once as seen from the capture point; the server's answer is seen a round trip later.
   */
  answerAt(side: TcpSide, t: number, delay: number): number {
    return side.atCapturePoint ? t + delay : t + this.rttUs + delay;
  }

  /** SYN at t, SYN/ACK, ACK; returns the capture time of the final ACK. */
  handshake(t: number): number {
    this.emit(t, this.a, SYN, 0, 0, null, 0, 0);
    this.a.sent = 1;
    const t2 = this.answerAt(this.b, t, this.hostDelayUs);
    this.emit(t2, this.b, SYN | ACK, 0, 1, null, 0, 0);
    this.b.sent = 1;
    const t3 = this.answerAt(this.a, t2, this.hostDelayUs);
    this.emit(t3, this.a, ACK, 1, 1, null, 0, 0);
    return t3;
  }

  /** A small application write (a command or a reply) at capture time t, split into segments if needed. */
  send(from: TcpSide, t: number, data: Buffer): void {
    const to = this.peer(from);
    for (let off = 0; off < data.length; off += this.segmentSize) {
      const len = Math.min(this.segmentSize, data.length - off);
      this.emit(t, from, PSH | ACK, from.sent, to.sent, data, off, len);
      from.sent += len;
    }
    if (this.delayedAcks) this.scheduleDelayedAck(to, t);
  }

  /** Sends `bytes` from `from` from t0 on, yielding capture times; the receiver ACKs every second segment. */
  *bulk(from: TcpSide, t0: number, o: BulkOptions): Generator<number, BulkResult> {
    const to = this.peer(from);
    const mss = this.segmentSize;
    const base = from.sent;
    const ackOfSender = to.sent;
    const n = Math.ceil(o.bytes / mss);
    const frameBits = (14 + (from.host.family === 4 ? 20 : 40) + 32) * 8;
    const usPerBit = 1e6 / o.rateBps;
    // Upload: the client sends, so a segment lost beyond the capture point is still captured.
    const lostIsCaptured = from.atCapturePoint;
    const receiverDelay = this.answerAt(to, 0, this.hostDelayUs);
    const senderDelay = this.answerAt(from, 0, this.hostDelayUs);
    let slot = t0;
    let nextSeg = 0;
    let contiguous = 0;
    let highest = 0;
    let unacked = 0;
    let lostSeg = -1;
    let retxReady = Infinity;
    let dupAcks = 0;
    let lostCount = 0;
    let sinceYield = 0;
    while (nextSeg < n || lostSeg >= 0) {
      let seg: number;
      let retx = false;
      if (lostSeg >= 0 && (retxReady <= slot || nextSeg >= n)) {
        seg = lostSeg;
        retx = true;
        if (retxReady > slot) slot = retxReady;
      } else {
        seg = nextSeg++;
      }
      const off = seg * mss;
      const len = Math.min(mss, o.bytes - off);
      const t = slot;
      slot += (frameBits + len * 8) * usPerBit;
      let dropped = false;
      if (!retx && lostSeg < 0 && seg + 3 < n && o.prng.chance(o.lossRate)) {
        lostSeg = seg;
        dropped = true;
        dupAcks = 0;
        retxReady = Infinity;
        lostCount += 1;
      }
      if (!dropped || lostIsCaptured) {
        const payloadOffset = o.content.salt < 0 ? off : (o.content.salt + off) % PATTERN_SIZE;
        const last = seg === n - 1;
        this.emit(t, from, last ? PSH | ACK : ACK, base + off, ackOfSender, o.content.buf, payloadOffset, len);
      }
      if (!dropped) {
        const rt = t + receiverDelay;
        if (retx) {
          contiguous = highest;
          lostSeg = -1;
          unacked = 0;
          this.emit(rt, to, ACK, to.sent, base + contiguous, null, 0, 0);
        } else if (lostSeg >= 0) {
          highest = off + len;
          const p = this.emit(rt, to, ACK, to.sent, base + contiguous, null, 0, 0);
          p.sackLeft = (from.isn + base + (lostSeg + 1) * mss) >>> 0;
          p.sackRight = (from.isn + base + highest) >>> 0;
          dupAcks += 1;
          if (dupAcks === 3) retxReady = rt + senderDelay;
        } else {
          contiguous = highest = off + len;
          unacked += 1;
          if (unacked >= 2) {
            this.emit(rt, to, ACK, to.sent, base + contiguous, null, 0, 0);
            unacked = 0;
          }
        }
      }
      if (++sinceYield >= 32) {
        sinceYield = 0;
        yield t;
      }
    }
    from.sent = base + o.bytes;
    return { endT: slot, lost: lostCount };
  }

  /** `from` sends FIN at t; the peer answers FIN/ACK (it closes at once) and `from` ACKs that. */
  close(from: TcpSide, t: number): CloseTimes {
    const to = this.peer(from);
    this.emit(t, from, FIN | ACK, from.sent, to.sent, null, 0, 0);
    from.sent += 1;
    const peerFinT = this.answerAt(to, t, this.hostDelayUs);
    this.emit(peerFinT, to, FIN | ACK, to.sent, from.sent, null, 0, 0);
    to.sent += 1;
    const lastAckT = this.answerAt(from, peerFinT, this.hostDelayUs);
    this.emit(lastAckT, from, ACK, from.sent, to.sent, null, 0, 0);
    return { finT: t, peerFinT, lastAckT };
  }

  /** `to` received data captured at t: one pure ACK after the delayed-ACK timer, merged with one already waiting. */
  private scheduleDelayedAck(to: TcpSide, t: number): void {
    const from = this.peer(to);
    const pending = to.pendingAck;
    if (pending && !pending.cancelled && pending.t > this.answerAt(to, t, 0)) {
      pending.ack = (from.isn + from.sent) >>> 0;
      return;
    }
    const at = this.answerAt(to, t, DELAYED_ACK_US);
    const p = this.emit(at, to, ACK, to.sent, from.sent, null, 0, 0);
    to.pendingAck = p;
  }

  private emit(
    t: number,
    from: TcpSide,
    flags: number,
    seqRel: number,
    ackRel: number,
    payload: Buffer | null,
    payloadOffset: number,
    len: number,
  ): Packet {
    const to = this.peer(from);
    // Anything this side sends carries its ACK: a delayed pure ACK due later is no longer needed.
    const pending = from.pendingAck;
    if (pending) {
      if (pending.t > t) pending.cancelled = true;
      from.pendingAck = null;
    }
    const p: Packet = {
      t,
      order: 0,
      path: this,
      from,
      to,
      flags,
      seq: (from.isn + seqRel) >>> 0,
      ack: flags & ACK ? (to.isn + ackRel) >>> 0 : 0,
      window: flags & SYN ? SYN_WINDOW : WINDOW,
      payload,
      payloadOffset,
      len,
      sackLeft: 0,
      sackRight: 0,
      cancelled: false,
    };
    this.sink.push(p);
    return p;
  }
}
