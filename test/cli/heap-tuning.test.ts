// The command sizes V8's heap itself (src/cli/heap-tuning.ts): its young generation stays at its initial 2 x 1 MiB,
// where V8's defaults let it grow while the program's modules are loaded; the report is the same either way.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-heap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// loaded before the command (node --import): the largest young generation seen, on stderr's last line
const probe = join(dir, 'probe.mjs');
writeFileSync(
  probe,
  `import v8 from 'node:v8';
let most = 0;
const look = () => {
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name === 'new_space') most = Math.max(most, s.space_size);
};
setInterval(look, 5).unref();
process.on('exit', () => { look(); process.stderr.write('\\nNEW_SPACE ' + most + '\\n'); });
`,
);

function run(env: NodeJS.ProcessEnv): { stdout: string; newSpace: number } {
  const sample = join(ROOT, 'samples/passive-list-retr.pcapng');
  const r = spawnSync(process.execPath, ['--import', probe, BIN, sample, '--csv', 'transfers'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status).toBe(0);
  const line = r.stderr.trim().split('\n').at(-1)!;
  expect(line).toMatch(/^NEW_SPACE \d+$/);
  return { stdout: r.stdout, newSpace: Number(line.split(' ')[1]) };
}

describe('the heap the command asks V8 for', () => {
  it('keeps the young generation at 2 x 1 MiB, where V8 alone grows it, and writes the same report', () => {
    const tuned = run({ FTP_REPORT_V8_DEFAULTS: undefined });
    const defaults = run({ FTP_REPORT_V8_DEFAULTS: '1' });
    expect(tuned.newSpace).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(defaults.newSpace).toBeGreaterThan(tuned.newSpace);
    expect(tuned.stdout).toBe(defaults.stdout);
    expect(tuned.stdout.split('\n')[0]).toMatch(/^capture,session,transfer,/);
  });
});
