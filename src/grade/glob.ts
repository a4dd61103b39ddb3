// A small glob matcher for grade's PATH arguments: * and ? within a name, [abc] classes, ** for any depth.

import { type Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Whether a path has glob characters (and so is expanded when no file has that exact name). */
export function hasGlobMagic(path: string): boolean {
  return /[*?[]/.test(path);
}

/** A regular expression for one path segment of a glob (no "/" in it). */
export function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i += 1) {
    const ch = segment[i]!;
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end === -1) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Whether a directory entry is a directory, following symbolic links. */
async function isDir(dir: string, entry: Dirent): Promise<boolean> {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return (await stat(join(dir, entry.name))).isDirectory();
  } catch {
    return false;
  }
}

/** A name a wildcard may match: names starting with "." only match a segment that starts with "." too. */
const visible = (name: string, segment: string) => !name.startsWith('.') || segment.startsWith('.');

/**
 * Every path (file or directory) the glob matches, sorted. Relative globs give paths relative to the current
 * directory, written the way the glob starts (e.g. "./subs/a.pcap"). "**" does not follow symbolic links.
 */
export async function expandGlob(pattern: string): Promise<string[]> {
  const segments = pattern.split('/');
  const absolute = segments[0] === '';
  if (absolute) segments.shift();
  let fixed = 0;
  while (fixed < segments.length - 1 && !hasGlobMagic(segments[fixed]!)) fixed += 1;
  const base = (absolute ? '/' : '') + segments.slice(0, fixed).join('/');
  const rest = segments.slice(fixed).filter((s, i, all) => s !== '' || i === all.length - 1);
  const out = new Set<string>();
  const at = (dir: string, name: string) => (dir === '' ? name : dir === '/' ? `/${name}` : `${dir}/${name}`);

  async function walk(dir: string, index: number): Promise<void> {
    if (index === rest.length) {
      if (dir !== '') out.add(dir);
      return;
    }
    const segment = rest[index]!;
    if (segment === '**') {
      await walk(dir, index + 1);
      for (const e of await entriesOf(dir || '.')) {
        if (e.isDirectory() && !e.name.startsWith('.')) await walk(at(dir, e.name), index);
      }
      return;
    }
    if (segment === '') {
      // a trailing "/": only directories match
      if (dir !== '') out.add(dir);
      return;
    }
    if (!hasGlobMagic(segment)) {
      try {
        await stat(join(dir || '.', segment));
        await walk(at(dir, segment), index + 1);
      } catch {
        // no such entry
      }
      return;
    }
    const re = segmentRegExp(segment);
    const last = index === rest.length - 1;
    for (const e of await entriesOf(dir || '.')) {
      if (!re.test(e.name) || !visible(e.name, segment)) continue;
      if (last) out.add(at(dir, e.name));
      else if (await isDir(dir || '.', e)) await walk(at(dir, e.name), index + 1);
    }
  }

  if (base !== '' && base !== '/') {
    try {
      await stat(base);
    } catch {
      return [];
    }
  }
  await walk(base, 0);
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
