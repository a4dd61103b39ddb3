// Directory listings as a LIST, NLST or MLSD data connection carried them, read into entries: Unix `ls -l`,
// DOS/IIS style and MLSD facts (RFC 3659 §7); NLST and lines of no known style give the name only.

import type { ListingEntry } from '../model.js';

/** Listing verbs whose data is a directory listing. */
export const LISTING_VERBS: ReadonlySet<string> = new Set(['LIST', 'NLST', 'MLSD']);

// type, permissions, links, owner, [group,] size, date (Mon DD HH:MM | Mon DD YYYY), name
const UNIX_LINE = new RegExp(
  /^([-dlcbpsD])([rwxsStTlL-]{9})[+@.]?\s+\d+\s+(\S+)\s+(?:(\S+)\s+)?(\d+)\s+/.source +
    /([A-Za-z]{3}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4}))\s(.*)$/.source,
);
// date, time, <DIR> or size, name
const DOS_LINE =
  /^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})\s+(\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?)\s+(<DIR>|\d+)\s+(.+)$/;

const UNIX_TYPES: Record<string, ListingEntry['type']> = { '-': 'file', d: 'dir', l: 'link', D: 'dir' };

/** A listing's bytes as text: UTF-8 when it is valid UTF-8, else Latin-1 (every byte a character). */
export function listingText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return data.toString('latin1');
  }
}

function entry(name: string, format: ListingEntry['format']): ListingEntry {
  return {
    name,
    type: null,
    size: null,
    modified: null,
    permissions: null,
    owner: null,
    group: null,
    target: null,
    format,
  };
}

/** One `ls -l` line, or null when it is not one. */
export function parseUnixLine(line: string): ListingEntry | null {
  const m = UNIX_LINE.exec(line);
  if (!m) return null;
  const [, kind, perms, owner, group, size, modified, rest] = m;
  const e = entry(rest!, 'unix');
  e.type = UNIX_TYPES[kind!] ?? 'other';
  e.permissions = kind! + perms!;
  e.owner = owner!;
  e.group = group ?? null;
  e.size = Number(size);
  e.modified = modified!.replace(/\s+/g, ' ');
  if (e.type === 'link') {
    const arrow = rest!.indexOf(' -> ');
    if (arrow >= 0) {
      e.name = rest!.slice(0, arrow);
      e.target = rest!.slice(arrow + 4);
    }
  }
  return e;
}

/** One DOS/IIS line ("01-15-24  12:00PM  <DIR>  name"), or null when it is not one. */
export function parseDosLine(line: string): ListingEntry | null {
  const m = DOS_LINE.exec(line);
  if (!m) return null;
  const [, date, time, sizeOrDir, name] = m;
  const e = entry(name!, 'dos');
  e.modified = `${date} ${time!.replace(/\s+/g, '')}`;
  if (sizeOrDir === '<DIR>') e.type = 'dir';
  else {
    e.type = 'file';
    e.size = Number(sizeOrDir);
  }
  return e;
}

/** One MLSD line ("fact=value;fact=value; name"), or null when it has no facts; cdir/pdir lines give null too. */
export function parseMlsdLine(line: string): ListingEntry | null {
  const space = line.indexOf(' ');
  if (space <= 0 || !line.slice(0, space).includes('=')) return null;
  const facts = new Map<string, string>();
  for (const fact of line.slice(0, space).split(';')) {
    const eq = fact.indexOf('=');
    if (eq > 0) facts.set(fact.slice(0, eq).toLowerCase(), fact.slice(eq + 1));
  }
  const e = entry(line.slice(space + 1), 'mlsd');
  const type = facts.get('type')?.toLowerCase() ?? null;
  if (type === 'cdir' || type === 'pdir') return null;
  if (type === 'file') e.type = 'file';
  else if (type === 'dir') e.type = 'dir';
  else if (type !== null) e.type = /slink|symlink/.test(type) ? 'link' : 'other';
  const size = facts.get('size') ?? facts.get('sizd');
  if (size !== undefined && /^\d+$/.test(size)) e.size = Number(size);
  e.modified = facts.get('modify') ?? null;
  e.permissions = facts.get('perm') ?? facts.get('unix.mode') ?? null;
  e.owner = facts.get('unix.owner') ?? facts.get('unix.uid') ?? null;
  e.group = facts.get('unix.group') ?? facts.get('unix.gid') ?? null;
  return e;
}

/** A listing's entries: MLSD lines for MLSD, names for NLST, `ls -l` or DOS lines for LIST (else the line). */
export function parseListing(verb: string, text: string): ListingEntry[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const out: ListingEntry[] = [];
  for (const line of lines) {
    if (verb === 'NLST') {
      out.push(entry(line, 'names'));
      continue;
    }
    if (verb === 'MLSD') {
      const e = parseMlsdLine(line);
      if (e) out.push(e);
      else if (!/(^|;)type=[cp]dir;/i.test(line)) out.push(entry(line, 'names'));
      continue;
    }
    if (/^total\s+\d+$/i.test(line.trim())) continue;
    out.push(parseUnixLine(line) ?? parseDosLine(line) ?? parseMlsdLine(line) ?? entry(line, 'names'));
  }
  return out;
}
