// The lines of an EK stream (tshark -T ek prints one JSON object a line), handed on one at a time as strings.

/**
 * Calls `onLine` with every non-empty line of the stream, without its line end (\n or \r\n), in order. Each chunk is
 * cut after its last newline byte, which never falls inside a UTF-8 character, so a character split between two
 * chunks is decoded whole; the piece after it waits for the next chunk. A last line without a newline counts too.
 * Synchronous per chunk (no promise per line): the cost of reading tshark's output is JSON's, not the stream's.
 */
export async function forEachLine(
  input: AsyncIterable<Buffer | string>,
  onLine: (line: string) => void,
): Promise<void> {
  let rest: Buffer | null = null;
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      rest = rest === null ? chunk : Buffer.concat([rest, chunk]);
      continue;
    }
    let from = 0;
    if (rest !== null) {
      // the line begun in earlier chunks ends at this chunk's first newline
      const first = chunk.indexOf(NEWLINE);
      linesOf(Buffer.concat([rest, chunk.subarray(0, first)]).toString('utf8'), onLine);
      rest = null;
      from = first + 1;
    }
    if (from < last) linesOf(chunk.toString('utf8', from, last), onLine);
    if (last + 1 < chunk.length) rest = chunk.subarray(last + 1);
  }
  if (rest !== null) linesOf(rest.toString('utf8'), onLine);
}

const NEWLINE = 0x0a;

/** Every non-empty line of a text whose lines end in \n (the last may not), \r before it dropped. */
function linesOf(text: string, onLine: (line: string) => void): void {
  let start = 0;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    const stop = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    if (stop > start) onLine(text.slice(start, stop));
    start = end + 1;
  }
}
