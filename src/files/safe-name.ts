// File names for --extract: whatever name crossed the wire, the result is one plain component inside DIR.

import { basename, dirname, join, resolve } from 'node:path';

/** Longest sanitised name part, in UTF-8 bytes (the whole name stays far below common 255-byte limits). */
export const MAX_NAME_BYTES = 120;

/** Names Windows reserves for devices, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|clock\$|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
function cutBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/**
 * The last component of a name from the wire, made safe: no directory part (`/` or `\`), no NUL or control
 * character, only letters, digits and `. _ -` (others become `_`), no leading or trailing dots or spaces, no device
 * name, at most MAX_NAME_BYTES bytes with the extension kept; "data" when nothing is left.
 */
export function sanitizeName(wire: string | null): string {
  if (wire === null) return 'data';
  const last =
    wire
      .split(/[/\\]/)
      .filter((p) => p !== '')
      .pop() ?? '';
  const trimmed = last.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  let name = trimmed.replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/_{2,}/g, '_');
  name = name.replace(/^\.+/, '').replace(/\.+$/, '');
  if (name === '' || /^_+$/.test(name)) return 'data';
  if (RESERVED.test(name)) name = `_${name}`;
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = cutBytes(name.slice(0, name.length - ext.length), MAX_NAME_BYTES - Buffer.byteLength(ext)) + ext;
  }
  return name;
}

/** The name a transfer's file is written under: `<session>-<transfer>-<name>` (transfer ids hold the session). */
export function extractName(transferId: string, verb: string, arg: string | null, listing: boolean): string {
  const id = sanitizeName(transferId);
  if (listing)
    return arg === null || arg.trim() === '' ? `${id}-${verb}.txt` : `${id}-${verb}-${sanitizeName(arg)}.txt`;
  return `${id}-${sanitizeName(arg)}`;
}

/** `name` joined to `dir`, checked to be a direct child of it; throws when it is not (it never should be). */
export function pathInside(dir: string, name: string): string {
  const path = join(dir, name);
  if (basename(name) !== name || resolve(dirname(path)) !== resolve(dir)) {
    throw new Error(`extract name ${JSON.stringify(name)} is not a plain file name`);
  }
  return path;
}
