// Sequence-ordered reassembly of one direction: order, retransmissions, holes, wrap-around, the end.
import { describe, expect, it } from 'vitest';
import { StreamAssembly } from '../../src/files/reassembly.js';

const DATA = { syn: false, fin: false, rst: false };
const SYN = { syn: true, fin: false, rst: false };
const FIN = { syn: false, fin: true, rst: false };

/** An assembly whose sink collects what it is given. */
function assembly(): { a: StreamAssembly; out: () => Buffer } {
  const chunks: Buffer[] = [];
  return { a: new StreamAssembly((c) => chunks.push(Buffer.from(c))), out: () => Buffer.concat(chunks) };
}

const bytes = (from: number, n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (from + i) % 251));

/** Feeds the segment of `len` bytes that starts `at` bytes past isn + 1. */
function seg(a: StreamAssembly, isn: number, at: number, len: number, flags = DATA): void {
  a.push(flags, (isn + 1 + at) % 2 ** 32, len, bytes(at, len));
}

describe('StreamAssembly', () => {
  it('gives in-order segments on, and a FIN after every byte makes the stream whole', () => {
    const { a, out } = assembly();
    a.push(SYN, 1000, 0, Buffer.alloc(0));
    seg(a, 1000, 0, 100);
    seg(a, 1000, 100, 50);
    a.push(FIN, 1151, 0, Buffer.alloc(0));
    const r = a.finish();
    expect(out()).toEqual(bytes(0, 150));
    expect(r).toMatchObject({ delivered: 150, startKnown: true, endKnown: true, span: 150, holes: 0, missingBytes: 0 });
  });

  it('counts a retransmitted segment once', () => {
    const { a, out } = assembly();
    a.push(SYN, 5, 0, Buffer.alloc(0));
    seg(a, 5, 0, 100);
    seg(a, 5, 0, 100);
    seg(a, 5, 100, 100);
    seg(a, 5, 50, 100); // overlaps both
    const r = a.finish();
    expect(out()).toEqual(bytes(0, 200));
    expect(r.duplicateBytes).toBe(200);
    expect(r.missingBytes).toBe(0);
  });

  it('puts out-of-order segments back in sequence order', () => {
    const { a, out } = assembly();
    a.push(SYN, 7, 0, Buffer.alloc(0));
    seg(a, 7, 200, 100);
    seg(a, 7, 100, 100);
    seg(a, 7, 0, 100);
    seg(a, 7, 300, 10, FIN);
    const r = a.finish();
    expect(out()).toEqual(bytes(0, 310));
    expect(r).toMatchObject({ delivered: 310, holes: 0, endKnown: true });
  });

  it('counts a hole and never fills it: the bytes after it are counted, not given on', () => {
    const { a, out } = assembly();
    a.push(SYN, 0, 0, Buffer.alloc(0));
    seg(a, 0, 0, 100);
    seg(a, 0, 150, 50);
    seg(a, 0, 200, 0, FIN);
    const r = a.finish();
    expect(out()).toEqual(bytes(0, 100));
    expect(r).toMatchObject({ delivered: 100, holes: 1, missingBytes: 50, bytesAfterGap: 50, span: 200 });
  });

  it('counts the bytes between the last seen and the FIN as missing', () => {
    const { a } = assembly();
    a.push(SYN, 0, 0, Buffer.alloc(0));
    seg(a, 0, 0, 100);
    a.push(FIN, 1 + 300, 0, Buffer.alloc(0));
    expect(a.finish()).toMatchObject({ delivered: 100, holes: 1, missingBytes: 200, endKnown: true });
  });

  it('treats the part of a segment the capture sliced off as missing', () => {
    const { a, out } = assembly();
    a.push(SYN, 0, 0, Buffer.alloc(0));
    a.push(DATA, 1, 100, bytes(0, 60));
    seg(a, 0, 100, 100, FIN);
    const r = a.finish();
    expect(out()).toEqual(bytes(0, 60));
    expect(r).toMatchObject({ holes: 1, missingBytes: 40, bytesAfterGap: 100 });
  });

  it('follows sequence numbers across the 2^32 wrap', () => {
    const { a, out } = assembly();
    const isn = 2 ** 32 - 150;
    a.push(SYN, isn, 0, Buffer.alloc(0));
    for (let at = 0; at < 500; at += 100) seg(a, isn, at, 100);
    seg(a, isn, 500, 0, FIN);
    expect(out()).toEqual(bytes(0, 500));
    expect(a.finish()).toMatchObject({ delivered: 500, holes: 0, span: 500 });
  });

  it('without the SYN starts at the first byte seen and says the start is not known', () => {
    const { a, out } = assembly();
    seg(a, 9, 100, 100);
    seg(a, 9, 200, 0, FIN);
    expect(out()).toEqual(bytes(100, 100));
    expect(a.finish()).toMatchObject({ startKnown: false, endKnown: true, holes: 0 });
  });

  it('takes data carried on the SYN (TCP Fast Open) as the first bytes', () => {
    const { a, out } = assembly();
    a.push(SYN, 99, 10, bytes(0, 10));
    seg(a, 99, 10, 20);
    seg(a, 99, 30, 0, FIN);
    expect(out()).toEqual(bytes(0, 30));
    expect(a.finish()).toMatchObject({ delivered: 30, holes: 0, startKnown: true, endKnown: true });
  });

  it('notes a reset', () => {
    const { a } = assembly();
    a.push(SYN, 0, 0, Buffer.alloc(0));
    seg(a, 0, 0, 10);
    a.push({ syn: false, fin: false, rst: true }, 11, 0, Buffer.alloc(0));
    expect(a.finish()).toMatchObject({ reset: true, endKnown: false, delivered: 10 });
  });
});
