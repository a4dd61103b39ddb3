// Records leave the reorder queue in the order their slots were added, each only once it and all before it are ready.
import { describe, expect, it } from 'vitest';
import { ReorderQueue } from '../../src/driver/reorder-queue.js';

interface Item {
  n: number;
  ready: boolean;
}

/** A queue that records what it emits, and `count` slots added to it, none ready. */
function setup(count: number): { queue: ReorderQueue<Item>; items: Item[]; out: number[] } {
  const out: number[] = [];
  const queue = new ReorderQueue<Item>((s) => out.push(s.n));
  const items = Array.from({ length: count }, (_, i) => ({ n: i + 1, ready: false }));
  for (const item of items) queue.add(item);
  return { queue, items, out };
}

describe('reorder queue', () => {
  it('emits nothing while the first slot is not ready, even if later ones are', () => {
    const { queue, items, out } = setup(3);
    items[1]!.ready = true;
    items[2]!.ready = true;
    queue.release();
    expect(out).toEqual([]);
    expect(queue.length).toBe(3);
  });

  it('emits every ready slot at the front, in order, once the first is ready', () => {
    const { queue, items, out } = setup(4);
    items[1]!.ready = true;
    items[2]!.ready = true;
    items[0]!.ready = true;
    queue.release();
    expect(out).toEqual([1, 2, 3]);
  });

  it('stops at the first slot that is not ready and goes on from there later', () => {
    const { queue, items, out } = setup(3);
    items[0]!.ready = true;
    items[2]!.ready = true;
    queue.release();
    expect(out).toEqual([1]);
    items[1]!.ready = true;
    queue.release();
    expect(out).toEqual([1, 2, 3]);
  });

  it('emits each slot once, however often it is released', () => {
    const { queue, items, out } = setup(2);
    for (const item of items) item.ready = true;
    queue.release();
    queue.release();
    expect(out).toEqual([1, 2]);
    expect(queue.length).toBe(0);
  });

  it('names the slot whose turn is next', () => {
    const { queue, items } = setup(2);
    expect(queue.first).toBe(items[0]);
    items[0]!.ready = true;
    queue.release();
    expect(queue.first).toBe(items[1]);
  });

  it('counts the slots added and not yet emitted', () => {
    const { queue, items } = setup(5);
    items[0]!.ready = true;
    items[1]!.ready = true;
    queue.release();
    expect(queue.length).toBe(3);
  });

  it('keeps order and count across many slots (the line is compacted as it goes)', () => {
    const { queue, items, out } = setup(20_000);
    for (let i = 0; i < items.length; i += 1) {
      items[i]!.ready = true;
      if (i % 7 === 0) queue.release();
    }
    queue.release();
    expect(out).toHaveLength(20_000);
    expect(out.every((n, i) => n === i + 1)).toBe(true);
    expect(queue.length).toBe(0);
    expect(queue.first).toBeUndefined();
  });

  it('takes slots added after some were emitted, behind the rest', () => {
    const { queue, items, out } = setup(2);
    items[0]!.ready = true;
    queue.release();
    const late = { n: 3, ready: true };
    queue.add(late);
    queue.release();
    expect(out).toEqual([1]);
    items[1]!.ready = true;
    queue.release();
    expect(out).toEqual([1, 2, 3]);
  });
});
