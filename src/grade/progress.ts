// Progress text for a grading batch: a redrawn bar for a terminal, plain lines for logs and pipes.

import { escapeControl } from '../reports/escape.js';
import type { GradeRow } from './run-batch.js';

const BAR_WIDTH = 24;
const NAME_WIDTH = 40;

/** What a finished capture came to, in a few words. */
function outcome(row: GradeRow): string {
  if (!row.grade) return `not graded (${row.reason})`;
  const partial = row.status === 'partial' ? `, graded in part (${row.reason})` : '';
  const missing = row.grade.requiredMet ? '' : ', required criteria missing';
  return `${row.grade.score}/${row.grade.maxScore}${missing}${partial}`;
}

/** Keeps the end of a long path, where the file name is. */
function shorten(path: string, width: number): string {
  const text = escapeControl(path);
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}

/** One line for a log: "ftp-report: graded 12/40 subs/alice.pcapng: 7/8". */
export function progressLine(row: GradeRow, done: number, total: number): string {
  return `ftp-report: graded ${done}/${total} ${escapeControl(row.file)}: ${outcome(row)}\n`;
}

/** The bar redrawn in place on a terminal: carriage return, bar, counts, last file; clears the rest of the line. */
export function progressBar(row: GradeRow, done: number, total: number, failed: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
  const failures = failed > 0 ? `, ${failed} not graded` : '';
  return `\r\x1b[2Kgrading [${bar}] ${done}/${total}${failures}  ${shorten(row.file, NAME_WIDTH)}`;
}
