// The temporary folders' one maker: a TMPDIR that cannot hold a folder is a USAGE error naming it, and every folder
// made is known until removed, so the command can remove them all as it exits.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FtpReportError } from '../src/errors.js';
import {
  makeTempFolder,
  makeTempFolderSync,
  removeTempFolder,
  removeTempFolderSync,
  removeTempFoldersSync,
  stopAtExit,
  tempFoldersMade,
} from '../src/temp-folders.js';

const scratch = mkdtempSync(join(tmpdir(), 'ftp-tmp-unit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The variables os.tmpdir() reads, as they were. */
const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** The error makeTempFolder and makeTempFolderSync give (the same), or a failure when they make a folder. */
async function failureOf(): Promise<FtpReportError> {
  const errors: unknown[] = [];
  await makeTempFolder('ftp-report-').then(
    () => errors.push(null),
    (err: unknown) => errors.push(err),
  );
  try {
    makeTempFolderSync('ftp-report-');
    errors.push(null);
  } catch (err) {
    errors.push(err);
  }
  for (const err of errors) expect(err).toBeInstanceOf(FtpReportError);
  expect((errors[0] as Error).message).toBe((errors[1] as Error).message);
  return errors[0] as FtpReportError;
}

describe('a temporary folder that cannot be made', () => {
  it('a TMPDIR that does not exist: USAGE (exit 2), naming TMPDIR and the folder', async () => {
    process.env.TMPDIR = join(scratch, 'no-such-folder');
    const err = await failureOf();
    expect(err.code).toBe('USAGE');
    expect(err.exitCode).toBe(2);
    expect(err.details.errno).toBe('ENOENT');
    expect(err.message).toBe(
      `the temporary folder ${join(scratch, 'no-such-folder')} (TMPDIR) does not exist: ` +
        'set TMPDIR to a folder you can write, such as /tmp',
    );
  });

  it('a TMPDIR that is a file', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    process.env.TMPDIR = file;
    const err = await failureOf();
    expect(err.code).toBe('USAGE');
    expect(err.message).toBe(
      `the temporary folder ${file} (TMPDIR) is not a folder: set TMPDIR to a folder you can write, such as /tmp`,
    );
  });

  it('names TMP when TMPDIR is not set and TMP names the folder (as os.tmpdir() reads them)', async () => {
    delete process.env.TMPDIR;
    process.env.TMP = join(scratch, 'no-tmp');
    const err = await failureOf();
    expect(err.message).toMatch(/^the temporary folder \S+no-tmp \(TMP\) does not exist: set TMPDIR to /);
  });
});

describe('the folders made', () => {
  it('are made in TMPDIR, absolute even when TMPDIR is relative', async () => {
    process.env.TMPDIR = scratch;
    const a = await makeTempFolder('ftp-report-');
    expect(a.startsWith(join(scratch, 'ftp-report-'))).toBe(true);
    process.env.TMPDIR = relative(process.cwd(), scratch);
    expect(isAbsolute(process.env.TMPDIR)).toBe(false);
    const b = makeTempFolderSync('ftp-report-json-');
    expect(b.startsWith(join(scratch, 'ftp-report-json-'))).toBe(true);
    removeTempFolderSync(b);
    expect(existsSync(b)).toBe(false);
    await removeTempFolder(a);
    expect(existsSync(a)).toBe(false);
    expect(tempFoldersMade()).not.toContain(a);
  });

  it('are all removed by removeTempFoldersSync, those removed already aside', async () => {
    process.env.TMPDIR = scratch;
    const kept = [await makeTempFolder('ftp-report-'), makeTempFolderSync('ftp-report-files-')];
    writeFileSync(join(kept[0]!, 'packets'), 'x');
    const gone = await makeTempFolder('ftp-report-json-');
    await removeTempFolder(gone);
    expect(tempFoldersMade()).toEqual(expect.arrayContaining(kept));
    removeTempFoldersSync();
    for (const d of kept) expect(existsSync(d)).toBe(false);
    expect(tempFoldersMade()).toEqual([]);
  });

  it('stop what uses them first (stopAtExit), unless told no longer to', async () => {
    process.env.TMPDIR = scratch;
    const dir = await makeTempFolder('ftp-report-');
    const seen: string[] = [];
    stopAtExit(dir, () => seen.push(existsSync(dir) ? 'stopped, folder still there' : 'stopped after'));
    const forget = stopAtExit(dir, () => seen.push('forgotten'));
    forget();
    stopAtExit(dir, () => {
      throw new Error('already gone');
    });
    removeTempFoldersSync();
    expect(seen).toEqual(['stopped, folder still there']);
    expect(existsSync(dir)).toBe(false);
  });
});
