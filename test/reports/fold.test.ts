// Folding repeated per-session findings of one client address into one line (summary, findings table).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { foldFindings } from '../../src/reports/fold.js';
import { renderSummary } from '../../src/reports/summary.js';
import { ROOT } from '../cli/run-cli.js';
import { sharedReport } from '../shared-report.js';

describe('foldFindings on guess-and-spray (6 sessions from 127.0.0.3, 4 from 127.0.0.2)', () => {
  let report: Report;
  beforeAll(async () => {
    report = await sharedReport({ capture: join(ROOT, 'test/fixtures/analyst/guess-and-spray.pcapng') });
  });

  it('folds the groups that reach the minimum, where their first finding was, and keeps the rest', () => {
    const lines = foldFindings(report, 5);
    const folded = lines.filter((l) => l.count > 1);
    expect(folded.map((l) => [l.finding.id, l.clientIp, l.count])).toEqual([
      ['cleartext-credentials', '127.0.0.3', 6],
      ['failed-logins', '127.0.0.3', 6],
    ]);
    expect(folded[0]!.sessions).toEqual(['S5', 'S6', 'S7', 'S8', 'S9', 'S10']);
    // 127.0.0.2's 4 sessions stay one line each (8 findings), then the capture-wide ones
    expect(lines.filter((l) => l.count === 1 && l.finding.sessionId !== null)).toHaveLength(8);
    expect(lines.slice(-2).map((l) => l.finding.id)).toEqual(['source-brute-force', 'password-spraying']);
    const all = [...report.sessions.flatMap((s) => s.findings), ...report.findings];
    expect(lines.reduce((n, l) => n + l.count, 0)).toBe(all.length);
  });

  it('folds nothing at 0, or when no group reaches the minimum', () => {
    const all = [...report.sessions.flatMap((s) => s.findings), ...report.findings];
    expect(foldFindings(report, 0)).toHaveLength(all.length);
    expect(foldFindings(report, 7)).toHaveLength(all.length);
  });

  it('the summary prints a folded line once', () => {
    const text = renderSummary(report, { foldMin: 5 });
    expect(text.match(/6 findings like this from 127\.0\.0\.3 in 6 sessions \(S5 … S10\)/g)).toHaveLength(2);
  });
});
