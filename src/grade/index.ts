// The grading library: find and grade captures against a rubric, and render the gradebook and class summary.

export { gradePaths, type GradePathsOptions } from './grade-paths.js';
export { type BatchOptions, type GradeRow, gradeCapture, gradeCaptures } from './run-batch.js';
export { type CaptureEntry, findCaptures } from './find-captures.js';
export { FAILURE_REASONS, type Failure, type FailureReason, failureOf, failureOfReport } from './failure.js';
export { DEFAULT_RUBRIC } from './default-rubric.js';
export { RubricError, loadRubric, parseRubric, rubricToJson, validateRubric } from './load-rubric.js';
export type { Criterion, Rubric } from './rubric.js';
export type { CaptureGrade } from './grade-report.js';
export { renderGradebook } from './gradebook.js';
export { renderClassSummary, renderGradeSection, withGradeSection } from './class-summary.js';
export { renderStudentFeedback } from './student-feedback.js';
export { GRADE_LANGS, type GradeLang, type LocalText } from './lang.js';
export { type CopyKind, type CopyMatch, findCopies, fingerprintOf } from './copies.js';
export { keyLogBeside } from './file-facts.js';
export { reportNamesOf, studentIdOf } from './names.js';
export { progressBar, progressLine } from './progress.js';
