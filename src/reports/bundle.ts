// Views over several reports at once (one per capture), and the set of files `--out DIR` writes.

import type { Report } from '../model.js';
import { type CsvOptions, renderCsv } from './csv.js';
import { renderJson, reportJson } from './json.js';
import { escapeJsonText } from './jsonl.js';
import { TABLE_NAMES } from './tables.js';
import { type ZeekOptions, renderZeekFtpLog } from './zeek.js';
import { hasFiles, renderZeekFilesLog } from './zeek-files.js';

/**
 * The JSON view of one or more captures: one capture gives the report object of the contract, several give
 * a JSON array of such objects, in the order the captures were named. C1 controls are written as \u00XX.
 */
export function renderJsonOf(reports: readonly Report[]): string {
  if (reports.length === 1) return escapeJsonText(renderJson(reports[0]!));
  return `${escapeJsonText(JSON.stringify(reports.map(reportJson), null, 2))}\n`;
}

/** Several Markdown documents in one: each capture's report in turn, separated by a thematic break. */
export function joinMarkdown(documents: readonly string[]): string {
  return documents.map((d) => (d.endsWith('\n') ? d : `${d}\n`)).join('\n---\n\n');
}

/** Several plain-text views in one, separated by an empty line. */
export function joinText(texts: readonly string[]): string {
  return texts.map((d) => (d.endsWith('\n') ? d : `${d}\n`)).join('\n');
}

export interface BundleFile {
  /** File name inside the output directory. */
  name: string;
  text: string;
}

export interface BundleOptions {
  csv?: CsvOptions;
  zeek?: ZeekOptions;
  /** The Markdown view of one report (the caller passes its language and masking choices). */
  markdown: (report: Report) => string;
  /** What follows the reports of several captures in report.md (the modes compared), null when nothing. */
  markdownAfter?: (reports: readonly Report[]) => string | null;
}

/**
 * Every file of `--out DIR`: each CSV table, report.json, report.md and ftp.log (and files.log when the
 * transfers' data was read), from the same reports.
 */
export function renderBundle(reports: readonly Report[], options: BundleOptions): BundleFile[] {
  const csv = { ...options.csv, escapeControls: false };
  return [
    ...TABLE_NAMES.map((table) => ({ name: `${table}.csv`, text: renderCsv(reports, table, csv) })),
    { name: 'report.json', text: renderJsonOf(reports) },
    {
      name: 'report.md',
      text: joinMarkdown([...reports.map(options.markdown), options.markdownAfter?.(reports) ?? ''].filter(Boolean)),
    },
    { name: 'ftp.log', text: renderZeekFtpLog(reports, options.zeek) },
    // files.log beside ftp.log when the transfers' data was read (--files, --extract)
    ...(hasFiles(reports) ? [{ name: 'files.log', text: renderZeekFilesLog(reports) }] : []),
  ];
}
