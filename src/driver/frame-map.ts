// Maps tshark's frame numbers (it numbers only the packets it was given) back to the capture's frame numbers.

import type { PacketRecord } from '../records/types.js';

/** Frame numbers tshark writes into Info: "[TCP Dup ACK 12#3]" names the frame the ACK duplicates. */
const DUP_ACK = /\[TCP Dup ACK (\d+)#/g;

/** Info text with every frame number tshark wrote in it ("Dup ACK 12#3") given to `map`. */
export function renumberInfo(info: string, map: (tsharkFrame: number) => number): string {
  if (!info.includes('Dup ACK ')) return info;
  return info.replace(DUP_ACK, (_m, n: string) => `[TCP Dup ACK ${map(Number(n))}#`);
}

/** Learns, packet by packet, which capture frame each tshark frame is; then maps any tshark frame back. */
export class FrameMap {
  /** Packets given to tshark so far: the last tshark frame number. */
  private given = 0;
  /** (tshark frame, capture frame − tshark frame) at every change of the difference, in order. */
  private readonly offsets: number[] = [0, 0];
  private passOffset: number | null = null;
  private readonly toCapture = (tsharkFrame: number): number => this.captureFrame(tsharkFrame);

  /** Packets given to tshark so far. */
  get tsharkFrames(): number {
    return this.given;
  }

  /**
   * Capture frame − tshark frame for every frame tshark reads on its own past an opaque block, once the rest
   * of the file is handed to it unread (see passOn); null before.
   */
  get opaqueOffset(): number | null {
    return this.passOffset;
  }

  /** The next packet given to tshark is capture frame `captureFrame`. */
  give(captureFrame: number): void {
    this.given += 1;
    const offset = captureFrame - this.given;
    if (offset !== this.offsets[this.offsets.length - 1]) this.offsets.push(this.given, offset);
  }

  /** The rest of the file goes to tshark unread, after `captureFrames` packets read here. */
  passOn(captureFrames: number): void {
    this.passOffset = captureFrames - this.given;
  }

  /** The capture's frame number of a frame tshark numbered. */
  captureFrame(tsharkFrame: number): number {
    if (this.passOffset !== null && tsharkFrame > this.given) return tsharkFrame + this.passOffset;
    const o = this.offsets;
    let lo = 0;
    let hi = o.length / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (o[mid * 2]! <= tsharkFrame) lo = mid;
      else hi = mid - 1;
    }
    return tsharkFrame + o[lo * 2 + 1]!;
  }

  /** Frame numbers tshark wrote into a record (ftp-data's setup frame, Info's "Dup ACK 12#3") → the capture's. */
  renumber(rec: PacketRecord): void {
    if (rec.setupFrame !== null) rec.setupFrame = this.captureFrame(rec.setupFrame);
    if (rec.info !== null) rec.info = renumberInfo(rec.info, this.toCapture);
  }
}
