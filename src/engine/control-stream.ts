// Rebuilds one direction of an FTP control connection into whole lines, in TCP sequence order.

import { SeqUnwrapper } from './byte-ranges.js';

/** Longest line kept; longer lines are cut here and marked truncated. */
export const MAX_LINE_BYTES = 8192;
/** Most out-of-order segments held while waiting for a gap to fill. */
const MAX_PENDING_SEGMENTS = 512;

/** One CRLF- (or LF-) terminated line of the control channel. */
export interface ControlLine {
  text: string;
  /** Frame carrying the line's last byte (its CRLF): when the peer could act on it. */
  frame: number;
  t: number;
  /** Frame carrying the line's first byte (differs when a line spans segments). */
  firstFrame: number;
  /** Time of the segment carrying the line's first byte. */
  firstT: number;
  /** Number of segments the line spanned. */
  segments: number;
  /** The line was longer than MAX_LINE_BYTES and was cut. */
  truncated: boolean;
  /** The capture ended before the line's CRLF. */
  unterminated: boolean;
  /** Bytes just before this line were lost by the capture (a gap was skipped to reach it). */
  afterGap?: boolean;
}

interface Pending {
  off: number;
  data: Uint8Array;
  frame: number;
  t: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Decodes line bytes as UTF-8 when valid (RFC 2640), else Latin-1, so no byte is lost. */
export function decodeLineBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/** Removes Telnet commands (IAC ...) that clients put in front of ABOR and the like (RFC 959 §4.1.3). */
function stripTelnet(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(0xff)) return bytes;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0xff) {
      out.push(b);
      continue;
    }
    const cmd = bytes[i + 1];
    if (cmd === undefined) break;
    if (cmd === 0xff) {
      out.push(0xff);
      i += 1;
    } else if (cmd >= 0xfb && cmd <= 0xfe) {
      i += 2; // WILL/WONT/DO/DONT + option
    } else {
      i += 1;
    }
  }
  return Uint8Array.from(out);
}

export class ControlStream {
  private readonly seq = new SeqUnwrapper();
  private next: number | null = null;
  private pending: Pending[] = [];
  private chunks: Uint8Array[] = [];
  private lineLen = 0;
  private lineFirstFrame = 0;
  private lineFirstT = 0;
  private lineSegments = 0;
  private lineTruncated = false;
  /** A gap was skipped since the last line was taken: the next line follows lost bytes. */
  private gapSkipped = false;
  /** Bytes never seen (gaps skipped because the segments were lost). */
  missingBytes = 0;
  /** Bytes seen more than once (retransmissions, overlaps). */
  duplicateBytes = 0;

  /** Called with the SYN's raw sequence number: data starts at ISN+1. */
  setInitialSequence(isn: number): void {
    if (this.next !== null) return;
    this.seq.setBase((isn + 1) % 2 ** 32);
    this.next = 0;
  }

  /** Feeds one segment; returns the lines it completed, in order. */
  push(rawSeq: number, data: Uint8Array, frame: number, t: number): ControlLine[] {
    const out: ControlLine[] = [];
    if (data.length === 0) return out;
    const off = this.seq.offset(rawSeq);
    if (this.next === null) this.next = off;
    this.accept(off, data, frame, t, out);
    return out;
  }

  /** The segment starting at this raw sequence number brings no byte past the ones already read (a retransmission). */
  seen(rawSeq: number): boolean {
    return this.next !== null && this.seq.offset(rawSeq) < this.next;
  }

  /**
   * Reading starts again at this segment: the bytes before it were TLS records (clear text after CCC or after the TLS
   * session closed), not part of any line, and not missing.
   */
  restartAt(rawSeq: number): void {
    if (this.next !== null) this.next = this.seq.offset(rawSeq);
    this.pending = [];
    this.chunks = [];
    this.lineLen = 0;
    this.lineSegments = 0;
    this.lineTruncated = false;
    this.gapSkipped = false;
  }

  /** Frame of the oldest segment held behind a gap, or null when nothing is held. */
  get oldestHeldFrame(): number | null {
    let oldest: number | null = null;
    for (const p of this.pending) if (oldest === null || p.frame < oldest) oldest = p.frame;
    return oldest;
  }

  /**
   * Gives up on every gap now: the peer has moved on, so the missing bytes will not come (the capture lost
   * them). Returns the lines the held segments complete; the bytes of the gaps count as missing.
   */
  skipGaps(): ControlLine[] {
    const out: ControlLine[] = [];
    while (this.pending.length > 0) this.skipGap(out);
    return out;
  }

  /** Nothing held behind a gap and no partial line: finish() would return nothing, whenever it is called. */
  get idle(): boolean {
    return this.pending.length === 0 && this.lineLen === 0 && this.chunks.length === 0;
  }

  /** End of capture: uses what is held past gaps and returns the last, unterminated line if any. */
  finish(t: number): ControlLine[] {
    const out: ControlLine[] = [];
    while (this.pending.length > 0) this.skipGap(out);
    if (this.lineLen > 0 || this.chunks.length > 0) out.push(this.takeLine(this.lastFrame, t, true));
    return out;
  }

  private lastFrame = 0;

  private accept(off: number, data: Uint8Array, frame: number, t: number, out: ControlLine[]): void {
    const next = this.next!;
    const end = off + data.length;
    if (end <= next) {
      this.duplicateBytes += data.length;
      return;
    }
    if (off > next) {
      this.hold({ off, data, frame, t }, out);
      return;
    }
    if (off < next) {
      this.duplicateBytes += next - off;
      data = data.subarray(next - off);
    }
    this.consume(data, frame, t, out);
    this.next = end;
    this.drain(out);
  }

  private hold(p: Pending, out: ControlLine[]): void {
    this.pending.push(p);
    this.pending.sort((a, b) => a.off - b.off);
    if (this.pending.length > MAX_PENDING_SEGMENTS) this.skipGap(out);
  }

  /** Gives up on the oldest gap: the partial line before it is ended and the missing bytes counted. */
  private skipGap(out: ControlLine[]): void {
    const first = this.pending[0]!;
    if (first.off > this.next!) {
      this.missingBytes += first.off - this.next!;
      if (this.lineLen > 0) out.push(this.takeLine(this.lastFrame, first.t, true));
      this.gapSkipped = true;
      this.next = first.off;
    }
    this.drain(out);
  }

  private drain(out: ControlLine[]): void {
    while (this.pending.length > 0 && this.pending[0]!.off <= this.next!) {
      const p = this.pending.shift()!;
      this.accept(p.off, p.data, p.frame, p.t, out);
    }
  }

  private consume(data: Uint8Array, frame: number, t: number, out: ControlLine[]): void {
    this.lastFrame = frame;
    let start = 0;
    for (;;) {
      const lf = data.indexOf(0x0a, start);
      const piece = data.subarray(start, lf === -1 ? data.length : lf);
      if (piece.length > 0 || lf !== -1) this.append(piece, frame, t);
      if (lf === -1) break;
      out.push(this.takeLine(frame, t, false));
      start = lf + 1;
      if (start >= data.length) break;
    }
  }

  private append(piece: Uint8Array, frame: number, t: number): void {
    if (this.lineSegments === 0) {
      this.lineFirstFrame = frame;
      this.lineFirstT = t;
    }
    this.lineSegments += 1;
    if (piece.length === 0) return;
    const room = MAX_LINE_BYTES - this.lineLen;
    if (room <= 0) {
      this.lineTruncated = true;
      return;
    }
    const kept = piece.length > room ? piece.subarray(0, room) : piece;
    if (kept.length < piece.length) this.lineTruncated = true;
    this.chunks.push(kept);
    this.lineLen += kept.length;
  }

  private takeLine(frame: number, t: number, unterminated: boolean): ControlLine {
    let bytes: Uint8Array = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    const line: ControlLine = {
      text: decodeLineBytes(stripTelnet(bytes)),
      frame,
      t,
      firstFrame: this.lineSegments > 0 ? this.lineFirstFrame : frame,
      firstT: this.lineSegments > 0 ? this.lineFirstT : t,
      segments: Math.max(1, this.lineSegments),
      truncated: this.lineTruncated,
      unterminated,
    };
    if (this.gapSkipped) line.afterGap = true;
    this.gapSkipped = false;
    this.chunks = [];
    this.lineLen = 0;
    this.lineSegments = 0;
    this.lineTruncated = false;
    return line;
  }
}
