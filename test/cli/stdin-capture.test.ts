// A capture read as a stream: "-" (standard input), a FIFO, /dev/stdin on a pipe and process substitution, plain or
// gzip-compressed, give the same report as the file itself; a stream that is no capture gets one line and exit 4.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with scripts/update-expected.mjs
import { maskReport } from '../../scripts/mask-report.mjs';
import type { Report } from '../../src/model.js';
import { upgradeToV1 } from '../json-v1.js';
import { BIN, expectOneLineError, ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-stdin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLES = ['passive-list-retr', 'hostile-names', 'active-retr-125'].map((n) =>
  join(ROOT, 'samples', `${n}.pcapng`),
);

const fromFiles = new Map<string, Report>();
/** The report from the file itself (run once per file). */
function fromFile(file: string): Report {
  const known = fromFiles.get(file);
  if (known) return known;
  const r = runCli([file, '--json', '--no-progress']);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  fromFiles.set(file, report);
  return report;
}

/**
 * The file's report as reviewed: its golden, which test/integration/samples.test.ts holds equal to what the file
 * gives (versions masked), so a stream equal to it gives the file's report without reading the file once more here.
 */
function golden(file: string): Report {
  return JSON.parse(readFileSync(file.replace(/\.pcapng$/, '.expected.json'), 'utf8')) as Report;
}

/** The report read from a stream: the same, but for the name and the format it was given as. */
function expectSameReport(streamed: Report, file: Report, name: string, format: string): void {
  expect(streamed.capture.file).toBe(name);
  expect(streamed.capture.format).toBe(format);
  const masked = (r: Report) => ({ ...r, capture: { ...r.capture, file: 'x', format: 'x' } });
  expect(masked(streamed)).toEqual(masked(file));
}

describe('a capture on standard input (-)', () => {
  it.each(SAMPLES.slice(0, 2))('%s plain and gzip-compressed: the same report as from the file', (sample) => {
    const expected = golden(sample);
    const bytes = readFileSync(sample);
    // the golden holds the packet rows, which --json writes only with --packet-rows; it is schema version 1, which
    // --json's version 2 is by the contract's migration rules
    const plain = runCli(['-', '--json', '--packet-rows'], { input: bytes });
    expect(plain.code).toBe(0);
    expectSameReport(maskReport(upgradeToV1(JSON.parse(plain.stdout))), expected, '-', 'pcapng');
    const gz = runCli(['-', '--json', '--packet-rows'], { input: gzipSync(bytes) });
    expect(gz.code).toBe(0);
    expectSameReport(maskReport(upgradeToV1(JSON.parse(gz.stdout))), expected, '-', 'pcapng.gz');
  });

  it('the Markdown report of a piped capture is the file one, name aside', () => {
    const sample = SAMPLES[0]!;
    const file = runCli([sample, '--md', '--no-progress']);
    const piped = runCli(['-', '--md', '--no-progress'], { input: readFileSync(sample) });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('# FTP traffic analysis: -\n');
    expect(piped.stdout).toBe(file.stdout.replaceAll(sample, '-'));
  });

  it('nothing on standard input: exit 4, one line', () => {
    const r = runCli(['-'], { input: '' });
    expect(r.code).toBe(4);
    expect(expectOneLineError(r)).toBe('ftp-report: -: is empty (no bytes came), not a capture');
  });

  it('text on standard input: exit 4, one line naming its first bytes', () => {
    const r = runCli(['-'], { input: 'hello, this is no capture\n' });
    expect(r.code).toBe(4);
    expect(expectOneLineError(r)).toMatch(
      /^ftp-report: -: is not a pcap or pcapng capture \(it starts with bytes 68656c6c\)$/,
    );
  });

  it('a gzip stream damaged from the start: exit 4, one line', () => {
    const header = Buffer.from('1f8b0800000000000003', 'hex');
    const r = runCli(['-'], { input: Buffer.concat([header, Buffer.alloc(64, 0xff)]) });
    expect(r.code).toBe(4);
    expect(expectOneLineError(r)).toMatch(
      /^ftp-report: -: is gzip-compressed but its stream is damaged .*\(Z_DATA_ERROR\)$/,
    );
  });

  it('gzip of text: exit 4, one line', () => {
    const r = runCli(['-'], { input: gzipSync('hello, this is no capture\n') });
    expect(r.code).toBe(4);
    expect(expectOneLineError(r)).toBe('ftp-report: -: is gzip-compressed but does not hold a pcap or pcapng capture');
  });
});

describe('a piped gzip stream that breaks off', () => {
  it('is a PARTIAL report of the packets before the break, exit 4, as the same bytes in a .gz file are', () => {
    const cut = gzipSync(readFileSync(SAMPLES[1]!)).subarray(0, 4000);
    const file = join(dir, 'cut.pcapng.gz');
    writeFileSync(file, cut);
    const fromFile = runCli([file, '--json', '--no-progress']);
    const piped = runCli(['-', '--json', '--no-progress'], { input: cut });
    expect(piped.code).toBe(4);
    expect(fromFile.code).toBe(4);
    const a = JSON.parse(piped.stdout) as Report;
    const b = JSON.parse(fromFile.stdout) as Report;
    expect(a.capture.complete).toBe(false);
    expect(a.capture.packets).toBeGreaterThan(0);
    expect(a.capture.packets).toBe(b.capture.packets);
    expect(piped.stderr).toMatch(/^ftp-report: -: .*the gzip stream ends early.*PARTIAL/);
  });

  it('standard input on a terminal: exit 2, one line saying to pipe a capture in', () => {
    // script(1) gives the command a terminal for its standard input
    const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} -`, '/dev/null'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout.trim()).toBe(
      'ftp-report: -: standard input is a terminal: pipe a capture into it (e.g. tcpdump -w - | ftp-report -)',
    );
  });
});

describe('other paths that can be read only once', () => {
  const sample = SAMPLES[2]!;
  const expected = () => fromFile(sample);

  it('a FIFO, written by another process', async () => {
    const fifo = join(dir, 'capture.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `gzip -c < '${sample}' > '${fifo}'`]);
    const r = runCli([fifo, '--json']);
    await new Promise((resolve) => writer.on('close', resolve));
    expect(r.code).toBe(0);
    expectSameReport(JSON.parse(r.stdout) as Report, expected(), fifo, 'pcapng.gz');
  });

  it('/dev/stdin on a pipe, and process substitution', () => {
    const run = (script: string) =>
      execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, BIN, SAMPLE: sample } });
    const viaDevStdin = JSON.parse(run('cat "$SAMPLE" | node "$BIN" /dev/stdin --json')) as Report;
    expectSameReport(viaDevStdin, expected(), '/dev/stdin', 'pcapng');
    const viaSubstitution = JSON.parse(run('node "$BIN" <(gzip -c "$SAMPLE") --json')) as Report;
    expect(viaSubstitution.capture.file).toMatch(/^\/dev\/fd\/\d+$/);
    expectSameReport(viaSubstitution, expected(), viaSubstitution.capture.file, 'pcapng.gz');
  });
});
