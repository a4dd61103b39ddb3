// The JSON view: the model in the contract's JSON form (docs/report-json.md), with the English sentences added.
// Findings and warnings are codes and facts in the model; the contract also gives each its sentence: a finding
// its `message`, and `warnings` stays the list of sentences, with the structured warnings in `warningDetails`.

import type { Finding, Report, Session, Severity, Warning } from '../model.js';
import { findingMessage, warningMessage } from './messages/en.js';

/** A finding as the contract writes it: the model's fields with its English sentence before its facts. */
export interface FindingJson {
  id: Finding['id'];
  severity: Severity;
  sessionId: string | null;
  frames: number[];
  /** One English sentence a student can read. */
  message: string;
  /** The facts behind it, per id (model.ts FindingData). */
  data: Finding['data'];
}

/** A session as the contract writes it; `packets` and `collapsedPackets` only when asked for (rev 5). */
export type SessionJson = Omit<Session, 'findings' | 'packets' | 'collapsedPackets'> &
  Partial<Pick<Session, 'packets' | 'collapsedPackets'>> & { findings: FindingJson[] };

export interface JsonOptions {
  /**
   * Write each session's packet rows (`packets`, `collapsedPackets`; default true). The CLI writes them only with
   * `--packet-rows`: without them the report grows with sessions, commands and transfers, not with packets.
   */
  packets?: boolean;
  /**
   * Indent the JSON two spaces per level (default true). The CLI writes it indented only to a terminal (or with
   * `--pretty`): compact JSON parses to the same value and is about half the size.
   */
  pretty?: boolean;
}

/** JSON.stringify's indent for these options: two spaces, or none (one line). */
export const jsonIndent = (options: JsonOptions): number | undefined => (options.pretty === false ? undefined : 2);

/** The contract's report object. */
export type ReportJson = Omit<Report, 'sessions' | 'findings' | 'warnings'> & {
  sessions: SessionJson[];
  findings: FindingJson[];
  /** One English sentence per warning, in the order they were found. */
  warnings: string[];
  /** The same warnings as codes and facts, in the same order. */
  warningDetails: Warning[];
};

export function findingJson(f: Finding): FindingJson {
  const { id, severity, sessionId, frames, data } = f;
  return { id, severity, sessionId, frames, message: findingMessage(f), data };
}

/** One session as the contract writes it (the same object `reportJson` puts in `sessions`). */
export function sessionJson(s: Session, options: JsonOptions = {}): SessionJson {
  if (options.packets ?? true) return { ...s, findings: s.findings.map(findingJson) };
  const { packets: _rows, collapsedPackets: _collapsed, ...rest } = s;
  return { ...rest, findings: s.findings.map(findingJson) };
}

/** The contract object of one report; keys keep the model's order, `warningDetails` comes last. */
export function reportJson(report: Report, options: JsonOptions = {}): ReportJson {
  return {
    ...report,
    sessions: report.sessions.map((s) => sessionJson(s, options)),
    findings: report.findings.map(findingJson),
    warnings: report.warnings.map(warningMessage),
    warningDetails: report.warnings,
  };
}

export function renderJson(report: Report, options: JsonOptions = {}): string {
  return `${JSON.stringify(reportJson(report, options), null, jsonIndent(options))}\n`;
}
