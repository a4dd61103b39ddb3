// Outputs that show no findings (a per-session table, ftp.log) run the engine without the findings across sessions
// (api.ts ReportOptions.sourceFindings, engine.ts): the sessions, their own findings and everything else of the
// report stay exactly as with them; only the brute force, spraying and PORT scan findings are not looked for.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const SPRAY = path.join(ROOT, 'test/fixtures/analyst/guess-and-spray.pcapng');
const CROSS_SESSION = ['source-brute-force', 'password-spraying', 'port-scan'];

describe('sourceFindings: false', () => {
  it('leaves out the findings across sessions, nothing else', { timeout: 60_000 }, async () => {
    const full = await runReport({ capture: SPRAY, packetRows: false });
    const lean = await runReport({ capture: SPRAY, packetRows: false, sourceFindings: false });
    const ids = (r: typeof full) => r.findings.map((f) => f.id);
    // the capture has both: a client that guessed one user's password, then tried one password on many users
    expect(ids(full)).toEqual(expect.arrayContaining(['source-brute-force', 'password-spraying']));
    expect(ids(lean).filter((id) => CROSS_SESSION.includes(id))).toEqual([]);
    expect(lean.sessions.length).toBeGreaterThan(1);
    expect(lean.sessions).toEqual(full.sessions);
    const rest = (r: typeof full) => ({ ...r, findings: r.findings.filter((f) => !CROSS_SESSION.includes(f.id)) });
    expect(rest(lean)).toEqual(rest(full));
  });
});
