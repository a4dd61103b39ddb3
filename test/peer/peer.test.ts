// Cross-checks ftp-report against what Zeek and Suricata recorded for the FTP traces of their own
// test suites (../shared/peer): same sessions, users, commands and replies, data channels and files.
// Where ftp-report should differ on purpose, expectations.ts says so and why; nothing is dropped.

import { beforeAll, describe, expect, it } from 'vitest';
import { sharedReport } from '../shared-report.js';
import type { Addr, Command, Report, Session, Transfer } from '../../src/model.js';
import {
  argMatchesZeekPath,
  endpointKey,
  loadPeerTraces,
  normalizeIp,
  NOTED_TRACES,
  peerAvailable,
  peerRoot,
  sessionKey,
  type ArgExpectation,
  type Endpoint,
  type PeerTrace,
  type ReplyExpectation,
  type SuricataExpectation,
  type ValueExpectation,
  type ZeekRowExpectation,
  ZEEK_DEFAULT_LOGGED,
} from './expectations.js';

const available = peerAvailable();
const traces: PeerTrace[] = available ? loadPeerTraces() : [];

/** Generous: tshark runs once per trace, and the largest trace is about 750 kB. */
const REPORT_TIMEOUT_MS = 120_000;

const addrKey = (a: Addr | Endpoint): string => endpointKey(a);
const sameAddr = (a: Addr | Endpoint, b: Addr | Endpoint): boolean => addrKey(a) === addrKey(b);

function findSession(report: Report, client: Endpoint, server: Endpoint): Session {
  const key = sessionKey(client, server);
  const found = report.sessions.filter((s) => sessionKey(s.client, s.server) === key);
  if (found.length !== 1) {
    const seen = report.sessions.map((s) => sessionKey(s.client, s.server)).join(', ') || 'none';
    throw new Error(`expected one session ${key}, report has ${found.length} (sessions: ${seen})`);
  }
  return found[0]!;
}

function onlySession(report: Report): Session {
  expect(report.sessions, 'this trace has one control session').toHaveLength(1);
  return report.sessions[0]!;
}

function expectValue(actual: string | null, want: ValueExpectation, what: string): void {
  switch (want.kind) {
    case 'null':
      expect(actual, `${what}: ${want.why}`).toBeNull();
      break;
    case 'exact':
      expect(actual, what).toBe(want.value);
      break;
    case 'prefix':
      // The peer's copy was cut short on purpose (a max-length test); ours must extend it.
      expect(actual, `${what} (peer value truncated: ${want.why})`).not.toBeNull();
      expect(actual!.startsWith(want.value), `${what} "${actual}" should start with "${want.value}"`).toBe(true);
      break;
    case 'present':
      expect(actual, `${what}: ${want.why}`).not.toBeNull();
      expect(actual, `${what}: ${want.why}`).not.toBe('');
      expect(actual, `${what}: ${want.why}`).not.toBe('<hidden>');
      break;
  }
}

function argAgrees(want: ArgExpectation, actual: string | null, server: Endpoint): boolean {
  switch (want.kind) {
    case 'none':
      return actual === null || actual === '';
    case 'exact':
      return actual === want.value;
    case 'zeek-url':
      // Zeek rewrites file arguments to ftp://server/cwd/arg; ftp-report keeps the argument as sent.
      return argMatchesZeekPath(actual, want.path);
    case 'prefix':
      // Truncated by a max-arg-length baseline: only the start can be compared.
      return actual !== null && actual.startsWith(want.value);
    case 'url-prefix': {
      // A truncated ftp:// URL holds no file name; what survives must agree with the server's address.
      const ip = normalizeIp(server.ip);
      const head = `ftp://${ip.includes(':') ? `[${ip}]` : ip}/`;
      return actual !== null && actual !== '' && (head.startsWith(want.value) || want.value.startsWith(head));
    }
    case 'present':
      // Zeek masked a PASS argument; ftp-report reports what was on the wire.
      return actual !== null && actual !== '' && actual !== '<hidden>';
  }
}

function expectReply(cmd: Command, want: ReplyExpectation, what: string): void {
  const why = want.differs ? ` (differs from the peer on purpose: ${want.differs})` : '';
  const r = cmd.reply;
  if (r === null) {
    expect(want.codes, `${what}: no reply reported${why}`).toContain(null);
    return;
  }
  expect(want.codes, `${what}: reply ${r.code} (frame ${r.frame})${why}`).toContain(r.code);
  if (want.frame !== null) expect(r.frame, `${what}: reply frame${why}`).toBe(want.frame);
  if (want.textContains !== null) expect(r.text, `${what}: reply text${why}`).toContain(want.textContains);
}

/**
 * Pairs each Zeek row of one baseline with a command of its session, in order: Zeek logs only some
 * commands (by default APPE DELE RETR STOR STOU ACCT PORT PASV EPRT EPSV), so the rows of one baseline
 * are an ordered subsequence of ftp-report's commands. A row pairs with the first later command of the same
 * verb whose argument agrees; a row that pairs with nothing maps to null and fails its own test.
 */
function pairZeekRows(report: Report, rows: ZeekRowExpectation[]): Map<ZeekRowExpectation, Command | null> {
  const out = new Map<ZeekRowExpectation, Command | null>();
  // Each baseline is a separate run of Zeek over the whole trace: its rows start from the top again.
  const cursor = new Map<string, number>();
  for (const row of rows) {
    if (row.command === '<init>') continue;
    // A missing session is reported by the row's own test (findSession there says which).
    const key = sessionKey(row.client, row.server);
    const session = report.sessions.find((s) => sessionKey(s.client, s.server) === key);
    if (!session) continue;
    const at = `${row.baseline} ${key}`;
    const from = cursor.get(at) ?? 0;
    const idx = session.commands.findIndex(
      (c, i) => i >= from && c.command === row.command && argAgrees(row.arg, c.arg, row.server),
    );
    out.set(row, idx < 0 ? null : session.commands[idx]!);
    if (idx >= 0) cursor.set(at, idx + 1);
  }
  return out;
}

const transfersOf = (report: Report): Transfer[] => report.sessions.flatMap((s) => s.transfers);

/** The transfer a command set up (its setup frame is the command's frame). */
function transferSetUpBy(session: Session, cmd: Command): Transfer[] {
  return session.transfers.filter((t) => t.setup.command === cmd.command && t.setup.frame === cmd.frame);
}

/** The transfer a transfer command (RETR, STOR, LIST, ...) started. */
function transferStartedBy(session: Session, cmd: Command): Transfer[] {
  return session.transfers.filter((t) => t.command === cmd.command && Math.abs(t.timing.commandT - cmd.t) < 1e-6);
}

function allReplyCodes(cmd: Command): number[] {
  if (cmd.reply === null) return [];
  return [...cmd.reply.intermediate.map((i) => i.code), cmd.reply.code];
}

/** How many of the report's commands Suricata's filter would have matched as ftp events. */
function countSuricataCommands(report: Report, want: Extract<SuricataExpectation, { kind: 'ftp-command' }>): number {
  let n = 0;
  for (const s of report.sessions) {
    if (want.srcIp !== null && normalizeIp(s.client.ip) !== normalizeIp(want.srcIp)) continue;
    if (want.destIp !== null && normalizeIp(s.server.ip) !== normalizeIp(want.destIp)) continue;
    for (const c of s.commands) {
      if (want.command !== null && c.command !== want.command) continue;
      if (want.commandData !== null && c.arg !== want.commandData) continue;
      // Suricata lists every reply code of the transaction (150 then 226); so does intermediate + final.
      if (want.completionCodes !== null && allReplyCodes(c).join(',') !== want.completionCodes.join(',')) continue;
      if (want.replies !== null) {
        // ftp-report keeps the final reply's text and only the codes of preliminary replies.
        if (c.reply === null || allReplyCodes(c).length !== want.replies.length) continue;
        if (!c.reply.text.includes(want.replies[want.replies.length - 1]!)) continue;
      }
      if (want.dynamicPort !== null || want.mode !== null) {
        // Suricata reads the port from the PORT/EPRT command or the PASV/EPSV reply: the announced address.
        const set = transferSetUpBy(s, c);
        if (want.dynamicPort !== null && !set.some((t) => t.setup.announced.port === want.dynamicPort)) continue;
        if (want.mode !== null && !set.some((t) => t.mode === want.mode)) continue;
      }
      n += 1;
    }
  }
  return n;
}

function countSuricataFtpData(report: Report, want: Extract<SuricataExpectation, { kind: 'ftp-data' }>): number {
  return transfersOf(report).filter((t) => {
    if (want.command !== null && t.command !== want.command) return false;
    if (want.filename !== null && t.arg !== want.filename) return false;
    // Suricata's ftp_data event belongs to the data flow: src is the side that opened it.
    if (want.srcIp !== null && (t.data === null || normalizeIp(t.data.src.ip) !== normalizeIp(want.srcIp)))
      return false;
    if (want.destIp !== null && (t.data === null || normalizeIp(t.data.dst.ip) !== normalizeIp(want.destIp)))
      return false;
    return true;
  }).length;
}

const suite = available ? describe : describe.skip;
const title = available
  ? `peer traces (${peerRoot})`
  : `peer traces — SKIPPED: ${peerRoot} not found, so there is nothing to cross-check against`;

suite(title, () => {
  it('has notes (a tshark reading) for exactly the traces on disk', () => {
    expect(traces.map((t) => t.id).sort()).toEqual(NOTED_TRACES);
  });

  describe.each(traces)('$id', (trace) => {
    let report: Report;
    let paired: Map<ZeekRowExpectation, Command | null>;

    beforeAll(async () => {
      report = await sharedReport({ capture: trace.capture, ftpPorts: trace.ftpPorts });
      paired = pairZeekRows(report, trace.zeekRows);
    }, REPORT_TIMEOUT_MS);

    it('dissects the control ports it was given', () => {
      for (const p of trace.ftpPorts) expect(report.capture.ftpPorts).toContain(p);
    });

    it('sees the same control sessions', () => {
      const got = report.sessions.map((s) => sessionKey(s.client, s.server)).sort();
      const want = trace.sessions.map((s) => sessionKey(s.client, s.server)).sort();
      expect(got).toEqual(want);
    });

    it('reports the same users and passwords', () => {
      expect(trace.logins.length, 'every trace names its login, from the peer or the capture').toBeGreaterThan(0);
      for (const l of trace.logins) {
        const s = findSession(report, l.client, l.server);
        const where = `${sessionKey(l.client, l.server)} per ${l.sources.join(', ')}`;
        expectValue(s.login.user, l.user, `user of ${where}`);
        expectValue(s.login.password, l.password, `password of ${where}`);
      }
    });

    if (trace.zeekRows.length > 0) {
      it.each(trace.zeekRows)('agrees with Zeek $id ($command)', (row) => {
        const session = findSession(report, row.client, row.server);
        if (row.command === '<init>') {
          // Zeek logs the greeting as a pseudo-command; ftp-report keeps it as the session banner.
          expect(session.banner, 'banner').not.toBeNull();
          expect(row.reply.codes).toEqual([220]);
          if (row.reply.textContains !== null) expect(session.banner).toContain(row.reply.textContains);
          return;
        }
        const cmd = paired.get(row) ?? null;
        expect(
          cmd,
          `a ${row.command} command matching ${JSON.stringify(row.arg)} after the previous row's`,
        ).not.toBeNull();
        expectReply(cmd!, row.reply, `${row.command} in frame ${cmd!.frame}`);

        if (row.dataChannel !== null) {
          const dc = row.dataChannel;
          const announced = { ip: dc.respH, port: dc.respP };
          const set = transferSetUpBy(session, cmd!);
          expect(set.length, `a transfer set up by ${row.command} in frame ${cmd!.frame}`).toBeGreaterThan(0);
          for (const t of set) {
            expect(addrKey(t.setup.announced), 'announced data address').toBe(addrKey(announced));
            expect(t.mode).toBe(dc.passive ? 'passive' : 'active');
            if (t.data !== null) {
              // Zeek's orig_h is who connects: the client for PASV/EPSV, the server for PORT/EPRT.
              expect(normalizeIp(t.data.src.ip), 'data connection opened by').toBe(dc.origH);
              expect(sameAddr(t.data.dst, announced), 'data connection goes to the announced address').toBe(true);
              expect(t.data.initiator).toBe(dc.passive ? 'client' : 'server');
            }
          }
        }

        if (row.fileSize !== null) {
          const started = transferStartedBy(session, cmd!);
          expect(started, `the transfer ${row.command} started`).toHaveLength(1);
          expect(started[0]!.bytes, "Zeek's file_size").toBe(row.fileSize);
        }
      });
    }

    if (trace.zeekDefaultCommandCounts.length > 0) {
      it.each(trace.zeekDefaultCommandCounts)(
        "has as many of Zeek's default-logged commands as $baseline",
        ({ counts }) => {
          // The reverse direction of the row check: with default settings Zeek logs every APPE DELE
          // RETR STOR STOU ACCT PORT PASV EPRT EPSV, so ftp-report must not see more or fewer of them.
          const got: Record<string, number> = {};
          for (const s of report.sessions) {
            for (const c of s.commands)
              if (ZEEK_DEFAULT_LOGGED.has(c.command)) got[c.command] = (got[c.command] ?? 0) + 1;
          }
          expect(got).toEqual(counts);
        },
      );
    }

    if (trace.dataConnections.length > 0) {
      it.each(trace.dataConnections.map((d) => ({ ...d, key: `${endpointKey(d.src)}>${endpointKey(d.dst)}` })))(
        'accounts for the $service connection $key',
        (d) => {
          const owners = transfersOf(report).filter(
            (t) => t.data !== null && sameAddr(t.data.src, d.src) && sameAddr(t.data.dst, d.dst),
          );
          if (!d.transfer.required) {
            expect(owners, d.transfer.why).toHaveLength(0);
            return;
          }
          expect(owners, `one transfer owns the data connection (${d.sources.join(', ')})`).toHaveLength(1);
          expect(d.transfer.bytes, `bytes ${owners[0]!.bytes}${d.transfer.why ? `: ${d.transfer.why}` : ''}`).toContain(
            owners[0]!.bytes,
          );
        },
      );
    }

    const compared = trace.suricata.filter((s) => s.kind !== 'not-compared');
    const notCompared = trace.suricata.filter((s) => s.kind === 'not-compared');
    if (compared.length > 0) {
      it.each(compared)('agrees with Suricata $source ($kind)', (check) => {
        switch (check.kind) {
          case 'ftp-command':
            expect(countSuricataCommands(report, check), JSON.stringify(check.match)).toBe(check.count);
            break;
          case 'ftp-event-total': {
            const events = report.sessions.reduce((n, s) => n + s.commands.length + (s.banner === null ? 0 : 1), 0);
            expect(events, check.why).toBe(check.count);
            break;
          }
          case 'ftp-data':
            expect(countSuricataFtpData(report, check), JSON.stringify(check.match)).toBe(check.count);
            break;
          case 'both-directions':
            expect(
              report.sessions.some((s) => s.commands.some((c) => c.reply !== null)),
              check.why,
            ).toBe(true);
            break;
          case 'unhandled':
            throw new Error(`${check.source}: ${check.why}; translate it in expectations.ts`);
        }
      });
    }
    if (notCompared.length > 0) {
      // Skipped, not passed: listed with the reason in the name so every peer check is accounted for.
      it.skip.each(notCompared)('does not compare Suricata $source: $why', () => {});
    }

    if (trace.unused.length > 0) {
      // Skipped, not passed: listed so a reader sees which peer files were set aside or re-routed, and why.
      it.skip.each(trace.unused.map((note) => ({ note })))('notes a peer file it reads differently: $note', () => {});
    }

    const wire = trace.wire;
    if (wire !== null && (wire.commands || wire.tls || wire.handshakeMissing || wire.banner || wire.noTransfers)) {
      it(`agrees with the capture where the peer is silent or wrong (${wire.why})`, () => {
        const s = onlySession(report);
        if (wire.commands) {
          const got = s.commands;
          const verbs = got.map((c) => `${c.command.slice(0, 16)}@${c.frame}`).join(' ');
          const verbAgrees = (w: (typeof wire.commands)[number], c: Command): boolean =>
            (w.verbIsPrefix ? c.command.startsWith(w.verb) : c.command === w.verb) &&
            (w.frame === undefined || c.frame === w.frame);
          let i = 0;
          for (const w of wire.commands) {
            const c = got[i];
            if (c === undefined || !verbAgrees(w, c)) {
              // An optional entry may be missing from the report; its reason is in expectations.ts.
              if (w.optional !== undefined) continue;
              expect.fail(
                `expected ${w.verb}${w.frame ? `@${w.frame}` : ''} as command ${i + 1}; report has: ${verbs}`,
              );
            }
            const what = `command ${i + 1} (${c!.command.slice(0, 16)}, frame ${c!.frame})`;
            expect(w.codes, `${what}: reply ${c!.reply?.code ?? 'none'}`).toContain(c!.reply?.code ?? null);
            i += 1;
          }
          if (!wire.commandsArePrefix) expect(got.length, `every command of the session, in order: ${verbs}`).toBe(i);
        }
        if (wire.tls) expect(s.tls).toEqual(wire.tls);
        if (wire.handshakeMissing) expect(s.handshake, 'no SYN for the control connection in the capture').toBeNull();
        if (wire.banner) {
          expect(s.banner).not.toBeNull();
          expect(s.banner).toContain(wire.banner.contains);
          if (wire.banner.lines !== null) expect(s.banner!.split('\n')).toHaveLength(wire.banner.lines);
        }
        if (wire.noTransfers) expect(s.transfers, wire.noTransfers).toHaveLength(0);
      });
    }
  });
});
