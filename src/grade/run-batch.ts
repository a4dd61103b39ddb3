// Grades many files: up to N readReport calls (one tshark each) at a time, rows kept in the files' order, then
// copies between them found.

import { stat } from 'node:fs/promises';
import { type ReportOutcome, readReport } from '../api.js';
import type { Report } from '../model.js';
import { FtpReportError } from '../errors.js';
import { type CopyEvidence, type CopyMatch, findCopies, fingerprintOf } from './copies.js';
import { type Failure, type FailureReason, failureFrom, failureOf, failureOfReport } from './failure.js';
import { archiveFormatOfFile, keyLogBeside, sha256Of } from './file-facts.js';
import type { CaptureEntry } from './find-captures.js';
import { type CaptureGrade, gradeReport } from './grade-report.js';
import { studentIdOf } from './names.js';
import type { Rubric } from './rubric.js';

/** One gradebook row: every file under the paths given has one. */
export interface GradeRow {
  /** The file's path as given or found. */
  file: string;
  /** From the file name (--id-pattern). */
  student: string;
  /** graded; partial: graded on the readable part of a capture cut short; failed: not graded. */
  status: 'graded' | 'partial' | 'failed';
  /** Why the file was not graded, or was graded in part; null when graded whole. */
  reason: FailureReason | null;
  /** One-line error in English; null when graded whole. */
  error: string | null;
  /** The failure's facts, for the other languages; null when graded whole. */
  failure: Failure | null;
  /** Null when not graded. */
  grade: CaptureGrade | null;
  /** Other rows this file is a copy of (identical, or the same sessions); empty for most. */
  copies: CopyMatch[];
  /** The TLS key log found beside the capture (same stem, .keys or .keylog); null when none. */
  keyLog: string | null;
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

/** One graded file: its row, the report read (null when none), and what copy detection needs of it. */
export interface GradedFile {
  row: GradeRow;
  report: Report | null;
  evidence: CopyEvidence;
}

function rowOf(file: string, student: string, keyLog: string | null, failure: Failure): GradeRow {
  const base = { file, student, status: 'failed' as const, reason: failure.reason, error: failure.message };
  return { ...base, failure, grade: null, copies: [], keyLog };
}

/** Grades one file; never throws for a bad file, only records why. */
export async function gradeCapture(
  entry: CaptureEntry,
  options: Pick<BatchOptions, 'rubric' | 'ftpPorts' | 'idPattern' | 'tsharkUser' | 'tlsKeylog'>,
): Promise<GradedFile> {
  const file = entry.path;
  const student = studentIdOf(file, options.idPattern);
  const none = { student, sha256: null, packets: [] };
  if (entry.missing)
    return {
      row: rowOf(file, student, null, failureFrom('not-found', { kind: 'no-match' })),
      report: null,
      evidence: none,
    };
  // only a regular file is opened here: a named pipe would block
  const info = await stat(file).catch(() => null);
  const regular = info?.isFile() === true;
  // a named pipe or device is never handed to readReport, which would read it as a streamed capture and wait
  if (info !== null && !regular) {
    const err = new FtpReportError('CAPTURE_UNREADABLE', `${file}: is not a regular file`, {
      file,
      reason: 'not-a-file',
    });
    return { row: rowOf(file, student, null, failureOf(err)), report: null, evidence: none };
  }
  // two empty files are not a copy of each other
  const sha256 = regular && info!.size > 0 ? await sha256Of(file) : null;
  const archive = regular ? await archiveFormatOfFile(file) : null;
  const keyLog = await keyLogBeside(file);
  if (archive !== null) {
    const failure = failureFrom('archive', { kind: 'archive', format: archive });
    return { row: rowOf(file, student, keyLog, failure), report: null, evidence: { student, sha256, packets: [] } };
  }
  let outcome: ReportOutcome;
  try {
    // the student's own key log beside the capture first, else the class's (--tls-keylog)
    const { ftpPorts, tsharkUser } = options;
    outcome = await readReport({ capture: file, ftpPorts, tsharkUser, tlsKeylog: keyLog ?? options.tlsKeylog });
  } catch (err) {
    // a usage error (a TMPDIR that cannot hold tshark's folder) is the whole run's: it stops the batch
    if (err instanceof FtpReportError && err.code === 'USAGE') throw err;
    // not about this capture (tshark gone mid-batch, a bug): still only this capture's row fails
    return {
      row: rowOf(file, student, keyLog, failureOf(err)),
      report: null,
      evidence: { student, sha256, packets: [] },
    };
  }
  const report = outcome.report;
  const evidence = { student, sha256, packets: report ? fingerprintOf(report) : [] };
  if (outcome.failure) {
    const failure = failureOf(outcome.failure);
    // cut short: the readable part earns what it shows (rubric.partialCredit), marked partial
    const partial =
      report !== null &&
      (failure.reason === 'truncated' || failure.reason === 'corrupt') &&
      options.rubric.partialCredit > 0 &&
      failureOfReport(report) === null;
    if (!partial) return { row: rowOf(file, student, keyLog, failure), report, evidence };
    const grade = gradeReport(report, options.rubric, { partial: true });
    return { row: { ...rowOf(file, student, keyLog, failure), status: 'partial', grade }, report, evidence };
  }
  const failure = failureOfReport(outcome.report);
  if (failure) return { row: rowOf(file, student, keyLog, failure), report, evidence };
  const grade = gradeReport(outcome.report, options.rubric);
  const row: GradeRow = {
    file,
    student,
    status: 'graded',
    reason: null,
    error: null,
    failure: null,
    grade,
    copies: [],
    keyLog,
  };
  return { row, report, evidence };
}

/**
 * Grades every file with at most `jobs` at a time; the rows come back in the entries' order, with the copies
 * between them (known only once all are read, so onGraded's rows have none yet).
 */
export async function gradeCaptures(entries: CaptureEntry[], options: BatchOptions): Promise<GradeRow[]> {
  const rows: GradeRow[] = new Array<GradeRow>(entries.length);
  const evidence: CopyEvidence[] = new Array<CopyEvidence>(entries.length);
  const jobs = Math.max(1, Math.min(Math.floor(options.jobs), entries.length || 1));
  let next = 0;
  let done = 0;
  let stopped = false;
  let firstError: { error: unknown } | null = null;

  async function worker(): Promise<void> {
    while (!stopped && next < entries.length) {
      const index = next;
      next += 1;
      const { row, report, evidence: e } = await gradeCapture(entries[index]!, options);
      rows[index] = row;
      evidence[index] = e;
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
  const copies = findCopies(evidence);
  rows.forEach((r, i) => {
    r.copies = copies[i]!;
  });
  return rows;
}
