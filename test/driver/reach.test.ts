// Whether another user can reach a file, judged from the modes along its path (as for the Lua script tshark loads).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canEnter, canRead } from '../../src/driver/reach.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-reach-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Someone who is neither the files' owner nor in their group: the "other" bits apply. */
const other = { uid: 4_000_000_001, gid: 4_000_000_001 };
const owner = { uid: process.getuid!(), gid: 4_000_000_002 };

/** A file `f` in folder `sub` of `dir` (searchable by others), with the modes given. */
function layout(name: string, folderMode: number, fileMode: number): { folder: string; file: string } {
  chmodSync(dir, 0o711);
  const folder = join(dir, name);
  mkdirSync(folder);
  const file = join(folder, 'f.lua');
  writeFileSync(file, '-- lua');
  chmodSync(file, fileMode);
  chmodSync(folder, folderMode);
  return { folder, file };
}

describe('canRead', () => {
  it('a readable file below folders everyone may search: readable', async () => {
    const { file } = layout('open', 0o755, 0o644);
    expect(await canRead(file, other)).toBe(true);
  });

  it('a folder on the way that others may not search (a 0700 dist/): not readable', async () => {
    const { folder, file } = layout('closed', 0o700, 0o644);
    expect(await canEnter(folder, other)).toBe(false);
    expect(await canRead(file, other)).toBe(false);
    expect(await canRead(file, owner)).toBe(true);
  });

  it('a file others may not read: not readable', async () => {
    const { file } = layout('private-file', 0o755, 0o600);
    expect(await canRead(file, other)).toBe(false);
  });

  it('a folder others may search but not list is enough', async () => {
    const { file } = layout('search-only', 0o711, 0o644);
    expect(await canRead(file, other)).toBe(true);
  });

  it('follows a symbolic link to the folders of its target', async () => {
    const { file } = layout('link-target', 0o700, 0o644);
    const link = join(dir, 'link.lua');
    symlinkSync(file, link);
    expect(await canRead(link, other)).toBe(false);
  });

  it('a path that does not exist: not readable', async () => {
    expect(await canRead(join(dir, 'missing.lua'), other)).toBe(false);
  });
});
