// Sequence-ordered reassembly of one direction of a TCP connection: bytes go to the sink once, in sequence order,
// from the first byte up to the first hole; retransmitted and overlapping bytes are counted once (the first copy
// seen wins); holes are counted and never filled.

/** Bytes held out of order before a hole is taken as for good and later bytes are only counted. */
export const MAX_PENDING_BYTES = 32 << 20;

const TWO_32 = 2 ** 32;

/** What a direction's reassembly saw, at the end. */
export interface AssemblyResult {
  /** Bytes handed to the sink: from the first byte, in order, up to the end or the first hole. */
  delivered: number;
  /** The sender's SYN was seen: the first byte's sequence number is known, not guessed. */
  startKnown: boolean;
  /** The sender's FIN was seen: the last byte's sequence number is known. */
  endKnown: boolean;
  /** The sender reset the connection. */
  reset: boolean;
  /** Bytes from the first byte to the FIN (or to the last byte seen when no FIN was seen). */
  span: number;
  /** Holes between the first byte and the end of the span, and the bytes they hold. */
  holes: number;
  missingBytes: number;
  /** Bytes seen past the first hole (not delivered). */
  bytesAfterGap: number;
  /** Payload bytes seen more than once (retransmissions, duplicates, overlaps). */
  duplicateBytes: number;
}

interface Piece {
  at: number;
  data: Buffer | null;
  end: number;
}

/** One direction of a TCP connection, fed its segments in capture order. */
export class StreamAssembly {
  /** The last absolute sequence number seen, and its 32-bit value: sequence numbers are unwrapped around it. */
  private lastAbs: number | null = null;
  private start: number | null = null;
  private next = 0;
  private startKnown = false;
  private finAt: number | null = null;
  private reset = false;
  private maxSeen = 0;
  /** Out-of-order pieces past `next`, sorted by start. */
  private pending: Piece[] = [];
  private pendingBytes = 0;
  /** A hole was taken as for good: pieces past it keep only their extent. */
  private stalled = false;
  private delivered = 0;
  private duplicateBytes = 0;

  constructor(private readonly sink: (chunk: Buffer) => void) {}

  /** Unwraps a 32-bit sequence number to the absolute one nearest the last seen. */
  private abs(seq: number): number {
    if (this.lastAbs === null) {
      this.lastAbs = seq;
      return seq;
    }
    let d = (seq - (this.lastAbs % TWO_32) + TWO_32) % TWO_32;
    if (d >= TWO_32 / 2) d -= TWO_32;
    const a = this.lastAbs + d;
    if (a > this.lastAbs) this.lastAbs = a;
    return a;
  }

  /**
   * One segment of this direction: its TCP flags, sequence number, payload length on the wire and the payload
   * bytes captured (fewer than `len` when the capture sliced the frame: the rest is a hole).
   */
  push(flags: { syn: boolean; fin: boolean; rst: boolean }, seq: number, len: number, payload: Buffer): void {
    const a = this.abs(seq);
    if (flags.syn) {
      if (this.start === null || !this.startKnown) {
        this.start = a + 1;
        this.next = this.start;
        this.maxSeen = this.start;
        this.startKnown = true;
      }
      // data on a SYN (TCP Fast Open) is the stream's first bytes
      if (payload.length > 0) this.add(a + 1, payload);
      if (len > 0 && a + 1 + len > this.maxSeen) this.maxSeen = a + 1 + len;
      return;
    }
    if (flags.rst) this.reset = true;
    if (len > 0 && this.start === null) {
      this.start = a;
      this.next = a;
      this.maxSeen = a;
    }
    if (flags.fin && this.finAt === null) this.finAt = a + len;
    if (payload.length > 0) this.add(a, payload);
    if (len > 0 && a + len > this.maxSeen) this.maxSeen = a + len;
  }

  private add(at: number, data: Buffer): void {
    let from = at;
    let bytes = data;
    const end = at + data.length;
    if (end <= this.next) {
      this.duplicateBytes += data.length;
      return;
    }
    if (from < this.next) {
      this.duplicateBytes += this.next - from;
      bytes = bytes.subarray(this.next - from);
      from = this.next;
    }
    if (from === this.next && !this.stalled) {
      this.deliver(bytes);
      this.drain();
      return;
    }
    this.hold({ at: from, data: this.stalled ? null : Buffer.from(bytes), end });
    if (this.pendingBytes > MAX_PENDING_BYTES) this.stall();
  }

  private deliver(bytes: Buffer): void {
    this.sink(bytes);
    this.next += bytes.length;
    this.delivered += bytes.length;
  }

  /** Keeps a piece in start order (most arrive at the end of the list). */
  private hold(p: Piece): void {
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1]!.at > p.at) i -= 1;
    this.pending.splice(i, 0, p);
    if (p.data) this.pendingBytes += p.data.length;
  }

  /** Hands on the held pieces that now follow the delivered bytes. */
  private drain(): void {
    while (this.pending.length > 0 && this.pending[0]!.at <= this.next) {
      const p = this.pending.shift()!;
      if (p.data) this.pendingBytes -= p.data.length;
      if (p.end <= this.next) {
        this.duplicateBytes += p.end - p.at;
        continue;
      }
      this.duplicateBytes += this.next - p.at;
      if (p.data) this.deliver(p.data.subarray(this.next - p.at));
    }
  }

  /** Too much held behind a hole: it is taken as for good; later pieces keep only their extent. */
  private stall(): void {
    this.stalled = true;
    for (const p of this.pending) p.data = null;
    this.pendingBytes = 0;
  }

  /** The counts, once every segment was pushed. */
  finish(): AssemblyResult {
    const start = this.start ?? 0;
    const last = Math.max(this.finAt ?? this.maxSeen, this.next);
    let missing = 0;
    let holes = 0;
    let after = 0;
    let at = this.next;
    for (const p of this.pending) {
      if (p.end <= at) {
        this.duplicateBytes += p.end - p.at;
        continue;
      }
      if (p.at > at) {
        holes += 1;
        missing += p.at - at;
      } else {
        this.duplicateBytes += at - p.at;
      }
      after += p.end - Math.max(p.at, at);
      at = p.end;
    }
    if (last > at) {
      holes += 1;
      missing += last - at;
    }
    return {
      delivered: this.delivered,
      startKnown: this.startKnown,
      endKnown: this.finAt !== null,
      reset: this.reset,
      span: this.start === null ? 0 : last - start,
      holes,
      missingBytes: missing,
      bytesAfterGap: after,
      duplicateBytes: this.duplicateBytes,
    };
  }
}
