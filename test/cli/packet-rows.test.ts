// Packet rows as a user meets them: JSON carries them only with --packet-rows; the outputs that show packets (the
// packets table, Markdown, --out) still have every row they had.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import type { ReportJson } from '../../src/reports/json.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { BIN, ROOT, type CliResult, expectOneLineError } from './run-cli.js';

/** The folders the --out runs write to, removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), 'ftp-report-rows-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const A = 'samples/passive-list-retr.pcapng';
const B = 'samples/upload-stor.pcapng';

function cli(args: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args, '--no-progress'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const json = (args: string[]): ReportJson => {
  const r = cli(args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReportJson;
};

describe('packet rows in the JSON report', () => {
  const lean = json([A, '--json']);
  const full = json([A, '--json', '--packet-rows']);

  it('--json leaves them out; --packet-rows adds exactly packets and collapsedPackets to each session', () => {
    expect(lean.sessions.length).toBeGreaterThan(0);
    // and tshark: without rows ftp-report reads this plain capture whole and starts none, so its report names none
    expect(lean.capture.tsharkVersion).toBeNull();
    expect(full.capture.tsharkVersion).toMatch(/^\d+\.\d+\.\d+$/);
    for (const s of lean.sessions) {
      expect(s).not.toHaveProperty('packets');
      expect(s).not.toHaveProperty('collapsedPackets');
    }
    expect(full.sessions.every((s) => (s.packets?.length ?? 0) > 0)).toBe(true);
    const stripped = full.sessions.map(({ packets: _p, collapsedPackets: _c, ...rest }) => rest);
    expect({ ...full, sessions: stripped }).toEqual({ ...lean, capture: full.capture });
  });

  it('the packets table still lists every row and collapsed block the JSON would', () => {
    const r = cli([A, '--csv', 'packets']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').length - 1;
    const want = full.sessions.reduce((n, s) => n + s.packets!.length + s.collapsedPackets!.length, 0);
    expect(rows).toBe(want);
  });

  it('the Markdown report is the one made with every packet row', async () => {
    const r = cli([A, '--md']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(renderMarkdown(await runReport({ capture: A })));
  });

  it('--out: report.json without rows unless --packet-rows, the packets table and report.md with them', () => {
    const plain = mkdtempSync(join(scratch, 'out-'));
    const withRows = mkdtempSync(join(scratch, 'out-'));
    expect(cli([A, '--out', plain]).code).toBe(0);
    expect(cli([A, '--out', withRows, '--packet-rows']).code).toBe(0);
    const read = (d: string, f: string) => readFileSync(join(d, f), 'utf8');
    // its Markdown and packets table start tshark, which report.json then names
    expect(JSON.parse(read(plain, 'report.json'))).toEqual({ ...lean, capture: full.capture });
    expect(JSON.parse(read(withRows, 'report.json'))).toEqual(full);
    for (const f of ['packets.csv', 'report.md', 'ftp.log']) expect(read(plain, f)).toBe(read(withRows, f));
    expect(read(plain, 'packets.csv').trim().split('\n').length).toBeGreaterThan(10);
  });

  it('--files (which finds data connections by their packet rows) gives the same files without --packet-rows', () => {
    const files = json([A, '--json', '--files']);
    const filesWithRows = json([A, '--json', '--files', '--packet-rows']);
    const stripped = filesWithRows.sessions.map(({ packets: _p, collapsedPackets: _c, ...rest }) => rest);
    expect(files).toEqual({ ...filesWithRows, sessions: stripped });
    const hashed = files.sessions.flatMap((s) => s.transfers).filter((t) => (t as { file?: unknown }).file);
    expect(hashed.length).toBeGreaterThan(0);
  });

  // 10 runs of the command on up to three captures: about 20 s on a quiet 2-core machine, 115 s on a loaded one
  it('--json-array and several captures (one failed): each report as with one capture, rows only with the flag', {
    timeout: 180_000,
  }, () => {
    const leanB = json([B, '--json']);
    const fullB = json([B, '--json', '--packet-rows']);
    const arrays = (args: string[]) => {
      const r = cli([A, B, 'no-such-capture.pcapng', ...args]);
      expect(r.code, r.stderr).toBe(8);
      return JSON.parse(r.stdout) as Array<ReportJson & { error?: { code: string } }>;
    };
    for (const flag of ['--json', '--json-array']) {
      const [a, b, missing] = arrays([flag]);
      expect([a, b]).toEqual([lean, leanB]);
      expect(missing!.sessions).toEqual([]);
      expect(missing!.error?.code).toBe('CAPTURE_NOT_FOUND');
      const [fa, fb, fmissing] = arrays([flag, '--packet-rows']);
      expect([fa, fb]).toEqual([full, fullB]);
      expect(fmissing).toEqual(missing);
    }
    expect(json([A, '--json-array'])).toEqual([lean]);
    expect(json([A, '--json-array', '--packet-rows'])).toEqual([full]);
    const dir = mkdtempSync(join(scratch, 'out-'));
    const withRows = mkdtempSync(join(scratch, 'out-'));
    expect(cli([A, B, '--out', dir, '--json-array']).code).toBe(0);
    expect(cli([A, B, '--out', withRows, '--json-array', '--packet-rows']).code).toBe(0);
    // --out's Markdown and packets table start tshark, which report.json then names
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toEqual([
      { ...lean, capture: full.capture },
      { ...leanB, capture: fullB.capture },
    ]);
    expect(JSON.parse(readFileSync(join(withRows, 'report.json'), 'utf8'))).toEqual([full, fullB]);
  });

  it('--packet-rows without JSON output is a usage error (exit 2)', () => {
    const r = cli([A, '--csv', 'transfers', '--packet-rows']);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(/--packet-rows applies to JSON output/);
  });
});
