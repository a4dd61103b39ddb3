// Counts each TCP payload byte once per direction: a small set of covered sequence ranges.

/** Most ranges kept per direction; past this the two closest are merged and the gap is counted as unknown. */
const MAX_RANGES = 64;

/** Covered [start, end) ranges in unwrapped sequence space, sorted and disjoint. */
export class ByteRanges {
  private starts: number[] = [];
  private ends: number[] = [];
  /** Bytes counted once. */
  total = 0;
  /** Bytes that were in gaps merged away when MAX_RANGES was reached (never counted as seen). */
  merged = 0;

  /** Adds [start, end); returns how many of its bytes were new. */
  add(start: number, end: number): number {
    if (end <= start) return 0;
    const n = this.starts.length;
    // Fast path: append at or after the last range (the common in-order case).
    if (n > 0 && start >= this.ends[n - 1]!) {
      if (start === this.ends[n - 1]) this.ends[n - 1] = end;
      else this.push(start, end);
      this.total += end - start;
      return end - start;
    }
    if (n > 0 && start >= this.starts[n - 1]! && end <= this.ends[n - 1]!) return 0;
    let added = 0;
    let newStart = start;
    let newEnd = end;
    const keepStarts: number[] = [];
    const keepEnds: number[] = [];
    let inserted = false;
    let covered = 0;
    for (let i = 0; i < n; i++) {
      const s = this.starts[i]!;
      const e = this.ends[i]!;
      if (e < newStart) {
        keepStarts.push(s);
        keepEnds.push(e);
      } else if (s > newEnd) {
        if (!inserted) {
          keepStarts.push(newStart);
          keepEnds.push(newEnd);
          inserted = true;
        }
        keepStarts.push(s);
        keepEnds.push(e);
      } else {
        // overlaps or touches: bytes of [s,e) inside [start,end) were already counted
        covered += Math.max(0, Math.min(e, end) - Math.max(s, start));
        newStart = Math.min(newStart, s);
        newEnd = Math.max(newEnd, e);
      }
    }
    if (!inserted) {
      keepStarts.push(newStart);
      keepEnds.push(newEnd);
    }
    this.starts = keepStarts;
    this.ends = keepEnds;
    added = end - start - covered;
    this.total += added;
    this.trim();
    return added;
  }

  /** Bytes missing between the first and the last covered byte (lost segments, never invented). */
  gapBytes(): number {
    let gaps = this.merged;
    for (let i = 1; i < this.starts.length; i++) gaps += this.starts[i]! - this.ends[i - 1]!;
    return gaps;
  }

  private push(start: number, end: number): void {
    this.starts.push(start);
    this.ends.push(end);
    this.trim();
  }

  private trim(): void {
    while (this.starts.length > MAX_RANGES) {
      let best = 1;
      let bestGap = Infinity;
      for (let i = 1; i < this.starts.length; i++) {
        const gap = this.starts[i]! - this.ends[i - 1]!;
        if (gap < bestGap) {
          bestGap = gap;
          best = i;
        }
      }
      this.merged += bestGap;
      this.ends[best - 1] = this.ends[best]!;
      this.starts.splice(best, 1);
      this.ends.splice(best, 1);
    }
  }
}

const SEQ_SPACE = 2 ** 32;

/** Turns 32-bit raw sequence numbers into a monotone-ish number line relative to a base. */
export class SeqUnwrapper {
  private base: number | null = null;
  private last = 0;

  /** Sets the base (ISN+1 after a SYN, or the first seen sequence number). */
  setBase(raw: number): void {
    this.base = raw;
    this.last = 0;
  }

  get hasBase(): boolean {
    return this.base !== null;
  }

  /** Offset of raw from the base, choosing the 2^32 wrap closest to the last offset. */
  offset(raw: number): number {
    if (this.base === null) this.setBase(raw);
    let rel = (raw - this.base!) % SEQ_SPACE;
    if (rel < 0) rel += SEQ_SPACE;
    // pick the candidate nearest to the last offset
    const k = Math.round((this.last - rel) / SEQ_SPACE);
    const off = rel + k * SEQ_SPACE;
    if (off > this.last) this.last = off;
    return off;
  }
}
