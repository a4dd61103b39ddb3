// Grades what grade's PATH arguments name: tshark checked once, the captures found, then graded in parallel.

import { checkTshark } from '../api.js';
import { type CaptureEntry, findCaptures } from './find-captures.js';
import { type BatchOptions, type GradeRow, gradeCaptures } from './run-batch.js';

export interface GradePathsOptions extends BatchOptions {
  /** Called with the captures found, before any is read (e.g. to name their reports and make room for them). */
  onFound?: (entries: CaptureEntry[]) => void | Promise<void>;
}

/**
 * Grades every capture the paths name (captures, directories, globs; see findCaptures), one row each in path
 * order. Throws only for the batch as a whole: tshark missing or too old (checked once, not per capture), no
 * capture found, or an error from onFound / onGraded.
 */
export async function gradePaths(paths: string[], options: GradePathsOptions): Promise<GradeRow[]> {
  await checkTshark({ tsharkUser: options.tsharkUser });
  const entries = await findCaptures(paths);
  await options.onFound?.(entries);
  return gradeCaptures(entries, options);
}
