// The temporary folders ftp-report makes (tshark's pipe folder, an inflated capture for --files, the files with no
// name of the --json spool and of the packed connections' spill),
// all made here: a TMPDIR that cannot hold one is one clear USAGE error, and every folder still there is known, with
// the process using it, so the command can end those and remove them when a signal or an early exit ends it
// (removeTempFoldersSync).

import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FtpReportError } from './errors.js';

/** The folders made and not yet removed, each with what stops the processes still using it (stopAtExit). */
const made = new Map<string, Set<() => void>>();

/**
 * The folder temporary folders go in: the system's (TMPDIR, else TMP or TEMP, else /tmp, as Node reads them), made
 * absolute, since tshark runs in a folder of its own and a relative path would not lead it to its pipe.
 */
export function tempRoot(): string {
  return resolve(tmpdir());
}

/** Where the temporary folder came from, for the error line: the variable that named it, or that none did. */
function rootSource(): string {
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) if (process.env[name]) return name;
  return 'TMPDIR is not set';
}

/** The USAGE error for a temporary folder that could not be made in `root`, from the system's error. */
function tempFolderFailed(root: string, err: unknown): FtpReportError {
  const errno = (err as NodeJS.ErrnoException).code;
  const what =
    errno === 'ENOENT'
      ? 'does not exist'
      : errno === 'ENOTDIR'
        ? 'is not a folder'
        : errno === 'EROFS'
          ? 'is on a read-only file system'
          : `cannot be written (${errno ?? 'error'})`;
  const fix = 'set TMPDIR to a folder you can write, such as /tmp';
  return new FtpReportError('USAGE', `the temporary folder ${root} (${rootSource()}) ${what}: ${fix}`, {
    file: root,
    errno,
    cause: err,
  });
}

/** Makes a fresh folder `<prefix>XXXXXX` in tempRoot(); throws USAGE (naming TMPDIR) when it cannot. */
export async function makeTempFolder(prefix: string): Promise<string> {
  const root = tempRoot();
  let dir: string;
  try {
    dir = await mkdtemp(join(root, prefix));
  } catch (err) {
    throw tempFolderFailed(root, err);
  }
  made.set(dir, new Set());
  return dir;
}

/** makeTempFolder, synchronously. */
export function makeTempFolderSync(prefix: string): string {
  const root = tempRoot();
  let dir: string;
  try {
    dir = mkdtempSync(join(root, prefix));
  } catch (err) {
    throw tempFolderFailed(root, err);
  }
  made.set(dir, new Set());
  return dir;
}

/** Removes a folder makeTempFolder made, with everything in it. */
export async function removeTempFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  made.delete(dir);
}

/** removeTempFolder, synchronously. */
export function removeTempFolderSync(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

/**
 * A file with no name: opened for reading and writing (only by its owner) in a fresh folder made as makeTempFolderSync
 * makes it (USAGE when it cannot be), then the folder removed, so the file lasts as long as its descriptor, however
 * the process ends. `dir` is the folder when it could not be removed (the caller removes it once done: a system that
 * cannot remove an open file), else null. A file that cannot be opened throws the system's error, its folder removed.
 */
export function openUnlinkedFileSync(prefix: string, name: string): { fd: number; dir: string | null } {
  const dir = makeTempFolderSync(prefix);
  let fd: number;
  try {
    fd = openSync(join(dir, name), 'w+', 0o600);
  } catch (err) {
    removeTempFolderSync(dir);
    throw err;
  }
  try {
    removeTempFolderSync(dir);
    return { fd, dir: null };
  } catch {
    return { fd, dir };
  }
}

/**
 * Until the function returned is called, `stop` (synchronous: e.g. a child's kill()) is called before `dir` is removed
 * by removeTempFoldersSync: a tshark still waiting to open the pipe in it would wait for ever once no one is left to
 * open the other end.
 */
export function stopAtExit(dir: string, stop: () => void): () => void {
  made.get(dir)?.add(stop);
  return () => {
    made.get(dir)?.delete(stop);
  };
}

/**
 * Stops the processes still using them (stopAtExit) and removes every folder made and not yet removed, synchronously:
 * what the command does as it exits, however it exits (a signal, a closed stdout), while reads and tshark runs are
 * still under way. Errors are ignored: it is the end.
 */
export function removeTempFoldersSync(): void {
  for (const [dir, stops] of made) {
    for (const stop of stops) {
      try {
        stop();
      } catch {
        // gone already
      }
    }
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // nothing more can be done as the process ends
    }
    made.delete(dir);
  }
}

/** The folders made and not yet removed (for tests). */
export function tempFoldersMade(): string[] {
  return [...made.keys()];
}
