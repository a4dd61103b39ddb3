// Every command of the README's Usage section runs as written: from a directory laid out like a clone (samples/ at
// its top), with `ftp-report` on PATH as `npm link` puts it there (a symlink to dist/cli/main.js).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './run-cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const usage = readme.slice(readme.indexOf('\n## Usage\n'), readme.indexOf('\n## ', readme.indexOf('\n## Usage\n') + 1));
/** The sh code blocks of the Usage section, each a list of command lines (comments and blanks dropped). */
const blocks = [...usage.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
  m[1]!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#')),
);

/** A directory with samples/ as in a clone, and a bin/ holding the `ftp-report` that `npm link` would make. */
function clone(): { cwd: string; path: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'ftp-report-readme-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  symlinkSync(join(ROOT, 'samples'), join(cwd, 'samples'));
  const bin = join(cwd, '.bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'ftp-report'));
  return { cwd, path: `${bin}:${process.env.PATH}` };
}

describe('README usage examples', () => {
  it('are there, and every one calls ftp-report', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const lines = blocks.flat();
    expect(lines.length).toBeGreaterThanOrEqual(15);
    for (const l of lines) expect(l).toMatch(/\bftp-report\b|^sh ek-command\.sh/);
    expect(usage).not.toContain('../shared');
    expect(readme).not.toMatch(/\.\.\/shared/);
  });

  // one directory for all, and the commands in README order (a later one may read what an earlier one wrote)
  const { cwd, path } = clone();
  it.each(blocks.flat())('%s', (line) => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; ${line}`], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, PATH: path },
      timeout: 120_000,
    });
    // exit 0, unless the example's comment says which code it shows
    const expected = Number(/# exit (\d+)/.exec(line)?.[1] ?? 0);
    expect(r.status, `${line}\n${r.stderr}`).toBe(expected);
    if (expected === 0) expect(r.stderr, line).not.toMatch(/ftp-report: (?!\d[\d,]* packets)/);
    // what it printed or wrote is not empty
    const redirect = /> (\S+)\s*(#.*)?$/.exec(line);
    if (redirect) {
      expect(statSync(join(cwd, redirect[1]!)).size, line).toBeGreaterThan(0);
    } else if (/--out (\S+)/.test(line)) {
      expect(existsSync(join(cwd, /--out (\S+)/.exec(line)![1]!, 'report.json')), line).toBe(true);
    } else {
      expect(r.stdout.trim(), line).not.toBe('');
    }
  });
});
