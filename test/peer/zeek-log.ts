// Reads Zeek's ASCII (TSV) logs, as recorded in Zeek's btest baselines, into rows of field name → value.

import { readFileSync } from 'node:fs';

/** One log line: field name → value; null for Zeek's unset marker, "" for its empty marker. */
export type ZeekRow = Record<string, string | null>;

export interface ZeekLog {
  /** The `#path` header (e.g. "ftp", "conn"), null when absent. */
  path: string | null;
  /** Column names from `#fields`, in order. */
  fields: string[];
  /** Column types from `#types` (e.g. "addr", "port", "set[string]"), same order; empty when absent. */
  types: string[];
  /** Column separator, decoded from `#separator` (a tab in every baseline). */
  separator: string;
  /** Separator between the elements of set/vector values, from `#set_separator`. */
  setSeparator: string;
  /** Marker of an empty set or string, from `#empty_field`. */
  emptyField: string;
  /** Marker of an unset field, from `#unset_field`. */
  unsetField: string;
  /** The data lines, in file order. */
  rows: ZeekRow[];
  /** 1-based line number in the file of each row, for messages. */
  lineNumbers: number[];
}

/** Thrown for a log this parser cannot read faithfully; says which line and why. */
export class ZeekLogError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly line: number | null,
  ) {
    super(`${source}${line === null ? '' : `:${line}`}: ${message}`);
    this.name = 'ZeekLogError';
  }
}

/** Turns Zeek's escapes (`\xHH` for bytes it would not print, `\\` for a backslash) back into characters. */
export function unescapeZeek(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|\\)/g, (_m, esc: string) =>
    esc === '\\' ? '\\' : String.fromCharCode(parseInt(esc.slice(1), 16)),
  );
}

/** Parses the text of one Zeek TSV log. `source` only names the log in errors. */
export function parseZeekLog(text: string, source = '<zeek log>'): ZeekLog {
  const log: ZeekLog = {
    path: null,
    fields: [],
    types: [],
    separator: '\t',
    setSeparator: ',',
    emptyField: '(empty)',
    unsetField: '-',
    rows: [],
    lineNumbers: [],
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw === '') return;
    if (raw.startsWith('#')) {
      readHeader(log, raw, source, lineNo);
      return;
    }
    if (log.fields.length === 0) throw new ZeekLogError('data line before the #fields header', source, lineNo);
    const cells = raw.split(log.separator);
    if (cells.length !== log.fields.length) {
      throw new ZeekLogError(`${cells.length} columns, but #fields names ${log.fields.length}`, source, lineNo);
    }
    const row: ZeekRow = {};
    log.fields.forEach((name, col) => {
      row[name] = decodeCell(log, cells[col]!);
    });
    log.rows.push(row);
    log.lineNumbers.push(lineNo);
  });
  if (log.fields.length === 0) throw new ZeekLogError('no #fields header', source, null);
  return log;
}

/** Reads and parses a Zeek TSV log file. */
export function readZeekLog(file: string): ZeekLog {
  return parseZeekLog(readFileSync(file, 'utf8'), file);
}

/** Splits a set/vector cell on the log's set separator; null (unset) and "" (empty) give no elements. */
export function splitZeekSet(log: Pick<ZeekLog, 'setSeparator'>, value: string | null): string[] {
  if (value === null || value === '') return [];
  return value.split(log.setSeparator);
}

function decodeCell(log: ZeekLog, cell: string): string | null {
  // Markers are compared before unescaping: Zeek escapes a literal "-" value so it cannot be mistaken.
  if (cell === log.unsetField) return null;
  if (cell === log.emptyField) return '';
  return unescapeZeek(cell);
}

function readHeader(log: ZeekLog, raw: string, source: string, lineNo: number): void {
  // `#separator` is the one header whose value follows a space, because the separator is not known yet.
  const sep = /^#separator[ \t](.*)$/.exec(raw);
  if (sep) {
    const value = unescapeZeek(sep[1]!);
    if (value.length === 0) throw new ZeekLogError('empty #separator', source, lineNo);
    log.separator = value;
    return;
  }
  const cut = raw.indexOf(log.separator);
  if (cut < 0) return; // "#open XXXX", btest's "### ..." banner and other comments carry nothing we use.
  const key = raw.slice(1, cut);
  const rest = raw.slice(cut + log.separator.length);
  switch (key) {
    case 'set_separator':
      log.setSeparator = unescapeZeek(rest);
      break;
    case 'empty_field':
      log.emptyField = unescapeZeek(rest);
      break;
    case 'unset_field':
      log.unsetField = unescapeZeek(rest);
      break;
    case 'path':
      log.path = rest;
      break;
    case 'fields':
      log.fields = rest.split(log.separator);
      if (new Set(log.fields).size !== log.fields.length) {
        throw new ZeekLogError('#fields names a column twice', source, lineNo);
      }
      break;
    case 'types':
      log.types = rest.split(log.separator);
      if (log.fields.length > 0 && log.types.length !== log.fields.length) {
        throw new ZeekLogError(
          `#types has ${log.types.length} entries for ${log.fields.length} fields`,
          source,
          lineNo,
        );
      }
      break;
    default:
      break; // #open, #close and anything newer: not needed to read rows.
  }
}
