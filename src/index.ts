// The package's entry (`import { runReport } from 'ftp-report'`): the library API, the Report model's types, the error.

export * from './api.js';
export type * from './model.js';
export {
  EXIT_CODES,
  FtpReportError,
  READ_FAILURES,
  type ErrorCode,
  type ErrorDetails,
  type ReadFailure,
} from './errors.js';
