// Markdown for people, in the class's language: the class summary (criteria pass counts, common mistakes,
// possible copies, files not graded, every file) and the grade section put at the top of each capture's report.

import { mdCell } from '../reports/escape.js';
import type { CaptureGrade, GradeMistake } from './grade-report.js';
import { type GradeLang, textIn } from './lang.js';
import { type Rubric, maxScoreOf, roundScore } from './rubric.js';
import type { GradeRow } from './run-batch.js';
import { type Texts, textsFor } from './texts.js';

const percent = (n: number, of: number) => (of === 0 ? '–' : `${Math.round((n * 100) / of)}%`);

/** A relative link target that survives Markdown: spaces, parentheses and pipes percent-encoded. */
function linkTarget(path: string): string {
  return encodeURI(path).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

function kindOf(c: Rubric['criteria'][number]): 'required' | 'optional' | 'bonus' {
  return c.bonus ? 'bonus' : c.required ? 'required' : 'optional';
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : roundScore((s[mid - 1]! + s[mid]!) / 2);
}

function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** Who a row is in lists: the student id, else the file. */
export const nameOf = (r: GradeRow) => r.student || r.file;

export interface SummaryOptions {
  /** Report file per capture path, relative to the summary (e.g. "reports/alice.pcapng.md"), for links. */
  reportLinks?: Map<string, string>;
  /** The language of every word (default en). */
  lang?: GradeLang;
}

function commonMistakes(graded: GradeRow[], x: Texts): string[] {
  const byMistake = new Map<string, { mistake: GradeMistake; rows: GradeRow[] }>();
  for (const r of graded) {
    for (const m of r.grade!.mistakes) {
      const entry = byMistake.get(m.id) ?? { mistake: m, rows: [] };
      entry.rows.push(r);
      byMistake.set(m.id, entry);
    }
  }
  if (byMistake.size === 0) return [x.t.noMistakes, ''];
  const sorted = [...byMistake.values()].sort((a, b) => b.rows.length - a.rows.length);
  const rows = sorted.map((e) => [
    mdCell(x.mistake(e.mistake)),
    mdCell(e.mistake.id),
    String(e.rows.length),
    mdCell(e.rows.map(nameOf).join(', ')),
  ]);
  return [table(x.t.mistakesHeader, ['l', 'l', 'r', 'l'], rows), ''];
}

function copiesTable(rows: GradeRow[], x: Texts): string[] {
  const lines: string[][] = [];
  rows.forEach((r, i) => {
    for (const c of r.copies) {
      if (c.row < i) continue;
      const other = rows[c.row]!;
      lines.push([
        mdCell(`${nameOf(r)}, ${nameOf(other)}`),
        mdCell(`${r.file}, ${other.file}`),
        x.t.copyKind[c.kind],
        String(c.sharedPackets),
      ]);
    }
  });
  if (lines.length === 0) return [];
  return [`## ${x.t.copiesHeading}`, '', x.t.copiesIntro, '', table(x.t.copiesHeader, ['l', 'l', 'l', 'r'], lines), ''];
}

/** The class summary in Markdown. */
export function renderClassSummary(rows: GradeRow[], rubric: Rubric, options: SummaryOptions = {}): string {
  const x = textsFor(rubric, options.lang ?? 'en');
  const t = x.t;
  const graded = rows.filter((r) => r.grade !== null);
  const failed = rows.filter((r) => r.grade === null);
  const partial = rows.filter((r) => r.status === 'partial');
  const max = maxScoreOf(rubric);
  const out: string[] = [`# ${mdCell(t.summaryTitle(textIn(rubric.title, x.lang)))}`, ''];
  if (rubric.description) out.push(mdCell(textIn(rubric.description, x.lang)), '');

  const scores = graded.map((r) => r.grade!.score);
  const mean = scores.length > 0 ? roundScore(scores.reduce((a, b) => a + b, 0) / scores.length) : 0;
  const met = graded.filter((r) => r.grade!.requiredMet).length;
  const counts = t.summaryCounts({
    files: rows.length,
    graded: graded.length,
    partial: partial.length,
    failed: failed.length,
  });
  const stats = { met, graded: graded.length, mean, median: median(scores), max };
  out.push(graded.length > 0 ? `${counts} ${t.summaryScores(stats)}` : counts, '');

  out.push(`## ${t.criteriaHeading}`, '');
  out.push(
    table(
      t.criteriaHeader,
      ['r', 'l', 'l', 'l', 'r', 'r', 'r'],
      rubric.criteria.map((c, i) => {
        const passed = graded.filter((r) => r.grade!.criteria[i]?.passed).length;
        return [
          String(i + 1),
          mdCell(x.title(c)),
          mdCell(c.id),
          t.kind[kindOf(c)],
          String(c.weight),
          `${passed} / ${graded.length}`,
          percent(passed, graded.length),
        ];
      }),
    ),
    '',
  );

  out.push(`## ${t.mistakesHeading}`, '', ...commonMistakes(graded, x));
  out.push(...copiesTable(rows, x));

  if (failed.length > 0) {
    out.push(`## ${t.notGradedHeading}`, '');
    out.push(
      table(
        t.notGradedHeader,
        ['l', 'l', 'l', 'l'],
        failed.map((r) => [mdCell(r.file), mdCell(r.student), mdCell(t.reason[r.reason!]), mdCell(x.failure(r))]),
      ),
      '',
    );
  }

  out.push(`## ${t.everyHeading}`, '');
  out.push(
    table(
      t.everyHeader,
      ['l', 'l', 'r', 'r', 'l', 'l', 'l', 'l'],
      rows.map((r) => {
        const link = options.reportLinks?.get(r.file);
        const file = r.grade && link ? `[${mdCell(r.file)}](${linkTarget(link)})` : mdCell(r.file);
        const copyOf = mdCell(r.copies.map((c) => nameOf(rows[c.row]!)).join(', ')) || '–';
        if (!r.grade)
          return [file, mdCell(r.student), '–', '–', '–', mdCell(t.notGradedCell(t.reason[r.reason!])), '–', copyOf];
        const missing = rubric.criteria.filter((c, i) => !c.bonus && !r.grade!.criteria[i]?.passed).map((c) => c.id);
        return [
          file,
          mdCell(r.student),
          `${r.grade.score} / ${max}${r.status === 'partial' ? ` (${t.partialCell})` : ''}`,
          `${r.grade.percent}%`,
          r.grade.requiredMet ? t.yes : t.no,
          mdCell(missing.join(', ')),
          mdCell(r.grade.mistakes.map((m) => m.id).join(', ')),
          copyOf,
        ];
      }),
    ),
    '',
  );
  return `${out.join('\n').trimEnd()}\n`;
}

export interface GradeSectionOptions {
  lang?: GradeLang;
  /** The capture was cut short and graded on this many packets. */
  partialPackets?: number;
  /** The lab report below is in English although lang is not (no lab catalog in that language). */
  labInEnglish?: boolean;
}

/** The "Grade" section of one capture's report: score, each criterion with its evidence frames, mistakes. */
export function renderGradeSection(grade: CaptureGrade, rubric: Rubric, options: GradeSectionOptions = {}): string {
  const x = textsFor(rubric, options.lang ?? 'en');
  const t = x.t;
  const out: string[] = [`## ${t.gradeHeading}`, ''];
  if (options.labInEnglish) out.push(t.labInEnglish, '');
  if (grade.partial && options.partialPackets !== undefined) out.push(t.partialNote(options.partialPackets), '');
  out.push(
    t.gradeScore({
      score: grade.score,
      max: grade.maxScore,
      percent: grade.percent,
      bonus: rubric.criteria.some((c) => c.bonus),
      requiredMet: grade.requiredMet,
    }),
    '',
  );
  out.push(
    table(
      t.gradeHeader,
      ['l', 'l', 'r', 'l', 'l', 'l'],
      rubric.criteria.map((c, i) => {
        const r = grade.criteria[i]!;
        return [
          mdCell(x.title(c)),
          t.kind[kindOf(c)],
          String(c.weight),
          r.passed ? t.pass : c.bonus ? t.fail : `**${t.fail}**`,
          mdCell(r.frames.join(', ')),
          mdCell(r.where),
        ];
      }),
    ),
    '',
  );
  const feedback = x.feedback(grade);
  if (feedback.length > 0) {
    out.push(`### ${t.feedbackLostHeading}`, '');
    for (const p of feedback) out.push(`- ${mdCell(p)}`);
    out.push('');
  }
  if (grade.mistakes.length > 0) {
    out.push(t.mistakesSeen, '');
    for (const m of grade.mistakes)
      out.push(`- ${mdCell(x.mistake(m))}${m.frames.length > 0 ? `: ${t.frames(m.frames)}` : ''}`);
    out.push('');
  }
  return out.join('\n');
}

/** A capture's Markdown report with the grade section put after its title and introduction. */
export function withGradeSection(labReport: string, section: string): string {
  const at = labReport.indexOf('\n## ');
  if (at === -1) return `${labReport.trimEnd()}\n\n${section}`;
  return `${labReport.slice(0, at + 1)}${section}\n${labReport.slice(at + 1)}`;
}
