// The export options as a user runs them: --csv TABLE, --jsonl, --zeek, --excel, --out DIR, several captures.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { TABLE_COLUMNS, TABLE_NAMES } from '../../src/reports/tables.js';
import { parseZeekLog } from '../peer/zeek-log.js';
import { BIN, ROOT, type CliResult, expectOneLineError } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Relative paths, run from the repository root: the capture column shows them as typed.
const A = 'samples/passive-list-retr.pcapng';
const B = 'samples/upload-stor.pcapng';

/** Runs ftp-report from the repository root; stdout as bytes too, for the byte order mark. */
function run(args: string[], env?: NodeJS.ProcessEnv): CliResult & { bytes: Buffer } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), bytes: r.stdout };
}
const cli = run;

function csvRows(text: string): Record<string, string>[] {
  return parse(text, { columns: true }) as Record<string, string>[];
}

describe('--csv TABLE and --jsonl TABLE', () => {
  it('--csv alone is still the transfers table, before or after the capture', () => {
    const after = cli([A, '--csv']);
    const before = cli(['--csv', A]);
    expect(after.code, after.stderr).toBe(0);
    expect(before.stdout).toBe(after.stdout);
    expect(Object.keys(csvRows(after.stdout)[0]!)).toEqual([...TABLE_COLUMNS.transfers]);
    expect(csvRows(after.stdout).map((r) => [r.capture, r.transfer, r.command])).toEqual([
      [A, 'S1-T1', 'LIST'],
      [A, 'S1-T2', 'RETR'],
    ]);
  });

  it.each([...TABLE_NAMES])('--csv %s prints that table with its header', (table) => {
    // A saved EK stream: no tshark run needed to check the option.
    const r = cli(['--ek', 'test/fixtures/zeek-ipv4.ek.jsonl', '--csv', table]);
    expect(r.code, r.stderr).toBe(0);
    expect((parse(r.stdout, { to_line: 1 }) as string[][])[0]).toEqual([...TABLE_COLUMNS[table]]);
  });

  it('--jsonl commands: one JSON object per command, typed', () => {
    const r = cli([A, '--jsonl', 'commands']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows[0]).toMatchObject({ capture: A, session: 'S1', seq: 1, command: 'USER', arg: 'demo', replyCode: 331 });
    expect(rows.find((x) => x.command === 'PWD')!.arg).toBeNull();
  });

  it('an unknown table is a usage error naming the tables', () => {
    const r = cli([A, '--csv', 'sesions']);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(
      /--csv: no table "sesions" \(did you mean "sessions"\? tables: sessions, commands, transfers, logins, findings, packets, files, captures\)/,
    );
  });

  it('--excel starts the CSV with a UTF-8 byte order mark, and needs CSV output', () => {
    const r = run([A, '--csv', 'sessions', '--excel']);
    expect(r.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(r.bytes.subarray(3).toString('utf8')).toBe(cli([A, '--csv', 'sessions']).stdout);
    const bad = cli([A, '--json', '--excel']);
    expect(bad.code).toBe(2);
    expect(expectOneLineError(bad)).toMatch(/--excel applies to CSV output/);
  });

  it('--json and --csv together are a usage error, as are --out and --zeek', () => {
    expect(cli([A, '--json', '--csv']).code).toBe(2);
    expect(cli([A, '--jsonl', '--zeek']).code).toBe(2);
    expect(cli([A, '--out', join(dir, 'x'), '--zeek']).code).toBe(2);
  });
});

describe('--zeek', () => {
  it("prints a Zeek ftp.log: Zeek's default commands, passwords hidden unless asked", () => {
    const r = cli([A, '--zeek']);
    expect(r.code, r.stderr).toBe(0);
    const log = parseZeekLog(r.stdout);
    expect(log.rows.map((x) => x['command'])).toEqual(['PASV', 'PASV', 'RETR']);
    expect(log.rows[2]).toMatchObject({
      user: 'demo',
      password: '<hidden>',
      arg: 'ftp://127.0.0.1/readme.txt',
      reply_code: '226',
    });
    const shown = parseZeekLog(cli([A, '--zeek', '--show-passwords', '--zeek-commands', 'USER,PASS,RETR']).stdout);
    expect(shown.rows.map((x) => [x['command'], x['arg'], x['password']])).toEqual([
      ['USER', 'demo', null],
      ['PASS', 'demo123', 'demo123'],
      ['RETR', 'ftp://127.0.0.1/readme.txt', 'demo123'],
    ]);
  });

  it('rejects a --zeek-commands list that is not one', () => {
    const r = cli([A, '--zeek', '--zeek-commands', 'RETR;rm -rf']);
    expect(r.code).toBe(2);
  });
});

describe('several captures', () => {
  it('--csv rows carry the capture they come from, in the order given', () => {
    const r = cli([A, B, '--csv', 'sessions']);
    expect(r.code, r.stderr).toBe(0);
    expect(csvRows(r.stdout).map((x) => [x.capture, x.session])).toEqual([
      [A, 'S1'],
      [B, 'S1'],
      [B, 'S2'],
    ]);
  });

  it('--json prints an array of reports; one capture still prints the report object', () => {
    const two = JSON.parse(cli([A, B, '--json']).stdout) as Report[];
    expect(Array.isArray(two)).toBe(true);
    expect(two.map((x) => x.capture.file)).toEqual([A, B]);
    const one = JSON.parse(cli([A, '--json']).stdout) as Report;
    expect(Array.isArray(one)).toBe(false);
    expect(one.capture.file).toBe(A);
  });

  it('--md and the summary print one report after the other', () => {
    const md = cli([A, B, '--md']).stdout;
    expect(md.split('\n---\n').length).toBeGreaterThanOrEqual(2);
    const summary = cli([A, B]).stdout;
    expect(summary).toContain(`${A}: `);
    expect(summary).toContain(`${B}: `);
  });

  it('--zeek writes one log with the rows of both', () => {
    const log = parseZeekLog(cli([A, B, '--zeek']).stdout);
    expect(log.rows.map((x) => x['id.orig_p'])).toEqual([
      '60202',
      '60202',
      '60202',
      '46772',
      '46772',
      '46786',
      '46786',
    ]);
  });

  it('one bad capture among several: the good one is printed, the bad one gets its line, exit 8', () => {
    const missing = join(dir, 'missing.pcapng');
    const r = cli([A, missing, '--csv']);
    expect(r.code).toBe(8);
    expect(r.stdout).toBe(cli([A, '--csv']).stdout);
    expect(r.stderr.split('\n')[0]).toBe(`ftp-report: ${missing}: no such file`);
  });

  it('one capture alone that is bad fails the run with its exit code and prints nothing', () => {
    const r = cli([join(dir, 'missing.pcapng'), '--csv']);
    expect(r.code).toBe(3);
    expectOneLineError(r);
  });
});

describe('--out DIR', () => {
  /**
   * A tshark that notes each run reading a capture, then is the real one. Run as root, ftp-report runs it as nobody:
   * the folder is open to search and the log to writing.
   */
  function countingTshark(): { env: NodeJS.ProcessEnv; runs: () => number } {
    const log = join(dir, `tshark-runs-${Math.random().toString(36).slice(2)}.log`);
    const script = join(dir, `tshark-${Math.random().toString(36).slice(2)}`);
    chmodSync(dir, 0o711);
    writeFileSync(log, '');
    chmodSync(log, 0o666);
    writeFileSync(script, `#!/bin/sh\ncase " $* " in *" -r "*) echo run >> '${log}';; esac\nexec tshark "$@"\n`);
    chmodSync(script, 0o755);
    return {
      env: { FTP_REPORT_TSHARK: script },
      runs: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length,
    };
  }

  // 11 runs of the command (--out, then one per file to compare with): over a minute on a loaded machine
  it('writes every table, report.json, report.md and ftp.log from one tshark run', () => {
    const out = join(dir, 'out', 'nested');
    const tshark = countingTshark();
    const r = cli([A, '--out', out], tshark.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(tshark.runs()).toBe(1);
    expect(readdirSync(out).sort()).toEqual(
      [...TABLE_NAMES.map((t) => `${t}.csv`), 'captures.csv', 'ftp.log', 'report.json', 'report.md'].sort(),
    );
    // Each file is what the matching option prints.
    expect(readFileSync(join(out, 'captures.csv'), 'utf8')).toMatch(/^capture,status,.*\n[^\n]+,ok,pcapng,/);
    for (const t of TABLE_NAMES)
      expect(readFileSync(join(out, `${t}.csv`), 'utf8'), t).toBe(cli([A, '--csv', t]).stdout);
    // --out's Markdown and packets table start tshark, which its report.json names; --json alone reads this plain
    // capture without tshark, and names none
    const written = readFileSync(join(out, 'report.json'), 'utf8');
    const version = (JSON.parse(written) as Report).capture.tsharkVersion;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const alone = cli([A, '--json']).stdout;
    expect(alone).toContain('"tsharkVersion":null');
    expect(written).toBe(alone.replace('"tsharkVersion":null', `"tsharkVersion":"${version}"`));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(cli([A, '--md']).stdout);
    expect(readFileSync(join(out, 'ftp.log'), 'utf8')).toBe(cli([A, '--zeek']).stdout);
  }, 180_000);

  it('with several captures: one tshark run each, tables with both', () => {
    const out = join(dir, 'out-two');
    const tshark = countingTshark();
    const r = cli([A, B, '--out', out, '--excel'], tshark.env);
    expect(r.code, r.stderr).toBe(0);
    expect(tshark.runs()).toBe(2);
    const sessions = readFileSync(join(out, 'sessions.csv'));
    expect(sessions.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csvRows(sessions.toString('utf8').slice(1)).map((x) => x.capture)).toEqual([A, B, B]);
    expect((JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report[]).length).toBe(2);
  });

  it('a directory that cannot be made: exit 7 before tshark runs', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const tshark = countingTshark();
    const r = cli([A, '--out', join(file, 'sub')], tshark.env);
    expect(r.code).toBe(7);
    expect(expectOneLineError(r)).toMatch(/plain-file\/sub: cannot be created as a directory \(ENOTDIR\)/);
    expect(tshark.runs()).toBe(0);
  });
});
