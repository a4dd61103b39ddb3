// The CLI's --json, written from sessions serialized as the engine releases them (src/cli/json-sessions.ts), gives
// the bytes --out's report.json gives from whole reports, for the same options: several captures with one that
// cannot be read, passwords masked, packet rows, indented or compact, to stdout or a file (-o).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-json-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// a fixture with many sessions and passwords, and a sample whose sessions carry C1 controls and odd names
const MANY = join(ROOT, 'test/fixtures/analyst/guess-and-spray.pcapng');
const HOSTILE = join(ROOT, 'samples/hostile-names.pcapng');

describe('--json streamed is --out report.json, byte for byte', () => {
  it('several captures, one unreadable, --no-secrets --packet-rows, compact to stdout', () => {
    const junk = join(dir, 'junk.pcap');
    writeFileSync(junk, 'not a capture at all\n');
    const args = [MANY, junk, HOSTILE, '--no-secrets', '--packet-rows', '--no-progress'];
    const streamed = runCli([...args, '--json']);
    const out = join(dir, 'out-several');
    const whole = runCli([...args, '--out', out]);
    expect(streamed.code, streamed.stderr).toBe(8);
    expect(whole.code, whole.stderr).toBe(8);
    const report = readFileSync(join(out, 'report.json'), 'utf8');
    expect(streamed.stdout).toBe(report);
    const parsed = JSON.parse(report) as { sessions: unknown[] }[];
    expect(parsed.map((r) => r.sessions.length > 0)).toEqual([true, false, true]);
    expect(report).toContain('••••••');
  });

  it('one capture, --pretty, to a file', () => {
    const file = join(dir, 'pretty.json');
    const streamed = runCli([MANY, '--json', '--pretty', '-o', file, '--no-progress']);
    const out = join(dir, 'out-pretty');
    const whole = runCli([MANY, '--out', out, '--pretty', '--no-progress']);
    expect(streamed.code, streamed.stderr).toBe(0);
    expect(whole.code, whole.stderr).toBe(0);
    expect(streamed.stdout).toBe('');
    const text = readFileSync(file, 'utf8');
    // --json alone starts no tshark on this capture (no packet rows): its tsharkVersion is null, and only that
    // differs from --out's report, which tshark read for the Markdown's packet tables
    const report = readFileSync(join(out, 'report.json'), 'utf8');
    expect(report).toMatch(/\n {4}"tsharkVersion": "\d+\.\d+\.\d+",\n/);
    expect(text).toBe(report.replace(/\n( {4}"tsharkVersion": )"\d+\.\d+\.\d+",\n/, '\n$1null,\n'));
    expect(text.split('\n').length).toBeGreaterThan(1000);
  });
});
