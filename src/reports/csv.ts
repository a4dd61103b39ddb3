// The CSV view: one table of the model per file, RFC 4180, cells that could run as spreadsheet formulas neutralised.

import { stringify } from 'csv-stringify/sync';
import type { Report } from '../model.js';
import { CAPTURE_COLUMNS, type CaptureOutcome, captureRows } from './captures.js';
import { escapeControl } from './escape.js';
import {
  type Cell,
  INDEX_COLUMNS,
  TABLE_COLUMNS,
  type TableName,
  type TableRow,
  fileIndexRows,
  tableRowsOf,
} from './tables.js';

export { TRANSFER_COLUMNS } from './tables.js';

export interface CsvOptions {
  /**
   * Leave cells starting with = + - @ tab CR (and their full-width forms) as they are
   * (default: prefix them with ').
   */
  raw?: boolean;
  /** Start with a UTF-8 byte order mark, so Excel reads non-ASCII names as UTF-8. */
  bom?: boolean;
  /** Show control characters in text cells as \xNN: for a terminal, never for a file (the values would change). */
  escapeControls?: boolean;
  /**
   * Keep line breaks inside cells (RFC 4180 quoted, so a row can span physical lines). By default a CR LF, LF or CR
   * inside a text cell is written as the two characters \n (a lone CR as \r), so every row is one line.
   */
  multiline?: boolean;
  /** Fold repeated per-session findings of one client into one row (findings table; reports/fold.ts). */
  foldMin?: number;
}

/** A text cell with no line break: CR LF and LF become \n, a lone CR \r. */
function oneLine(v: Cell | undefined): Cell | undefined {
  return typeof v === 'string' ? v.replace(/\r?\n/g, '\\n').replace(/\r/g, '\\r') : v;
}

function terminalSafe(v: Cell | undefined): Cell | undefined {
  return typeof v === 'string' ? escapeControl(v) : v;
}

const asIs = (v: Cell | undefined): Cell | undefined => v;

/** One table over one or more reports, with a header row; columns in the documented order. */
export function renderCsv(reports: Report | readonly Report[], table: TableName, options: CsvOptions = {}): string {
  const list = Array.isArray(reports) ? (reports as readonly Report[]) : [reports as Report];
  return stringifyRows(tableRowsOf(list, table, { foldMin: options.foldMin }), TABLE_COLUMNS[table], options);
}

/** The `captures` table: one row per capture named, with its status and, when it failed, why. */
export function renderCapturesCsv(outcomes: readonly CaptureOutcome[], options: CsvOptions = {}): string {
  return stringifyRows(captureRows(outcomes), CAPTURE_COLUMNS, options);
}

/** The header row of a table (after the byte order mark when asked): what renderCsv starts with. */
export function csvHeader(columns: readonly string[], options: CsvOptions = {}): string {
  return stringifyRows([], columns, options);
}

/** Rows of a table without the header: renderCsv's text is csvHeader followed by these, for any split of its rows. */
export function csvRows(rows: TableRow[], columns: readonly string[], options: CsvOptions = {}): string {
  return stringifyRows(rows, columns, { ...options, bom: false }, false);
}

function stringifyRows(rows: TableRow[], columns: readonly string[], options: CsvOptions, header = true): string {
  // on a terminal every control character, line breaks included, shows as \xNN: rows are one line already
  const cell = options.escapeControls ? terminalSafe : options.multiline ? asIs : oneLine;
  // Each row goes to csv-stringify as an array in column order: the same text as the row object gives, without its
  // looking up every cell by a property path (a table of thousands of rows made hundreds of MB of garbage).
  const out = rows.map((row) => columns.map((c) => cell(row[c])));
  return stringify(out, {
    header,
    columns: [...columns],
    // csv-stringify prefixes ' to cells starting with = + - @ \t \r (and ＝ ＋ － ＠); numbers are left alone.
    escape_formulas: !options.raw,
    bom: options.bom === true,
    cast: { boolean: (v) => (v ? 'true' : 'false') },
  });
}

/** --extract's index.csv: one row per file written, with its hashes (formula-looking cells neutralised). */
export function renderFileIndex(report: Report): string {
  return stringifyRows(fileIndexRows(report), INDEX_COLUMNS, { multiline: true });
}

/** The transfers table with a header row (the original `--csv` output). */
export function renderTransfersCsv(report: Report, options: CsvOptions = {}): string {
  return renderCsv(report, 'transfers', options);
}
