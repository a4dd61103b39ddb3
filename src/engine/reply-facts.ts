// Facts a reply states in its text, read once here so no view parses reply text: a file size, a directory.

/** The first line of a reply text (lines joined with "\n"). */
function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

/** The last run of digits in a text (Zeek's extract_count): servers write "(N bytes)" at a 150's end. */
function lastNumber(text: string): number | null {
  const all = text.match(/[0-9]+/g);
  return all ? Number(all[all.length - 1]) : null;
}

/**
 * The file size a command's replies state: the 213 reply to SIZE (RFC 3659 §4), or the 150 reply to RETR, whose
 * text servers end with "(N bytes)"; null for other commands or when no number is given.
 */
export function statedSize(
  verb: string,
  code: number,
  firstLine: string,
  preliminary150: string | null,
): number | null {
  if (verb === 'SIZE' && code === 213) return lastNumber(firstLine);
  if (verb === 'RETR' && preliminary150 !== null) return lastNumber(preliminary150);
  return null;
}

/** Commands whose 257 reply names a directory (RFC 959 §4.2.2, "257 PATHNAME created"). */
const DIRECTORY_COMMANDS = new Set(['PWD', 'XPWD', 'MKD', 'XMKD']);

/**
 * The directory a 257 reply names: its first quoted absolute path (RFC 959 Appendix II), else its first absolute
 * path (Unix or DOS); null for other replies or when none is there.
 */
export function namedDirectory(verb: string, code: number, text: string): string | null {
  if (code !== 257 || !DIRECTORY_COMMANDS.has(verb)) return null;
  const line = firstLine(text);
  const quoted = /"((?:\/|[A-Za-z]:[\\/])[^"]*)"/.exec(line);
  if (quoted) return quoted[1]!;
  const bare = /(?:\/|[A-Za-z]:[\\/])(?:[^" ]|\\ )*/.exec(line);
  return bare ? bare[0] : null;
}
