// Holds each connection's latest tail segments until a packet for tshark must follow them; older ones drop out.
//
// tshark reads packets in capture order, so whatever waits here must go to it before any later packet does:
// `drain` hands back everything held, in frame order. A connection keeps at most `tail` segments; holding
// one more pushes its oldest out, and that one is never given to tshark (it is counted instead).

/** Anything held: it carries its capture frame number. */
export interface Framed {
  frame: number;
}

export class TailRings<T extends Framed> {
  private readonly rings = new Map<object, T[]>();

  /** @param tail segments kept per connection */
  constructor(private readonly tail: number) {}

  /** True when some connection holds a segment. */
  get holding(): boolean {
    return this.rings.size > 0;
  }

  /** True when `conn` holds a segment. */
  has(conn: object): boolean {
    return this.rings.has(conn);
  }

  /** Holds `item` at the end of its connection's ring; returns the oldest when the ring was already full. */
  hold(conn: object, item: T): T | null {
    let ring = this.rings.get(conn);
    if (!ring) {
      ring = [];
      this.rings.set(conn, ring);
    }
    ring.push(item);
    return ring.length > this.tail ? ring.shift()! : null;
  }

  /** Everything held, in frame order; the rings are empty afterwards. */
  drain(): T[] {
    const waiting: T[] = [];
    for (const ring of this.rings.values()) for (const item of ring) waiting.push(item);
    this.rings.clear();
    if (waiting.length > 1) waiting.sort((a, b) => a.frame - b.frame);
    return waiting;
  }
}
