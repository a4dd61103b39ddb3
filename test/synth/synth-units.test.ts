// The synthesizer's pure parts and its writer: sizes, PRNG, packet order, determinism, backpressure, options.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeOptions } from '../../src/synth/options.js';
import { type Packet, PacketQueue } from '../../src/synth/packet.js';
import { buildPlan } from '../../src/synth/plan.js';
import { Prng } from '../../src/synth/prng.js';
import { formatSize, parseSize } from '../../src/synth/sizes.js';
import type { SynthOptions } from '../../src/synth/options.js';
import { synthesizeCapture } from '../../src/synth/synthesize.js';

/** A Writable that keeps a hash and the size of what it got, and can be slow. */
class HashSink extends Writable {
  readonly hash = createHash('sha256');
  bytes = 0;
  maxBuffered = 0;
  constructor(private readonly slow = false) {
    super({ highWaterMark: 16 * 1024 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.slow) setTimeout(done, 1);
    else done();
  }
}

async function digest(options: SynthOptions, slow = false): Promise<{ sha: string; sink: HashSink; packets: number }> {
  const sink = new HashSink(slow);
  const summary = await synthesizeCapture({ format: 'pcap', ...options }, sink);
  expect(summary.bytes).toBe(sink.bytes);
  return { sha: sink.hash.digest('hex'), sink, packets: summary.packets };
}

describe('sizes', () => {
  it('reads binary units and plain byte counts', () => {
    expect(parseSize('50M')).toBe(50 * 2 ** 20);
    expect(parseSize('2G')).toBe(2 * 2 ** 30);
    expect(parseSize('1.5k')).toBe(1536);
    expect(parseSize('64KiB')).toBe(65536);
    expect(parseSize('1000')).toBe(1000);
    expect(() => parseSize('lots')).toThrow(RangeError);
    expect(formatSize(50 * 2 ** 20)).toBe('50M');
  });
});

describe('Prng', () => {
  it('gives the same numbers for the same seed and different ones for another', () => {
    const a = new Prng('x');
    const b = new Prng('x');
    const c = new Prng('y');
    const seq = (p: Prng) => Array.from({ length: 8 }, () => p.u32());
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
    expect(new Prng('x').fork('s1').u32()).toBe(new Prng('x').fork('s1').u32());
  });
});

describe('PacketQueue', () => {
  it('pops packets by time, and equal times in push order', () => {
    const q = new PacketQueue();
    const times = [5, 1, 3, 1, 9, 0, 3];
    times.forEach((t, i) => q.push({ t, len: i } as Packet));
    const out: Array<[number, number]> = [];
    for (let p = q.pop(); p; p = q.pop()) out.push([p.t, p.len]);
    expect(out).toEqual([
      [0, 5],
      [1, 1],
      [1, 3],
      [3, 2],
      [3, 6],
      [5, 0],
      [9, 4],
    ]);
  });
});

describe('options and plan', () => {
  it('rejects out-of-range options with a readable message', () => {
    expect(() => normalizeOptions({ lossRate: 0.5 })).toThrow(/loss rate/);
    expect(() => normalizeOptions({ sessions: 0 })).toThrow(/sessions/);
    expect(() => normalizeOptions({ size: 10 })).toThrow(/size/);
  });

  it('plans transfers until the size target is reached, starting every session with a LIST', () => {
    const plan = buildPlan(normalizeOptions({ size: 20 * 2 ** 20, sessions: 3, transferSize: 2 ** 20 }));
    expect(plan.sessions).toHaveLength(3);
    for (const s of plan.sessions) expect(s.transfers[0]!.command).toBe('LIST');
    expect(plan.estimatedBytes).toBeGreaterThan(0.99 * 20 * 2 ** 20);
    expect(plan.estimatedBytes).toBeLessThan(22 * 2 ** 20);
    const starts = plan.sessions.map((s) => s.startUs);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });
});

describe('synthesizeCapture', () => {
  const opts: SynthOptions = {
    sessions: 5,
    transfers: 2,
    transferSize: 30_000,
    sizeJitter: 0.5,
    ipv6Share: 0.5,
    lossRate: 0.02,
    seed: 'unit',
  };

  it('writes byte-identical output for the same options, and different output for another seed', async () => {
    const a = await digest(opts);
    const b = await digest(opts);
    const c = await digest({ ...opts, seed: 'other' });
    expect(a.sha).toBe(b.sha);
    expect(c.sha).not.toBe(a.sha);
  });

  it('lands near the size target', async () => {
    const { sink } = await digest({ size: 3 * 2 ** 20, seed: 'size' });
    expect(sink.bytes).toBeGreaterThan(0.97 * 3 * 2 ** 20);
    expect(sink.bytes).toBeLessThan(1.05 * 3 * 2 ** 20);
  });

  it('waits for a slow stream instead of piling chunks up in memory', async () => {
    const { sink } = await digest({ size: 4 * 2 ** 20, sessions: 2, seed: 'slow' }, true);
    expect(sink.bytes).toBeGreaterThan(4 * 2 ** 20 * 0.97);
    // Without backpressure the whole capture would sit in the stream's buffer; with it, at most one chunk.
    expect(sink.maxBuffered).toBeLessThanOrEqual(2 ** 20);
  });
});

describe('synth-capture command', () => {
  const cli = fileURLToPath(new URL('../../dist/synth/cli.js', import.meta.url));
  const runCli = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

  it('prints its help and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: synth-capture --out FILE/);
  });

  it('exits 2 with one line for a bad option or value', () => {
    for (const args of [['--bogus'], ['--out', 'x.pcap', '--size', 'lots'], ['--out', 'x.pcap', '--loss', '0.9'], []]) {
      const r = runCli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
