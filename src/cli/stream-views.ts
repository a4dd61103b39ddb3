// Views written session by session while the capture is read (--csv/--jsonl of a per-session table, --zeek): each
// session's rows go out as soon as the engine releases it, and nothing of it is kept. The bytes are the same as the
// whole-report renderers give (test/cli/stream-views.test.ts compares them on every sample and fixture).

import { closeSync, openSync, writeSync } from 'node:fs';
import type { SessionCapture } from '../api.js';
import { type FtpReportError, outputFailed } from '../errors.js';
import type { Report, Session } from '../model.js';
import { type CsvOptions, csvHeader, csvRows } from '../reports/csv.js';
import { jsonlSessionRows } from '../reports/jsonl.js';
import { type SessionTable, TABLE_COLUMNS, isSessionTable, sessionTableRows } from '../reports/tables.js';
import { type ZeekOptions, ZeekRowMerger, zeekFooter, zeekHeader } from '../reports/zeek.js';
import type { CliIo } from './io.js';

/** What a streamed view writes: text before the first session, each session's rows, and text at the end. */
export interface StreamedView {
  session(session: Session, capture: SessionCapture): string;
  /** The rest, once every capture was read: a header never written (no session), held rows, a footer. */
  end(reports: readonly Report[]): string;
}

/**
 * Which view streams. Per-session tables in CSV or JSON Lines (the findings and captures tables need every session
 * first); ftp.log for one capture (#open names the earliest capture's first packet). Not with --no-secrets (a password
 * is masked in every session's text, earlier sessions' too), nor --files/--extract (read after the capture), --out.
 */
export function streamedView(
  choice: {
    csvTable: string | null;
    jsonlTable: string | null;
    zeek: boolean;
    captures: number;
    masked: boolean;
    files: boolean;
    out: boolean;
  },
  options: { csv: CsvOptions; zeek: ZeekOptions },
): StreamedView | null {
  if (choice.masked || choice.files || choice.out) return null;
  if (choice.csvTable !== null) return isSessionTable(choice.csvTable) ? csvView(choice.csvTable, options.csv) : null;
  if (choice.jsonlTable !== null) return isSessionTable(choice.jsonlTable) ? jsonlView(choice.jsonlTable) : null;
  if (choice.zeek && choice.captures <= 1) return zeekView(options.zeek);
  return null;
}

function csvView(table: SessionTable, options: CsvOptions): StreamedView {
  let started = false;
  const header = (): string => {
    if (started) return '';
    started = true;
    return csvHeader(TABLE_COLUMNS[table], options);
  };
  return {
    session: (s, capture) => {
      const rows = sessionTableRows({ capture }, s, table);
      return rows.length === 0 ? '' : header() + csvRows(rows, TABLE_COLUMNS[table], options);
    },
    end: () => header(),
  };
}

function jsonlView(table: SessionTable): StreamedView {
  return {
    session: (s, capture) => jsonlSessionRows(sessionTableRows({ capture }, s, table), TABLE_COLUMNS[table]),
    end: () => '',
  };
}

function zeekView(options: ZeekOptions): StreamedView {
  const merger = new ZeekRowMerger(options);
  let started = false;
  const header = (firstAt: string | null): string => {
    if (started) return '';
    started = true;
    return zeekHeader([firstAt]);
  };
  return {
    session: (s, capture) => header(capture.firstAt) + merger.push({ capture }, s),
    end: (reports) =>
      header(reports[0]?.capture.firstAt ?? null) + merger.end() + zeekFooter(reports.map((r) => r.capture.lastAt)),
  };
}

/**
 * Where streamed text goes: stdout, or the -o file (opened at the first write, so a run that writes nothing leaves
 * no file). A write that fails is remembered and thrown by close(): the engine's callback must not throw.
 */
export class StreamOutput {
  private fd: number | null = null;
  private failure: FtpReportError | null = null;

  constructor(
    private readonly file: string | undefined,
    private readonly io: CliIo,
  ) {}

  write(text: string): void {
    if (text === '' || this.failure) return;
    if (this.file === undefined) {
      this.io.stdout(text);
      return;
    }
    if (!this.open()) return;
    try {
      writeSync(this.fd!, text);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Writes the rest (the file is made even when nothing else was written) and closes; throws a failed write. */
  close(rest: string): void {
    if (this.file !== undefined) this.open();
    this.write(rest);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (this.failure) throw this.failure;
  }

  private open(): boolean {
    if (this.fd !== null) return true;
    if (this.failure) return false;
    try {
      this.fd = openSync(this.file!, 'w');
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  private fail(err: unknown): void {
    this.failure = outputFailed(this.file!, err);
  }
}
