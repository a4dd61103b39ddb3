// One error type with stable codes and structured details; src/cli/ maps each code to one documented exit code.

import type { Report } from './model.js';

export type ErrorCode =
  | 'USAGE'
  | 'CAPTURE_NOT_FOUND'
  | 'CAPTURE_UNREADABLE'
  | 'CAPTURE_INVALID'
  | 'TSHARK_MISSING'
  | 'TSHARK_UNSUPPORTED'
  | 'TSHARK_FAILED'
  | 'EK_INVALID'
  | 'OUTPUT_FAILED'
  | 'NOT_ALL_GRADED'
  /** The TLS key log named by --tls-keylog (or SSLKEYLOGFILE) is missing or cannot be read: the whole run stops. */
  | 'KEYLOG_UNREADABLE'
  | 'CAPTURE_DENIED'
  | 'NOT_ALL_READ'
  | 'INTERNAL';

/** Exit code per error code; the README's table is this table. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  USAGE: 2,
  CAPTURE_NOT_FOUND: 3,
  CAPTURE_UNREADABLE: 3,
  CAPTURE_INVALID: 4,
  EK_INVALID: 4,
  TSHARK_MISSING: 5,
  TSHARK_UNSUPPORTED: 5,
  TSHARK_FAILED: 6,
  OUTPUT_FAILED: 7,
  /** `grade`: the batch finished, but some captures could not be graded. */
  NOT_ALL_GRADED: 8,
  KEYLOG_UNREADABLE: 3,
  /** Live capture (-i): the system did not let dumpcap capture on the interface. */
  CAPTURE_DENIED: 9,
  /** Several captures named: every one read is in the output, but some could not be read (whole). */
  NOT_ALL_READ: 8,
  INTERNAL: 70,
};

/** Why a capture (or EK stream) could not be read, whole or to its end. */
export const READ_FAILURES = [
  /** The path does not exist. */
  'no-such-file',
  /** The path is a directory. */
  'is-directory',
  /** The path is neither a file nor a directory (a device, a socket). */
  'not-a-file',
  /** The system refused to open or read it (EACCES, EPERM). */
  'permission',
  /** Opening or reading it failed for another reason (see `errno`). */
  'unreadable',
  /** 0 bytes. */
  'empty',
  /** Not pcap or pcapng by its first bytes (`firstBytes`, `gzip`), or a format tshark does not know. */
  'not-a-capture',
  /** An EK file that is not a `tshark -T ek` stream, or holds no packet record. */
  'not-ek',
  /** tshark: the file ends inside a packet. */
  'truncated',
  /** tshark: the file is damaged or corrupt (block lengths that do not add up, a bad gzip stream). */
  'damaged',
  /** tshark: a capture of a kind (network type, record type) tshark does not support. */
  'unsupported',
  /** tshark failed or was killed for a reason of its own (see `tsharkReason`, `tsharkExit`). */
  'tshark-stopped',
] as const;
export type ReadFailure = (typeof READ_FAILURES)[number];

/** The facts an error is about, as data: views (the CLI line, the gradebook cell) make words from them. */
export interface ErrorDetails {
  /** The capture, EK file, rubric or output path the error is about, as given ("-" for standard input). */
  file?: string;
  /** Why the capture or EK stream could not be read; set for CAPTURE_*, EK_INVALID and TSHARK_FAILED. */
  reason?: ReadFailure;
  /** Packets read before the failure (0 when none); absent when reading never started. */
  packetsRead?: number;
  /** The capture's frame number (1-based) the error is about, when it is about one. */
  frame?: number;
  /** tshark's own reason, its first stderr line as it wrote it (file names as ftp-report gave them). */
  tsharkReason?: string;
  /** How tshark ended when it failed: its exit code, or the signal that killed it. */
  tsharkExit?: { code: number | null; signal: string | null };
  /** The system's error code (ENOENT, EACCES, EIO …) when the file system refused. */
  errno?: string;
  /** A file that is no capture: its first 4 bytes in hex (inside the gzip stream when `gzip`). */
  firstBytes?: string;
  /** The file is gzip-compressed (and `reason` is about what it holds). */
  gzip?: boolean;
  /** The tshark program: the command run, and the version it reported. */
  tshark?: { path: string; version?: string };
}

/** The third argument of FtpReportError: the details, plus the error's cause and a partial report. */
export interface ErrorInit extends ErrorDetails {
  /** The error this one wraps (a system error, tshark's exit). */
  cause?: unknown;
  /** What could be read before the failure, marked partial. */
  partialReport?: Report | null;
}

/** Codes that are about one capture or EK stream: a batch records them and goes on to the next capture. */
const READ_FAILURE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CAPTURE_NOT_FOUND',
  'CAPTURE_UNREADABLE',
  'CAPTURE_INVALID',
  'EK_INVALID',
  'TSHARK_FAILED',
]);

/** The one error ftp-report throws on purpose: says what failed, with which input, and why. */
export class FtpReportError extends Error {
  readonly code: ErrorCode;
  override readonly cause: unknown;
  /** The facts behind the message: file, reason, how far reading got, tshark's words. */
  readonly details: Readonly<ErrorDetails>;
  /** What could be read before the failure, marked partial; null when nothing was. */
  readonly partialReport: Report | null;

  constructor(code: ErrorCode, message: string, init: ErrorInit = {}) {
    super(message);
    const { cause, partialReport = null, ...details } = init;
    this.name = 'FtpReportError';
    this.code = code;
    this.cause = cause;
    this.details = details;
    this.partialReport = partialReport;
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }

  /** True when the error is about one capture (or EK stream) only, not the run as a whole. */
  get isReadFailure(): boolean {
    return READ_FAILURE_CODES.has(this.code);
  }
}

/** A file ftp-report writes (a report, a table, an extracted file) that could not be written: OUTPUT_FAILED. */
export function outputFailed(file: string, err: unknown): FtpReportError {
  const errno = (err as NodeJS.ErrnoException).code;
  return new FtpReportError('OUTPUT_FAILED', `${file}: cannot be written (${errno ?? 'error'})`, {
    file,
    errno,
    cause: err,
  });
}

/** The ReadFailure for a system error code from opening or reading a file. */
export function readFailureOfErrno(errno: string | undefined): ReadFailure {
  if (errno === 'ENOENT') return 'no-such-file';
  if (errno === 'EISDIR') return 'is-directory';
  if (errno === 'EACCES' || errno === 'EPERM') return 'permission';
  return 'unreadable';
}
