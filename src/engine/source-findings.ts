// Findings by client address across sessions: brute force, password spraying, port scans through PORT, and the
// vsftpd 2.3.4 backdoor pattern. Runs once over the finished sessions; each finding carries its evidence frames.

import type { Addr, Command, DataConnection, Finding, LoginAttempt, Transfer } from '../model.js';
import { type PasswordUse, PasswordTally } from './password-tally.js';

/**
 * What these findings read of a session: a whole Session is one (the engine adds each session to a
 * SourceAccumulator as it builds it, and keeps nothing more of it for these findings).
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

/** The most failures that fall within `window` seconds of each other, and where that run starts and ends. */
function densestRun(times: ArrayLike<number>, window: number): { count: number; from: number; to: number } {
  let best = { count: 0, from: 0, to: 0 };
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! > window) start += 1;
    if (end - start + 1 > best.count) best = { count: end - start + 1, from: times[start]!, to: times[end]! };
  }
  return best;
}

/** The smallest EVIDENCE_FRAMES frames of those added, ascending (duplicates kept), and how many were added. */
export class Evidence {
  readonly frames: number[] = [];
  count = 0;

  add(frame: number): void {
    this.count += 1;
    const f = this.frames;
    if (f.length === EVIDENCE_FRAMES && frame >= f[f.length - 1]!) return;
    let lo = 0;
    let hi = f.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (f[mid]! <= frame) lo = mid + 1;
      else hi = mid;
    }
    f.splice(lo, 0, frame);
    if (f.length > EVIDENCE_FRAMES) f.pop();
  }
}

/** Distinct TCP ports, as a sorted array of 16-bit numbers: 2 bytes a port, at most 128 KiB for all 65,536. */
export class PortSet {
  private ports = new Uint16Array(4);
  size = 0;

  add(port: number): void {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ports[mid]! < port) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.size && this.ports[lo] === port) return;
    if (this.size === this.ports.length) {
      const grown = new Uint16Array(this.ports.length * 2);
      grown.set(this.ports);
      this.ports = grown;
    }
    this.ports.copyWithin(lo + 1, lo, this.size);
    this.ports[lo] = port;
    this.size += 1;
  }

  /** The ports, ascending. */
  sorted(): number[] {
    return Array.from(this.ports.subarray(0, this.size));
  }
}

/** The PORT/EPRT/LPRT setups one client address named for one host. */
interface PortTarget {
  ports: PortSet;
  probed: PortSet;
  frames: Evidence;
  reached: PortSet;
  server: string;
}

/** Capture times of failed logins, in the order they came (8 bytes each). */
class Times {
  private t = new Float64Array(8);
  length = 0;

  push(t: number): void {
    if (this.length === this.t.length) {
      const grown = new Float64Array(this.t.length * 2);
      grown.set(this.t);
      this.t = grown;
    }
    this.t[this.length] = t;
    this.length += 1;
  }

  sorted(): Float64Array {
    return this.t.slice(0, this.length).sort();
  }
}

/**
 * What one client address did across its sessions, as compact as the findings allow while their results stay exact:
 * - failed logins: their times (all of them: the densest window needs every one), the smallest frames, how many
 *   sessions had one and the distinct user names;
 * - passwords: in one PasswordTally for all clients, off the heap (password-tally.ts);
 * - active setups: per announced host, sets of distinct ports (PortSet, bounded by the 65,536 ports).
 */
interface ClientFacts {
  /** Its number, in order of first appearance (its passwords' key in the tally). */
  index: number;
  failedTimes: Times;
  failedFrames: Evidence;
  failedSessions: number;
  failedUsers: Set<string | null>;
  /** A login with a user name other than a guest's was accepted. */
  succeeded: boolean;
  targets: Map<string, PortTarget>;
}

/**
 * The findings across sessions, gathered as sessions come (in id order): per client address only what the findings
 * read, so a capture's sessions need not be kept to the end for them.
 */
export class SourceAccumulator {
  private readonly clients = new Map<string, ClientFacts>();
  private readonly passwords = new PasswordTally(() => new Evidence());
  /** Sessions added so far: the current one's number. */
  private sessions = 0;

  add(s: SourceSession): void {
    this.sessions += 1;
    const session = this.sessions;
    let c = this.clients.get(s.client.ip);
    if (!c) {
      c = {
        index: this.clients.size,
        failedTimes: new Times(),
        failedFrames: new Evidence(),
        failedSessions: 0,
        failedUsers: new Set(),
        succeeded: false,
        targets: new Map(),
      };
      this.clients.set(s.client.ip, c);
    }
    let failedHere = false;
    for (const a of s.login.attempts) {
      if (a.outcome === 'failed') {
        c.failedTimes.push(a.t);
        c.failedFrames.add(a.frame);
        c.failedUsers.add(a.user);
        failedHere = true;
      }
      if (a.outcome === 'success' && !a.anonymous) c.succeeded = true;
      // attempts per password: the password is only the key here, never part of the finding
      if (a.password === null || a.password === '' || a.user === null || a.anonymous) continue;
      this.passwords.add(c.index, a.password, a.frame, a.user, session, a.outcome === 'success');
    }
    if (failedHere) c.failedSessions += 1;
    // active setups per announced host: the ports named, the setup frames, and the ports a transfer's data connection
    // reached. A client in active mode names a new port of its own host for every transfer: those setups are used by
    // their transfer and are no probe; a scan names ports that no transfer used (refused 425, or never tried).
    const used = new Map<number, boolean>();
    for (const tr of s.transfers) {
      if (tr.mode !== 'active') continue;
      const connected = tr.data !== null && tr.data.handshakeRttMs !== null;
      used.set(tr.setup.frame, connected || (used.get(tr.setup.frame) ?? false));
    }
    for (const cmd of s.commands) {
      if (cmd.announced === null || !ACTIVE_SETUPS.has(cmd.command)) continue;
      let t = c.targets.get(cmd.announced.ip);
      if (!t) {
        t = {
          ports: new PortSet(),
          probed: new PortSet(),
          frames: new Evidence(),
          reached: new PortSet(),
          server: s.server.ip,
        };
        c.targets.set(cmd.announced.ip, t);
      }
      t.ports.add(cmd.announced.port);
      t.frames.add(cmd.frame);
      const connected = used.get(cmd.frame);
      if (connected) t.reached.add(cmd.announced.port);
      // a setup a transfer used, with its data connection: ordinary active mode unless other setups probe
      if (connected !== true) t.probed.add(cmd.announced.port);
    }
  }

  /** The capture-wide findings: per client address in order of first appearance, brute force, spraying, PORT scans. */
  findings(th: SourceThresholds): Finding[] {
    const out: Finding[] = [];
    const sprayed = this.passwords.withUsers(th.sprayUsers);
    for (const [clientIp, c] of this.clients) {
      const brute = bruteForce(clientIp, c, th);
      if (brute) out.push(brute);
      out.push(...spraying(clientIp, sprayed.get(c.index) ?? [], th), ...portScans(clientIp, c, th));
    }
    return out;
  }
}

const ACTIVE_SETUPS: ReadonlySet<string> = new Set(['PORT', 'EPRT', 'LPRT']);

function bruteForce(clientIp: string, c: ClientFacts, th: SourceThresholds): Finding | null {
  if (c.failedTimes.length < th.bruteForceFailures) return null;
  const times = c.failedTimes.sorted();
  const run = densestRun(times, th.bruteForceWindowSeconds);
  if (run.count < th.bruteForceFailures) return null;
  return {
    id: 'source-brute-force',
    severity: 'high',
    sessionId: null,
    frames: [...c.failedFrames.frames],
    data: {
      clientIp,
      failures: times.length,
      inWindow: run.count,
      sessions: c.failedSessions,
      users: c.failedUsers.size,
      firstT: times[0]!,
      lastT: times[times.length - 1]!,
      windowSeconds: th.bruteForceWindowSeconds,
      threshold: th.bruteForceFailures,
      succeeded: c.succeeded,
    },
  };
}

function spraying(clientIp: string, uses: readonly PasswordUse[], th: SourceThresholds): Finding[] {
  const out: Finding[] = [];
  for (const use of uses) {
    out.push({
      id: 'password-spraying',
      severity: 'high',
      sessionId: null,
      frames: [...use.frames.frames],
      data: {
        clientIp,
        users: use.users.size,
        userNames: [...use.users].slice(0, 20),
        attempts: use.frames.count,
        sessions: use.sessions,
        succeeded: use.succeeded,
        threshold: th.sprayUsers,
      },
    });
  }
  return out;
}

function portScans(clientIp: string, c: ClientFacts, th: SourceThresholds): Finding[] {
  const out: Finding[] = [];
  for (const [targetIp, t] of c.targets) {
    if (t.probed.size < th.portScanPorts) continue;
    out.push({
      id: 'port-scan',
      severity: 'high',
      sessionId: null,
      frames: [...t.frames.frames],
      data: {
        clientIp,
        serverIp: t.server,
        targetIp,
        ports: t.ports.size,
        setups: t.frames.count,
        reachedPorts: t.reached.sorted(),
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
