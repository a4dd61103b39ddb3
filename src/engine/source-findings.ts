// Findings by client address across sessions: brute force, password spraying, port scans through PORT, and the
// vsftpd 2.3.4 backdoor pattern. Runs once over the finished sessions; each finding carries its evidence frames.

import type { Addr, Command, DataConnection, Finding, LoginAttempt, Session, Transfer } from '../model.js';

/**
 * What these findings read of a session: a whole Session is one; the engine keeps only this much of each session it
 * passed on (engine.ts sourceFactsOf).
 */
export interface SourceSession {
  id: string;
  client: Addr;
  server: Addr;
  login: { attempts: LoginAttempt[] };
  commands: Pick<Command, 'command' | 'arg' | 'frame' | 'announced'>[];
  transfers: { mode: Transfer['mode']; setup: { frame: number }; data: { handshakeRttMs: number | null } | null }[];
}

/** When a pattern across sessions becomes a finding; each is a command-line option. */
export interface SourceThresholds {
  /** Failed logins from one client address, within `bruteForceWindowSeconds`, that make brute force. */
  bruteForceFailures: number;
  /** The window those failures must fall in, seconds of capture time. */
  bruteForceWindowSeconds: number;
  /** Distinct user names one client address tried with one same password that make password spraying. */
  sprayUsers: number;
  /** Distinct ports of one host that one client address named in PORT/EPRT/LPRT that make a port scan. */
  portScanPorts: number;
}

/**
 * Defaults: 10 failures in 5 minutes (Zeek's FTP::Bruteforcing counts 20 in 15 minutes, but a server that drops after
 * three tries makes each failure cost a connection); 5 users for one password; 20 ports of one host.
 */
export const DEFAULT_SOURCE_THRESHOLDS: SourceThresholds = {
  bruteForceFailures: 10,
  bruteForceWindowSeconds: 300,
  sprayUsers: 5,
  portScanPorts: 20,
};

/** A capture-wide finding lists at most this many evidence frames (its data says how many there were). */
export const EVIDENCE_FRAMES = 100;

/** TCP port the backdoored vsftpd 2.3.4 opens its root shell on (CVE-2011-2523). */
export const VSFTPD_BACKDOOR_PORT = 6200;

/** The findings across sessions: capture-wide ones, and those that belong to one session (the backdoor's). */
export interface SourceFindings {
  capture: Finding[];
  bySession: Map<string, Finding[]>;
}

const evidence = (frames: number[]): number[] => [...frames].sort((a, b) => a - b).slice(0, EVIDENCE_FRAMES);

/** Sessions grouped by client address, in order of first appearance. */
function byClient(sessions: readonly SourceSession[]): Map<string, SourceSession[]> {
  const groups = new Map<string, SourceSession[]>();
  for (const s of sessions) {
    const list = groups.get(s.client.ip) ?? [];
    list.push(s);
    groups.set(s.client.ip, list);
  }
  return groups;
}

/** The most failures that fall within `window` seconds of each other, and where that run starts and ends. */
function densestRun(times: readonly number[], window: number): { count: number; from: number; to: number } {
  let best = { count: 0, from: 0, to: 0 };
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! > window) start += 1;
    if (end - start + 1 > best.count) best = { count: end - start + 1, from: times[start]!, to: times[end]! };
  }
  return best;
}

function bruteForce(clientIp: string, sessions: readonly SourceSession[], th: SourceThresholds): Finding | null {
  const failed = sessions.flatMap((s) => s.login.attempts.filter((a) => a.outcome === 'failed').map((a) => ({ a, s })));
  if (failed.length < th.bruteForceFailures) return null;
  failed.sort((x, y) => x.a.t - y.a.t);
  const run = densestRun(
    failed.map((f) => f.a.t),
    th.bruteForceWindowSeconds,
  );
  if (run.count < th.bruteForceFailures) return null;
  const succeeded = sessions.some((s) => s.login.attempts.some((a) => a.outcome === 'success' && !a.anonymous));
  return {
    id: 'source-brute-force',
    severity: 'high',
    sessionId: null,
    frames: evidence(failed.map((f) => f.a.frame)),
    data: {
      clientIp,
      failures: failed.length,
      inWindow: run.count,
      sessions: new Set(failed.map((f) => f.s.id)).size,
      users: [...new Set(failed.map((f) => f.a.user))].length,
      firstT: failed[0]!.a.t,
      lastT: failed[failed.length - 1]!.a.t,
      windowSeconds: th.bruteForceWindowSeconds,
      threshold: th.bruteForceFailures,
      succeeded,
    },
  };
}

function spraying(clientIp: string, sessions: readonly SourceSession[], th: SourceThresholds): Finding[] {
  // attempts per password: the password is only the key here, never part of the finding
  const byPassword = new Map<string, { a: LoginAttempt; s: SourceSession }[]>();
  for (const s of sessions) {
    for (const a of s.login.attempts) {
      if (a.password === null || a.password === '' || a.user === null || a.anonymous) continue;
      const list = byPassword.get(a.password) ?? [];
      list.push({ a, s });
      byPassword.set(a.password, list);
    }
  }
  const out: Finding[] = [];
  for (const list of byPassword.values()) {
    const users = [...new Set(list.map((x) => x.a.user!))];
    if (users.length < th.sprayUsers) continue;
    out.push({
      id: 'password-spraying',
      severity: 'high',
      sessionId: null,
      frames: evidence(list.map((x) => x.a.frame)),
      data: {
        clientIp,
        users: users.length,
        userNames: users.slice(0, 20),
        attempts: list.length,
        sessions: new Set(list.map((x) => x.s.id)).size,
        succeeded: list.filter((x) => x.a.outcome === 'success').length,
        threshold: th.sprayUsers,
      },
    });
  }
  return out;
}

function portScans(clientIp: string, sessions: readonly SourceSession[], th: SourceThresholds): Finding[] {
  // active setups per announced host: the ports named, the setup frames, and the ports a transfer's data connection
  // reached. A client in active mode names a new port of its own host for every transfer: those setups are used by
  // their transfer and are no probe; a scan names ports that no transfer used (refused 425, or never tried).
  interface Target {
    ports: Set<number>;
    probed: Set<number>;
    frames: number[];
    reached: Set<number>;
    server: string;
  }
  const targets = new Map<string, Target>();
  for (const s of sessions) {
    const used = new Map<number, boolean>();
    for (const tr of s.transfers) {
      if (tr.mode !== 'active') continue;
      const connected = tr.data !== null && tr.data.handshakeRttMs !== null;
      used.set(tr.setup.frame, connected || (used.get(tr.setup.frame) ?? false));
    }
    for (const c of s.commands) {
      if (c.announced === null || !['PORT', 'EPRT', 'LPRT'].includes(c.command)) continue;
      let t = targets.get(c.announced.ip);
      if (!t) {
        t = { ports: new Set(), probed: new Set(), frames: [], reached: new Set(), server: s.server.ip };
        targets.set(c.announced.ip, t);
      }
      t.ports.add(c.announced.port);
      t.frames.push(c.frame);
      const connected = used.get(c.frame);
      if (connected) t.reached.add(c.announced.port);
      // a setup a transfer used, with its data connection: ordinary active mode unless other setups probe
      if (connected !== true) t.probed.add(c.announced.port);
    }
  }
  const out: Finding[] = [];
  for (const [targetIp, t] of targets) {
    if (t.probed.size < th.portScanPorts) continue;
    out.push({
      id: 'port-scan',
      severity: 'high',
      sessionId: null,
      frames: evidence(t.frames),
      data: {
        clientIp,
        serverIp: t.server,
        targetIp,
        ports: t.ports.size,
        setups: t.frames.length,
        reachedPorts: [...t.reached].sort((a, b) => a - b),
        bounce: targetIp !== clientIp,
        threshold: th.portScanPorts,
      },
    });
  }
  return out;
}

/** The backdoor trigger (a USER ending in ":)") and a connection to port 6200 of the same server after it. */
export const isBackdoorTrigger = (c: { command: string; arg: string | null }): boolean =>
  c.command === 'USER' && c.arg !== null && c.arg.endsWith(':)');

/** The backdoor findings of these sessions, each with the id of its session. */
export function backdoors(sessions: readonly SourceSession[], others: readonly DataConnection[]): [string, Finding][] {
  const out: [string, Finding][] = [];
  for (const s of sessions) {
    const trigger = s.commands.find(isBackdoorTrigger);
    if (!trigger) continue;
    const shell = others.find(
      (d) =>
        d.dst.port === VSFTPD_BACKDOOR_PORT &&
        d.dst.ip === s.server.ip &&
        (d.synFrame === null || d.synFrame > trigger.frame),
    );
    const frames = shell?.synFrame != null ? [trigger.frame, shell.synFrame] : [trigger.frame];
    out.push([
      s.id,
      {
        id: 'vsftpd-backdoor',
        severity: shell ? 'high' : 'medium',
        sessionId: s.id,
        frames,
        data: {
          user: trigger.arg!,
          clientIp: s.client.ip,
          serverIp: s.server.ip,
          shellTcpStream: shell?.tcpStream ?? null,
          shellClientIp: shell?.src.ip ?? null,
          shellBytesToClient: shell?.bytesToClient ?? null,
        },
      },
    ]);
  }
  return out;
}

/**
 * Findings across the sessions of one capture, per client address: brute force over any number of connections,
 * password spraying, PORT scans; and per session the vsftpd 2.3.4 backdoor pattern. `others` are the TCP
 * connections no command explains (where a backdoor shell on 6200 shows).
 */
export function sourceFindings(
  sessions: readonly SourceSession[],
  others: readonly DataConnection[],
  thresholds: SourceThresholds = DEFAULT_SOURCE_THRESHOLDS,
): SourceFindings {
  const capture: Finding[] = [];
  for (const [clientIp, list] of byClient(sessions)) {
    const brute = bruteForce(clientIp, list, thresholds);
    if (brute) capture.push(brute);
    capture.push(...spraying(clientIp, list, thresholds), ...portScans(clientIp, list, thresholds));
  }
  const bySession = new Map<string, Finding[]>();
  for (const [id, f] of backdoors(sessions, others)) bySession.set(id, [...(bySession.get(id) ?? []), f]);
  return { capture, bySession };
}
