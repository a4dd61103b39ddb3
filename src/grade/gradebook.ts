// The gradebook CSV: one row per capture, a pass/fail and an evidence column per criterion, score and status.

import { stringify } from 'csv-stringify/sync';
import type { Rubric } from './rubric.js';
import type { GradeRow } from './run-batch.js';

export interface GradebookOptions {
  /** Leave cells starting with = + - @ tab CR as they are (default: prefix them with '). */
  raw?: boolean;
  /** Start with a UTF-8 byte order mark (for Excel). */
  bom?: boolean;
}

/** The columns in order: fixed ones, then "<id>" and "<id>.frames" per criterion, then mistakes and error. */
export function gradebookColumns(rubric: Rubric): string[] {
  return [
    'file',
    'student',
    'status',
    'reason',
    'score',
    'maxScore',
    'requiredMet',
    ...rubric.criteria.flatMap((c) => [c.id, `${c.id}.frames`]),
    'mistakes',
    'error',
  ];
}

type Cell = string | number;

function rowCells(row: GradeRow, rubric: Rubric): Cell[] {
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
    g ? (g.requiredMet ? 'yes' : 'no') : '',
    ...perCriterion,
    g ? g.mistakes.map((m) => m.id).join(' ') : '',
    row.error ?? '',
  ];
}

/** RFC 4180 CSV with a header row; rows in the order given (sorted by path by the batch). */
export function renderGradebook(rows: GradeRow[], rubric: Rubric, options: GradebookOptions = {}): string {
  return stringify(
    rows.map((r) => rowCells(r, rubric)),
    {
      header: true,
      columns: gradebookColumns(rubric),
      // a student's file name could start with "=": csv-stringify prefixes such cells with '
      escape_formulas: !options.raw,
      bom: options.bom === true,
    },
  );
}
