// The shared reports (test/shared-report.ts) are what runReport gives: the tests that read them check the same thing
// as when each made its own.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReport } from '../src/api.js';
import { ROOT } from './cli/run-cli.js';
import { decodeOutcome, encodeOutcome, sharedOutcome, sharedReport } from './shared-report.js';

describe('reports shared between test files', () => {
  it('are runReport’s report, field for field and type for type (undefined fields, classes, -0 kept)', async () => {
    const capture = join(ROOT, 'samples', 'hostile-names.pcapng');
    const fresh = await runReport({ capture });
    expect(await sharedReport({ capture })).toStrictEqual(fresh);
    // the stored form gives back exactly what went in
    const outcome = { report: fresh, error: null, dissected: 3, packets: 9 };
    expect(decodeOutcome(encodeOutcome(outcome))).toStrictEqual(outcome);
  });

  it('keep a failed run’s code and partial report, as runReport’s FtpReportError has them', async () => {
    const capture = join(ROOT, 'samples', 'no-such-capture.pcapng');
    const error = await runReport({ capture }).catch((e: unknown) => e);
    expect(await sharedOutcome({ capture })).toMatchObject({ report: null, error: (error as { code: string }).code });
    await expect(sharedReport({ capture })).rejects.toThrow((error as { code: string }).code);
  });

  it('are copies: a test that changes its report changes nobody else’s', async () => {
    const capture = join(ROOT, 'samples', 'upload-stor.pcapng');
    const a = await sharedReport({ capture });
    a.sessions.length = 0;
    expect((await sharedReport({ capture })).sessions.length).toBeGreaterThan(0);
  });
});
