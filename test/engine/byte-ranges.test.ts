import { describe, expect, it } from 'vitest';
import { ByteRanges, SeqUnwrapper } from '../../src/engine/byte-ranges.js';

describe('ByteRanges', () => {
  it('counts in-order bytes', () => {
    const r = new ByteRanges();
    expect(r.add(0, 100)).toBe(100);
    expect(r.add(100, 250)).toBe(150);
    expect(r.total).toBe(250);
  });

  it('counts retransmitted and overlapping bytes once', () => {
    const r = new ByteRanges();
    r.add(0, 100);
    expect(r.add(0, 100)).toBe(0);
    expect(r.add(50, 150)).toBe(50);
    expect(r.total).toBe(150);
  });

  it('fills a gap later without double counting and reports the gap while open', () => {
    const r = new ByteRanges();
    r.add(0, 100);
    r.add(200, 300);
    expect(r.gapBytes()).toBe(100);
    expect(r.add(90, 210)).toBe(100);
    expect(r.total).toBe(300);
    expect(r.gapBytes()).toBe(0);
  });

  it('stays bounded with many holes', () => {
    const r = new ByteRanges();
    for (let i = 0; i < 1000; i++) r.add(i * 10, i * 10 + 5);
    expect(r.total).toBe(5000);
    expect(r.gapBytes()).toBe(999 * 5);
  });
});

describe('SeqUnwrapper', () => {
  it('unwraps sequence numbers across 2^32', () => {
    const u = new SeqUnwrapper();
    u.setBase(2 ** 32 - 10);
    expect(u.offset(2 ** 32 - 10)).toBe(0);
    expect(u.offset(5)).toBe(15);
    expect(u.offset(2 ** 32 - 5)).toBe(5);
  });
});
