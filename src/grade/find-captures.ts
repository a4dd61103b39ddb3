// Turns grade's PATH arguments (captures, directories searched recursively, globs) into a sorted list of files to
// grade: every file below a directory gets a row, whatever its name, but a TLS key log beside its capture.

import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FtpReportError } from '../errors.js';
import { captureStemOf, isKeyLogName } from './file-facts.js';
import { expandGlob, hasGlobMagic } from './glob.js';
import { isCaptureName } from './names.js';

/** One file to grade. */
export interface CaptureEntry {
  /** The path as given, or as found below a directory given. */
  path: string;
  /** Set when the path is known not to exist: the row says so without running tshark. */
  missing?: string;
}

/**
 * Every file below a directory (hidden ones left out), following symbolic links but never into the same
 * directory twice. Files that are not captures by name are listed too: their rows say what they are.
 */
async function capturesBelow(dir: string, seen: Set<string>, out: CaptureEntry[]): Promise<void> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch {
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    // an unreadable directory is skipped like one without captures
    return;
  }
  for (const e of entries) {
    // hidden files and directories: never a student's capture (macOS "._x.pcapng" files are resource forks)
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    let isDir = e.isDirectory();
    if (e.isSymbolicLink()) {
      // a link to nowhere is listed too: its row says the file is not there
      isDir = (await stat(path).catch(() => null))?.isDirectory() ?? false;
    }
    // anything else gets a row: a regular file is read, a pipe or a device is "not a regular file"
    if (isDir) await capturesBelow(path, seen, out);
    else out.push({ path });
  }
}

/** Adds one PATH argument's captures to out. */
async function addPath(arg: string, seen: Set<string>, out: CaptureEntry[]): Promise<void> {
  let info;
  try {
    info = await stat(arg);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && hasGlobMagic(arg)) {
      const matches = await expandGlob(arg);
      if (matches.length === 0) out.push({ path: arg, missing: 'no file matches this pattern' });
      for (const m of matches) {
        const s = await stat(m).catch(() => null);
        if (s?.isDirectory()) await capturesBelow(m, seen, out);
        else out.push({ path: m });
      }
      return;
    }
    // not found or not readable: runReport says which
    out.push({ path: arg });
    return;
  }
  if (info.isDirectory()) await capturesBelow(arg, seen, out);
  else out.push({ path: arg });
}

/**
 * The files PATH arguments name, without duplicates, sorted by path; throws when there is none at all. A key log
 * (.keys, .keylog) with the same stem as a capture listed is that capture's, not a row of its own.
 */
export async function findCaptures(args: string[]): Promise<CaptureEntry[]> {
  const seen = new Set<string>();
  const all: CaptureEntry[] = [];
  for (const arg of args) await addPath(arg, seen, all);
  const stems = new Set(all.filter((e) => isCaptureName(e.path)).map((e) => captureStemOf(e.path)));
  const found = all.filter((e) => !(isKeyLogName(e.path) && stems.has(e.path.replace(/\.(keys|keylog)$/i, ''))));
  // the same file reached twice (named and inside a directory given, or through a link) is graded once
  const byFile = new Map<string, CaptureEntry>();
  for (const e of found) {
    const key = await realpath(e.path).catch(() => resolve(e.path));
    if (!byFile.has(key)) byFile.set(key, e);
  }
  const list = [...byFile.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (list.length === 0) {
    throw new FtpReportError(
      'CAPTURE_NOT_FOUND',
      `no capture (.pcap, .pcapng, .cap, optionally .gz) found in ${args.join(', ')}`,
    );
  }
  return list;
}
