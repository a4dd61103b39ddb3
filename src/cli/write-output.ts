// Writing the commands' output files and directories; any failure is OUTPUT_FAILED (exit 7).

import { mkdir, writeFile } from 'node:fs/promises';
import { FtpReportError, outputFailed } from '../errors.js';

/** Writes one output file. */
export async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (err) {
    throw outputFailed(file, err);
  }
}

/** Creates an output directory (and its parents) if needed. */
export async function makeOutputDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    const message = `${dir}: cannot be created as a directory (${errno ?? 'error'})`;
    throw new FtpReportError('OUTPUT_FAILED', message, { file: dir, errno, cause: err });
  }
}
