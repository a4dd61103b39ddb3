// Why a capture could not be graded: runReport's error (or an empty or FTP-less report) as a gradebook reason.

import { FtpReportError } from '../errors.js';
import type { Report } from '../model.js';

/** The gradebook's reason column for a capture that was not graded. */
export const FAILURE_REASONS = [
  'not-found',
  'unreadable',
  'empty',
  'not-a-capture',
  'truncated',
  'corrupt',
  'no-ftp',
  'tshark-error',
  'internal-error',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface Failure {
  reason: FailureReason;
  /** One line, without the file name (the gradebook's file column has it). */
  message: string;
}

/** Drops the "path: " prefix runReport puts on its messages. */
function withoutFile(message: string, file: string): string {
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
}

/**
 * For a capture tshark could not read to the end: tshark's own reason, and how many packets it read first.
 * runReport's message is written for the command line ("the report above …"), not for a gradebook cell.
 */
function stoppedMessage(err: FtpReportError, message: string): string {
  const m = /tshark stopped before the end(?:, so no report is made: (.*)| \((.*)\);)/.exec(message);
  const reason = m ? (m[1] ?? m[2] ?? '') : '';
  const partial = (err as { partialReport?: Report | null }).partialReport;
  const read = partial ? ` (after ${partial.capture.packets} packets)` : '';
  return reason ? `tshark stopped before the end of the capture${read}: ${reason}` : message;
}

/** The reason a runReport error stands for. */
export function failureOf(err: unknown, file: string): Failure {
  if (!(err instanceof FtpReportError)) {
    const text = err instanceof Error ? err.message : String(err);
    return { reason: 'internal-error', message: `internal error: ${text.split('\n')[0]}` };
  }
  const message = withoutFile(err.message, file);
  const stopped = /tshark stopped before the end/.test(message);
  switch (err.code) {
    case 'CAPTURE_NOT_FOUND':
      return { reason: 'not-found', message };
    case 'CAPTURE_UNREADABLE':
      return { reason: 'unreadable', message };
    case 'CAPTURE_INVALID':
      if (/is empty \(0 bytes\)/.test(message)) return { reason: 'empty', message };
      if (stopped && /cut short/i.test(message)) return { reason: 'truncated', message: stoppedMessage(err, message) };
      if (stopped) return { reason: 'corrupt', message: stoppedMessage(err, message) };
      return { reason: 'not-a-capture', message };
    case 'EK_INVALID':
      return { reason: 'not-a-capture', message };
    case 'TSHARK_MISSING':
    case 'TSHARK_UNSUPPORTED':
    case 'TSHARK_FAILED':
      return { reason: 'tshark-error', message: stopped ? stoppedMessage(err, message) : message };
    default:
      return { reason: 'internal-error', message };
  }
}

/** A report that cannot be graded although tshark read it: no packets, or no FTP control session. */
export function failureOfReport(report: Report): Failure | null {
  if (report.capture.packets === 0) return { reason: 'empty', message: 'the capture holds no packets' };
  if (report.sessions.length === 0) {
    const data = report.unmatchedDataConnections.length;
    const also = data > 0 ? ` (${data} TCP connection${data === 1 ? '' : 's'} that look like FTP data, but no control connection)` : '';
    return {
      reason: 'no-ftp',
      message: `no FTP control session in ${report.capture.packets} packets on port${report.capture.ftpPorts.length > 1 ? 's' : ''} ${report.capture.ftpPorts.join(', ')}${also}`,
    };
  }
  return null;
}
