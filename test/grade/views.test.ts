// The gradebook CSV and the Markdown views with names chosen to break them: formulas, pipes, HTML, brackets.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderClassSummary, renderGradeSection, withGradeSection } from '../../src/grade/class-summary.js';
import { DEFAULT_RUBRIC } from '../../src/grade/default-rubric.js';
import { gradeReport } from '../../src/grade/grade-report.js';
import { renderGradebook } from '../../src/grade/gradebook.js';
import { failureFrom } from '../../src/grade/failure.js';
import type { GradeRow } from '../../src/grade/run-batch.js';
import { lintMarkdown } from '../reports/markdown-check.js';
import { attempt, cmd, login, report, session } from './report-builder.js';

const grade = gradeReport(
  report([
    session({
      login: login(attempt('a', 'b', 230, 8, 6)),
      commands: [cmd(6, 'USER', 'a', 331), cmd(8, 'PASS', 'b', 230, 9)],
    }),
  ]),
  DEFAULT_RUBRIC,
);

const rows: GradeRow[] = [
  {
    file: 'subs/=HYPERLINK("x")|<b>_[1]*.pcapng',
    student: '@cmd|<script>',
    status: 'graded',
    reason: null,
    error: null,
    failure: null,
    grade,
    copies: [],
    keyLog: null,
  },
  {
    file: 'subs/(bob) notes.pcap',
    student: '-bob',
    status: 'failed',
    reason: 'not-a-capture',
    error: 'is not a pcap or pcapng capture (it starts with bytes |<capture>)',
    failure: failureFrom('not-a-capture', { kind: 'not-a-capture', firstBytes: '|<capture>' }),
    grade: null,
    copies: [],
    keyLog: null,
  },
];

describe('gradebook CSV', () => {
  it('neutralises formula cells unless --csv-raw; numbers and frames stay as they are', () => {
    const csv = renderGradebook(rows, DEFAULT_RUBRIC);
    const parsed = parse(csv, { columns: true }) as Record<string, string>[];
    expect(parsed[0]).toMatchObject({
      file: 'subs/=HYPERLINK("x")|<b>_[1]*.pcapng',
      student: "'@cmd|<script>",
      score: '2',
      'login.frames': '6 8 9',
    });
    expect(parsed[1]).toMatchObject({
      student: "'-bob",
      status: 'failed',
      score: '',
      error: 'is not a pcap or pcapng capture (it starts with bytes |<capture>)',
    });
    const raw = parse(renderGradebook(rows, DEFAULT_RUBRIC, { raw: true }), { columns: true }) as Record<
      string,
      string
    >[];
    expect(raw[0]!.student).toBe('@cmd|<script>');
    expect(renderGradebook(rows, DEFAULT_RUBRIC, { bom: true }).startsWith('\uFEFFfile,student,')).toBe(true);
  });
});

describe('Markdown', () => {
  const links = new Map([[rows[0]!.file, 'reports/=HYPERLINK("x")|<b>_[1]*.pcapng.md']]);
  const summary = renderClassSummary(rows, DEFAULT_RUBRIC, { reportLinks: links });

  it('the class summary passes markdownlint and no captured name breaks a table or adds HTML', () => {
    expect(lintMarkdown(summary)).toEqual([]);
    expect(summary).not.toMatch(/<b>|<script>|<capture>/);
    // link text escaped for Markdown, link target percent-encoded (parentheses too)
    expect(summary).toContain(
      '[subs/=HYPERLINK("x")\\|&lt;b&gt;\\_\\[1\\]\\*.pcapng](reports/=HYPERLINK%28%22x%22%29%7C%3Cb%3E_%5B1%5D*.pcapng.md)',
    );
    expect(summary).toContain(
      '2 files: 1 graded, 1 could not be graded. 0 of 1 met every required criterion. Mean score 2 of 8 (median 2).',
    );
    expect(summary).toContain(
      '| subs/(bob) notes.pcap | -bob | not a capture | is not a pcap or pcapng capture (it starts with bytes \\|&lt;capture&gt;) |',
    );
  });

  it('the grade section goes after the report title and its introduction, and passes markdownlint', () => {
    const lab = '# FTP traffic analysis: x\n\nIntro.\n\n## Capture\n\nFacts.\n';
    const md = withGradeSection(lab, renderGradeSection(grade, DEFAULT_RUBRIC));
    expect(md.startsWith('# FTP traffic analysis: x\n\nIntro.\n\n## Grade\n\nScore **2 of 8** (25%)')).toBe(true);
    expect(md).toContain('| Login shown: USER, PASS and the 230 reply | required | 1 | pass | 6, 8, 9 | S1 |');
    expect(md).toContain('| A failed login shown (USER, PASS, 530) | bonus | 1 | fail | – | – |');
    expect(md).toContain('- no active-mode transfer attempted (no PORT/EPRT)\n');
    expect(md.indexOf('## Capture')).toBeGreaterThan(md.indexOf('## Grade'));
    expect(lintMarkdown(md)).toEqual([]);
  });
});
