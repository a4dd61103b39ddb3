// No child of a live capture outlives ftp-report: after SIGINT or SIGTERM it stops cleanly and reports; after SIGKILL
// (nothing of ftp-report runs any more) dumpcap and tshark notice by themselves. Checked in /proc.
import { readFileSync } from 'node:fs';
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

  /** Starts a capture with no limit and waits until dumpcap and tshark both run; returns them all. */
  async function startCapture() {
    const child = ns.ftpReport(['-i', 'lo', '--json']);
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

  it('SIGKILL of ftp-report: dumpcap, its watchdog and tshark all end on their own', async () => {
    const run = await startCapture();
    const names = run.procs.map((p) => p.comm).sort();
    expect(names).toEqual(expect.arrayContaining(['dumpcap', 'sh', 'cat', 'tshark']));
    run.child.kill('SIGKILL');
    const exit = await run.exit;
    expect(exit.signal).toBe('SIGKILL');
    await waitFor(() => stillRunning(run.procs).length === 0, 5_000, 'the children to end').catch(() => {});
    expect(stillRunning(run.procs)).toEqual([]);
  });
});
