// How --json is laid out: indented for a reader (a terminal, --pretty), one line for a program (a pipe or a file:
// -o, --out's report.json; --compact). Both parse to the same report. Runs the CLI in-process on a saved EK stream.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { FtpReportError } from '../../src/errors.js';

const EK = 'test/fixtures/zeek-ipv4.ek.jsonl';
const dir = mkdtempSync(join(tmpdir(), 'ftpr-json-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the program with stdout a terminal or not; returns what it printed. */
async function run(args: string[], stdoutIsTty: boolean): Promise<string> {
  let out = '';
  const io = { stdout: (t: string) => (out += t), stderr: () => {}, stderrIsTty: false, stdoutIsTty };
  await buildProgram(io).parseAsync(['node', 'ftp-report', '--ek', EK, '--no-progress', ...args]);
  return out;
}

const oneLine = (text: string) => text.endsWith('\n') && !text.slice(0, -1).includes('\n');
const indented = (text: string) => text.startsWith('{\n  "schemaVersion": 2,\n');

describe('--json layout', () => {
  it('is one line to a pipe and indented on a terminal, the same report either way', async () => {
    const piped = await run(['--json'], false);
    const shown = await run(['--json'], true);
    expect(oneLine(piped)).toBe(true);
    expect(indented(shown)).toBe(true);
    expect(piped.length).toBeLessThan(shown.length * 0.75);
    expect(JSON.parse(piped)).toEqual(JSON.parse(shown));
    expect(JSON.parse(piped).sessions).toHaveLength(1);
  });

  it('follows --pretty and --compact wherever it goes', async () => {
    expect(indented(await run(['--json', '--pretty'], false))).toBe(true);
    expect(oneLine(await run(['--json', '--compact'], true))).toBe(true);
    expect(oneLine(await run(['--json-array', '--compact'], true))).toBe(true);
    expect((await run(['--json-array', '--pretty'], false)).startsWith('[\n  {\n')).toBe(true);
  });

  it("is one line in a file (-o, --out's report.json) even from a terminal, unless --pretty", async () => {
    const file = join(dir, 'r.json');
    await run(['--json', '-o', file], true);
    expect(oneLine(readFileSync(file, 'utf8'))).toBe(true);
    await run(['--out', join(dir, 'plain')], true);
    expect(oneLine(readFileSync(join(dir, 'plain', 'report.json'), 'utf8'))).toBe(true);
    await run(['--out', join(dir, 'pretty'), '--pretty'], false);
    expect(indented(readFileSync(join(dir, 'pretty', 'report.json'), 'utf8'))).toBe(true);
  });

  it('--pretty and --compact without JSON output are usage errors', async () => {
    const err = await run(['--csv', 'sessions', '--pretty'], false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FtpReportError);
    expect((err as FtpReportError).code).toBe('USAGE');
    expect((err as Error).message).toBe('--pretty applies to JSON output: add --json, --json-array or --out DIR');
    const both = await run(['--json', '--pretty', '--compact'], false).catch((e: unknown) => e);
    expect(String((both as Error).message)).toMatch(/--compact.*cannot be used with.*--pretty|--pretty.*--compact/);
  });
});
