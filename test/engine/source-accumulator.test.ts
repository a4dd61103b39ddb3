// The capture-wide findings keep compact state per client address (failure times, one slot per password tried once,
// sorted port arrays): their results must equal those of keeping every attempt and setup. The reference below is the
// plain way (every failed attempt kept, a set of users per password, sets of ports), run on random sessions.
import { describe, expect, it } from 'vitest';
import { PasswordTally } from '../../src/engine/password-tally.js';
import {
  DEFAULT_SOURCE_THRESHOLDS,
  Evidence,
  EVIDENCE_FRAMES,
  PortSet,
  SourceAccumulator,
  type SourceSession,
  type SourceThresholds,
} from '../../src/engine/source-findings.js';
import type { Finding, LoginAttempt } from '../../src/model.js';

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** Random sessions from a few clients: reused and fresh passwords, failures out of time order, PORT setups. */
function sessions(seed: number, count: number): SourceSession[] {
  const r = prng(seed);
  const out: SourceSession[] = [];
  let frame = 1;
  for (let i = 0; i < count; i += 1) {
    const client = `10.0.1.${1 + r(3)}`;
    const attempts: LoginAttempt[] = [];
    for (let k = r(4); k >= 0; k -= 1) {
      const anonymous = r(10) === 0;
      const user = anonymous ? 'anonymous' : r(12) === 0 ? null : `user${r(9)}`;
      const pick = r(3);
      const password = pick === 0 ? `fresh-${seed}-${i}-${k}` : pick === 1 ? `common${r(3)}` : r(8) === 0 ? '' : null;
      const outcome = r(3) === 0 ? 'success' : r(5) === 0 ? 'unknown' : 'failed';
      // a session's time is not its place in the order: a brute force window must sort them
      frame += 1 + r(50);
      attempts.push({
        user,
        password,
        replyCode: null,
        frame,
        t: r(2000) + r(1000) / 1000,
        userFrame: null,
        replyFrame: null,
        outcome,
        anonymous,
      });
    }
    const commands: SourceSession['commands'] = [];
    const transfers: SourceSession['transfers'] = [];
    for (let k = r(5); k > 0; k -= 1) {
      frame += 1 + r(20);
      const setup = frame;
      const host = r(4) === 0 ? '10.0.0.9' : client;
      commands.push({
        command: ['PORT', 'EPRT', 'LPRT', 'PASV'][r(4)]!,
        arg: null,
        frame: setup,
        announced: { ip: host, port: 1 + r(300), numbers: null },
      });
      const handshake = r(2) === 0 ? 0.1 : null;
      if (r(3) > 0)
        transfers.push({
          mode: r(5) === 0 ? 'passive' : 'active',
          setup: { frame: setup },
          data: r(4) === 0 ? null : { handshakeRttMs: handshake },
        });
    }
    out.push({
      id: `S${i + 1}`,
      client: { ip: client, port: 40000 + i },
      server: { ip: `10.0.0.${1 + r(2)}`, port: 21 },
      login: { attempts },
      commands,
      transfers,
    });
  }
  return out;
}

/** The findings the plain way: every failure kept, every password's users, attempts and sessions, sets of ports. */
function reference(all: readonly SourceSession[], th: SourceThresholds): Finding[] {
  const evidence = (frames: number[]): number[] => [...frames].sort((a, b) => a - b).slice(0, EVIDENCE_FRAMES);
  const clients = new Map<string, SourceSession[]>();
  for (const s of all) clients.set(s.client.ip, [...(clients.get(s.client.ip) ?? []), s]);
  const out: Finding[] = [];
  for (const [clientIp, list] of clients) {
    const failed = list.flatMap((s) =>
      s.login.attempts.filter((a) => a.outcome === 'failed').map((a) => ({ ...a, session: s.id })),
    );
    const succeeded = list.some((s) => s.login.attempts.some((a) => a.outcome === 'success' && !a.anonymous));
    if (failed.length >= th.bruteForceFailures) {
      const times = failed.map((f) => f.t).sort((a, b) => a - b);
      let best = { count: 0 };
      for (let end = 0, start = 0; end < times.length; end += 1) {
        while (times[end]! - times[start]! > th.bruteForceWindowSeconds) start += 1;
        if (end - start + 1 > best.count) best = { count: end - start + 1 };
      }
      if (best.count >= th.bruteForceFailures) {
        out.push({
          id: 'source-brute-force',
          severity: 'high',
          sessionId: null,
          frames: evidence(failed.map((f) => f.frame)),
          data: {
            clientIp,
            failures: failed.length,
            inWindow: best.count,
            sessions: new Set(failed.map((f) => f.session)).size,
            users: new Set(failed.map((f) => f.user)).size,
            firstT: times[0]!,
            lastT: times[times.length - 1]!,
            windowSeconds: th.bruteForceWindowSeconds,
            threshold: th.bruteForceFailures,
            succeeded,
          },
        });
      }
    }
    const uses = new Map<string, { users: Set<string>; frames: number[]; sessions: Set<string>; succeeded: number }>();
    for (const s of list) {
      for (const a of s.login.attempts) {
        if (a.password === null || a.password === '' || a.user === null || a.anonymous) continue;
        const u = uses.get(a.password) ?? { users: new Set(), frames: [], sessions: new Set(), succeeded: 0 };
        uses.set(a.password, u);
        u.users.add(a.user);
        u.frames.push(a.frame);
        u.sessions.add(s.id);
        if (a.outcome === 'success') u.succeeded += 1;
      }
    }
    for (const u of uses.values()) {
      if (u.users.size < th.sprayUsers) continue;
      out.push({
        id: 'password-spraying',
        severity: 'high',
        sessionId: null,
        frames: evidence(u.frames),
        data: {
          clientIp,
          users: u.users.size,
          userNames: [...u.users].slice(0, 20),
          attempts: u.frames.length,
          sessions: u.sessions.size,
          succeeded: u.succeeded,
          threshold: th.sprayUsers,
        },
      });
    }
    const targets = new Map<
      string,
      { ports: Set<number>; probed: Set<number>; frames: number[]; reached: Set<number>; server: string }
    >();
    for (const s of list) {
      const used = new Map<number, boolean>();
      for (const tr of s.transfers) {
        if (tr.mode !== 'active') continue;
        used.set(
          tr.setup.frame,
          (tr.data !== null && tr.data.handshakeRttMs !== null) || (used.get(tr.setup.frame) ?? false),
        );
      }
      for (const cmd of s.commands) {
        if (cmd.announced === null || !['PORT', 'EPRT', 'LPRT'].includes(cmd.command)) continue;
        const t = targets.get(cmd.announced.ip) ?? {
          ports: new Set(),
          probed: new Set(),
          frames: [],
          reached: new Set(),
          server: s.server.ip,
        };
        targets.set(cmd.announced.ip, t);
        t.ports.add(cmd.announced.port);
        t.frames.push(cmd.frame);
        if (used.get(cmd.frame)) t.reached.add(cmd.announced.port);
        if (used.get(cmd.frame) !== true) t.probed.add(cmd.announced.port);
      }
    }
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
  }
  return out;
}

describe('capture-wide findings from compact per-client state', () => {
  const thresholds: SourceThresholds[] = [
    DEFAULT_SOURCE_THRESHOLDS,
    { bruteForceFailures: 3, bruteForceWindowSeconds: 60, sprayUsers: 2, portScanPorts: 5 },
    // every password tried once is spraying of one user: the compact slots must answer like the full entries
    { bruteForceFailures: 1, bruteForceWindowSeconds: 0, sprayUsers: 1, portScanPorts: 1 },
    { bruteForceFailures: 0, bruteForceWindowSeconds: 5000, sprayUsers: 0, portScanPorts: 0 },
  ];

  it.each([1, 2, 3, 4, 5])('equal the plain way on random sessions (seed %i)', (seed) => {
    const all = sessions(seed, 400);
    const acc = new SourceAccumulator();
    for (const s of all) acc.add(s);
    for (const th of thresholds) {
      const found = acc.findings(th);
      expect(found).toEqual(reference(all, th));
      // the random sessions do make each kind of finding under the low thresholds
      if (th.sprayUsers === 2) {
        expect(new Set(found.map((f) => f.id))).toEqual(
          new Set(['source-brute-force', 'password-spraying', 'port-scan']),
        );
      }
    }
  });

  it('keeps more than a hundred evidence frames counted but lists the smallest hundred', () => {
    const all = sessions(9, 3000);
    const acc = new SourceAccumulator();
    for (const s of all) acc.add(s);
    const found = acc.findings(DEFAULT_SOURCE_THRESHOLDS);
    const brute = found.find((f) => f.id === 'source-brute-force')!;
    expect((brute.data as { failures: number }).failures).toBeGreaterThan(EVIDENCE_FRAMES);
    expect(brute.frames).toHaveLength(EVIDENCE_FRAMES);
    expect(found).toEqual(reference(all, DEFAULT_SOURCE_THRESHOLDS));
  });
});

describe('port set', () => {
  it('holds distinct ports, ascending, up to all 65,536', () => {
    const set = new PortSet();
    const r = prng(7);
    const plain = new Set<number>();
    for (let i = 0; i < 5000; i += 1) {
      const p = r(65536);
      set.add(p);
      plain.add(p);
    }
    expect(set.size).toBe(plain.size);
    expect(set.sorted()).toEqual([...plain].sort((a, b) => a - b));
    for (let p = 0; p < 65536; p += 1) set.add(p);
    expect(set.size).toBe(65536);
    expect(set.sorted()[65535]).toBe(65535);
  });
});

describe('password tally', () => {
  const tally = (): PasswordTally => new PasswordTally(() => new Evidence());

  it('tells passwords apart by client and by every character, any Unicode, across table growth', () => {
    const t = tally();
    const passwords = ['пароль', 'парол', 'пароль1', 'p\u0000', 'p', '密码', 'x'.repeat(300)];
    for (let n = 0; n < 3000; n += 1) passwords.push(`pw-${n}`);
    for (const [i, pw] of passwords.entries()) {
      t.add(0, pw, 10 + i, 'alice', i + 1, false);
      t.add(1, pw, 20_000 + i, 'bob', i + 1, i % 2 === 0);
    }
    // each (client, password) was tried once: all one-user entries, in the order first tried
    const once = t.withUsers(1);
    expect(once.get(0)!.map((u) => [...u.frames.frames])).toEqual(passwords.map((_, i) => [10 + i]));
    expect(once.get(1)!.map((u) => u.succeeded)).toEqual(passwords.map((_, i) => (i % 2 === 0 ? 1 : 0)));
    expect(t.withUsers(2).size).toBe(0);
    // the same password again by other users: only that one, for that client
    t.add(0, 'пароль', 5, 'carol', 9000, true);
    t.add(0, 'пароль', 7, 'dave', 9000, false);
    const twice = t.withUsers(2);
    expect([...twice.keys()]).toEqual([0]);
    const use = twice.get(0)![0]!;
    expect([...use.users]).toEqual(['alice', 'carol', 'dave']);
    expect([...use.frames.frames]).toEqual([5, 7, 10]);
    expect([use.frames.count, use.sessions, use.succeeded]).toEqual([3, 2, 1]);
  });
});
