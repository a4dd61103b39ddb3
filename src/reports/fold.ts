// Folding: per-session findings repeated from one client address become one line in the findings table and the
// summary (703 connections of a password guesser give one "failed-logins" line, not 703). JSON keeps every one.

import type { Finding, Report } from '../model.js';

/** Per-session findings of one id and severity from one client address, from this many on, fold into one line. */
export const DEFAULT_FOLD_MIN = 5;

/** A finding line: the finding itself, or the first of several folded into it. */
export interface FindingLine {
  finding: Finding;
  /** How many findings the line stands for (1 when not folded). */
  count: number;
  /** Sessions of the findings it stands for, in order (empty for a capture-wide finding). */
  sessions: string[];
  /** Client address of the folded findings; null when the line is one finding. */
  clientIp: string | null;
}

/**
 * The report's findings as lines: per-session ones in session order, each group of `min` or more with the same id,
 * severity and client address folded into one line where its first finding was, then the capture-wide ones.
 * `min` 0 (or 1) folds nothing.
 */
export function foldFindings(report: Report, min: number = DEFAULT_FOLD_MIN): FindingLine[] {
  const perSession = report.sessions.flatMap((s) => s.findings.map((f) => ({ f, s })));
  const key = (x: (typeof perSession)[number]) => `${x.f.id}\u0000${x.f.severity}\u0000${x.s.client.ip}`;
  const groups = new Map<string, typeof perSession>();
  for (const x of perSession) {
    const group = groups.get(key(x));
    if (group) group.push(x);
    else groups.set(key(x), [x]);
  }
  const lines: FindingLine[] = [];
  const done = new Set<string>();
  for (const x of perSession) {
    const k = key(x);
    const group = groups.get(k)!;
    if (min <= 1 || group.length < min) {
      lines.push({ finding: x.f, count: 1, sessions: [x.s.id], clientIp: null });
      continue;
    }
    if (done.has(k)) continue;
    done.add(k);
    const frames = group.flatMap((g) => g.f.frames).slice(0, 100);
    lines.push({
      finding: { ...x.f, frames },
      count: group.length,
      sessions: [...new Set(group.map((g) => g.s.id))],
      clientIp: x.s.client.ip,
    });
  }
  for (const f of report.findings) lines.push({ finding: f, count: 1, sessions: [], clientIp: null });
  return lines;
}
