// Views over several reports at once (one per capture), and the set of files `--out DIR` writes.

import type { Report } from '../model.js';
import { type CaptureOutcome, captureErrorJson, failedReportJson } from './captures.js';
import { type CsvOptions, renderCapturesCsv, renderCsv } from './csv.js';
import { type JsonOptions, type ReportJson, type ReportJsonV2, jsonIndent, renderJson, reportJson } from './json.js';
import { escapeJsonText } from './jsonl.js';
import { TABLE_NAMES } from './tables.js';
import { type ZeekOptions, renderZeekFtpLog } from './zeek.js';
import { hasFiles, renderZeekFilesLog } from './zeek-files.js';

/**
 * The JSON view of one or more captures: one capture gives the report object of the contract, several give
 * a JSON array of such objects, in the order the captures were named. C1 controls are written as \u00XX.
 */
export function renderJsonOf(reports: readonly Report[], options: JsonOptions = {}): string {
  if (reports.length === 1) return escapeJsonText(renderJson(reports[0]!, options));
  return `${escapeJsonText(
    JSON.stringify(
      reports.map((r) => reportJson(r, options)),
      null,
      jsonIndent(options),
    ),
  )}\n`;
}

/**
 * The JSON view of every capture named, good or bad: a capture read whole is its report object; one cut short has
 * an `error` object besides its (partial) report; one nothing could be read from is a report with no sessions,
 * `capture.complete` false and its `error`. One capture gives its object unless `array`; several always an array.
 */
export function renderJsonOutcomes(
  outcomes: readonly CaptureOutcome[],
  array: boolean,
  tool: Report['tool'],
  options: JsonOptions = {},
): string {
  const entries = jsonOutcomeEntries(outcomes, tool, options);
  const value = entries.length === 1 && !array ? entries[0] : entries;
  return `${escapeJsonText(JSON.stringify(value, null, jsonIndent(options)))}\n`;
}

/** The entry of each capture that renderJsonOutcomes writes, in order (an array of one, or several). */
export function jsonOutcomeEntries(
  outcomes: readonly CaptureOutcome[],
  tool: Report['tool'],
  options: JsonOptions = {},
): (ReportJson | ReportJsonV2)[] {
  return outcomes.map((o) => {
    if (o.error === null) return reportJson(o.report!, options);
    if (o.report === null) return failedReportJson({ ...o, error: o.error }, tool, options.schemaVersion);
    return { ...reportJson(o.report, options), error: captureErrorJson(o.error) };
  });
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
  /**
   * Every capture named and how it went: adds captures.csv, and report.json then holds an entry for each (see
   * renderJsonOutcomes), failed ones included. Without it, report.json holds the reports only.
   */
  outcomes?: readonly CaptureOutcome[];
  /** report.json is an array even for one capture (--json-array). */
  jsonArray?: boolean;
  /** The tool object of a failed capture's JSON entry (there is no report to take it from). */
  tool?: Report['tool'];
  /** report.json's options (packet rows only when asked for; its schema version). */
  json?: JsonOptions;
}

/**
 * Every file of `--out DIR`: each CSV table, report.json, report.md and ftp.log (and files.log when the
 * transfers' data was read), from the same reports.
 */
export function renderBundle(reports: readonly Report[], options: BundleOptions): BundleFile[] {
  const csv = { ...options.csv, escapeControls: false };
  const outcomes = options.outcomes;
  const tool = options.tool ?? reports[0]?.tool ?? { name: 'ftp-report' as const, version: '' };
  return [
    ...TABLE_NAMES.map((table) => ({ name: `${table}.csv`, text: renderCsv(reports, table, csv) })),
    ...(outcomes ? [{ name: 'captures.csv', text: renderCapturesCsv(outcomes, csv) }] : []),
    {
      name: 'report.json',
      text: outcomes
        ? renderJsonOutcomes(outcomes, options.jsonArray === true, tool, options.json)
        : options.jsonArray
          ? `${escapeJsonText(
              JSON.stringify(
                reports.map((r) => reportJson(r, options.json)),
                null,
                2,
              ),
            )}\n`
          : renderJsonOf(reports, options.json),
    },
    {
      name: 'report.md',
      text: joinMarkdown([...reports.map(options.markdown), options.markdownAfter?.(reports) ?? ''].filter(Boolean)),
    },
    { name: 'ftp.log', text: renderZeekFtpLog(reports, options.zeek) },
    // files.log beside ftp.log when the transfers' data was read (--files, --extract)
    ...(hasFiles(reports) ? [{ name: 'files.log', text: renderZeekFilesLog(reports) }] : []),
  ];
}
