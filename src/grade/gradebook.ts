// The gradebook CSV: one row per file, a pass/fail and an evidence column per criterion, score, percent, status,
// mistakes, copies and feedback in the class's language.

import { stringify } from 'csv-stringify/sync';
import { nameOf } from './class-summary.js';
import type { GradeLang } from './lang.js';
import type { Rubric } from './rubric.js';
import type { GradeRow } from './run-batch.js';
import { type Texts, textsFor } from './texts.js';

export interface GradebookOptions {
  /** Leave cells starting with = + - @ tab CR as they are (default: prefix them with '). */
  raw?: boolean;
  /** Start with a UTF-8 byte order mark (for Excel). */
  bom?: boolean;
  /** The language of the feedback and error columns (default en); column names and codes stay as they are. */
  lang?: GradeLang;
}

/**
 * The columns in order: fixed ones, then "<id>" and "<id>.frames" per criterion, then mistakes, copies, feedback
 * and error.
 */
export function gradebookColumns(rubric: Rubric): string[] {
  return [
    'file',
    'student',
    'status',
    'reason',
    'score',
    'maxScore',
    'percent',
    'requiredMet',
    ...rubric.criteria.flatMap((c) => [c.id, `${c.id}.frames`]),
    'mistakes',
    'copy',
    'copyOf',
    'feedback',
    'error',
  ];
}

type Cell = string | number;

function rowCells(row: GradeRow, rows: GradeRow[], rubric: Rubric, x: Texts): Cell[] {
  const g = row.grade;
  const perCriterion = rubric.criteria.flatMap((_c, i): Cell[] => {
    const r = g?.criteria[i];
    if (!r) return ['', ''];
    return [r.passed ? 'pass' : 'fail', r.frames.join(' ')];
  });
  return [
    row.file,
    row.student,
    row.status,
    row.reason ?? '',
    g ? g.score : '',
    g ? g.maxScore : '',
    g ? g.percent : '',
    g ? (g.requiredMet ? 'yes' : 'no') : '',
    ...perCriterion,
    g ? g.mistakes.map((m) => m.id).join(' ') : '',
    [...new Set(row.copies.map((c) => c.kind))].join(' '),
    row.copies.map((c) => nameOf(rows[c.row]!)).join('; '),
    x.feedback(row.grade).join(' '),
    x.failure(row),
  ];
}

/** RFC 4180 CSV with a header row; rows in the order given (sorted by path by the batch). */
export function renderGradebook(rows: GradeRow[], rubric: Rubric, options: GradebookOptions = {}): string {
  const texts = textsFor(rubric, options.lang ?? 'en');
  return stringify(
    rows.map((r) => rowCells(r, rows, rubric, texts)),
    {
      header: true,
      columns: gradebookColumns(rubric),
      // a student's file name could start with "=": csv-stringify prefixes such cells with '
      escape_formulas: !options.raw,
      bom: options.bom === true,
    },
  );
}
