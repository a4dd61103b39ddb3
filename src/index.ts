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
// The views: the contract's JSON form (with English sentences), the lab report, and one sentence per finding/warning.
export { type FindingJson, type JsonOptions, type ReportJson, renderJson, reportJson } from './reports/json.js';
// JSON schema version 2 (JsonOptions.schemaVersion): its types, beside version 1's ReportJson
export type { ReportJsonV2, SchemaVersion, SessionJsonV2 } from './reports/json.js';
export { type MarkdownOptions, renderMarkdown } from './reports/markdown.js';
export { SECRET_MASK, maskSecrets } from './reports/mask.js';
export { findingMessage, warningMessage } from './reports/messages/en.js';
export { renderLiveLine } from './reports/live-lines.js';
// Grading a folder of captures, as `ftp-report grade` does.
export {
  type CaptureGrade,
  type Criterion,
  DEFAULT_RUBRIC,
  type GradePathsOptions,
  type GradeRow,
  gradePaths,
  loadRubric,
  renderClassSummary,
  renderGradebook,
  type Rubric,
} from './grade/index.js';
export { GRADE_LANGS, type GradeLang, renderStudentFeedback } from './grade/index.js';
