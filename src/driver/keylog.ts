// Checks the TLS key log a run decrypts FTPS with, before tshark (which ignores a key log it cannot read) sees it.

import { open } from 'node:fs/promises';
import { FtpReportError, readFailureOfErrno } from '../errors.js';

/**
 * Resolves with `path` when it is a regular file this process can read; else throws KEYLOG_UNREADABLE (exit 3) with
 * one line saying why. Its content is not judged here: a key log that holds no key of the capture's sessions leaves
 * them encrypted, and the report says so.
 */
export async function checkKeylog(path: string): Promise<string> {
  let fh: Awaited<ReturnType<typeof open>> | null = null;
  try {
    fh = await open(path, 'r');
    const st = await fh.stat();
    if (!st.isFile()) {
      const what = st.isDirectory() ? 'is a directory' : 'is not a regular file';
      throw new FtpReportError('KEYLOG_UNREADABLE', `${path}: ${what}, not a TLS key log`, {
        file: path,
        reason: st.isDirectory() ? 'is-directory' : 'not-a-file',
      });
    }
    return path;
  } catch (err) {
    if (err instanceof FtpReportError) throw err;
    const errno = (err as NodeJS.ErrnoException).code;
    const reason = readFailureOfErrno(errno);
    const what =
      reason === 'no-such-file'
        ? 'no such TLS key log'
        : reason === 'is-directory'
          ? 'is a directory, not a TLS key log'
          : `the TLS key log cannot be read (${errno ?? 'error'})`;
    throw new FtpReportError('KEYLOG_UNREADABLE', `${path}: ${what}`, { file: path, reason, errno, cause: err });
  } finally {
    await fh?.close();
  }
}
