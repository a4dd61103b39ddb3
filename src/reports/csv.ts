// The CSV view: one table of the model per file, RFC 4180, cells that could run as spreadsheet formulas neutralised.

import { stringify } from 'csv-stringify/sync';
import type { Report } from '../model.js';
import { escapeControl } from './escape.js';
import { type Cell, TABLE_COLUMNS, type TableName, type TableRow, tableRowsOf } from './tables.js';

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
}

function terminalSafe(row: TableRow): TableRow {
  const out: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' ? escapeControl(v) : v;
  return out;
}

/** One table over one or more reports, with a header row; columns in the documented order. */
export function renderCsv(reports: Report | readonly Report[], table: TableName, options: CsvOptions = {}): string {
  const list = Array.isArray(reports) ? (reports as readonly Report[]) : [reports as Report];
  let rows = tableRowsOf(list, table);
  if (options.escapeControls) rows = rows.map(terminalSafe);
  return stringify(rows, {
    header: true,
    columns: [...TABLE_COLUMNS[table]],
    // csv-stringify prefixes ' to cells starting with = + - @ \t \r (and ＝ ＋ － ＠); numbers are left alone.
    escape_formulas: !options.raw,
    bom: options.bom === true,
    cast: { boolean: (v) => (v ? 'true' : 'false') },
  });
}

/** The transfers table with a header row (the original `--csv` output). */
export function renderTransfersCsv(report: Report, options: CsvOptions = {}): string {
  return renderCsv(report, 'transfers', options);
}
