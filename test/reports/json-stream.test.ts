// --json written from sessions serialized as the engine releases them (src/cli/json-sessions.ts, src/reports/
// json-stream.ts) gives the bytes of the whole-report renderer (renderJsonOutcomes) in every mode: compact and
// indented, with and without packet rows, --no-secrets, schema versions 1 and 2, one report or an array, a capture
// cut short or not read at all. Every sample, fixture and real-world capture (../shared/realworld when present),
// from the runs the test files share (test/shared-report.ts): their sessions are handed over one by one as onSession
// hands them (in id order; that onSession gives exactly the report's sessions is test/reports/stream-views.test.ts's
// check), and the CLI's own --json is compared with --out's report.json in test/cli/json-stream.test.ts.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonSessions } from '../../src/cli/json-sessions.js';
import { type ErrorCode, FtpReportError } from '../../src/errors.js';
import { renderJsonOutcomes } from '../../src/reports/bundle.js';
import type { CaptureOutcome } from '../../src/reports/captures.js';
import type { JsonOptions } from '../../src/reports/json.js';
import { maskSecrets } from '../../src/reports/mask.js';
import { sharedOutcome } from '../shared-report.js';
import { capturesUnder } from '../captures-under.js';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const REALWORLD = path.resolve(ROOT, '..', 'shared', 'realworld');
const TOOL = { name: 'ftp-report' as const, version: '9.9.9' };

const CAPTURES = [
  ...capturesUnder(path.join(ROOT, 'samples')),
  ...capturesUnder(path.join(ROOT, 'test', 'fixtures')),
  ...capturesUnder(REALWORLD),
];

/** The modes a user can ask for: indented or not, packet rows or not, passwords masked or not, schema 1 or 2. */
const MODES: { options: JsonOptions; masked: boolean }[] = [
  { options: { pretty: false, packets: false, schemaVersion: 2 }, masked: false },
  { options: { pretty: true, packets: false, schemaVersion: 2 }, masked: false },
  { options: { pretty: false, packets: true, schemaVersion: 1 }, masked: true },
  { options: { pretty: true, packets: true, schemaVersion: 1 }, masked: false },
  { options: { pretty: true, packets: false, schemaVersion: 2 }, masked: true },
];

/** What one capture's run gave, as the CLI keeps it: the report and the failure (as an FtpReportError) beside it. */
async function outcomeOf(capture: string): Promise<CaptureOutcome> {
  const o = await sharedOutcome({ capture });
  const error =
    o.error === null
      ? null
      : new FtpReportError(o.error as ErrorCode, `${capture}: could not be read (${o.error})`, { reason: 'damaged' });
  return { file: capture, report: o.report, error };
}

/** The document the CLI writes from whole reports (masked first with --no-secrets, as program.ts does). */
function whole(outcomes: CaptureOutcome[], array: boolean, mode: (typeof MODES)[number]): string {
  const shown = outcomes.map((o) => ({ ...o, report: o.report && mode.masked ? maskSecrets(o.report) : o.report }));
  return renderJsonOutcomes(shown, array, TOOL, mode.options);
}

/** The document written from the same sessions handed over one by one, as the CLI's --json path does. */
function streamed(outcomes: CaptureOutcome[], array: boolean, mode: (typeof MODES)[number]): string {
  const held = new JsonSessions(mode.options, array || outcomes.length > 1, mode.masked);
  const kept: CaptureOutcome[] = [];
  for (const o of outcomes) {
    held.startCapture();
    for (const s of o.report?.sessions ?? []) held.add(s);
    const rest = o.report && { ...o.report, sessions: [] };
    kept.push({ ...o, report: rest && mode.masked ? held.maskedReport(rest) : rest });
  }
  let text = '';
  held.write(kept, TOOL, (t) => {
    text += t;
  });
  return text;
}

describe('--json from sessions held as text gives the whole-report bytes', () => {
  it.concurrent.each(CAPTURES.map((f) => [path.relative(ROOT, f), f]))(
    '%s',
    async (_name, capture) => {
      const outcome = await outcomeOf(capture);
      for (const mode of MODES) {
        for (const array of [false, true]) {
          const name = `${JSON.stringify(mode)}${array ? ' array' : ''}`;
          expect(streamed([outcome], array, mode), name).toBe(whole([outcome], array, mode));
        }
      }
    },
    240_000,
  );

  it('several captures in one array, one of them not read at all', async () => {
    const samples = CAPTURES.filter((c) => c.includes(`${path.sep}samples${path.sep}`)).slice(0, 6);
    const outcomes = await Promise.all(samples.map(outcomeOf));
    const error = new FtpReportError('CAPTURE_NOT_FOUND', 'nowhere.pcap: no such file', { reason: 'no-such-file' });
    outcomes.splice(2, 0, { file: 'nowhere.pcap', report: null, error });
    expect(outcomes.filter((o) => (o.report?.sessions.length ?? 0) > 0).length).toBeGreaterThan(3);
    for (const mode of MODES)
      expect(streamed(outcomes, false, mode), JSON.stringify(mode)).toBe(whole(outcomes, false, mode));
  });

  it('a TMPDIR that cannot hold the spool: USAGE as the sessions are set up (before any capture is read)', () => {
    const tmp = process.env.TMPDIR;
    // os.tmpdir() reads TMPDIR at each call; set only while this synchronous part runs
    process.env.TMPDIR = path.join(ROOT, 'no-such-folder', 'tmp');
    try {
      // --no-secrets too: its sessions go to the spool, sealed
      for (const mode of MODES) {
        expect(() => new JsonSessions(mode.options, false, mode.masked)).toThrow(
          expect.objectContaining({
            code: 'USAGE',
            message:
              `the temporary folder ${process.env.TMPDIR} (TMPDIR) does not exist: ` +
              'set TMPDIR to a folder you can write, such as /tmp',
          }),
        );
      }
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    }
  });

  it('leaves nothing in the temporary folder', async () => {
    const outcome = await outcomeOf(path.join(ROOT, 'test', 'fixtures', 'analyst', 'guess-and-spray.pcapng'));
    const dir = mkdtempSync(path.join(tmpdir(), 'ftp-report-json-stream-test-'));
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = dir;
    let text: string;
    try {
      text = streamed([outcome], false, MODES[1]!);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
      rmSync(dir, { recursive: true, force: true });
    }
    expect(text).toBe(whole([outcome], false, MODES[1]!));
  });

  it('forgets the sessions given before when runReport starts over (S1 again)', async () => {
    const outcome = await outcomeOf(path.join(ROOT, 'test', 'fixtures', 'analyst', 'guess-and-spray.pcapng'));
    const sessions = outcome.report!.sessions;
    expect(sessions.length).toBeGreaterThan(1);
    for (const mode of MODES) {
      const held = new JsonSessions(mode.options, false, mode.masked);
      held.startCapture();
      for (const s of [...sessions.slice(0, 2), ...sessions]) held.add(s);
      const report = { ...outcome.report!, sessions: [] };
      let text = '';
      held.write([{ ...outcome, report: mode.masked ? held.maskedReport(report) : report }], TOOL, (t) => {
        text += t;
      });
      expect(text).toBe(whole([outcome], false, mode));
    }
  });
});
