// Findings across sessions per client address, on real captures: a password guesser over many connections, password
// spraying, an nmap FTP bounce scan and the vsftpd 2.3.4 backdoor pattern (captures: test/fixtures/analyst/README.md;
// the two public ones are read from ../shared/realworld, never copied into the repository).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import { sharedReport } from '../shared-report.js';
import type { Finding, FindingData, Report } from '../../src/model.js';
import { tableRows } from '../../src/reports/tables.js';
import { synthesizeCapture } from '../../src/synth/synthesize.js';
import { ROOT } from '../cli/run-cli.js';

const ANALYST = join(ROOT, 'test', 'fixtures', 'analyst');
const REALWORLD = join(ROOT, '..', 'shared', 'realworld');
// the public captures live beside the repository (../shared/realworld): a clone without them skips these
const HAS_REALWORLD = existsSync(REALWORLD);

const of = <K extends Finding['id']>(r: Report, id: K) =>
  [...r.findings, ...r.sessions.flatMap((s) => s.findings)].filter((f) => f.id === id) as (Finding & {
    data: FindingData[K];
  })[];

describe.skipIf(!HAS_REALWORLD)('brute force over connections (ppa_ftp-crack: 703 failures in 703 connections)', () => {
  let report: Report;
  beforeAll(async () => {
    report = await sharedReport({ capture: join(REALWORLD, 'ppa_ftp-crack.pcap') });
  });

  it('gives one capture-wide finding for the one source, with every failure counted', () => {
    const found = of(report, 'source-brute-force');
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.sessionId).toBeNull();
    expect(f.severity).toBe('high');
    expect(f.data.clientIp).toBe('10.234.125.254');
    const failed = report.sessions.flatMap((s) => s.login.attempts.filter((a) => a.outcome === 'failed'));
    expect(f.data.failures).toBe(failed.length);
    expect(f.data.failures).toBeGreaterThanOrEqual(700);
    expect(f.data.sessions).toBeGreaterThanOrEqual(700);
    expect(f.data.inWindow).toBe(f.data.failures); // all within 45 s, the window is 300 s
    expect(f.data.lastT - f.data.firstT).toBeLessThan(45);
    // evidence: the first 100 failure frames, each the frame of a refused attempt
    expect(f.frames).toHaveLength(100);
    const failedFrames = new Set(failed.map((a) => a.frame));
    for (const frame of f.frames) expect(failedFrames.has(frame)).toBe(true);
  });

  it('folds the 700-odd per-session findings into one row each in the findings table', () => {
    const rows = tableRows(report, 'findings', { foldMin: 5 });
    const byId = (id: string) => rows.filter((r) => r.finding === id);
    expect(byId('failed-logins')).toHaveLength(1);
    expect(byId('cleartext-credentials')).toHaveLength(1);
    const failed = byId('failed-logins')[0]!;
    expect(failed.count).toBe(of(report, 'failed-logins').length);
    expect(failed.session).toBeNull();
    expect(String(failed.sessions).split(' ')).toHaveLength(of(report, 'failed-logins').length);
    expect(failed.message).toMatch(/^\d+ findings like this from 10\.234\.125\.254 in \d+ sessions/);
    expect(byId('source-brute-force')).toHaveLength(1);
    expect(rows.length).toBeLessThan(10);
    // --fold-findings 0: one row per finding, as the JSON keeps them
    expect(tableRows(report, 'findings', { foldMin: 0 }).length).toBeGreaterThan(1400);
  });
});

describe('guessing and spraying (guess-and-spray.pcapng: pyftpdlib drops after 3 failures)', () => {
  let report: Report;
  beforeAll(async () => {
    report = await sharedReport({ capture: join(ANALYST, 'guess-and-spray.pcapng') });
  });

  it('10 failures over 4 connections from 127.0.0.2 are brute force; no session alone reaches its threshold', () => {
    const [f, ...more] = of(report, 'source-brute-force');
    expect(more).toEqual([]);
    expect(f!.data).toMatchObject({ clientIp: '127.0.0.2', failures: 10, inWindow: 10, sessions: 4, users: 1 });
    expect(f!.data.succeeded).toBe(false);
    expect(of(report, 'brute-force')).toEqual([]);
  });

  it('one password for 6 users from 127.0.0.3 is spraying, and the finding does not hold the password', () => {
    const [f, ...more] = of(report, 'password-spraying');
    expect(more).toEqual([]);
    expect(f!.data).toMatchObject({ clientIp: '127.0.0.3', users: 6, attempts: 6, sessions: 6, succeeded: 0 });
    expect(f!.data.userNames).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank']);
    expect(JSON.stringify(f)).not.toContain('Winter2026!');
    expect(f!.frames).toHaveLength(6);
  });

  it('thresholds are options: more failures than seen, or a window shorter than the run, give no finding', async () => {
    const higher = await runReport({
      capture: join(ANALYST, 'guess-and-spray.pcapng'),
      thresholds: { bruteForceFailures: 11, sprayUsers: 7 },
    });
    expect(of(higher, 'source-brute-force')).toEqual([]);
    expect(of(higher, 'password-spraying')).toEqual([]);
    const narrow = await runReport({
      capture: join(ANALYST, 'guess-and-spray.pcapng'),
      thresholds: { bruteForceWindowSeconds: 0.05 },
    });
    expect(of(narrow, 'source-brute-force')).toEqual([]);
    const lower = await runReport({
      capture: join(ANALYST, 'guess-and-spray.pcapng'),
      thresholds: { bruteForceFailures: 6 },
    });
    // 127.0.0.3's 6 failures (one per user) are brute force too at 6
    expect(of(lower, 'source-brute-force').map((f) => f.data.clientIp)).toEqual(['127.0.0.2', '127.0.0.3']);
  });
});

describe.skipIf(!HAS_REALWORLD)('PORT scan (evilfingers_ftp_bounce_scan: nmap -b through an FTP server)', () => {
  it('gives one port-scan finding with the ports the data connection reached', async () => {
    const report = await sharedReport({ capture: join(REALWORLD, 'evilfingers_ftp_bounce_scan.pcap') });
    const [f, ...more] = of(report, 'port-scan');
    expect(more).toEqual([]);
    expect(f!.data).toMatchObject({
      clientIp: '192.168.1.15',
      serverIp: '192.168.1.25',
      targetIp: '192.168.1.15',
      bounce: false,
    });
    expect(f!.data.ports).toBeGreaterThanOrEqual(1000);
    expect(f!.data.setups).toBeGreaterThanOrEqual(f!.data.ports);
    // what nmap reported open: LIST got its data connection on these
    expect(f!.data.reachedPorts).toEqual(
      report.sessions
        .flatMap((s) => s.transfers)
        .filter((t) => t.data?.handshakeRttMs != null)
        .map((t) => t.setup.announced.port)
        .sort((a, b) => a - b),
    );
    expect(f!.data.reachedPorts.length).toBeGreaterThan(0);
    const portFrames = new Set(report.sessions[0]!.commands.filter((c) => c.command === 'PORT').map((c) => c.frame));
    for (const frame of f!.frames) expect(portFrames.has(frame)).toBe(true);
  });

  it('a client in active mode over many sessions (a new port of its own per transfer) is no scan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftp-report-scan-'));
    const file = join(dir, 'active.pcap');
    await synthesizeCapture(
      { sessions: 300, transfers: 4, transferSize: 1024, passiveShare: 0, seed: 'no-scan' },
      file,
    );
    const r = await runReport({ capture: file });
    const ports = r.sessions.flatMap((s) => s.commands.filter((c) => c.command === 'PORT' || c.command === 'EPRT'));
    const portsOf = new Map<string, Set<number>>();
    for (const c of ports)
      portsOf.set(c.announced!.ip, (portsOf.get(c.announced!.ip) ?? new Set()).add(c.announced!.port));
    // far more than 20 ports of one host named, each used by its transfer
    expect(Math.max(...[...portsOf.values()].map((p) => p.size))).toBeGreaterThan(20);
    expect(of(r, 'port-scan')).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the samples, with a handful of PORTs each, give none', async () => {
    const r = await sharedReport({ capture: join(ROOT, 'samples', 'active-list-retr.pcapng') });
    expect(of(r, 'port-scan')).toEqual([]);
  });
});

describe('vsftpd 2.3.4 backdoor pattern (vsftpd-backdoor.pcapng)', () => {
  it('a USER ending in ":)" then a connection to port 6200 is a high finding of that session', async () => {
    const report = await sharedReport({ capture: join(ANALYST, 'vsftpd-backdoor.pcapng') });
    const [f, ...more] = of(report, 'vsftpd-backdoor');
    expect(more).toEqual([]);
    const s = report.sessions[0]!;
    expect(s.findings).toContainEqual(f);
    const user = s.commands.find((c) => c.command === 'USER')!;
    const shell = report.unmatchedDataConnections.find((d) => d.dst.port === 6200)!;
    expect(f!).toMatchObject({ severity: 'high', sessionId: s.id, frames: [user.frame, shell.synFrame] });
    expect(f!.data).toEqual({
      user: 'ftp19:)',
      clientIp: '127.0.0.1',
      serverIp: '127.0.0.1',
      shellTcpStream: shell.tcpStream,
      shellClientIp: '127.0.0.1',
      shellBytesToClient: 39,
    });
  });

  it('no ":)" user, no finding', async () => {
    const r = await sharedReport({ capture: join(ANALYST, 'typed-password.pcapng') });
    expect(of(r, 'vsftpd-backdoor')).toEqual([]);
  });
});
