// Schema version 2 of the JSON report (docs/report-json.md "Schema version 2") is version 1 less what a reader derives
// exactly: read back by the contract's migration rules (test/json-v1.ts, and the document's own jq filter) it is
// version 1, on every capture the tests touch; and the CLI writes 2 by default and 1, unchanged, when asked.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { FtpReportError } from '../../src/errors.js';
import type { Report, Session } from '../../src/model.js';
import { renderJsonOutcomes } from '../../src/reports/bundle.js';
import { renderJson, reportJson, sessionJson } from '../../src/reports/json.js';
import { assertContract } from '../contract.js';
import { upgradeToV1 } from '../json-v1.js';
import { sharedReport } from '../shared-report.js';
import { capturesUnder } from '../captures-under.js';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const SHARED = path.resolve(ROOT, '..', 'shared');

// the captures (and runReport options) test/integration/realworld.test.ts reads: shared runs, no tshark of our own
const SAMPLES = capturesUnder(path.join(ROOT, 'samples'));
const ALL = [
  ...SAMPLES,
  ...capturesUnder(path.join(ROOT, 'test', 'fixtures', 'robustness')),
  ...capturesUnder(path.join(SHARED, 'peer')),
  ...capturesUnder(path.join(SHARED, 'realworld')),
].map((p) => path.relative(ROOT, p));
const reportOf = (f: string): Promise<Report> => sharedReport({ capture: path.join(ROOT, f) });

/** The document's filter from version 2 to version 1 (the jq block of its "Schema version 2" section). */
const DOC = readFileSync(path.join(ROOT, 'docs', 'report-json.md'), 'utf8');
const TO_V1 = /```jq\n([\s\S]*?)```/.exec(DOC.slice(DOC.indexOf('\n## Schema version 2\n')))?.[1] ?? '';

const parsed = (text: string): unknown => JSON.parse(text);

describe('schema version 2 read back by the migration rules is version 1', () => {
  it('the document has its jq filter', () => {
    expect(TO_V1).toContain('.schemaVersion = 1');
  });

  it.each(ALL)('%s', async (f) => {
    const report = await reportOf(f);
    for (const packets of [false, true]) {
      const v1 = parsed(renderJson(report, { packets, schemaVersion: 1, pretty: false }));
      const v2text = renderJson(report, { packets, schemaVersion: 2, pretty: false });
      const v2 = parsed(v2text);
      assertContract(v1);
      assertContract(v2);
      expect(upgradeToV1(v2)).toStrictEqual(v1);
      if (packets) continue;
      const jq = spawnSync('jq', ['-c', TO_V1], { input: v2text, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      expect(jq.status, jq.stderr).toBe(0);
      expect(parsed(jq.stdout)).toStrictEqual(v1);
    }
  });
});

describe('what version 2 leaves out, and what it keeps', () => {
  it('on the samples, each rule both leaves a field out and keeps one (the comparison above is not idle)', async () => {
    const seen = new Map<string, number>();
    const count = (key: string, n: number) => seen.set(key, (seen.get(key) ?? 0) + n);
    for (const f of SAMPLES) {
      const r = reportJson(await reportOf(path.relative(ROOT, f)), { schemaVersion: 2 });
      for (const s of r.sessions) {
        for (const c of s.commands) {
          count(`command.firstFrame ${'firstFrame' in c}`, 1);
          count(`command.firstT ${'firstT' in c}`, 1);
          for (const k of ['announced', 'statedSize', 'directory'] as const) count(`${k} ${k in c}`, 1);
          if (c.reply) count(`reply.firstFrame ${'firstFrame' in c.reply}`, 1);
          if (c.reply) count(`intermediate ${'intermediate' in c.reply}`, 1);
        }
        for (const t of s.transfers) count(`throughputBps ${'throughputBps' in t.timing}`, 1);
      }
    }
    for (const k of ['command.firstFrame', 'command.firstT', 'reply.firstFrame', 'announced', 'statedSize'])
      expect([seen.get(`${k} true`), seen.get(`${k} false`)], k).toEqual([expect.any(Number), expect.any(Number)]);
    for (const k of ['directory', 'intermediate'])
      expect([seen.get(`${k} true`), seen.get(`${k} false`)], k).toEqual([expect.any(Number), expect.any(Number)]);
    expect(seen.get('throughputBps true')).toBeUndefined();
    expect(seen.get('throughputBps false')).toBeGreaterThan(0);
  });

  it('a message whose first segment has the same time as its last keeps firstFrame and leaves firstT out', async () => {
    const report = structuredClone(await reportOf('samples/passive-list-retr.pcapng'));
    const s = report.sessions[0]!;
    const c = s.commands[1]!;
    c.firstFrame = c.frame - 1;
    s.greeting!.firstFrame = s.greeting!.frame - 1;
    s.greeting!.firstT = s.greeting!.t - 0.000001;
    const v2 = sessionJson(s, { schemaVersion: 2 });
    expect(v2.commands[1]).toMatchObject({ firstFrame: c.frame - 1 });
    expect(v2.commands[1]).not.toHaveProperty('firstT');
    expect(v2.greeting).toMatchObject({ firstFrame: s.greeting!.frame - 1, firstT: s.greeting!.firstT });
    expect(upgradeToV1(parsed(renderJson(report, { schemaVersion: 2 })))).toStrictEqual(parsed(renderJson(report)));
  });

  it("keeps version 1's key order less the keys it leaves out", async () => {
    const report = await reportOf('samples/telnet-char-per-segment.pcapng');
    const v1 = reportJson(report);
    const v2 = reportJson(report, { schemaVersion: 2 });
    const order = (a: object, b: object) => expect(Object.keys(b)).toEqual(Object.keys(a).filter((k) => k in b));
    order(v1, v2);
    v1.sessions.forEach((s, i) => {
      const s2 = v2.sessions[i]!;
      order(s, s2);
      if (s.greeting) order(s.greeting, s2.greeting!);
      s.commands.forEach((c, j) => {
        order(c, s2.commands[j]!);
        if (c.reply) order(c.reply, s2.commands[j]!.reply!);
      });
      s.transfers.forEach((t, j) => order(t.timing, s2.transfers[j]!.timing));
    });
  });

  it('leaves the model as it was, and sessionJson is the session reportJson writes (the per-session seam)', async () => {
    const report = await reportOf('samples/active-list-retr.pcapng');
    const before = structuredClone(report);
    const options = { schemaVersion: 2 as const, packets: false };
    const whole = reportJson(report, options);
    expect(report).toStrictEqual(before);
    expect(report.sessions.map((s: Session) => sessionJson(s, options))).toStrictEqual(whole.sessions);
    expect(whole.schemaVersion).toBe(2);
    expect(reportJson(report).schemaVersion).toBe(1);
  });

  it('writes the entry of a capture nothing could be read from with the version asked for', () => {
    const error = { code: 'CAPTURE_NOT_FOUND', exitCode: 3, message: 'x: no such file', details: {} };
    const tool = { name: 'ftp-report' as const, version: '0' };
    const entry = (schemaVersion?: 1 | 2) =>
      parsed(renderJsonOutcomes([{ file: 'x', report: null, error }], false, tool, { schemaVersion })) as {
        schemaVersion: number;
      };
    expect(entry().schemaVersion).toBe(1);
    expect(entry(1).schemaVersion).toBe(1);
    expect(entry(2).schemaVersion).toBe(2);
    assertContract(entry(2));
  });
});

describe('--schema-version on the command line (a saved EK stream: no tshark)', () => {
  const EK = 'test/fixtures/zeek-ipv4.ek.jsonl';
  const dir = mkdtempSync(path.join(tmpdir(), 'ftpr-json-schema-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<string> {
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: () => {}, stderrIsTty: false, stdoutIsTty: false };
    await buildProgram(io).parseAsync(['node', 'ftp-report', '--ek', EK, '--no-progress', ...args]);
    return out;
  }
  const fails = (args: string[]) =>
    run(args).then(
      () => null,
      (e: unknown) => e as FtpReportError,
    );

  it('--json writes version 2; --schema-version 1 writes what the library writes, byte for byte', async () => {
    const report = await sharedReport({ ek: EK });
    const v2 = await run(['--json']);
    expect(v2).toBe(renderJson(report, { packets: false, pretty: false, schemaVersion: 2 }));
    const v1 = await run(['--json', '--schema-version', '1', '--packet-rows', '--pretty']);
    expect(v1).toBe(renderJson(report));
    expect(await run(['--json', '--schema-version', '2'])).toBe(v2);
    expect(upgradeToV1(parsed(v2))).toStrictEqual(parsed(await run(['--json', '--schema-version', '1'])));
  });

  it('--json-array and --out report.json follow it too', async () => {
    const [a2] = parsed(await run(['--json-array'])) as { schemaVersion: number }[];
    const [a1] = parsed(await run(['--json-array', '--schema-version', '1'])) as { schemaVersion: number }[];
    expect([a2!.schemaVersion, a1!.schemaVersion]).toEqual([2, 1]);
    await run(['--out', path.join(dir, 'v2')]);
    await run(['--out', path.join(dir, 'v1'), '--schema-version', '1']);
    const file = (d: string) => parsed(readFileSync(path.join(dir, d, 'report.json'), 'utf8')) as object;
    expect(file('v2')).toMatchObject({ schemaVersion: 2 });
    expect(file('v1')).toMatchObject({ schemaVersion: 1 });
    expect(upgradeToV1(file('v2'))).toStrictEqual(file('v1'));
  });

  it('is a usage error without JSON output, and takes only 1 or 2', async () => {
    const alone = await fails(['--csv', 'sessions', '--schema-version', '1']);
    expect(alone).toBeInstanceOf(FtpReportError);
    expect(alone!.code).toBe('USAGE');
    expect(alone!.message).toBe('--schema-version applies to JSON output: add --json, --json-array or --out DIR');
    const three = await fails(['--json', '--schema-version', '3']);
    expect(String(three)).toMatch(/--schema-version.*'3' is invalid.*1, 2/);
  });
});
