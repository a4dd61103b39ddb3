// Why a capture could not be graded: a read failure's code and details (or an empty or FTP-less report) as a
// gradebook reason and a one-line message made from those facts.

import { type ErrorDetails, FtpReportError, type ReadFailure } from '../errors.js';
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

/** tshark's reason for stopping, and how many packets it read first (when it read any). */
function stoppedMessage(d: ErrorDetails): string {
  const read = d.packetsRead ? ` (after ${d.packetsRead} packets)` : '';
  const exit = d.tsharkExit;
  const why = d.tsharkReason ?? (exit?.signal ? `killed by ${exit.signal}` : exit ? `exit code ${exit.code}` : null);
  if (why === null) return "tshark's output could not be read";
  return `tshark stopped before the end of the capture${read}: ${why}`;
}

/** The one-line message for a capture that could not be read, from the error's details. */
function readMessage(reason: ReadFailure, d: ErrorDetails): string {
  switch (reason) {
    case 'no-such-file':
      return 'no such file';
    case 'is-directory':
      return 'is a directory, not a capture file';
    case 'not-a-file':
      return 'is not a regular file';
    case 'permission':
    case 'unreadable':
      return `cannot be read (${d.errno ?? 'error'})`;
    case 'empty':
      return 'is empty (0 bytes), not a capture';
    case 'not-a-capture':
      if (d.tsharkReason !== undefined) return stoppedMessage(d);
      if (d.gzip) return 'is gzip-compressed but does not hold a pcap or pcapng capture';
      return `is not a pcap or pcapng capture (it starts with bytes ${d.firstBytes ?? '?'})`;
    case 'not-ek':
      return 'is not a tshark -T ek stream';
    case 'truncated':
    case 'damaged':
    case 'unsupported':
    case 'tshark-stopped':
      return stoppedMessage(d);
  }
}

/** A tshark that cannot be used at all (missing, too old, cannot be started). */
function tsharkMessage(code: string, d: ErrorDetails): string {
  if (code === 'TSHARK_MISSING') return 'tshark not found';
  if (d.tshark?.version !== undefined) return `tshark ${d.tshark.version} is too old`;
  if (d.tsharkReason !== undefined) return `tshark --version failed: ${d.tsharkReason}`;
  return code === 'TSHARK_UNSUPPORTED' ? 'tshark --version did not say which TShark it is' : 'tshark could not be run';
}

function internal(text: string): Failure {
  return { reason: 'internal-error', message: `internal error: ${text.split('\n')[0]}` };
}

/** The reason (and message) a readReport / runReport error stands for: by its code and details, never its text. */
export function failureOf(err: unknown): Failure {
  if (!(err instanceof FtpReportError)) return internal(err instanceof Error ? err.message : String(err));
  const d = err.details;
  if (d.reason !== undefined && err.isReadFailure) {
    return { reason: REASON_OF[d.reason], message: readMessage(d.reason, d) };
  }
  switch (err.code) {
    case 'TSHARK_MISSING':
    case 'TSHARK_UNSUPPORTED':
    case 'TSHARK_FAILED':
      return { reason: 'tshark-error', message: tsharkMessage(err.code, d) };
    default:
      // no capture to blame (a bug, or a check that disagreed): the library's own line, as the CLI shows it
      return internal(err.message);
  }
}

/** A report that cannot be graded although tshark read it: no packets, or no FTP control session. */
export function failureOfReport(report: Report): Failure | null {
  if (report.capture.packets === 0) return { reason: 'empty', message: 'the capture holds no packets' };
  if (report.sessions.length === 0) {
    const data = report.unmatchedDataConnections.length;
    const also =
      data > 0
        ? ` (${data} TCP connection${data === 1 ? '' : 's'} that look like FTP data, but no control connection)`
        : '';
    const ports = `port${report.capture.ftpPorts.length > 1 ? 's' : ''} ${report.capture.ftpPorts.join(', ')}`;
    const message = `no FTP control session in ${report.capture.packets} packets on ${ports}${also}`;
    return { reason: 'no-ftp', message };
  }
  return null;
}
