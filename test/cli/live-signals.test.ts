// No child of a live capture outlives ftp-report: after SIGINT or SIGTERM it stops cleanly and reports; a second signal
// ends it at once, its temporary folder removed; after SIGKILL (nothing of ftp-report runs any more) dumpcap and
// tshark notice by themselves. Checked in /proc.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { Namespace, collect, descendants, type ProcInfo, stillRunning, waitFor } from './live-namespace.js';

const asRoot = process.getuid?.() === 0;

describe.skipIf(!asRoot)('children of ftp-report -i (needs root)', () => {
  let ns: Namespace;
  beforeAll(async () => {
    ns = new Namespace('sig');
    await ns.startFtpServer();
  });
  afterAll(() => ns?.destroy());

  /** A folder to be the run's TMPDIR, that tshark (nobody) can enter to read its pipe. */
  function privateTmp(): string {
    const tmp = mkdtempSync(join(tmpdir(), 'ftp17-tmp-'));
    chmodSync(tmp, 0o755);
    return tmp;
  }

  /** Starts a capture with no limit and waits until dumpcap and tshark both run; returns them all. */
  async function startCapture(env: NodeJS.ProcessEnv = {}) {
    const child = ns.ftpReport(['-i', 'lo', '--json'], env);
    const run = collect(child);
    await waitFor(() => /capturing on lo/.test(run.stderr()), 15_000, 'the capture to start');
    // some FTP traffic, so that the run has something in flight
    ns.exec(['curl', '-sS', '--user', 'demo:demo123', '--disable-epsv', 'ftp://127.0.0.1/hehe.txt', '-o', '/dev/null']);
    let procs: ProcInfo[] = [];
    await waitFor(
      () => {
        procs = descendants(child.pid!);
        return procs.some((p) => p.comm === 'dumpcap') && procs.some((p) => p.comm === 'tshark');
      },
      10_000,
      'dumpcap and tshark',
    );
    await waitFor(() => /session closed/.test(run.stderr()), 10_000, 'the session to be told');
    // ip netns exec runs node in its own place: the child is ftp-report itself
    expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')).toContain('dist/cli/main.js');
    return { child, procs, ...run };
  }

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s stops the capture, prints the report and leaves no child',
    async (sig) => {
      const run = await startCapture();
      run.child.kill(sig);
      const exit = await run.exit;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(run.stderr()).toMatch(new RegExp(`capture stopped \\(${sig}\\): \\d+ packets, 1 FTP sessions`));
      const report = JSON.parse(run.stdout()) as Report;
      expect(report.sessions[0]!.transfers[0]).toMatchObject({ command: 'RETR', bytes: 5, status: 'complete' });
      expect(stillRunning(run.procs)).toEqual([]);
    },
  );

  it('a second signal ends ftp-report at once: exit 128 + its number, no report, no child, no temporary folder', async () => {
    const tmp = privateTmp();
    try {
      const run = await startCapture({ TMPDIR: tmp });
      expect(readdirSync(tmp).filter((n) => n.startsWith('ftp-report-'))).toHaveLength(1);
      // two different signals, so that the kernel cannot merge them into one; node's threads may take them in
      // either order: the first stops the capture, the second ends ftp-report with 128 + its number
      run.child.kill('SIGINT');
      run.child.kill('SIGTERM');
      const exit = await run.exit;
      expect(exit.signal).toBe(null);
      expect([128 + 2, 128 + 15]).toContain(exit.code);
      expect(run.stdout()).toBe('');
      expect(readdirSync(tmp)).toEqual([]);
      await waitFor(() => stillRunning(run.procs).length === 0, 5_000, 'the children to end').catch(() => {});
      expect(stillRunning(run.procs)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('SIGKILL of ftp-report: dumpcap, its watchdog and tshark all end on their own', async () => {
    // tshark's folder is left behind after SIGKILL (as the README says): in a TMPDIR of this test's, removed here
    const tmp = privateTmp();
    try {
      const run = await startCapture({ TMPDIR: tmp });
      const names = run.procs.map((p) => p.comm).sort();
      expect(names).toEqual(expect.arrayContaining(['dumpcap', 'sh', 'cat', 'tshark']));
      run.child.kill('SIGKILL');
      const exit = await run.exit;
      expect(exit.signal).toBe('SIGKILL');
      await waitFor(() => stillRunning(run.procs).length === 0, 5_000, 'the children to end').catch(() => {});
      expect(stillRunning(run.procs)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
