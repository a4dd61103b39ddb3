// Why a capture could not be graded: a read failure's code and details (or an empty or FTP-less report) as a
// gradebook reason and a one-line message made from those facts.

import { type ErrorDetails, FtpReportError, type ReadFailure } from '../errors.js';
import type { Report } from '../model.js';
import { en } from './messages/en.js';

/** The gradebook's reason column for a capture that was not graded. */
export const FAILURE_REASONS = [
  'not-found',
  'unreadable',
  'empty',
  'not-a-capture',
  'archive',
  'truncated',
  'corrupt',
  'no-ftp',
  'tshark-error',
  'internal-error',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** The facts of a failure, from which each catalog makes its sentence (messages/*.ts failure()). */
export type FailureFacts =
  | { kind: 'no-such-file' }
  | { kind: 'no-match' }
  | { kind: 'is-directory' }
  | { kind: 'not-a-file' }
  | { kind: 'cannot-read'; errno: string | null }
  | { kind: 'empty-file' }
  | { kind: 'no-packets' }
  | { kind: 'not-a-capture'; firstBytes: string | null }
  | { kind: 'gzip-not-capture' }
  /** An archive (zip, 7z, rar, tar …): grade does not unpack it. */
  | { kind: 'archive'; format: string }
  | { kind: 'not-ek' }
  /** tshark stopped: after packetsRead packets (0: none), for tshark's own reason (its words) or exit. */
  | { kind: 'tshark-stopped'; packetsRead: number; tsharkReason: string | null; exit: string | null }
  | { kind: 'no-ftp'; packets: number; ports: number[]; dataConnections: number }
  | { kind: 'tshark-missing' }
  | { kind: 'tshark-unusable'; version: string | null; tsharkReason: string | null }
  /** A bug: the library's own first line. */
  | { kind: 'internal'; text: string };

export interface Failure {
  reason: FailureReason;
  /** One line in English, without the file name (the gradebook's file column has it). */
  message: string;
  /** The facts behind the message, for the other languages. */
  facts: FailureFacts;
}

/** The gradebook reason for each way a capture can fail to be read. */
const REASON_OF: Record<ReadFailure, FailureReason> = {
  'no-such-file': 'not-found',
  'is-directory': 'unreadable',
  'not-a-file': 'unreadable',
  permission: 'unreadable',
  unreadable: 'unreadable',
  empty: 'empty',
  'not-a-capture': 'not-a-capture',
  'not-ek': 'not-a-capture',
  truncated: 'truncated',
  damaged: 'corrupt',
  unsupported: 'not-a-capture',
  'tshark-stopped': 'tshark-error',
};

/** tshark's reason for stopping, and how many packets it read first. */
function stoppedFacts(d: ErrorDetails): FailureFacts {
  const e = d.tsharkExit;
  const exit = e?.signal ? `killed by ${e.signal}` : e ? `exit code ${e.code}` : null;
  return { kind: 'tshark-stopped', packetsRead: d.packetsRead ?? 0, tsharkReason: d.tsharkReason ?? null, exit };
}

/** The facts of a capture that could not be read, from the error's details. */
function readFacts(reason: ReadFailure, d: ErrorDetails): FailureFacts {
  switch (reason) {
    case 'no-such-file':
      return { kind: 'no-such-file' };
    case 'is-directory':
      return { kind: 'is-directory' };
    case 'not-a-file':
      return { kind: 'not-a-file' };
    case 'permission':
    case 'unreadable':
      return { kind: 'cannot-read', errno: d.errno ?? null };
    case 'empty':
      return { kind: 'empty-file' };
    case 'not-a-capture':
      if (d.tsharkReason !== undefined) return stoppedFacts(d);
      if (d.gzip) return { kind: 'gzip-not-capture' };
      return { kind: 'not-a-capture', firstBytes: d.firstBytes ?? null };
    case 'not-ek':
      return { kind: 'not-ek' };
    case 'truncated':
    case 'damaged':
    case 'unsupported':
    case 'tshark-stopped':
      return stoppedFacts(d);
  }
}

/** A failure from its reason and facts, with the English line. */
export function failureFrom(reason: FailureReason, facts: FailureFacts): Failure {
  return { reason, message: en.failure(facts), facts };
}

function internal(text: string): Failure {
  return failureFrom('internal-error', { kind: 'internal', text: text.split('\n')[0] ?? '' });
}

/** The reason (and message) a readReport / runReport error stands for: by its code and details, never its text. */
export function failureOf(err: unknown): Failure {
  if (!(err instanceof FtpReportError)) return internal(err instanceof Error ? err.message : String(err));
  const d = err.details;
  if (d.reason !== undefined && err.isReadFailure) return failureFrom(REASON_OF[d.reason], readFacts(d.reason, d));
  switch (err.code) {
    case 'TSHARK_MISSING':
      return failureFrom('tshark-error', { kind: 'tshark-missing' });
    case 'TSHARK_UNSUPPORTED':
    case 'TSHARK_FAILED':
      return failureFrom('tshark-error', {
        kind: 'tshark-unusable',
        version: d.tshark?.version ?? null,
        tsharkReason: d.tsharkReason ?? null,
      });
    default:
      // no capture to blame (a bug, or a check that disagreed): the library's own line, as the CLI shows it
      return internal(err.message);
  }
}

/** A report that cannot be graded although tshark read it: no packets, or no FTP control session. */
export function failureOfReport(report: Report): Failure | null {
  if (report.capture.packets === 0) return failureFrom('empty', { kind: 'no-packets' });
  if (report.sessions.length === 0) {
    return failureFrom('no-ftp', {
      kind: 'no-ftp',
      packets: report.capture.packets,
      ports: report.capture.ftpPorts,
      dataConnections: report.unmatchedDataConnections.length,
    });
  }
  return null;
}
