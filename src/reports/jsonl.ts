// The JSON Lines view: one JSON object per table row, same columns and values as the CSV table, typed.

import type { Report } from '../model.js';
import { CAPTURE_COLUMNS, type CaptureOutcome, captureRows } from './captures.js';
import { TABLE_COLUMNS, type TableName, type TableRow, tableRowsOf } from './tables.js';

/**
 * Makes JSON text safe for a terminal without changing what it parses to: JSON.stringify already writes
 * C0 controls (ESC included) as \u00XX, but leaves DEL, the C1 controls (U+0080–U+009F, e.g. the one-byte
 * CSI U+009B) and the line separators U+2028/U+2029 raw. Those only occur inside strings, so escaping them
 * there is exact.
 */
export function escapeJsonText(json: string): string {
  // eslint-disable-next-line no-control-regex
  return json.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line of JSON (no newline inside), terminal-safe. */
export function jsonLine(value: unknown): string {
  return escapeJsonText(JSON.stringify(value));
}

/** One table over one or more reports: one object per row, keys in the documented column order. */
export function renderJsonl(
  reports: Report | readonly Report[],
  table: TableName,
  options: { foldMin?: number } = {},
): string {
  const list = Array.isArray(reports) ? (reports as readonly Report[]) : [reports as Report];
  return jsonlRows(tableRowsOf(list, table, options), TABLE_COLUMNS[table]);
}

/** The `captures` table as JSON Lines: one object per capture named. */
export function renderCapturesJsonl(outcomes: readonly CaptureOutcome[]): string {
  return jsonlRows(captureRows(outcomes), CAPTURE_COLUMNS);
}

/** One session's rows as JSON Lines: renderJsonl's text is these, session after session. */
export function jsonlSessionRows(rows: TableRow[], columns: readonly string[]): string {
  return jsonlRows(rows, columns);
}

function jsonlRows(rows: TableRow[], columns: readonly string[]): string {
  const lines = rows.map((row) => {
    const ordered: Record<string, unknown> = {};
    for (const c of columns) ordered[c] = row[c] ?? null;
    return jsonLine(ordered);
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
