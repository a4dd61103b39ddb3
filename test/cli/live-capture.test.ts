// Live capture end to end: a real pyftpdlib server and curl clients on the loopback of a namespace of the test's own,
// `ftp-report -i lo` capturing there, its live lines on stderr and its report on stdout.
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { runCli } from './run-cli.js';
import { BIN } from './run-cli.js';
import { Namespace, collect, scratch, waitFor } from './live-namespace.js';

const asRoot = process.getuid?.() === 0;

describe.skipIf(!asRoot)('ftp-report -i lo in a namespace with a real FTP server (needs root)', () => {
  let ns: Namespace;
  let out: string;
  beforeAll(async () => {
    ns = new Namespace('live');
    out = scratch();
    await ns.startFtpServer();
  });
  afterAll(() => {
    ns?.destroy();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  const curl = (args: string[]): string =>
    ns.exec(['curl', '-sS', '--user', 'demo:demo123', ...args, '-o', '-'], 20_000);

  /** Starts ftp-report with these arguments and waits until it captures. */
  async function start(args: string[]) {
    const child = ns.ftpReport(args);
    const run = collect(child);
    await waitFor(() => /capturing on lo/.test(run.stderr()), 15_000, 'the capture to start');
    return { child, ...run };
  }

  it('tells the login, a passive and an active transfer as they happen, then reports them', async () => {
    const saved = join(out, 'live.pcapng');
    const run = await start(['-i', 'lo', '--duration', '4', '--json', '-w', saved]);
    expect(curl(['--disable-epsv', 'ftp://127.0.0.1/hehe.txt'])).toBe('hehe\n');
    expect(curl(['--ftp-port', '-', '--disable-eprt', 'ftp://127.0.0.1/hehe.txt'])).toBe('hehe\n');
    // the live lines come while the capture still runs (it stops after 4 s)
    await waitFor(() => (run.stderr().match(/session closed/g) ?? []).length === 2, 3_000, 'the live lines');
    expect(run.child.exitCode).toBeNull();
    const exit = await run.exit;
    expect(exit.code).toBe(0);
    const err = run.stderr();
    const lines = err.trim().split('\n');
    expect(lines[0]).toBe('ftp-report: capturing on lo for 4 s, or until Ctrl-C');
    // who sends the first FIN after QUIT's 221 is a race between curl and the server: either closes the session
    const live = lines
      .slice(1, -1)
      .map((l) => l.replace(/^\s*\d+\.\d{3}\s+/, '').replace(/session closed by (client|server)$/, 'session closed'));
    expect(live.filter((l) => l.startsWith('S1 ')).map((l) => l.replace(/\d{4,5}/g, 'N'))).toEqual([
      'S1  session opened: client 127.0.0.1:N → server 127.0.0.1:21',
      'S1  login ok: demo (230)',
      'S1  PASV → 127.0.0.1:N',
      'S1  data connection opened by client from port N to 127.0.0.1:N',
      'S1  RETR hehe.txt: 5 B in one segment (226)',
      'S1  session closed',
    ]);
    expect(live.filter((l) => l.startsWith('S2 ')).map((l) => l.replace(/\d{4,5}/g, 'N'))).toEqual([
      'S2  session opened: client 127.0.0.1:N → server 127.0.0.1:21',
      'S2  login ok: demo (230)',
      'S2  PORT → 127.0.0.1:N',
      'S2  data connection opened by server from port N to 127.0.0.1:N',
      'S2  RETR hehe.txt: 5 B in one segment (226)',
      'S2  session closed',
    ]);
    expect(lines.at(-1)).toMatch(/^ftp-report: capture stopped \(--duration 4\): \d+ packets, 2 FTP sessions$/);
    // the password never appears in the live lines
    expect(err).not.toContain('demo123');

    const report = JSON.parse(run.stdout()) as Report;
    expect(report.capture.file).toBe(saved);
    expect(report.capture.complete).toBe(true);
    expect(report.sessions).toHaveLength(2);
    for (const s of report.sessions) {
      expect(s.login.outcome).toBe('success');
      expect(s.login.user).toBe('demo');
      expect(s.transfers).toHaveLength(1);
      expect(s.transfers[0]).toMatchObject({ command: 'RETR', arg: 'hehe.txt', bytes: 5, status: 'complete' });
    }
    expect(report.sessions.map((s) => s.transfers[0]!.mode)).toEqual(['passive', 'active']);
    expect(report.sessions[1]!.transfers[0]!.data?.initiator).toBe('server');

    // the file saved with -w gives the same report when read afterwards, without tshark (no packet rows), which it
    // then names as none
    const again = runCli([saved, '--json', '--no-progress']);
    expect(again.code).toBe(0);
    const read = JSON.parse(again.stdout) as Report;
    expect(report.capture.tsharkVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(read.capture.tsharkVersion).toBeNull();
    expect({ ...read, capture: { ...read.capture, tsharkVersion: report.capture.tsharkVersion } }).toEqual(report);
  });

  it('stops after --packets packets', async () => {
    const run = await start(['-i', 'lo', '--packets', '6', '--json']);
    curl(['--disable-epsv', 'ftp://127.0.0.1/hehe.txt']);
    const exit = await run.exit;
    expect(exit.code).toBe(0);
    const report = JSON.parse(run.stdout()) as Report;
    expect(report.capture.packets).toBe(6);
    expect(report.capture.file).toBe('live:lo');
    expect(run.stderr()).toMatch(/capture stopped \(--packets 6\): 6 packets, 1 FTP sessions/);
  });

  it('marks a transfer still running when the capture stops as incomplete', async () => {
    const run = await start(['-i', 'lo', '--duration', '2', '--json']);
    // an upload of 256 KiB at 40 KiB/s (the server answers 226 only once it has all): running when the capture stops
    const slow = spawn('ip', [
      'netns',
      'exec',
      ns.name,
      'curl',
      '-sS',
      '--limit-rate',
      '40k',
      '--disable-epsv',
      '--user',
      'demo:demo123',
      '-T',
      join(ns.root, 'big.bin'),
      'ftp://127.0.0.1/up.bin',
    ]);
    try {
      const exit = await run.exit;
      expect(exit.code).toBe(0);
      expect(run.stderr()).toMatch(/^\s*\d+\.\d{3}\s+S1\s+STOR up\.bin: INCOMPLETE at stop, \d+(\.\d)? KB seen$/m);
      const report = JSON.parse(run.stdout()) as Report;
      const transfer = report.sessions[0]!.transfers[0]!;
      expect(transfer.status).toBe('incomplete');
      expect(transfer.bytes).toBeGreaterThan(0);
      expect(transfer.bytes).toBeLessThan(256 * 1024);
    } finally {
      slow.kill('SIGKILL');
    }
  });

  it('keeps a status line on a terminal, and clears it before the report', () => {
    // script(1) gives the command a terminal: stdout and stderr both go to it
    const command = ['ip', 'netns', 'exec', ns.name, process.execPath, BIN, '-i', 'lo', '--duration', '2'];
    const text = execFileSync('script', ['-qec', command.join(' '), '/dev/null'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(text).toMatch(/\r\x1b\[Kcapturing on lo: \d+ packets, 0 FTP sessions, \d s \(Ctrl-C stops\)/);
    // the last status line is wiped before the closing line and the summary
    expect(text).toMatch(/\r\x1b\[Kftp-report: capture stopped \(--duration 2\)/);
  });
});
