// Blocks read from a stream that delivers a capture in arbitrary pieces are the blocks read from the file.
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Block, CaptureBlocks } from '../../src/capture/capture-blocks.js';
import { type BlockSource, StreamSource } from '../../src/capture/stream-source.js';

const SAMPLES = join(import.meta.dirname, '../../samples');

async function blocksOf(source: BlockSource): Promise<Block[]> {
  const reader = new CaptureBlocks(source);
  const blocks: Block[] = [];
  for (let b = await reader.next(); b !== null; b = await reader.next()) blocks.push(b);
  return blocks;
}

/** The file's bytes as a stream of pieces of the given sizes, over and over. */
function pieces(bytes: Buffer, sizes: number[]): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i += 1) {
    const n = sizes[i % sizes.length]!;
    parts.push(bytes.subarray(at, at + n));
    at += n;
  }
  return Readable.from(parts, { objectMode: false });
}

describe('StreamSource', () => {
  it.each(['passive-list-retr', 'hostile-names', 'upload-stor'])('%s: the same blocks as from the file', async (n) => {
    const file = join(SAMPLES, `${n}.pcapng`);
    const fh = await open(file, 'r');
    const expected = await blocksOf(fh);
    await fh.close();
    const bytes = readFileSync(file);
    for (const sizes of [[1], [3, 7, 1000], [65536]]) {
      const got = await blocksOf(new StreamSource(pieces(bytes, sizes)));
      expect(got.map((b) => [b.kind, b.bytes.toString('hex')])).toEqual(
        expected.map((b) => [b.kind, b.bytes.toString('hex')]),
      );
    }
  });

  it('gives every byte it read to copyTo, in order', async () => {
    const bytes = readFileSync(join(SAMPLES, 'upload-stor.pcapng'));
    const copied: Buffer[] = [];
    await blocksOf(new StreamSource(pieces(bytes, [100, 4096]), { write: (c: Buffer) => copied.push(c) }));
    expect(Buffer.concat(copied).equals(bytes)).toBe(true);
  });

  it('calls onStarve before it waits for the stream, so a live capture is handed on as it comes', async () => {
    const stream = new PassThrough();
    const source = new StreamSource(stream);
    let starved = 0;
    source.onStarve = async () => {
      starved += 1;
    };
    const buf = Buffer.alloc(16);
    stream.write(Buffer.from('abcd'));
    await new Promise((r) => setImmediate(r));
    expect((await source.read(buf, 0, 16, 0)).bytesRead).toBe(4);
    expect(starved).toBe(0);
    const next = source.read(buf, 0, 16, 4);
    await new Promise((r) => setImmediate(r));
    expect(starved).toBe(1);
    stream.end(Buffer.from('ef'));
    expect((await next).bytesRead).toBe(2);
    expect((await source.read(buf, 0, 16, 6)).bytesRead).toBe(0);
  });

  it('cannot be read anywhere but where it is', async () => {
    const source = new StreamSource(Readable.from([Buffer.from('abc')]));
    await expect(source.read(Buffer.alloc(4), 0, 4, 10)).rejects.toThrow(/cannot be read at 10/);
  });

  it("rejects with the stream's error", async () => {
    const stream = new PassThrough();
    const source = new StreamSource(stream);
    const reading = source.read(Buffer.alloc(4), 0, 4, 0);
    stream.destroy(new Error('EIO from below'));
    await expect(reading).rejects.toThrow('EIO from below');
  });
});
