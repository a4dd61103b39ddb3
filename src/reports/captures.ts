// The captures of one run and how each went: the `captures` table (CSV/JSON Lines/--out) and the JSON entry of a
// capture that could not be read, so a batch keeps every good capture's results and says why the others failed.

import type { Report } from '../model.js';
import type { ReportJson, ReportJsonV2, SchemaVersion } from './json.js';
import type { Cell, TableRow } from './tables.js';

/** What a view needs of a failed capture's error (src/errors.ts CaptureError has this shape). */
export interface CaptureError {
  /** Stable code (src/errors.ts ErrorCode). */
  code: string;
  /** The exit code this failure alone would have given. */
  exitCode: number;
  /** One line, without "ftp-report: ". */
  message: string;
  details: { reason?: string };
}

/** One capture named on the command line: its report (partial or whole), its failure, or both. */
export interface CaptureOutcome {
  /** The capture as named ("-"/the EK file for --ek). */
  file: string;
  /** The report; partial (capture.complete false) when `error` cut it short; null when nothing was read. */
  report: Report | null;
  /** Why the capture could not be read, whole or to its end; null when it was. */
  error: CaptureError | null;
}

/** ok: read whole; partial: tshark stopped part-way (the report covers what was read); failed: nothing read. */
export type CaptureStatus = 'ok' | 'partial' | 'failed';

export const CAPTURES_TABLE = 'captures';

export const CAPTURE_COLUMNS = [
  'capture',
  'status',
  'format',
  'packets',
  'sessions',
  'findings',
  'warnings',
  'errorCode',
  'reason',
  'exitCode',
  'error',
] as const;

export function captureStatus(o: CaptureOutcome): CaptureStatus {
  if (o.error === null) return 'ok';
  return o.report === null ? 'failed' : 'partial';
}

/** The error as the JSON entry and the table row write it. */
export interface CaptureErrorJson {
  /** Stable code (src/errors.ts ErrorCode). */
  code: string;
  /** Why the capture could not be read (src/errors.ts READ_FAILURES), null when the code says it all. */
  reason: string | null;
  /** The exit code this failure alone would have given. */
  exitCode: number;
  /** The one-line message printed on stderr (without "ftp-report: "). */
  message: string;
}

export function captureErrorJson(error: CaptureError): CaptureErrorJson {
  return { code: error.code, reason: error.details.reason ?? null, exitCode: error.exitCode, message: error.message };
}

/** One row per capture, in the order they were named. */
export function captureRows(outcomes: readonly CaptureOutcome[]): TableRow[] {
  return outcomes.map((o) => {
    const r = o.report;
    const row: Record<(typeof CAPTURE_COLUMNS)[number], Cell> = {
      capture: o.file,
      status: captureStatus(o),
      format: r?.capture.format ?? null,
      packets: r?.capture.packets ?? null,
      sessions: r?.sessions.length ?? null,
      findings: r ? r.findings.length + r.sessions.reduce((n, s) => n + s.findings.length, 0) : null,
      warnings: r?.warnings.length ?? null,
      errorCode: o.error?.code ?? null,
      reason: o.error?.details.reason ?? null,
      exitCode: o.error?.exitCode ?? 0,
      error: o.error?.message ?? null,
    };
    return row;
  });
}

/**
 * The JSON entry of a capture nothing could be read from: the contract's report shape with no sessions (and no
 * warnings: nothing was read), so a jq filter over `.sessions[]` still runs, `capture.complete` false, and the
 * `error` object saying why. With no session it is the same in either schema version but for `schemaVersion`.
 */
export function failedReportJson(
  o: CaptureOutcome & { error: CaptureError },
  tool: Report['tool'],
  schemaVersion: SchemaVersion = 1,
): (ReportJson | ReportJsonV2) & { error: CaptureErrorJson } {
  return {
    schemaVersion,
    tool,
    capture: {
      file: o.file,
      format: 'unknown',
      packets: 0,
      firstAt: null,
      lastAt: null,
      durationMs: 0,
      // no packet read: the precision of microseconds, as for any capture whose times show no nanoseconds
      timePrecision: 6,
      firstAtExact: null,
      lastAtExact: null,
      tsharkVersion: null,
      ftpPorts: [],
      complete: false,
    },
    sessions: [],
    unmatchedDataConnections: [],
    findings: [],
    warnings: [],
    warningDetails: [],
    error: captureErrorJson(o.error),
  };
}
