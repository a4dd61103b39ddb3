// The pcap/pcapng block reader: every block of a good file, and "opaque" (the rest left to tshark) at the first
// thing it does not fully understand, on the committed samples, byte-edited copies of them and small built files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Block, CaptureBlocks } from '../../src/capture/capture-blocks.js';
import { pcapFile } from './build-capture.js';

const SAMPLES = join(import.meta.dirname, '../../samples');
const SAMPLE = join(SAMPLES, 'passive-list-retr.pcapng');
const dir = mkdtempSync(join(tmpdir(), 'ftp-report-blocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Reading {
  blocks: Block[];
  /** File offset where the unread rest starts (the file's length when all of it was read as blocks). */
  offset: number;
}

/** Reads a file's blocks up to the end or the first opaque block. */
async function readBlocks(path: string): Promise<Reading> {
  const fh = await open(path, 'r');
  try {
    const reader = new CaptureBlocks(fh);
    const blocks: Block[] = [];
    for (;;) {
      const b = await reader.next();
      if (b === null) break;
      blocks.push(b);
      if (b.kind === 'opaque') break;
    }
    return { blocks, offset: reader.offset };
  } finally {
    await fh.close();
  }
}

/** Writes `bytes` to a file in the temporary folder and reads its blocks. */
async function readBytes(name: string, bytes: Uint8Array): Promise<Reading> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return readBlocks(path);
}

const kinds = (r: Reading): string[] => r.blocks.map((b) => b.kind);
const packets = (r: Reading) => r.blocks.flatMap((b) => (b.kind === 'packet' ? [b] : []));
/** What tshark would be given: every block's bytes, then the file from the offset on. */
const handedOn = (r: Reading, file: Buffer): Buffer =>
  Buffer.concat([...r.blocks.map((b) => b.bytes), file.subarray(r.offset)]);

/** The pcapng blocks of a file as [offset, type, length], read from their headers (little-endian sections). */
function pcapngLayout(bytes: Buffer): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let at = 0; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32LE(at + 4);
    out.push([at, bytes.readUInt32LE(at), length]);
    at += length;
  }
  return out;
}

// Small files built here: frames of `size` bytes (each byte the frame's number) in pcap and pcapng.
const frame = (n: number, size = 60): Buffer => Buffer.alloc(size, n & 0xff);

/** A little-endian pcapng block: type, length, body (padded to 4 bytes), length. */
function block(type: number, body: Buffer): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const head = Buffer.alloc(8);
  head.writeUInt32LE(type, 0);
  head.writeUInt32LE(padded.length + 12, 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(padded.length + 12, 0);
  return Buffer.concat([head, padded, tail]);
}

const shb = (): Buffer => block(0x0a0d0d0a, Buffer.from([0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, ...Array(8).fill(0xff)]));

/** An interface description (Ethernet) with options given as [code, value bytes]. */
function idb(options: [number, number[]][] = []): Buffer {
  const opts = options.flatMap(([code, value]) => {
    const pad = Array((4 - (value.length % 4)) % 4).fill(0);
    return [code & 0xff, code >> 8, value.length & 0xff, value.length >> 8, ...value, ...pad];
  });
  return block(1, Buffer.from([1, 0, 0, 0, 0, 0, 4, 0, ...opts, ...(opts.length ? [0, 0, 0, 0] : [])]));
}

/** An enhanced packet on interface `iface` at timestamp units `ts`. */
function epb(data: Buffer, ts: bigint, iface = 0): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt32LE(iface, 0);
  head.writeUInt32LE(Number(ts >> 32n), 4);
  head.writeUInt32LE(Number(ts & 0xffffffffn), 8);
  head.writeUInt32LE(data.length, 12);
  head.writeUInt32LE(data.length, 16);
  return block(6, Buffer.concat([head, data]));
}

/** Capture time of an ISO string with microseconds, in µs since 1970. */
const microsOf = (iso: string): number => Date.parse(`${iso.slice(0, 19)}Z`) * 1000 + Number(iso.slice(20, 26));

describe('capture blocks: the committed samples', () => {
  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.pcapng'));

  it.each(samples)('%s: as many packets as its report counts, from its first packet time on', async (name) => {
    const r = await readBlocks(join(SAMPLES, name));
    const expected = JSON.parse(readFileSync(join(SAMPLES, name.replace('.pcapng', '.expected.json')), 'utf8'));
    expect(kinds(r)).not.toContain('opaque');
    expect(packets(r)).toHaveLength(expected.capture.packets);
    expect(packets(r)[0]!.epochUs).toBe(microsOf(expected.capture.firstAt));
  });

  it('hands on every byte of a sample, in order, as blocks', async () => {
    const bytes = readFileSync(SAMPLE);
    const r = await readBlocks(SAMPLE);
    expect(r.offset).toBe(bytes.length);
    expect(handedOn(r, bytes).equals(bytes)).toBe(true);
  });

  it('reads the section header and interface description as meta blocks before the packets', async () => {
    const r = await readBlocks(SAMPLE);
    expect(kinds(r).slice(0, 3)).toEqual(['meta', 'meta', 'packet']);
  });

  it('gives each packet its link type, lengths and frame bytes', async () => {
    const p = packets(await readBlocks(SAMPLE))[0]!;
    expect(p.link).toBe(1);
    expect(p.data).toHaveLength(p.caplen);
    expect(p.origLen).toBeGreaterThanOrEqual(p.caplen);
    expect(p.bytes.subarray(28, 28 + p.caplen).equals(p.data)).toBe(true);
  });
});

describe('capture blocks: damaged copies of a sample', () => {
  const bytes = readFileSync(SAMPLE);
  const layout = pcapngLayout(bytes);
  const middle = layout[Math.floor(layout.length / 2)]!;

  it('a file cut inside a packet: the packets before it, then the partial block as opaque', async () => {
    const cut = bytes.subarray(0, middle[0] + 30);
    const r = await readBytes('cut.pcapng', cut);
    expect(kinds(r).at(-1)).toBe('opaque');
    expect(r.blocks.at(-1)!.bytes.equals(cut.subarray(middle[0]))).toBe(true);
    expect(handedOn(r, cut).equals(cut)).toBe(true);
  });

  it('a damaged block length: opaque from that block on, nothing of the file lost', async () => {
    const bad = Buffer.from(bytes);
    bad.writeUInt32LE(7, middle[0] + 4);
    const r = await readBytes('bad-length.pcapng', bad);
    expect(kinds(r).at(-1)).toBe('opaque');
    expect(packets(r).length).toBeLessThan(packets(await readBlocks(SAMPLE)).length);
    expect(handedOn(r, bad).equals(bad)).toBe(true);
  });

  it('a trailing block length that differs from the leading one: opaque', async () => {
    const bad = Buffer.from(bytes);
    bad.writeUInt32LE(middle[2] + 4, middle[0] + middle[2] - 4);
    const r = await readBytes('bad-trailer.pcapng', bad);
    expect(kinds(r).at(-1)).toBe('opaque');
    expect(
      r.blocks
        .at(-1)!
        .bytes.subarray(0, middle[2])
        .equals(bad.subarray(middle[0], middle[0] + middle[2])),
    ).toBe(true);
  });

  it('an unknown block type: opaque from it on, every block before it read', async () => {
    const odd = Buffer.from(bytes);
    odd.writeUInt32LE(0x00000bad, middle[0]);
    const r = await readBytes('unknown-block.pcapng', odd);
    expect(kinds(r).at(-1)).toBe('opaque');
    expect(r.blocks.slice(0, -1).reduce((n, b) => n + b.bytes.length, 0)).toBe(middle[0]);
  });

  it('a packet on an interface the section never described: opaque', async () => {
    const odd = Buffer.from(bytes);
    odd.writeUInt32LE(5, middle[0] + 8);
    const r = await readBytes('unknown-interface.pcapng', odd);
    expect(middle[1]).toBe(6);
    expect(kinds(r).at(-1)).toBe('opaque');
  });
});

describe('capture blocks: pcap', () => {
  const frames = [frame(1), frame(2, 1514), frame(3)];

  it("reads the file header as meta and every record as a packet with the header's link type", async () => {
    const r = await readBytes('le.pcap', pcapFile(frames));
    expect(kinds(r)).toEqual(['meta', 'packet', 'packet', 'packet']);
    expect(packets(r).map((p) => [p.link, p.caplen, p.data[0]])).toEqual([
      [1, 60, 1],
      [1, 1514, 2],
      [1, 60, 3],
    ]);
  });

  it('reads microsecond times', async () => {
    const r = await readBytes('us.pcap', pcapFile(frames));
    expect(packets(r)[1]!.epochUs).toBe(1_700_000_001_250_000);
  });

  it('reads nanosecond times, rounded down to microseconds', async () => {
    const r = await readBytes('ns.pcap', pcapFile(frames, { nanos: true }));
    expect(packets(r)[1]!.epochUs).toBe(1_700_000_001_250_000);
  });

  it("gives Wireshark's time precision by the magic: 6 decimals for microseconds, 9 for nanoseconds", async () => {
    expect(packets(await readBytes('us.pcap', pcapFile(frames))).map((p) => p.timePrecision)).toEqual([6, 6, 6]);
    const ns = packets(await readBytes('ns.pcap', pcapFile(frames, { nanos: true })));
    expect(ns.map((p) => p.timePrecision)).toEqual([9, 9, 9]);
    expect(ns.map((p) => p.epochNsRem)).toEqual([0, 0, 0]);
  });

  it('reads a big-endian file', async () => {
    const r = await readBytes('be.pcap', pcapFile(frames, { le: false }));
    expect(packets(r).map((p) => p.caplen)).toEqual([60, 1514, 60]);
  });

  it('leaves the modified pcap variant (magic a1b2cd34) to tshark: opaque from the first byte', async () => {
    const variant = pcapFile(frames);
    variant.writeUInt32LE(0xa1b2cd34, 0);
    const r = await readBytes('variant.pcap', variant);
    expect(kinds(r)).toEqual(['opaque']);
    expect(handedOn(r, variant).equals(variant)).toBe(true);
  });

  it('leaves a pcap of another major version to tshark', async () => {
    const r = await readBytes('v3.pcap', pcapFile(frames, { major: 3 }));
    expect(kinds(r)).toEqual(['opaque']);
  });

  it('a record longer than tshark accepts: opaque from that record on', async () => {
    const big = pcapFile(frames);
    big.writeUInt32LE(10_000_000, 24 + 16 + 60 + 8);
    const r = await readBytes('huge-record.pcap', big);
    expect(kinds(r)).toEqual(['meta', 'packet', 'opaque']);
  });

  it('a file cut inside a record header: opaque', async () => {
    const whole = pcapFile(frames);
    const r = await readBytes('cut.pcap', whole.subarray(0, 24 + 16 + 60 + 10));
    expect(kinds(r)).toEqual(['meta', 'packet', 'opaque']);
  });

  it('a file shorter than the file header: opaque', async () => {
    const r = await readBytes('short.pcap', pcapFile([]).subarray(0, 10));
    expect(kinds(r)).toEqual(['opaque']);
  });

  it('an empty file: no block at all', async () => {
    const r = await readBytes('empty.pcap', Buffer.alloc(0));
    expect(r.blocks).toEqual([]);
  });

  it('a pcap of many packets, longer than one read step, is read whole', async () => {
    const many = Array.from({ length: 400 }, (_, i) => frame(i, 1514));
    const bytes = pcapFile(many);
    const r = await readBytes('many.pcap', bytes);
    expect(bytes.length).toBeGreaterThan(2 * (1 << 18));
    expect(packets(r)).toHaveLength(400);
    expect(packets(r).every((p, i) => p.data[0] === (i & 0xff))).toBe(true);
    expect(handedOn(r, bytes).equals(bytes)).toBe(true);
  });
});

describe('capture blocks: pcapng interfaces and times', () => {
  it('reads times in microseconds by default', async () => {
    const r = await readBytes('us.pcapng', Buffer.concat([shb(), idb(), epb(frame(1), 1_700_000_000_123_456n)]));
    expect(packets(r)[0]!.epochUs).toBe(1_700_000_000_123_456);
  });

  it('reads nanosecond times (if_tsresol 9), rounded down to microseconds', async () => {
    const bytes = Buffer.concat([shb(), idb([[9, [9]]]), epb(frame(1), 1_700_000_000_123_456_789n)]);
    expect(packets(await readBytes('ns.pcapng', bytes))[0]!.epochUs).toBe(1_700_000_000_123_456);
  });

  it('keeps the nanoseconds past the microsecond, and the precision of 9 decimals', async () => {
    const bytes = Buffer.concat([shb(), idb([[9, [9]]]), epb(frame(1), 1_700_000_000_123_456_789n)]);
    const [p] = packets(await readBytes('ns.pcapng', bytes));
    expect([p!.epochUs, p!.epochNsRem, p!.timePrecision]).toEqual([1_700_000_000_123_456, 789, 9]);
  });

  it("gives each interface's precision as Wireshark reads its if_tsresol (10^-n or 2^-n)", async () => {
    const precisionOf = async (tsresol: number[] | null) => {
      const bytes = Buffer.concat([shb(), idb(tsresol ? [[9, tsresol]] : []), epb(frame(1), 1n)]);
      return packets(await readBytes('res.pcapng', bytes))[0]!.timePrecision;
    };
    expect(await precisionOf(null)).toBe(6);
    expect(await precisionOf([0])).toBe(0);
    expect(await precisionOf([1])).toBe(1);
    expect(await precisionOf([3])).toBe(3);
    expect(await precisionOf([4])).toBe(3);
    expect(await precisionOf([7])).toBe(6);
    expect(await precisionOf([12])).toBe(9);
    expect(await precisionOf([0x80 | 20])).toBe(6);
    expect(await precisionOf([0x80 | 19])).toBe(3);
    expect(await precisionOf([0x80 | 30])).toBe(9);
  });

  it('leaves the time unknown for another resolution', async () => {
    const bytes = Buffer.concat([shb(), idb([[9, [3]]]), epb(frame(1), 1_700_000_000_123n)]);
    expect(packets(await readBytes('ms.pcapng', bytes))[0]!.epochUs).toBeNull();
  });

  it('leaves the time unknown when the interface moves every time (if_tsoffset)', async () => {
    const bytes = Buffer.concat([shb(), idb([[14, [1, 0, 0, 0, 0, 0, 0, 0]]]), epb(frame(1), 1n)]);
    expect(packets(await readBytes('offset.pcapng', bytes))[0]!.epochUs).toBeNull();
  });

  it('gives each packet the link type of its own interface', async () => {
    const raw = block(1, Buffer.from([101, 0, 0, 0, 0, 0, 4, 0]));
    const bytes = Buffer.concat([shb(), idb(), raw, epb(frame(1), 1n, 1), epb(frame(2), 2n, 0)]);
    expect(packets(await readBytes('two-ifaces.pcapng', bytes)).map((p) => p.link)).toEqual([101, 1]);
  });

  it('forgets the interfaces at a new section header', async () => {
    const bytes = Buffer.concat([shb(), idb(), epb(frame(1), 1n), shb(), epb(frame(2), 2n)]);
    expect(kinds(await readBytes('two-sections.pcapng', bytes))).toEqual(['meta', 'meta', 'packet', 'meta', 'opaque']);
  });

  it('reads name resolution, statistics and decryption secrets blocks as meta', async () => {
    const bytes = Buffer.concat([
      shb(),
      idb(),
      block(4, Buffer.alloc(4)),
      block(5, Buffer.alloc(8)),
      block(10, Buffer.alloc(8)),
    ]);
    expect(kinds(await readBytes('meta.pcapng', bytes))).toEqual(['meta', 'meta', 'meta', 'meta', 'meta']);
  });

  it('leaves a simple packet block (type 3) and everything after it to tshark', async () => {
    const bytes = Buffer.concat([shb(), idb(), block(3, Buffer.alloc(64)), epb(frame(1), 1n)]);
    expect(kinds(await readBytes('simple.pcapng', bytes))).toEqual(['meta', 'meta', 'opaque']);
  });

  it('an interface option longer than its block: opaque', async () => {
    const bad = idb([[2, [65, 65, 65, 65]]]);
    bad.writeUInt16LE(200, 16 + 2);
    const bytes = Buffer.concat([shb(), bad, epb(frame(1), 1n)]);
    expect(kinds(await readBytes('bad-option.pcapng', bytes))).toEqual(['meta', 'opaque']);
  });

  it('a section header with an unknown byte-order magic: opaque', async () => {
    const bad = shb();
    bad.writeUInt32LE(0x12345678, 8);
    expect(kinds(await readBytes('bad-bom.pcapng', Buffer.concat([bad, idb()])))).toEqual(['opaque']);
  });
});

describe('capture blocks: one read buffer, reused', () => {
  /** Reads a file with the buffer reused, copying every block at once, as a caller that keeps them must. */
  async function readReusing(path: string): Promise<{ blocks: Block[]; offset: number; buffered: number }> {
    const fh = await open(path, 'r');
    try {
      const reader = new CaptureBlocks(fh, { reuse: true });
      const blocks: Block[] = [];
      let buffered = 0;
      for (;;) {
        let b = reader.nextBuffered();
        if (b === undefined) b = await reader.next();
        else buffered += 1;
        if (b === null) break;
        const bytes = Buffer.from(b.bytes);
        blocks.push(b.kind === 'packet' ? { ...b, bytes, data: Buffer.from(b.data) } : { ...b, bytes });
        if (b.kind === 'opaque') break;
      }
      return { blocks, offset: reader.offset, buffered };
    } finally {
      await fh.close();
    }
  }

  /** Every block's kind, fields and bytes, as one string (cheap to compare for thousands of blocks). */
  const summary = (r: { blocks: Block[] }): string =>
    r.blocks
      .map((b) => {
        const bytes = b.bytes.toString('base64');
        if (b.kind !== 'packet') return `${b.kind} ${bytes}`;
        const data = b.data.toString('base64');
        return [b.kind, b.link, b.caplen, b.origLen, b.epochUs, b.epochNsRem, b.timePrecision, bytes, data].join(' ');
      })
      .join('\n');

  // a file several read chunks long, with packets of many sizes, so that blocks straddle every chunk boundary
  const sizes = Array.from({ length: 1500 }, (_, i) => 60 + ((i * 977) % 1455));
  const big = pcapFile(sizes.map((n, i) => frame(i % 251, n)));

  it('gives the same blocks as fresh buffers do, across many chunk boundaries', async () => {
    const path = join(dir, 'big.pcap');
    writeFileSync(path, big);
    expect(big.length).toBeGreaterThan(3 * (1 << 18));
    const fresh = await readBlocks(path);
    const reused = await readReusing(path);
    expect(reused.offset).toBe(fresh.offset);
    expect(reused.blocks).toHaveLength(1 + sizes.length);
    expect(summary(reused)).toBe(summary(fresh));
    expect(handedOn(reused, big).equals(big)).toBe(true);
    // almost every block was read without waiting: only those past the end of a chunk needed next()
    expect(reused.buffered).toBeGreaterThan(sizes.length - 20);
  });

  it('a file cut inside a packet: the same opaque rest as with fresh buffers', async () => {
    const path = join(dir, 'big-cut.pcap');
    writeFileSync(path, big.subarray(0, big.length - 700));
    const fresh = await readBlocks(path);
    const reused = await readReusing(path);
    expect(kinds(reused)).toEqual(kinds(fresh));
    expect(kinds(reused).at(-1)).toBe('opaque');
    expect(summary(reused)).toBe(summary(fresh));
  });

  it('nextBuffered gives nothing before anything was read, and the end (null) once the file is read', async () => {
    const path = join(dir, 'small.pcap');
    writeFileSync(path, pcapFile([frame(1)]));
    const fh = await open(path, 'r');
    try {
      const reader = new CaptureBlocks(fh, { reuse: true });
      expect(reader.nextBuffered()).toBeUndefined();
      expect((await reader.next())?.kind).toBe('meta');
      expect(reader.nextBuffered()?.kind).toBe('packet');
      expect(reader.nextBuffered()).toBeUndefined();
      expect(await reader.next()).toBeNull();
      expect(reader.nextBuffered()).toBeNull();
    } finally {
      await fh.close();
    }
  });
});
