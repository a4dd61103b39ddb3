// Writing tshark's input: gathered blocks go out as one write, nothing goes to a closed pipe, the rest of a file
// is copied from an offset.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { Batch, copyRest, drained } from '../../src/driver/tshark-input.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pipe that keeps every write as it came. */
function pipe(): { to: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const to = new Writable({
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk);
      done();
    },
  });
  return { to, writes };
}

describe('batch', () => {
  it('writes what was gathered as one write, in order', async () => {
    const { to, writes } = pipe();
    const batch = new Batch();
    batch.add(Buffer.from('ab'));
    batch.add(Buffer.from('cd'));
    expect(batch.bytes).toBe(4);
    await batch.writeTo(to);
    expect(writes.map(String)).toEqual(['abcd']);
  });

  it('copies what it is given: the buffer it came from can be reused at once', async () => {
    const { to, writes } = pipe();
    const batch = new Batch();
    const reused = Buffer.from('ab');
    batch.add(reused);
    reused.write('xy');
    batch.add(reused);
    batch.add(Buffer.alloc(300_000, 'z'));
    await batch.writeTo(to);
    expect(writes).toHaveLength(1);
    expect(String(writes[0]!.subarray(0, 4))).toBe('abxy');
    expect(writes[0]!.length).toBe(300_004);
    expect(writes[0]!.subarray(4).every((c) => c === 0x7a)).toBe(true);
  });

  it('is empty after writing', async () => {
    const { to, writes } = pipe();
    const batch = new Batch();
    batch.add(Buffer.from('x'));
    await batch.writeTo(to);
    await batch.writeTo(to);
    expect(batch.bytes).toBe(0);
    expect(writes).toHaveLength(1);
  });

  it('drops what was gathered when the pipe is gone', async () => {
    const { to, writes } = pipe();
    to.destroy();
    const batch = new Batch();
    batch.add(Buffer.from('x'));
    await batch.writeTo(to);
    expect(writes).toEqual([]);
    expect(batch.bytes).toBe(0);
  });
});

describe('drained', () => {
  it('resolves when the pipe closes, as when it drains', async () => {
    const { to } = pipe();
    const done = drained(to);
    to.destroy();
    await expect(done).resolves.toBeUndefined();
  });
});

describe('copyRest', () => {
  it('copies the file from the offset to its end', async () => {
    const path = join(dir, 'rest.bin');
    writeFileSync(path, 'headerREST OF THE FILE');
    const { to, writes } = pipe();
    await copyRest(path, 6, to, () => false);
    expect(Buffer.concat(writes).toString()).toBe('REST OF THE FILE');
  });

  it('copies nothing into a pipe that was ended', async () => {
    const path = join(dir, 'ended.bin');
    writeFileSync(path, 'data');
    const { to, writes } = pipe();
    to.end();
    await copyRest(path, 0, to, () => false);
    expect(writes).toEqual([]);
  });

  it('stops when told to', async () => {
    const path = join(dir, 'stop.bin');
    writeFileSync(path, Buffer.alloc(1 << 20));
    const { to, writes } = pipe();
    await copyRest(path, 0, to, () => true);
    expect(writes).toEqual([]);
  });
});
