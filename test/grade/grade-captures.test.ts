// Grades a directory of real captures (samples/, test/fixtures/grade/ and broken files) and checks every verdict.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from '../../src/grade/default-rubric.js';
import { type GradeRow, gradePaths, renderGradebook } from '../../src/grade/index.js';
import { CATALOGS } from '../../src/reports/lab/render.js';
import { expectOneLineError, runCli } from '../cli/run-cli.js';
import { lintMarkdown } from '../reports/markdown-check.js';

const SAMPLES = [
  'active-list-retr',
  'active-retr-125',
  'ipv6-epsv-eprt',
  'login-failed-then-ok',
  'passive-list-retr',
  'telnet-char-per-segment',
  'upload-stor',
];
const FIXTURES = 'test/fixtures/grade';

let dir: string;
let rows: GradeRow[];

/** The class: the samples, the grading fixtures, and broken files made here. */
function makeClass(root: string): void {
  const cls = join(root, 'class');
  mkdirSync(join(cls, 'fixtures'), { recursive: true });
  for (const s of SAMPLES) copyFileSync(`samples/${s}.pcapng`, join(cls, `${s}.pcapng`));
  for (const f of readdirSync(FIXTURES).filter((n) => /\.(pcapng|gz)$/.test(n)))
    copyFileSync(join(FIXTURES, f), join(cls, 'fixtures', f));
  const passive = readFileSync('samples/passive-list-retr.pcapng');
  const broken = join(cls, 'broken');
  mkdirSync(broken);
  // cut in the middle of a packet
  writeFileSync(join(broken, 'truncated.pcapng'), passive.subarray(0, 3000));
  // cut 20 bytes into the first packet, after the section header (192 bytes) and interface block (88): tshark
  // reads no packet and says the file was cut short
  writeFileSync(join(broken, 'cut-in-first-packet.pcapng'), passive.subarray(0, 192 + 88 + 20));
  // 64 bytes of 0xff in the middle: block lengths that do not match
  const corrupt = Buffer.from(passive);
  corrupt.fill(0xff, corrupt.length >> 1, (corrupt.length >> 1) + 64);
  writeFileSync(join(broken, 'corrupt.pcapng'), corrupt);
  writeFileSync(join(broken, 'notes.pcap'), 'these are my notes, not a capture\n');
  writeFileSync(join(broken, 'empty.pcapng'), '');
  writeFileSync(join(broken, 'text.pcap.gz'), gzipSync('not a capture either\n'));
  // a valid pcap header (little-endian, v2.4, snaplen 65535, Ethernet) and no packet
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  writeFileSync(join(broken, 'no-packets.pcap'), header);
  // not a capture by its name: still a row, saying what it is
  writeFileSync(join(broken, 'README.txt'), 'not ignored\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grade-class-'));
  makeClass(dir);
  rows = await gradePaths([join(dir, 'class')], { rubric: DEFAULT_RUBRIC, jobs: 2 });
}, 600_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const P = 'pass';
const F = 'fail';
// handshake, login, failed-login (bonus), active, passive, data-moved, teardown; score; mistakes
const EXPECTED: Record<string, [string[], number, string[]]> = {
  'active-list-retr.pcapng': [[P, P, F, P, F, P, P], 6, ['no-passive']],
  'active-retr-125.pcapng': [[P, P, F, P, F, P, P], 6, ['no-passive']],
  'ipv6-epsv-eprt.pcapng': [[P, P, F, P, P, P, P], 8, []],
  'login-failed-then-ok.pcapng': [[P, P, P, F, P, P, P], 7, ['no-active']],
  'passive-list-retr.pcapng': [[P, P, F, F, P, P, P], 6, ['no-active']],
  'telnet-char-per-segment.pcapng': [[P, P, F, F, P, P, P], 6, ['no-active']],
  'upload-stor.pcapng': [[P, P, F, P, P, P, P], 8, []],
  'fixtures/active-refused-425.pcapng': [[P, P, F, F, P, P, P], 6, ['active-refused']],
  'fixtures/control-only.pcapng': [[P, P, F, F, F, F, F], 2, ['no-active', 'data-not-captured']],
  'fixtures/login-failed-only.pcapng': [
    [P, F, P, F, F, F, F],
    2,
    ['no-active', 'no-passive', 'login-failed-only', 'no-transfer'],
  ],
  'fixtures/mid-session.pcapng': [[F, P, F, F, P, P, P], 5, ['no-active', 'mid-session']],
  'fixtures/no-data-teardown.pcapng': [[P, P, F, P, F, P, F], 5, ['no-passive', 'teardown-missing']],
  'fixtures/upload-stor.cap.gz': [[P, P, F, P, P, P, P], 8, []],
};

const NOT_GRADED: Record<string, [string, RegExp]> = {
  'broken/README.txt': ['not-a-capture', /^is not a pcap or pcapng capture \(it starts with bytes 6e6f7420\)$/],
  'broken/empty.pcapng': ['empty', /^is empty \(0 bytes\)/],
  'broken/no-packets.pcap': ['empty', /^the capture holds no packets$/],
  'broken/notes.pcap': ['not-a-capture', /^is not a pcap or pcapng capture/],
  'broken/text.pcap.gz': ['not-a-capture', /^is gzip-compressed but does not hold a pcap or pcapng capture$/],
  'broken/cut-in-first-packet.pcapng': ['truncated', /^tshark stopped before the end of the capture: .*cut short/],
  'fixtures/no-ftp.pcapng': ['no-ftp', /^no FTP control session in 20 packets on port 21$/],
};

/** Cut short after some packets: graded on what was read, marked partial (the default rubric's partialCredit 1). */
const PARTIAL: Record<string, [string, RegExp]> = {
  'broken/corrupt.pcapng': ['corrupt', /appears to be damaged or corrupt/],
  'broken/truncated.pcapng': ['truncated', /^tshark stopped before the end of the capture \(after \d+ packets\): /],
};

const rel = (row: GradeRow) => row.file.slice(join(dir, 'class').length + 1);

describe('grading a class of real captures with the default rubric', () => {
  it('finds every file below the directory, sorted by path, README.txt too', () => {
    expect(rows.map(rel)).toEqual(
      [...Object.keys(EXPECTED), ...Object.keys(NOT_GRADED), ...Object.keys(PARTIAL)].sort(),
    );
  });

  it.each(Object.entries(PARTIAL))('%s: graded in part, with its reason and error', (name, [reason, error]) => {
    const row = rows.find((r) => rel(r) === name)!;
    expect(row).toMatchObject({ status: 'partial', reason, grade: { partial: true } });
    expect(row.error).toMatch(error);
    // the readable part of passive-list-retr: at least its handshake
    expect(row.grade!.criteria[0]).toMatchObject({ id: 'handshake', passed: true });
  });

  it.each(Object.entries(EXPECTED))('%s: each criterion, score and mistakes', (name, [verdicts, score, mistakes]) => {
    const row = rows.find((r) => rel(r) === name)!;
    expect(row.status).toBe('graded');
    expect(row.grade!.criteria.map((c) => (c.passed ? P : F))).toEqual(verdicts);
    expect(row.grade!.score).toBe(score);
    expect(row.grade!.maxScore).toBe(8);
    expect(row.grade!.requiredMet).toBe(verdicts.every((v, i) => v === P || DEFAULT_RUBRIC.criteria[i]!.bonus));
    expect(row.grade!.mistakes.map((m) => m.id)).toEqual(mistakes);
    for (const c of row.grade!.criteria) expect(c.frames.length > 0).toBe(c.passed);
  });

  it('covers every criterion both passing and failing', () => {
    DEFAULT_RUBRIC.criteria.forEach((c, i) => {
      const verdicts = new Set(Object.values(EXPECTED).map(([v]) => v[i]));
      expect([c.id, [...verdicts].sort()]).toEqual([c.id, [F, P]]);
    });
  });

  it.each(Object.entries(NOT_GRADED))('%s: not graded, with its reason and error', (name, [reason, error]) => {
    const row = rows.find((r) => rel(r) === name)!;
    expect(row).toMatchObject({ status: 'failed', reason, grade: null });
    expect(row.error).toMatch(error);
  });

  it('evidence frames point at the facts samples/README.md lists', () => {
    const frames = (name: string, id: string) =>
      rows.find((r) => rel(r) === name)!.grade!.criteria.find((c) => c.id === id)!.frames;
    // vsftpd: PORT 24 / 200 25, LIST 26, SYN from port 20 at 27, 226 at 36; data FIN 33
    expect(frames('active-list-retr.pcapng', 'active')).toEqual([24, 25, 26, 27, 36]);
    expect(frames('active-list-retr.pcapng', 'teardown')).toEqual([33, 34]);
    // curl: PASV 13 / 227 14, SYN 15, LIST 20, 226 27
    expect(frames('passive-list-retr.pcapng', 'passive')).toEqual([13, 14, 15, 20, 27]);
    // ftplib: USER 6, PASS wrongpass 9, 530 at 11; then USER 12, PASS 15, 230 16
    expect(frames('login-failed-then-ok.pcapng', 'failed-login')).toEqual([6, 9, 11]);
    expect(frames('login-failed-then-ok.pcapng', 'login')).toEqual([12, 15, 16]);
    expect(frames('fixtures/mid-session.pcapng', 'handshake')).toEqual([]);
  });

  it('the gradebook has a row per capture in path order and the documented columns', () => {
    const csv = renderGradebook(rows, DEFAULT_RUBRIC);
    const parsed = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(parsed[0]!)).toEqual([
      'file',
      'student',
      'status',
      'reason',
      'score',
      'maxScore',
      'percent',
      'requiredMet',
      'handshake',
      'handshake.frames',
      'login',
      'login.frames',
      'failed-login',
      'failed-login.frames',
      'active',
      'active.frames',
      'passive',
      'passive.frames',
      'data-moved',
      'data-moved.frames',
      'teardown',
      'teardown.frames',
      'mistakes',
      'copy',
      'copyOf',
      'feedback',
      'error',
    ]);
    const ipv6 = parsed.find((r) => r.file!.endsWith('ipv6-epsv-eprt.pcapng'))!;
    expect(ipv6).toMatchObject({
      student: 'ipv6-epsv-eprt',
      status: 'graded',
      score: '8',
      maxScore: '8',
      requiredMet: 'yes',
      active: 'pass',
      'active.frames': '29 30 33 34 45',
    });
    const truncated = parsed.find((r) => r.file!.endsWith('truncated.pcapng'))!;
    expect(truncated).toMatchObject({ status: 'partial', reason: 'truncated', handshake: 'pass', active: 'fail' });
    const empty = parsed.find((r) => r.file!.endsWith('empty.pcapng'))!;
    expect(empty).toMatchObject({ status: 'failed', reason: 'empty', score: '', active: '', feedback: '' });
  });
});

describe('ftp-report grade (the command)', () => {
  it('prints the gradebook, a progress line per capture, and exits 8 when some captures could not be graded', () => {
    const r = runCli(['grade', join(dir, 'class', 'broken'), 'samples/upload-stor.pcapng', '-j', '2']);
    expect(r.code).toBe(8);
    const parsed = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(parsed.map((p) => [p.file!.replace(`${dir}/class/`, ''), p.status, p.reason])).toEqual([
      ['broken/README.txt', 'failed', 'not-a-capture'],
      ['broken/corrupt.pcapng', 'partial', 'corrupt'],
      ['broken/cut-in-first-packet.pcapng', 'failed', 'truncated'],
      ['broken/empty.pcapng', 'failed', 'empty'],
      ['broken/no-packets.pcap', 'failed', 'empty'],
      ['broken/notes.pcap', 'failed', 'not-a-capture'],
      ['broken/text.pcap.gz', 'failed', 'not-a-capture'],
      ['broken/truncated.pcapng', 'partial', 'truncated'],
      ['samples/upload-stor.pcapng', 'graded', ''],
    ]);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => /^ftp-report: graded \d\/9 /.test(l))).toHaveLength(9);
    expect(lines.find((l) => l.includes('truncated.pcapng:'))).toMatch(/, graded in part \(truncated\)$/);
    expect(lines.at(-2)).toBe('ftp-report: 9 files: 3 graded (2 of them in part), 6 not graded');
    const last = 'ftp-report: 8 of 9 files could not be graded whole: see the status, reason and error columns';
    expect(lines.at(-1)).toBe(last);
  }, 300_000);

  it('exits 0 with nothing on stderr when every capture was graded (--no-progress); the order does not depend on -j', () => {
    const args = [
      'grade',
      'samples/upload-stor.pcapng',
      'samples/ipv6-epsv-eprt.pcapng',
      'samples/active-retr-125.pcapng',
      '--no-progress',
    ];
    const one = runCli([...args, '-j', '1']);
    const three = runCli([...args, '-j', '3']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toBe('');
    expect(three.stdout).toBe(one.stdout);
    expect(one.stdout.split('\n')[1]).toMatch(/^samples\/active-retr-125\.pcapng,active-retr-125,graded,,6,8,75,no,/);
  }, 300_000);

  it('--out writes gradebook.csv, summary.md and a report per graded capture with its grade on top', () => {
    const out = join(dir, 'out');
    const r = runCli([
      'grade',
      join(dir, 'class', 'fixtures'),
      '--out',
      out,
      '--id-pattern',
      '^([a-z]+)-',
      '--no-progress',
    ]);
    expect(r.code).toBe(8);
    expect(r.stdout).toBe('');
    expect(expectOneLineError(r)).toBe(
      'ftp-report: 1 of 7 files could not be graded whole: see the status, reason and error columns',
    );
    expect(readdirSync(out).sort()).toEqual(['feedback', 'gradebook.csv', 'reports', 'summary.md']);
    // a feedback file per student, the one not graded too
    expect(readdirSync(join(out, 'feedback')).sort()).toEqual([
      'active-refused-425.pcapng.md',
      'control-only.pcapng.md',
      'login-failed-only.pcapng.md',
      'mid-session.pcapng.md',
      'no-data-teardown.pcapng.md',
      'no-ftp.pcapng.md',
      'upload-stor.cap.gz.md',
    ]);
    const feedback = readFileSync(join(out, 'feedback', 'active-refused-425.pcapng.md'), 'utf8');
    expect(feedback).toContain('# Feedback: active\n\nYour score: **6 of 8** (75%).');
    expect(feedback).toMatch(
      /- Not met: Active mode: .* The closest transfer, LIST after PORT \(frames 11, 12, 13, 14, 16\), does not count: it ended failed \(replies 425\)/,
    );
    expect(lintMarkdown(feedback)).toEqual([]);
    expect(readdirSync(join(out, 'reports')).sort()).toEqual([
      'active-refused-425.pcapng.md',
      'control-only.pcapng.md',
      'login-failed-only.pcapng.md',
      'mid-session.pcapng.md',
      'no-data-teardown.pcapng.md',
      'upload-stor.cap.gz.md',
    ]);
    const book = parse(readFileSync(join(out, 'gradebook.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(book.map((b) => b.student)).toEqual(['active', 'control', 'login', 'mid', 'no', 'no', 'upload']);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('7 files: 6 graded, 1 could not be graded.');
    expect(summary).toMatch(
      /\| active mode attempted but the server could not connect \(425 or no data connection\) \| active-refused \| 1 \| active \|/,
    );
    expect(summary).toMatch(
      /\| 7 \| Data connection teardown \(FIN\) captured \| teardown \| required \| 1 \| 3 \/ 6 \| 50% \|/,
    );
    expect(summary).toContain('(reports/active-refused-425.pcapng.md)');
    expect(summary).toMatch(/\| .*no-ftp\.pcapng \| no \| no FTP in it \| no FTP control session/);
    const report = readFileSync(join(out, 'reports', 'active-refused-425.pcapng.md'), 'utf8');
    expect(report.startsWith('# FTP traffic analysis:')).toBe(true);
    expect(report).toContain(
      '## Grade\n\nScore **6 of 8** (75%) (bonus points included); every required criterion met: **no**.',
    );
    expect(report).toMatch(/- active mode attempted but the server could not connect .*: frames 11, 13, 14, 16/);
    expect(report).toMatch(
      /### What is missing and what to redo\n\n- Not met: Active mode: .* it ended failed \(replies 425\)/,
    );
    expect(report.indexOf('## Grade')).toBeLessThan(report.indexOf('## Capture'));
    expect(lintMarkdown(summary)).toEqual([]);
    expect(lintMarkdown(report)).toEqual([]);
  }, 300_000);

  it('--lang ru --out: the summary, feedback files and grade sections in Russian; the lab report too', () => {
    const out = join(dir, 'out-ru');
    const r = runCli(['grade', join(dir, 'class', 'fixtures'), '--out', out, '--lang', 'ru', '--no-progress']);
    expect(r.code).toBe(8);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('Файлов: 7; оценено: 6; не удалось оценить: 1.');
    expect(summary).toContain('## Типичные ошибки');
    const feedback = readFileSync(join(out, 'feedback', 'login-failed-only.pcapng.md'), 'utf8');
    expect(feedback).toContain(
      '- Не выполнено: Показан вход: USER, PASS и ответ 230. Во всех попытках вход отклонён (530) (кадры 9, 11). ' +
        'Войдите ещё раз с USER и верным PASS во время захвата, чтобы в нём был ответ 230.',
    );
    const report = readFileSync(join(out, 'reports', 'login-failed-only.pcapng.md'), 'utf8');
    expect(report).toContain('## Оценка\n\nБалл **2 из 8** (25%) (с учётом бонусов)');
    expect(report).not.toContain('## Capture');
    const book = parse(readFileSync(join(out, 'gradebook.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(book.find((b) => b.student === 'no-ftp')!.error).toBe(
      'в 20 пакетах нет управляющего сеанса FTP на порту 21',
    );
  }, 300_000);

  it('--lang zh: where the lab report has no Chinese catalog it stays English, and the grade section says so', () => {
    const out = join(dir, 'out-zh');
    const r = runCli(['grade', 'samples/upload-stor.pcapng', '--out', out, '--lang', 'zh', '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    const report = readFileSync(join(out, 'reports', 'upload-stor.pcapng.md'), 'utf8');
    const note = 'zh' in CATALOGS ? '' : '下面的详细报告是英文的。\n\n';
    expect(report).toContain(`## 评分\n\n${note}得分 **8 / 8**（100%）`);
    expect(report.includes('## Capture')).toBe(!('zh' in CATALOGS));
    expect(readFileSync(join(out, 'feedback', 'upload-stor.pcapng.md'), 'utf8')).toContain(
      '你满足了所有标准，做得很好。',
    );
  }, 300_000);

  it('--rubric: the documented example grades classic active mode from port 20', () => {
    const r = runCli([
      'grade',
      'samples/active-list-retr.pcapng',
      'samples/active-retr-125.pcapng',
      '--rubric',
      'docs/rubric.example.json',
      '--no-progress',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const book = parse(r.stdout, { columns: true }) as Record<string, string>[];
    // vsftpd connects from port 20 after LIST; pyftpdlib from an ephemeral port as soon as it reads PORT
    expect(book.map((b) => [b.student, b['active-port-20'], b.download, b.quit, b.cleartext])).toEqual([
      ['active-list-retr', 'pass', 'pass', 'pass', 'pass'],
      ['active-retr-125', 'fail', 'pass', 'pass', 'pass'],
    ]);
    // anonymous, so the named-user login fails; no passive transfer: 1 + 2 + 1 + 1 + 1 + 0.5 + 0.5 of 10
    expect(book[0]).toMatchObject({ score: '7', maxScore: '10', requiredMet: 'no', login: 'fail', passive: 'fail' });
  }, 300_000);

  it('a bad rubric is a usage error (exit 2) naming the field, before any capture is read', () => {
    const bad = join(dir, 'bad-rubric.json');
    writeFileSync(
      bad,
      JSON.stringify({
        criteria: [
          { id: 'a', title: 'A', check: 'control-handshake' },
          { id: 'b', title: 'B', check: 'login' },
          { id: 'c', title: 'C', check: 'foo' },
        ],
      }),
    );
    const r = runCli(['grade', 'samples/upload-stor.pcapng', '--rubric', bad]);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe(
      `ftp-report: ${bad}: rubric.criteria[2].check: unknown check "foo" (checks: control-handshake, login, transfer, data-teardown, command, finding)`,
    );
    expect(expectOneLineError(runCli(['grade', 'x.pcap', '--rubric', join(dir, 'nope.json')]))).toBe(
      `ftp-report: --rubric ${join(dir, 'nope.json')}: no such file`,
    );
  });

  it('usage errors: no path, a bad -j, a bad --id-pattern; no capture found is exit 3', () => {
    expect(runCli(['grade']).code).toBe(2);
    expect(runCli(['grade', 'x.pcap', '-j', '0']).code).toBe(2);
    expect(runCli(['grade', 'x.pcap', '--id-pattern', '(']).code).toBe(2);
    mkdirSync(join(dir, 'nothing'));
    const r = runCli(['grade', join(dir, 'nothing')]);
    expect(r.code).toBe(3);
    expect(expectOneLineError(r)).toMatch(
      /^ftp-report: no capture \(\.pcap, \.pcapng, \.cap, optionally \.gz\) found in /,
    );
  });

  it('--print-rubric prints the default rubric, which --rubric reads back', () => {
    const r = runCli(['grade', '--print-rubric']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(DEFAULT_RUBRIC)));
  });

  it('the root command and its options are unchanged next to grade', () => {
    const summary = runCli(['samples/passive-list-retr.pcapng']);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/^samples\/passive-list-retr\.pcapng: 55 packets/);
    const json = runCli(['samples/passive-list-retr.pcapng', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).sessions).toHaveLength(1);
    const out = join(dir, 'root-out');
    expect(runCli(['samples/passive-list-retr.pcapng', '--out', out, '--lang', 'ru']).code).toBe(0);
    expect(readdirSync(out)).toContain('report.md');
    const help = runCli(['--help']);
    expect(help.stdout).toMatch(/grade \[options\] \[paths\.\.\.\]/);
  }, 300_000);
});
