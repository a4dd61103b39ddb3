// Floods: many PORT commands that no transfer uses, and many short sessions. The engine keeps at most maxExpectations
// data-channel expectations (dropping the oldest, and saying so), the reports stay right, memory and time stay bounded.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { ReportJson } from '../../src/reports/json.js';
import { synthesizeCapture, type SynthSummary } from '../../src/synth/synthesize.js';
import { runCli, ROOT } from '../cli/run-cli.js';
import { assertContract } from '../contract.js';
import { Ftp } from '../engine/builder.js';

const run = promisify(execFile);

describe('a PORT flood in the engine (maxExpectations 100)', () => {
  const FLOOD = 500;
  const CAP = 100;
  const firstPort = 20_000;

  it('never holds more than maxExpectations, drops the oldest and says how many', () => {
    const ftp = new Ftp().banner().login();
    const engine = new Engine({ ftpPorts: [21], maxExpectations: CAP });
    let fed = 0;
    const feed = () => {
      for (; fed < ftp.records.length; fed++) engine.push(ftp.records[fed]!);
    };
    feed();
    let most = 0;
    for (let i = 0; i < FLOOD; i++) {
      ftp.port(firstPort + i);
      feed();
      most = Math.max(most, engine.openExpectations);
      expect(engine.openExpectations).toBe(Math.min(i + 1, CAP));
    }
    expect(most).toBe(CAP);
    ftp.cmd('QUIT').reply('221 Goodbye.');
    feed();
    const result = engine.finish();
    expect(result.warnings).toEqual([{ code: 'expectations-dropped', count: FLOOD - CAP, max: CAP }]);
    const [s] = result.sessions;
    expect(result.sessions).toHaveLength(1);
    expect(s!.commands.filter((c) => c.command === 'PORT')).toHaveLength(FLOOD);
    expect(s!.commands.every((c) => c.reply !== null)).toBe(true);
    expect(s!.transfers).toEqual([]);
    expect(result.unmatchedDataConnections).toEqual([]);
  });

  it('exactly maxExpectations open: nothing dropped, no warning; one more: one dropped', () => {
    for (const [ports, dropped] of [
      [CAP, 0],
      [CAP + 1, 1],
    ] as const) {
      const ftp = new Ftp().banner().login();
      for (let i = 0; i < ports; i++) ftp.port(firstPort + i);
      const engine = new Engine({ ftpPorts: [21], maxExpectations: CAP });
      for (const r of ftp.records) engine.push(r);
      expect(engine.openExpectations).toBe(CAP);
      const warnings = engine.finish().warnings.filter((w) => w.code === 'expectations-dropped');
      expect(warnings).toEqual(dropped ? [{ code: 'expectations-dropped', count: dropped, max: CAP }] : []);
    }
  });

  it('a connection to a dropped (oldest) port is unexplained; to a kept one it is matched; the transfer gets the newest', () => {
    const ftp = new Ftp().banner().login();
    for (let i = 0; i < FLOOD; i++) ftp.port(firstPort + i);
    const engine = new Engine({ ftpPorts: [21], maxExpectations: CAP });
    let fed = 0;
    const feed = () => {
      for (; fed < ftp.records.length; fed++) engine.push(ftp.records[fed]!);
    };
    feed();
    expect(engine.openExpectations).toBe(CAP);
    // the first PORT's expectation was dropped: the server's connection to it matches none
    ftp.serverConnects(firstPort).fin(true).fin(false);
    feed();
    expect(engine.openExpectations).toBe(CAP);
    // PORT number 451 is among the newest 100: its expectation takes the connection
    ftp
      .serverConnects(firstPort + 450)
      .fin(true)
      .fin(false);
    feed();
    expect(engine.openExpectations).toBe(CAP - 1);
    // LIST after the last PORT: its data connection is the transfer's
    ftp.cmd('LIST').reply('150 Here comes the directory listing.');
    ftp
      .serverConnects(firstPort + FLOOD - 1)
      .sendBytes(true, 300)
      .fin(true)
      .fin(false);
    ftp.reply('226 Directory send OK.');
    feed();
    expect(engine.openExpectations).toBe(CAP - 2);
    const result = engine.finish();
    const [t] = result.sessions[0]!.transfers;
    expect(result.sessions[0]!.transfers).toHaveLength(1);
    expect(t!.setup.announced.port).toBe(firstPort + FLOOD - 1);
    expect(t!.data?.dst.port).toBe(firstPort + FLOOD - 1);
    expect(t!.bytes).toBe(300);
    expect(t!.status).toBe('complete');
    expect(result.unmatchedDataConnections.map((d) => d.dst.port)).toEqual([firstPort, firstPort + 450]);
    // the engine gives the findings across sessions too (it keeps no session to the end for them): 500 PORTs to
    // ports no transfer used are a port scan, as runReport reported before
    expect(result.findings.map((f) => f.id)).toEqual(['data-connection-unmatched', 'port-scan']);
    expect(result.warnings.filter((w) => w.code === 'expectations-dropped')).toHaveLength(1);
  });

  // Dropping the oldest expectation at the cap is O(1) (a queue in arrival order): before, it scanned every
  // announced port's list, and 120,000 PORTs to distinct ports past the default cap took about 2 minutes.
  it('a PORT past the cap costs the same whatever the cap (no scan of every open expectation per drop)', () => {
    /** Milliseconds to push `extra` PORTs (to distinct ports) once `cap` expectations are already open. */
    const pastCap = (cap: number, extra: number): number => {
      const ftp = new Ftp().banner().login();
      for (let i = 0; i < cap; i++) ftp.port(10_000 + i);
      const filled = ftp.records.length;
      for (let i = cap; i < cap + extra; i++) ftp.port(10_000 + i);
      const engine = new Engine({ ftpPorts: [21], maxExpectations: cap });
      for (let i = 0; i < filled; i++) engine.push(ftp.records[i]!);
      const start = performance.now();
      for (let i = filled; i < ftp.records.length; i++) engine.push(ftp.records[i]!);
      const ms = performance.now() - start;
      expect(engine.openExpectations).toBe(cap);
      return ms;
    };
    pastCap(500, 5_000); // warm-up
    const small = pastCap(500, 5_000);
    const large = pastCap(10_000, 5_000);
    expect(
      large,
      `5,000 PORTs past a cap of 500 took ${small.toFixed(0)} ms, past a cap of 10,000 ${large.toFixed(0)} ms`,
    ).toBeLessThan(4 * Math.max(small, 25));
  });
});

describe('real PORT floods: 600 PORT commands and no transfer (test/fixtures/robustness/)', () => {
  const FLOOD = 600;
  const TIME_BOUND_MS = 30_000;

  function report(name: string): { report: ReportJson; ms: number } {
    const file = join(ROOT, 'test', 'fixtures', 'robustness', name);
    expect(statSync(file).size).toBeLessThan(1_000_000);
    const start = Date.now();
    const r = runCli([file, '--json']);
    const ms = Date.now() - start;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(ms).toBeLessThan(TIME_BOUND_MS);
    const rep = JSON.parse(r.stdout) as ReportJson;
    assertContract(rep);
    expect(rep.capture.complete).toBe(true);
    return { report: rep, ms };
  }

  /** The capture-wide port-scan finding 600 PORTs to 127.0.0.1:20000… make (the first 100 PORT frames as evidence). */
  function portScan(rep: ReportJson, reachedPorts: number[]): unknown {
    const ports = rep.sessions[0]!.commands.filter((c) => c.command === 'PORT');
    return {
      id: 'port-scan',
      severity: 'high',
      sessionId: null,
      frames: ports.slice(0, 100).map((c) => c.frame),
      message: `127.0.0.1 named ${FLOOD} ports of 127.0.0.1 in ${FLOOD} PORT/EPRT commands to 127.0.0.1: a port scan through the FTP server.`,
      data: {
        clientIp: '127.0.0.1',
        serverIp: '127.0.0.1',
        targetIp: '127.0.0.1',
        ports: FLOOD,
        setups: FLOOD,
        reachedPorts,
        bounce: false,
        threshold: 20,
      },
    };
  }

  /** The PORT commands of the one session, each answered 200, announcing 127.0.0.1:20000, :20001, … in order. */
  function expectPorts(rep: ReportJson): void {
    expect(rep.sessions).toHaveLength(1);
    const s = rep.sessions[0]!;
    expect(s.commands.map((c) => c.command)).toEqual(['USER', 'PASS', ...Array<string>(FLOOD).fill('PORT'), 'QUIT']);
    const ports = s.commands.filter((c) => c.command === 'PORT');
    expect(ports.map((c) => c.reply?.code)).toEqual(Array<number>(FLOOD).fill(200));
    expect(ports.map((c) => c.arg)).toEqual(
      ports.map((_, i) => `127,0,0,1,${Math.floor((20_000 + i) / 256)},${(20_000 + i) % 256}`),
    );
    expect(s.transfers).toEqual([]);
    expect(s.login.outcome).toBe('success');
  }

  it('vsftpd (connects only for a transfer): 600 open expectations, nothing unmatched, no warning', () => {
    const { report: rep } = report('port-flood.pcapng');
    expectPorts(rep);
    const s = rep.sessions[0]!;
    expect(s.login.user).toBe('anonymous');
    expect(s.findings.map((f) => f.id)).toEqual(['cleartext-credentials', 'anonymous-login']);
    expect(rep.unmatchedDataConnections).toEqual([]);
    // 600 ports of one host named in PORT by one client: a port scan through the server (issue 19), none reached
    expect(rep.findings).toEqual([portScan(rep, [])]);
    // 600 is far below the default cap (100,000): nothing was dropped, so nothing is said
    expect(rep.warnings).toEqual([]);
    expect(s.close.by).toBe('server');
  });

  it('pyftpdlib (connects as soon as it reads PORT): 600 data connections, each unexplained by a transfer', () => {
    const { report: rep } = report('port-flood-connect.pcapng');
    expectPorts(rep);
    const s = rep.sessions[0]!;
    expect(s.login.user).toBe('flood');
    expect(s.findings.map((f) => f.id)).toEqual(['cleartext-credentials']);
    const data = rep.unmatchedDataConnections;
    expect(data).toHaveLength(FLOOD);
    expect(data.map((d) => [d.initiator, d.dst.ip, d.dst.port, d.bytesToClient, d.bytesToServer])).toEqual(
      data.map((_, i) => ['server', '127.0.0.1', 20_000 + i, 0, 0]),
    );
    // each opened after its PORT and before the 200 (pyftpdlib answers once connected)
    const portFrames = s.commands.filter((c) => c.command === 'PORT');
    data.forEach((d, i) => {
      expect(d.synFrame).toBeGreaterThan(portFrames[i]!.frame);
      expect(d.synFrame).toBeLessThan(portFrames[i]!.reply!.frame);
    });
    expect(rep.findings).toHaveLength(2);
    expect(rep.findings[0]).toMatchObject({ id: 'data-connection-unmatched', severity: 'low', sessionId: null });
    expect(rep.findings[0]!.frames).toEqual(data.map((d) => d.synFrame));
    expect(rep.findings[0]!.message).toBe(
      '600 data connections carried no transfer that a command in the capture explains.',
    );
    // the flood is a port scan through the server too (issue 19); no transfer used those connections
    expect(rep.findings[1]).toEqual(portScan(rep, []));
    expect(rep.warnings).toEqual([]);
  });
});

// The report of a capture read in a child process, as a digest the test can compare, and that process's peak memory.
const CHILD = `
const [api, file] = process.argv.slice(1);
const { runReport } = await import(api);
const start = Date.now();
// as --json and the tables read it: no packet rows (the packet-rows path is compared with this one on every capture
// of test/integration/selective.test.ts)
const r = await runReport({ capture: file, packetRows: false });
const ms = Date.now() - start;
global.gc();
const heapAfter = process.memoryUsage().heapUsed;
const sessions = r.sessions.map((s) => [s.client, s.server, s.login.user, s.login.outcome, s.close.by,
  s.transfers.map((t) => [t.command, t.arg, t.direction, t.mode, t.setup.command, t.bytes, t.status, t.data && t.data.initiator, t.data && t.data.src, t.data && t.data.dst])]);
process.stdout.write(JSON.stringify({ ms, packets: r.capture.packets, complete: r.capture.complete, warnings: r.warnings,
  unmatched: r.unmatchedDataConnections.length, findings: r.findings.map((f) => f.id), sessions,
  maxRssKiB: process.resourceUsage().maxRSS, heapAfterBytes: heapAfter }));
`;

interface Digest {
  ms: number;
  packets: number;
  complete: boolean;
  warnings: string[];
  unmatched: number;
  findings: string[];
  sessions: [unknown, unknown, string, string, string, unknown[][]][];
  maxRssKiB: number;
  heapAfterBytes: number;
}

describe('10,000 short sessions (synthesized at test time)', () => {
  const SESSIONS = 10_000;
  /**
   * Peak resident memory of the node process that reads them, holding their report: measured about 210 MiB (about
   * 360 MiB when every packet row was kept as well).
   */
  const MAX_RSS_MIB = 384;
  const dir = mkdtempSync(join(tmpdir(), 'ftp-report-floods-'));
  const file = join(dir, 'sessions-10k.pcap');
  let truth: SynthSummary;
  let synthMs = 0;
  beforeAll(async () => {
    const start = Date.now();
    // one LIST per session (transfers: 0 adds no RETR/STOR), half active, half passive
    truth = await synthesizeCapture({ sessions: SESSIONS, transfers: 0, seed: 'floods-10k' }, file);
    synthMs = Date.now() - start;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every session and its LIST is found, and the reading process stays within a bounded memory', async () => {
    const start = Date.now();
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', CHILD, pathToFileURL(join(ROOT, 'dist', 'api.js')).href, file],
      {
        maxBuffer: 256 * 2 ** 20,
        timeout: 170_000,
      },
    );
    const wallMs = Date.now() - start;
    const d = JSON.parse(stdout) as Digest;
    console.log(
      `10,000 sessions: ${truth.packets} packets, ${(truth.bytes / 2 ** 20).toFixed(1)} MiB synthesized in ${(synthMs / 1000).toFixed(1)} s; ` +
        `runReport ${(d.ms / 1000).toFixed(1)} s (child ${(wallMs / 1000).toFixed(1)} s); peak RSS ${(d.maxRssKiB / 1024).toFixed(0)} MiB; ` +
        `heap after GC with the report held ${(d.heapAfterBytes / 2 ** 20).toFixed(0)} MiB (${(d.heapAfterBytes / SESSIONS / 1024).toFixed(1)} KiB per session)`,
    );
    expect(d.packets).toBe(truth.packets);
    expect(d.complete).toBe(true);
    expect(d.warnings).toEqual([]);
    expect(d.unmatched).toBe(0);
    expect(d.sessions).toHaveLength(SESSIONS);
    expect(d.sessions.map((s) => [s[0], s[1], s[2], s[3], s[4]])).toEqual(
      truth.sessions.map((s) => [s.client, s.server, s.user, 'success', 'server']),
    );
    expect(d.sessions.map((s) => s[5])).toEqual(
      truth.sessions.map((s) =>
        s.transfers.map((t) => [
          t.command,
          t.arg,
          t.direction,
          t.mode,
          t.setupCommand,
          t.bytes,
          'complete',
          t.data.initiator,
          t.data.src,
          t.data.dst,
        ]),
      ),
    );
    expect(new Set(truth.sessions.map((s) => s.transfers[0]!.mode))).toEqual(new Set(['active', 'passive']));
    expect(d.maxRssKiB / 1024).toBeLessThan(MAX_RSS_MIB);
  }, 180_000);
});
