// A connection's tail: the latest segments wait for tshark; older ones drop out to be counted; all leave in order.
import { describe, expect, it } from 'vitest';
import { TailRings } from '../../src/driver/tail-rings.js';

const seg = (frame: number): { frame: number } => ({ frame });

describe('tail rings', () => {
  it('holds up to `tail` segments of a connection without dropping any', () => {
    const rings = new TailRings(3);
    const conn = {};
    expect([1, 2, 3].map((f) => rings.hold(conn, seg(f)))).toEqual([null, null, null]);
    expect(rings.holding).toBe(true);
  });

  it('drops the oldest segment of a connection when one more than `tail` is held', () => {
    const rings = new TailRings(2);
    const conn = {};
    rings.hold(conn, seg(1));
    rings.hold(conn, seg(2));
    expect(rings.hold(conn, seg(3))).toEqual(seg(1));
    expect(rings.drain().map((s) => s.frame)).toEqual([2, 3]);
  });

  it('keeps a ring per connection: one connection filling up drops none of another', () => {
    const rings = new TailRings(1);
    const a = {};
    const b = {};
    rings.hold(a, seg(1));
    expect(rings.hold(b, seg(2))).toBeNull();
    expect(rings.hold(a, seg(3))).toEqual(seg(1));
  });

  it('hands back everything held in frame order, across connections', () => {
    const rings = new TailRings(5);
    const a = {};
    const b = {};
    for (const [conn, f] of [
      [a, 1],
      [b, 2],
      [a, 3],
      [b, 4],
      [a, 5],
    ] as const)
      rings.hold(conn, seg(f));
    expect(rings.drain().map((s) => s.frame)).toEqual([1, 2, 3, 4, 5]);
  });

  it('is empty after a drain', () => {
    const rings = new TailRings(2);
    rings.hold({}, seg(1));
    rings.drain();
    expect(rings.holding).toBe(false);
    expect(rings.drain()).toEqual([]);
  });
});
