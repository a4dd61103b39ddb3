// --files on the captures scripts/make-samples made (other servers and clients than test/fixtures/files/):
// what they sent is known from the script, so the extracted bytes are checked against it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import type { Transfer } from '../../src/model.js';

const ROOT = resolve(import.meta.dirname, '../..');
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** make-samples' make_text: LINES lines of 63 characters (padded with dots) and LF. */
function makeText(name: string, lines: number): string {
  let out = '';
  for (let i = 1; i <= lines; i += 1) {
    const line = `${name} line ${String(i).padStart(3, '0')}: the quick brown fox jumps over a lazy dog`;
    out += `${line.padEnd(63, '.').slice(0, 63)}\n`;
  }
  return out;
}

/** make-samples' make_blob / robustness.py's noise: Python's random.Random(seed).randbytes(n), hashed. */
function blobSha256(seed: number, n: number): string {
  const py = `import hashlib, random; print(hashlib.sha256(random.Random(${seed}).randbytes(${n})).hexdigest())`;
  return execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' }).trim();
}

const cache = new Map<string, Promise<Transfer[]>>();
/** The transfers of a bundled capture read with --files, once per test file. */
function files(capture: string): Promise<Transfer[]> {
  let p = cache.get(capture);
  if (!p) {
    p = runReport({ capture: join(ROOT, capture), files: true }).then((r) => r.sessions.flatMap((s) => s.transfers));
    cache.set(capture, p);
  }
  return p;
}

describe('samples/: readme.txt as three server/client pairs sent it', () => {
  it.each([
    ['samples/passive-list-retr.pcapng'], // curl -> pyftpdlib, PASV
    ['samples/active-list-retr.pcapng'], // lftp -> vsftpd, PORT, data from port 20
    ['samples/ipv6-epsv-eprt.pcapng'], // ftplib -> pyftpdlib on ::1
  ])('%s', async (capture) => {
    const retr = (await files(capture)).find((t) => t.command === 'RETR' && t.arg === 'readme.txt')!;
    expect(retr.file).toMatchObject({ sha256: sha256(makeText('readme.txt', 48)), size: 3072, complete: true });
  });
});

describe('test/fixtures/robustness/loss-dup-reorder.pcapng (10% lost, 5% doubled, 25% reordered, overlaps)', () => {
  it('gives the RETR and the STOR byte for byte', async () => {
    const [retr, stor] = await files('test/fixtures/robustness/loss-dup-reorder.pcapng');
    expect(retr!.file).toMatchObject({ sha256: blobSha256(200, 200000), size: 200000, complete: true });
    expect(stor!.file).toMatchObject({ sha256: blobSha256(3, 50000), size: 50000, complete: true });
  });
});

describe('every bundled capture', () => {
  // every bundled capture that holds a transfer (the others have nothing to read)
  const captures = [
    ...readdirSync(join(ROOT, 'samples'))
      .filter((f) => f.endsWith('.pcapng'))
      .map((f) => `samples/${f}`),
    ...[
      'abort',
      'bounce',
      'concurrent-sessions',
      'control-gap',
      'data-gaps',
      'ends-mid-transfer',
      'loss-dup-reorder',
      'mid-session',
      'nat-pasv',
      'nonstandard-ports',
      'port-reuse',
      'refused-425-reset-426',
      'retr-64k',
    ].map((f) => `test/fixtures/robustness/${f}.pcapng`),
  ];

  it.each(captures)(
    '%s: a complete file has every byte the transfer counted; one with bytes missing is not complete',
    async (c) => {
      const transfers = await files(c);
      expect(transfers.length).toBeGreaterThan(0);
      for (const t of transfers) {
        const f = t.file!;
        expect(f, t.id).not.toBeNull();
        if (f.complete) {
          expect(f.size, t.id).toBe(t.bytes);
          expect(f.missingBytes, t.id).toBe(0);
        }
        if (t.missingBytes > 0) expect(f.complete, t.id).toBe(false);
        // a file was read, so the data connection is in the capture and its byte count is known
        expect(t.bytes, t.id).not.toBeNull();
        expect(f.size + f.bytesAfterGap, t.id).toBeLessThanOrEqual(t.bytes as number);
      }
    },
  );
});
