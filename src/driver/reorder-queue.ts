// Puts packets back in capture order: each waits in line until it and every packet before it is ready.
//
// A packet's record comes from tshark (in the order the packets were given to it) or is made here for a
// segment tshark never saw; either way its slot is added in capture order, and released only when ready.

/** A place in line; `ready` once its record is known. */
export interface Slot {
  ready: boolean;
}

/** Released slots kept as holes before the line is compacted. */
const COMPACT_AFTER = 4096;

export class ReorderQueue<S extends Slot> {
  private line: (S | undefined)[] = [];
  private head = 0;

  /** @param emit receives each slot, ready, in the order the slots were added */
  constructor(private readonly emit: (slot: S) => void) {}

  /** Slots added and not yet released. */
  get length(): number {
    return this.line.length - this.head;
  }

  /** The slot whose turn is next, if any. */
  get first(): S | undefined {
    return this.line[this.head];
  }

  /** Adds a slot at the end of the line. */
  add(slot: S): void {
    this.line.push(slot);
  }

  /** Emits every ready slot at the front of the line, up to the first one not ready. */
  release(): void {
    const line = this.line;
    while (this.head < line.length) {
      const s = line[this.head]!;
      if (!s.ready) break;
      line[this.head] = undefined;
      this.head += 1;
      this.emit(s);
    }
    if (this.head > COMPACT_AFTER && this.head * 2 > line.length) {
      this.line = line.slice(this.head);
      this.head = 0;
    }
  }
}
