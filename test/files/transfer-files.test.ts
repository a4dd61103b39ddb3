// Files extracted from real captures (test/fixtures/files/, made by scripts/make-file-samples with pyftpdlib and
// ftplib in an ftp18 namespace) compared byte for byte, by SHA-256, with what the client sent or received.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import { readTransferFiles } from '../../src/files/transfer-files.js';
import type { Report, Transfer } from '../../src/model.js';
import { renderJson } from '../../src/reports/json.js';
import { assertContract } from '../contract.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/files');

/** One data transfer as file-transfers.py recorded it. */
interface Sent {
  verb: string;
  arg: string | null;
  passive: boolean;
  size: number;
  sha256: string;
  ascii?: boolean;
  cut?: boolean;
}

const sentOf = (name: string): Sent[] => JSON.parse(readFileSync(join(FIXTURES, `${name}.sent.json`), 'utf8'));
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The content file-transfers.py makes: SHA-256 of "name:i" for i = 0, 1, … concatenated, cut to size. */
function content(name: string, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0, n = 0; n < size; i += 1, n += 32) parts.push(createHash('sha256').update(`${name}:${i}`).digest());
  return Buffer.concat(parts).subarray(0, size);
}

const tmp = mkdtempSync(join(tmpdir(), 'ftp18-files-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The report of a fixture capture with files extracted into a fresh folder. */
async function extracted(name: string): Promise<{ report: Report; dir: string; transfers: Transfer[] }> {
  const dir = join(tmp, name);
  const report = await runReport({ capture: join(FIXTURES, `${name}.pcapng`), extractDir: dir });
  return { report, dir, transfers: report.sessions.flatMap((s) => s.transfers) };
}

describe.each(['files-ipv4', 'files-ipv6'])('%s: every transfer extracted as it crossed the wire', (name) => {
  let got: Awaited<ReturnType<typeof extracted>>;
  const sent = sentOf(name);
  beforeAll(async () => {
    got = await extracted(name);
  });

  it('keeps to the JSON contract (rev 2.2 file and listing included)', () => {
    assertContract(JSON.parse(renderJson(got.report)));
  });

  it('has one transfer per transfer the client made, in order, in the mode it used', () => {
    expect(got.transfers.map((t) => [t.command, t.arg, t.mode])).toEqual(
      sent.map((s) => [s.verb, s.arg, s.passive ? 'passive' : 'active']),
    );
    const setups = new Set(got.transfers.map((t) => t.setup.command));
    expect(setups).toEqual(name === 'files-ipv6' ? new Set(['EPSV', 'EPRT']) : new Set(['PASV', 'PORT']));
    if (name === 'files-ipv6') expect(got.transfers.every((t) => t.data!.src.ip === '::1')).toBe(true);
    // RETR, STOR and APPE in both modes
    for (const verb of ['RETR', 'STOR', 'APPE']) {
      for (const mode of ['active', 'passive'])
        expect(got.transfers.some((t) => t.command === verb && t.mode === mode)).toBe(true);
    }
  });

  it('writes each whole transfer byte for byte (SHA-256 of the file on disk and in the model)', () => {
    for (const [i, s] of sent.entries()) {
      if (s.cut) continue;
      const t = got.transfers[i]!;
      const file = t.file!;
      expect(file, `${t.id} ${s.verb} ${s.arg}`).toMatchObject({ sha256: s.sha256, size: s.size, complete: true });
      expect(file.missingBytes).toBe(0);
      const onDisk = readFileSync(join(got.dir, file.extractedAs!));
      expect(sha256(onDisk)).toBe(s.sha256);
      expect(file.md5).toBe(createHash('md5').update(onDisk).digest('hex'));
    }
  });

  it("writes TYPE A transfers as sent: CRLF line ends on the wire, not the server file's LF", () => {
    const t = got.transfers.find((x) => x.command === 'RETR' && x.arg === 'text.txt')!;
    const onDisk = readFileSync(join(got.dir, t.file!.extractedAs!));
    const lf = Array.from(
      { length: 40 },
      (_, i) => `text.txt line ${String(i + 1).padStart(3, '0')}: the quick brown fox\n`,
    ).join('');
    expect(onDisk.toString()).toBe(lf.replaceAll('\n', '\r\n'));
    expect(t.file!.mime).toBe('text/plain');
  });

  it('marks the RETR the client cut short incomplete, with the bytes SIZE stated but the wire never carried', () => {
    const i = sent.findIndex((s) => s.cut);
    const t = got.transfers[i]!;
    const file = t.file!;
    expect(file.complete).toBe(false);
    expect(file.size).toBeGreaterThan(8000);
    expect(file.size).toBeLessThan(400000);
    expect(file.missingBytes).toBe(400000 - file.size);
    // what was extracted is the start of the file, byte for byte
    const onDisk = readFileSync(join(got.dir, file.extractedAs!));
    expect(sha256(onDisk)).toBe(sha256(content('big.dat', file.size)));
    expect(sha256(content('big.dat', 400000))).toBe(sent[i]!.sha256);
  });

  it('parses the LIST, NLST and MLSD listings into entries and writes them as text', () => {
    const names = ['active.dat', 'big.dat', 'bin.dat', 'text.txt'];
    const list = got.transfers.find((t) => t.command === 'LIST')!;
    expect(list.listing!.map((e) => e.name)).toEqual(names);
    expect(list.listing!.find((e) => e.name === 'big.dat')).toMatchObject({
      type: 'file',
      size: 400000,
      format: 'unix',
    });
    const nlst = got.transfers.find((t) => t.command === 'NLST')!;
    expect(nlst.listing!.map((e) => e.name)).toEqual(names);
    const mlsd = got.transfers.find((t) => t.command === 'MLSD')!;
    expect(mlsd.listing!.map((e) => e.name).sort()).toEqual(names);
    expect(mlsd.listing!.find((e) => e.name === 'bin.dat')).toMatchObject({
      type: 'file',
      size: 20000,
      format: 'mlsd',
    });
    expect(readFileSync(join(got.dir, 'S1-T1-LIST.txt'), 'latin1')).toMatch(/bin\.dat\r\n/);
    // a file transfer has no listing
    expect(got.transfers.find((t) => t.command === 'RETR')!.listing).toBeUndefined();
  });

  it('keeps names from the wire ("../../escape.txt", "/abs.txt") inside the folder', () => {
    const files = readdirSync(got.dir);
    expect(files).toContain('S1-T9-escape.txt');
    expect(files).toContain('S1-T10-abs.txt');
    for (const f of files) expect(lstatSync(join(got.dir, f)).isFile()).toBe(true);
    expect(existsSync(join(tmp, 'escape.txt'))).toBe(false);
  });

  it('writes index.csv: one row per file with its hashes', () => {
    const lines = readFileSync(join(got.dir, 'index.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'file,session,transfer,command,arg,direction,mode,size,sha256,md5,mime,complete,missingBytes',
    );
    expect(lines).toHaveLength(1 + sent.length);
    expect(lines).toContain(
      `S1-T4-bin.dat,S1,S1-T4,RETR,bin.dat,download,passive,20000,${sent[3]!.sha256},` +
        `${got.transfers[3]!.file!.md5},application/octet-stream,true,0`,
    );
  });
});

describe('disorder on the wire (files-disorder: lo dropped, duplicated and reordered data packets)', () => {
  it('holds data segments tshark calls retransmissions and out-of-order ones', () => {
    const count = (filter: string): number =>
      execFileSync('tshark', ['-r', join(FIXTURES, 'files-disorder.pcapng'), '-Y', `!(tcp.port == 21) && ${filter}`], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .split('\n')
        .filter((l) => l.trim() !== '').length;
    expect(
      count('tcp.len > 0 && (tcp.analysis.retransmission || tcp.analysis.spurious_retransmission)'),
    ).toBeGreaterThan(0);
    expect(count('tcp.analysis.out_of_order')).toBeGreaterThan(0);
  });

  it('reassembles the RETR and the STOR byte for byte despite retransmitted and out-of-order segments', async () => {
    const { transfers } = await extracted('files-disorder');
    const sent = sentOf('files-disorder');
    expect(transfers.map((t) => t.file && [t.command, t.file.sha256, t.file.size, t.file.complete])).toEqual(
      sent.map((s) => [s.verb, s.sha256, s.size, true]),
    );
  });
});

describe('files-reorder: two data segments swapped and one sent again (files-ipv4 cut and joined by editcap)', () => {
  it('holds them so: in capture order the sequence numbers go back, and one segment comes twice', () => {
    const capture = join(FIXTURES, 'files-reorder.pcapng');
    const fields = (filter: string, field: string): string[] =>
      execFileSync('tshark', ['-r', capture, '-Y', filter, '-T', 'fields', '-e', field], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .trim()
        .split('\n');
    // (tshark's ftp-data labels only the in-order segments: the stream is found by them, then read whole)
    const stream = fields('ftp-data.command == "RETR bin.dat"', 'tcp.stream')[0];
    const seqs = fields(`tcp.stream == ${stream} && tcp.len > 0`, 'tcp.seq').map(Number);
    expect(seqs.some((x, i) => i > 0 && x < seqs[i - 1]!)).toBe(true);
    expect(new Set(seqs).size).toBe(seqs.length - 1);
  });

  it('reassembles RETR bin.dat byte for byte, whole', async () => {
    const { transfers, dir } = await extracted('files-reorder');
    const t = transfers.find((x) => x.arg === 'bin.dat')!;
    expect(t.file).toMatchObject({ sha256: sentOf('files-ipv4')[3]!.sha256, size: 20000, complete: true, gaps: 0 });
    expect(sha256(readFileSync(join(dir, t.file!.extractedAs!)))).toBe(sentOf('files-ipv4')[3]!.sha256);
  });
});

describe('segments the capture lacks', () => {
  it('files-gap: two data segments deleted are counted as missing, never filled; the file stops at the hole', async () => {
    const { transfers, dir } = await extracted('files-gap');
    const t = transfers.find((x) => x.arg === 'bin.dat')!;
    const file = t.file!;
    expect(file).toMatchObject({ complete: false, gaps: 2, missingBytes: t.missingBytes });
    expect(file.missingBytes).toBeGreaterThan(0);
    expect(file.size + file.missingBytes + file.bytesAfterGap).toBe(20000);
    const onDisk = readFileSync(join(dir, file.extractedAs!));
    expect(onDisk.length).toBe(file.size);
    expect(sha256(onDisk)).toBe(sha256(content('bin.dat', file.size)));
  });

  it('files-truncated: a capture that ends mid-transfer gives an incomplete file of the bytes it holds', async () => {
    const { transfers, dir } = await extracted('files-truncated');
    const t = transfers.find((x) => x.arg === 'bin.dat')!;
    expect(t.file).toMatchObject({ complete: false, gaps: 0 });
    const onDisk = readFileSync(join(dir, t.file!.extractedAs!));
    expect(onDisk.length).toBe(t.bytes);
    expect(sha256(onDisk)).toBe(sha256(content('bin.dat', onDisk.length)));
  });
});

describe('hostile names on real payload: nothing is written outside the folder', () => {
  // 11 names for the 11 file transfers of files-ipv4 ('.', '....' and more are in safe-name.test.ts)
  const HOSTILE = [
    '../../../../tmp/ftp18-owned',
    '/etc/passwd',
    '..',
    'a\u0000b',
    '\u0000',
    'CON',
    'nul.txt',
    'C:\\Windows\\system32\\evil.dll',
    `${'x'.repeat(4000)}.bin`,
    '.ssh/authorized_keys',
    'line\r\nbreak',
  ];

  it('writes every file as one plain file directly inside DIR', async () => {
    const report = await runReport({ capture: join(FIXTURES, 'files-ipv4.pcapng') });
    const transfers = report.sessions.flatMap((s) => s.transfers).filter((t) => t.direction !== 'listing');
    for (const [i, t] of transfers.entries()) t.arg = HOSTILE[i % HOSTILE.length]!;
    const outer = join(tmp, 'hostile');
    const dir = join(outer, 'DIR');
    await readTransferFiles(report, join(FIXTURES, 'files-ipv4.pcapng'), { extractDir: dir });
    expect(readdirSync(outer)).toEqual(['DIR']);
    const written = readdirSync(dir);
    // (index.csv is written by runReport after this: writeFileIndex)
    expect(written).toHaveLength(report.sessions[0]!.transfers.length);
    for (const f of written) {
      expect(lstatSync(join(dir, f)).isFile()).toBe(true);
      expect(f).toMatch(/^(S\d+-T\d+-[\p{L}\p{N}._-]+|index\.csv)$/u);
      expect(Buffer.byteLength(f)).toBeLessThan(140);
    }
    expect(existsSync('/tmp/ftp18-owned')).toBe(false);
    expect(
      written.filter((f) => /-(_CON|_nul\.txt|passwd|ftp18-owned|evil\.dll|authorized_keys)$/.test(f)),
    ).toHaveLength(6);
  });

  it("refuses to follow a symbolic link planted under a file's name", async () => {
    const dir = join(tmp, 'planted');
    const victim = join(tmp, 'victim.txt');
    writeFileSync(victim, 'untouched');
    mkdirSync(dir);
    symlinkSync(victim, join(dir, 'S1-T4-bin.dat'));
    await expect(
      runReport({ capture: join(FIXTURES, 'files-truncated.pcapng'), extractDir: dir }),
    ).rejects.toMatchObject({
      code: 'OUTPUT_FAILED',
    });
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
  });
});

describe('other forms of the same capture', () => {
  it('reads a gzip-compressed capture to the same hashes, and the same with --dissect-all', async () => {
    const gz = join(tmp, 'v6.pcapng.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(FIXTURES, 'files-ipv6.pcapng'))));
    const want = sentOf('files-ipv6').map((s) => (s.cut ? null : s.sha256));
    const hashes = (r: Report) =>
      r.sessions.flatMap((s) => s.transfers).map((t) => (t.file!.complete ? t.file!.sha256 : null));
    expect(hashes(await runReport({ capture: gz, files: true }))).toEqual(want);
    expect(
      hashes(await runReport({ capture: join(FIXTURES, 'files-ipv6.pcapng'), files: true, dissectAll: true })),
    ).toEqual(want);
  });
});

describe('a reading that ends before the report did', () => {
  it('counts the bytes the report saw but the reading never reached as missing', async () => {
    const report = await runReport({ capture: join(FIXTURES, 'files-ipv4.pcapng') });
    // the same capture cut after the third data segment of RETR bin.dat: the second reading stops there
    await readTransferFiles(report, join(FIXTURES, 'files-truncated.pcapng'));
    const t = report.sessions[0]!.transfers.find((x) => x.arg === 'bin.dat')!;
    expect(t.file!.complete).toBe(false);
    expect(t.file!.size + t.file!.missingBytes).toBe(20000);
    const later = report.sessions[0]!.transfers.find((x) => x.arg === 'up.bin')!;
    expect(later.file).toMatchObject({ size: 0, complete: false, missingBytes: 15000 });
  });
});

describe('--files without --extract', () => {
  it('hashes and parses without writing anything', async () => {
    const report = await runReport({ capture: join(FIXTURES, 'files-truncated.pcapng'), files: true });
    const transfers = report.sessions.flatMap((s) => s.transfers);
    expect(transfers.map((t) => t.file?.extractedAs)).toEqual([null, null, null, null]);
    expect(transfers[0]!.file!.sha256).toBe(sentOf('files-ipv4')[0]!.sha256);
    expect(transfers[2]!.listing).toHaveLength(4);
  });

  it('gives a transfer without a data connection file null', async () => {
    const capture = join(FIXTURES, 'files-truncated.pcapng');
    const report = await runReport({ capture });
    const t = report.sessions[0]!.transfers[1]!;
    t.data = null;
    await readTransferFiles(report, capture);
    expect(t.file).toBeNull();
    expect(report.sessions[0]!.transfers[0]!.file!.complete).toBe(true);
  });

  it('leaves the ordinary report without file facts', async () => {
    const report = await runReport({ capture: join(FIXTURES, 'files-truncated.pcapng') });
    expect(report.sessions[0]!.transfers.every((t) => !('file' in t) && !('listing' in t))).toBe(true);
  });

  it('refuses --ek: a saved EK stream holds no payload', async () => {
    await expect(runReport({ ek: '/dev/null', files: true })).rejects.toMatchObject({ code: 'USAGE' });
  });
});
