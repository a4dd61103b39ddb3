// The lines of an EK stream (tshark -T ek prints one JSON object a line), handed on one at a time as strings.

/**
 * Calls `onLine` with every non-empty line of the stream, without its line end (\n or \r\n), in order. Each line is
 * decoded from the bytes on its own: a newline byte never falls inside a UTF-8 character, so a character split between
 * two chunks is decoded whole, and a line's string holds that line only (a piece of it kept in the model, such as an
 * Info column, keeps no larger text alive). A last line without a newline counts too. Synchronous per chunk (no
 * promise per line): the cost of reading tshark's output is its decoding, not the stream's.
 */
export async function forEachLine(
  input: AsyncIterable<Buffer | string>,
  onLine: (line: string) => void,
): Promise<void> {
  let rest: Buffer | null = null;
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
    if (end === -1) {
      rest = rest === null ? chunk : Buffer.concat([rest, chunk]);
      continue;
    }
    if (rest !== null) {
      // the line begun in earlier chunks ends at this chunk's first newline
      lineOf(Buffer.concat([rest, chunk.subarray(0, end + 1)]), 0, rest.length + end, onLine);
      rest = null;
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    while (end !== -1) {
      lineOf(chunk, start, end, onLine);
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) rest = chunk.subarray(start);
  }
  if (rest !== null) lineOf(rest, 0, rest.length, onLine);
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** The line in bytes[start, end) (end at its newline, or the end), a CR before the newline dropped; empty: none. */
function lineOf(bytes: Buffer, start: number, end: number, onLine: (line: string) => void): void {
  const stop = end > start && bytes[end - 1] === CR ? end - 1 : end;
  if (stop > start) onLine(bytes.toString('utf8', start, stop));
}
