// One error type with stable codes; src/cli/ maps each code to one documented exit code.

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
  INTERNAL: 70,
};

/** The one error ftp-report throws on purpose: says what failed, with which input, and why. */
export class FtpReportError extends Error {
  readonly code: ErrorCode;
  override readonly cause: unknown;

  /** What could be read before the failure, marked partial; null when nothing was. */
  partialReport: import('./model.js').Report | null = null;

  constructor(code: ErrorCode, message: string, cause?: unknown) {
    super(message);
    this.name = 'FtpReportError';
    this.code = code;
    this.cause = cause;
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}
