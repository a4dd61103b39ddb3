// Grades many captures: up to N readReport calls (one tshark each) at a time, rows kept in the captures' order.

import { type ReportOutcome, readReport } from '../api.js';
import type { Report } from '../model.js';
import { type Failure, type FailureReason, failureOf, failureOfReport } from './failure.js';
import type { CaptureEntry } from './find-captures.js';
import { type CaptureGrade, gradeReport } from './grade-report.js';
import { studentIdOf } from './names.js';
import type { Rubric } from './rubric.js';

/** One gradebook row. */
export interface GradeRow {
  /** The capture's path as given or found. */
  file: string;
  /** From the file name (--id-pattern). */
  student: string;
  status: 'graded' | 'failed';
  /** Why the capture was not graded; null when graded. */
  reason: FailureReason | null;
  /** One-line error; null when graded. */
  error: string | null;
  /** Null when not graded. */
  grade: CaptureGrade | null;
}

export interface BatchOptions {
  rubric: Rubric;
  /** How many captures are read at once (each runs its own tshark). */
  jobs: number;
  /** Extra FTP control ports (21 always is one). */
  ftpPorts?: number[];
  /** When grading as root, the user tshark runs as (default nobody; see ReportOptions.tsharkUser). */
  tsharkUser?: string;
  /** A TLS key log to decrypt FTPS with (see ReportOptions.tlsKeylog), checked once before the batch. */
  tlsKeylog?: string;
  /** --id-pattern. */
  idPattern?: RegExp;
  /**
   * Called as each capture finishes, in completion order, with the report when tshark read it (a partial one
   * when it stopped part-way: the row then says why). `done` counts finished captures. An error thrown here
   * stops the batch: no new capture starts, and it is rethrown.
   */
  onGraded?: (row: GradeRow, report: Report | null, done: number, total: number) => void | Promise<void>;
}

function failedRow(file: string, student: string, failure: Failure): GradeRow {
  return { file, student, status: 'failed', reason: failure.reason, error: failure.message, grade: null };
}

/** Grades one capture; never throws for a bad capture, only records why. */
export async function gradeCapture(
  entry: CaptureEntry,
  options: Pick<BatchOptions, 'rubric' | 'ftpPorts' | 'idPattern' | 'tsharkUser' | 'tlsKeylog'>,
): Promise<{ row: GradeRow; report: Report | null }> {
  const file = entry.path;
  const student = studentIdOf(file, options.idPattern);
  if (entry.missing)
    return { row: failedRow(file, student, { reason: 'not-found', message: entry.missing }), report: null };
  let outcome: ReportOutcome;
  try {
    const { ftpPorts, tsharkUser, tlsKeylog } = options;
    outcome = await readReport({ capture: file, ftpPorts, tsharkUser, tlsKeylog });
  } catch (err) {
    // not about this capture (tshark gone mid-batch, a bug): still only this capture's row fails
    return { row: failedRow(file, student, failureOf(err)), report: null };
  }
  if (outcome.failure) return { row: failedRow(file, student, failureOf(outcome.failure)), report: outcome.report };
  const { report } = outcome;
  const failure = failureOfReport(report);
  if (failure) return { row: failedRow(file, student, failure), report };
  return {
    row: { file, student, status: 'graded', reason: null, error: null, grade: gradeReport(report, options.rubric) },
    report,
  };
}

/** Grades every capture with at most `jobs` at a time; the rows come back in the entries' order. */
export async function gradeCaptures(entries: CaptureEntry[], options: BatchOptions): Promise<GradeRow[]> {
  const rows: GradeRow[] = new Array<GradeRow>(entries.length);
  const jobs = Math.max(1, Math.min(Math.floor(options.jobs), entries.length || 1));
  let next = 0;
  let done = 0;
  let stopped = false;
  let firstError: { error: unknown } | null = null;

  async function worker(): Promise<void> {
    while (!stopped && next < entries.length) {
      const index = next;
      next += 1;
      const { row, report } = await gradeCapture(entries[index]!, options);
      rows[index] = row;
      done += 1;
      try {
        await options.onGraded?.(row, report, done, entries.length);
      } catch (error) {
        stopped = true;
        firstError ??= { error };
      }
    }
  }

  await Promise.all(Array.from({ length: jobs }, () => worker()));
  if (firstError) throw (firstError as { error: unknown }).error;
  return rows;
}
