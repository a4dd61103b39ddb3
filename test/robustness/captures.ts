// Reads the robustness captures of test/fixtures/robustness/ (made by `scripts/make-samples robustness`;
// that directory's README.md says how each was made) once per test file, and small helpers for their tests.
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Command, Transfer } from '../../src/model.js';
import { type ReportJson, reportJson, type SessionJson } from '../../src/reports/json.js';
import { sharedReport } from '../shared-report.js';

type Report = ReportJson;
/** These reports are made with packet rows (the library's default), so a session always has them. */
type Session = SessionJson & Required<Pick<SessionJson, 'packets' | 'collapsedPackets'>>;

export const FIXTURES = fileURLToPath(new URL('../fixtures/robustness/', import.meta.url));

export const fixture = (name: string): string => `${FIXTURES}${name}.pcapng`;

const reports = new Map<string, Promise<Report>>();

/** The report of test/fixtures/robustness/NAME.pcapng in its JSON form, sentences included (made once per run). */
export function report(name: string): Promise<Report> {
  let r = reports.get(name);
  if (!r) {
    r = sharedReport({ capture: fixture(name) }).then((model) => reportJson(model));
    reports.set(name, r);
  }
  return r;
}

/** The only session of a report. */
export function only(r: Report): Session {
  expect(r.sessions).toHaveLength(1);
  const s = r.sessions[0]!;
  expect(s.packets).toBeDefined();
  return s as Session;
}

/** The n-th command with this verb. */
export function cmd(s: SessionJson, verb: string, n = 0): Command {
  const c = s.commands.filter((x) => x.command === verb)[n];
  if (!c) throw new Error(`${s.id} has no ${verb} #${n + 1}`);
  return c;
}

/** The transfer whose command is VERB ARG. */
export function transfer(s: SessionJson, verb: string, arg: string | null = null, n = 0): Transfer {
  const t = s.transfers.filter((x) => x.command === verb && x.arg === arg)[n];
  if (!t) throw new Error(`${s.id} has no transfer ${verb} ${arg ?? ''} #${n + 1}`);
  return t;
}

/** Warnings that name the session (they start with "S1:" or "S1-T2:", or say "… in S1: …"). */
export function warningsOf(r: Report, sessionId: string): string[] {
  return r.warnings.filter(
    (w) => w.startsWith(`${sessionId}:`) || w.startsWith(`${sessionId}-`) || w.includes(` in ${sessionId}:`),
  );
}

/** The verbs and replies of a session, as "VERB arg -> code" lines, for whole-list comparisons. */
export function dialogue(s: SessionJson): string[] {
  return s.commands.map((c) => `${c.command}${c.arg === null ? '' : ` ${c.arg}`} -> ${c.reply?.code ?? 'none'}`);
}
