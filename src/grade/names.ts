// Names derived from capture paths: the student id (--id-pattern) and each capture's report file name.

import { basename, dirname, relative, resolve, sep } from 'node:path';

/** Capture extensions, longest first: "alice.pcapng.gz" → "alice". */
export const CAPTURE_EXTENSION = /\.(pcapng|pcap|cap)(\.gz)?$/i;

/** Whether a file name is a capture's by its extension (.pcap, .pcapng, .cap, each optionally .gz). */
export function isCaptureName(name: string): boolean {
  return CAPTURE_EXTENSION.test(name);
}

/**
 * The student id of a file. Without a pattern: the file name without its capture extension (or, for another
 * file, without its last extension and then a capture extension: "bob.pcapng.zip" → "bob"). With one: the
 * first capture group (the whole match when the pattern has no group) of the pattern run on the file name, or
 * on the path as listed when the pattern holds a "/"; "" when it does not match.
 */
export function studentIdOf(file: string, pattern?: RegExp): string {
  const name = basename(file);
  if (!pattern) {
    // "bob.pcapng.zip" and "dave.txt" are bob's and dave's too: one other extension, then the capture's
    const bare = isCaptureName(name) ? name : name.replace(/(\.tar)?\.[A-Za-z0-9]{1,8}$/, '');
    return bare.replace(CAPTURE_EXTENSION, '') || name;
  }
  const m = pattern.exec(pattern.source.includes('/') ? file : name);
  if (!m) return '';
  return m.length > 1 ? (m[1] ?? '') : m[0];
}

/** The deepest directory that holds every path. */
function commonDirectory(paths: string[]): string {
  const dirs = paths.map((p) => dirname(resolve(p)).split(sep));
  const first = dirs[0] ?? [];
  let n = first.length;
  for (const d of dirs) {
    let i = 0;
    while (i < n && i < d.length && d[i] === first[i]) i += 1;
    n = i;
  }
  return first.slice(0, n).join(sep) || sep;
}

/**
 * A Markdown report file name per capture path: the path below the directory the captures share, with "/"
 * written "__", plus ".md" ("class/alice/lab.pcapng" next to "class/bob/lab.pcapng" → "alice__lab.pcapng.md").
 * Names that would clash on a case-insensitive file system get "-2", "-3" … before ".md".
 */
export function reportNamesOf(paths: string[]): Map<string, string> {
  const names = new Map<string, string>();
  if (paths.length === 0) return names;
  const root = commonDirectory(paths);
  const taken = new Set<string>();
  for (const p of paths) {
    const stem = relative(root, resolve(p)).split(sep).join('__').replace(/^\.+/, '_') || 'capture';
    let name = `${stem}.md`;
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${stem}-${n}.md`;
    taken.add(name.toLowerCase());
    names.set(p, name);
  }
  return names;
}
