// Markdown for people: the class summary (criteria pass counts, common mistakes, every capture) and the grade
// section put at the top of each capture's report.

import { mdCell } from '../reports/escape.js';
import type { CaptureGrade } from './grade-report.js';
import { MISTAKE_IDS, MISTAKE_TEXT, type MistakeId } from './mistakes.js';
import { type Rubric, maxScoreOf, roundScore } from './rubric.js';
import type { GradeRow } from './run-batch.js';

const percent = (n: number, of: number) => (of === 0 ? '–' : `${Math.round((n * 100) / of)}%`);

/** A relative link target that survives Markdown: spaces, parentheses and pipes percent-encoded. */
function linkTarget(path: string): string {
  return encodeURI(path).replace(/\(/g, '%28').replace(/\)/g, '%29');
}

function kindOf(c: Rubric['criteria'][number]): string {
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
const nameOf = (r: GradeRow) => r.student || r.file;

export interface SummaryOptions {
  /** Report file per capture path, relative to the summary (e.g. "reports/alice.pcapng.md"), for links. */
  reportLinks?: Map<string, string>;
}

/** The class summary in Markdown. */
export function renderClassSummary(rows: GradeRow[], rubric: Rubric, options: SummaryOptions = {}): string {
  const graded = rows.filter((r) => r.grade !== null);
  const failed = rows.filter((r) => r.grade === null);
  const max = maxScoreOf(rubric);
  const out: string[] = [`# Class summary: ${mdCell(rubric.title)}`, ''];
  if (rubric.description) out.push(mdCell(rubric.description), '');

  const scores = graded.map((r) => r.grade!.score);
  const mean = scores.length > 0 ? roundScore(scores.reduce((a, b) => a + b, 0) / scores.length) : 0;
  const met = graded.filter((r) => r.grade!.requiredMet).length;
  const counts =
    `${rows.length} capture${rows.length === 1 ? '' : 's'}: ${graded.length} graded, ${failed.length} ` +
    `could not be graded.`;
  out.push(
    graded.length > 0
      ? `${counts} ${met} of ${graded.length} met every required criterion. Mean score ${mean} of ${max} (median ` +
          `${median(scores)}).`
      : counts,
    '',
  );

  out.push('## Criteria', '');
  out.push(
    table(
      ['#', 'Criterion', 'Id', 'Kind', 'Weight', 'Passed', 'Share'],
      ['r', 'l', 'l', 'l', 'r', 'r', 'r'],
      rubric.criteria.map((c, i) => {
        const passed = graded.filter((r) => r.grade!.criteria[i]?.passed).length;
        return [
          String(i + 1),
          mdCell(c.title),
          mdCell(c.id),
          kindOf(c),
          String(c.weight),
          `${passed} / ${graded.length}`,
          percent(passed, graded.length),
        ];
      }),
    ),
    '',
  );

  out.push('## Common mistakes', '');
  const byMistake = new Map<MistakeId, GradeRow[]>();
  for (const r of graded) for (const m of r.grade!.mistakes) byMistake.set(m.id, [...(byMistake.get(m.id) ?? []), r]);
  const mistakes = MISTAKE_IDS.filter((id) => byMistake.has(id)).sort(
    (a, b) => byMistake.get(b)!.length - byMistake.get(a)!.length,
  );
  if (mistakes.length === 0) out.push('No common mistakes were found in the graded captures.', '');
  else {
    out.push(
      table(
        ['Mistake', 'Id', 'Captures', 'Who'],
        ['l', 'l', 'r', 'l'],
        mistakes.map((id) => {
          const who = byMistake.get(id)!;
          return [mdCell(MISTAKE_TEXT[id]), mdCell(id), String(who.length), mdCell(who.map(nameOf).join(', '))];
        }),
      ),
      '',
    );
  }

  if (failed.length > 0) {
    out.push('## Captures that could not be graded', '');
    out.push(
      table(
        ['File', 'Student', 'Reason', 'Error'],
        ['l', 'l', 'l', 'l'],
        failed.map((r) => [mdCell(r.file), mdCell(r.student), mdCell(r.reason), mdCell(r.error)]),
      ),
      '',
    );
  }

  out.push('## Every capture', '');
  out.push(
    table(
      ['File', 'Student', 'Score', 'Required met', 'Criteria not met (bonus left out)', 'Mistakes'],
      ['l', 'l', 'r', 'l', 'l', 'l'],
      rows.map((r) => {
        const link = options.reportLinks?.get(r.file);
        const file = r.grade && link ? `[${mdCell(r.file)}](${linkTarget(link)})` : mdCell(r.file);
        if (!r.grade) return [file, mdCell(r.student), '–', '–', mdCell(`not graded: ${r.reason}`), '–'];
        const missing = rubric.criteria.filter((c, i) => !c.bonus && !r.grade!.criteria[i]?.passed).map((c) => c.id);
        return [
          file,
          mdCell(r.student),
          `${r.grade.score} / ${max}`,
          r.grade.requiredMet ? 'yes' : 'no',
          mdCell(missing.join(', ')),
          mdCell(r.grade.mistakes.map((m) => m.id).join(', ')),
        ];
      }),
    ),
    '',
  );
  return `${out.join('\n').trimEnd()}\n`;
}

/** The "Grade" section of one capture's report: score, each criterion with its evidence frames, mistakes. */
export function renderGradeSection(grade: CaptureGrade, rubric: Rubric): string {
  const out: string[] = ['## Grade', ''];
  out.push(
    `Score **${grade.score} of ` +
      `${grade.maxScore}**${rubric.criteria.some((c) => c.bonus) ? ' (bonus points included)' : ''}; ` +
      `every required criterion met: **${grade.requiredMet ? 'yes' : 'no'}**.`,
    '',
  );
  out.push(
    table(
      ['Criterion', 'Kind', 'Weight', 'Result', 'Evidence frames', 'Where'],
      ['l', 'l', 'r', 'l', 'l', 'l'],
      rubric.criteria.map((c, i) => {
        const r = grade.criteria[i]!;
        return [
          mdCell(c.title),
          kindOf(c),
          String(c.weight),
          r.passed ? 'pass' : c.bonus ? 'fail' : '**fail**',
          mdCell(r.frames.join(', ')),
          mdCell(r.where),
        ];
      }),
    ),
    '',
  );
  if (grade.mistakes.length > 0) {
    out.push('Mistakes seen in the capture:', '');
    for (const m of grade.mistakes)
      out.push(`- ${mdCell(m.message)}${m.frames.length > 0 ? `: frames ${m.frames.join(', ')}` : ''}`);
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
