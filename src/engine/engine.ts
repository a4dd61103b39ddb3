// The correlation engine: takes packet records one at a time (push) and gives the report model (finish).

import type { DataConnection, Finding, PacketRow, Session, Warning } from '../model.js';
import {
  DEFAULT_DATA_ROWS,
  DEFAULT_DETECT_FTP,
  DEFAULT_EXPECTATION_TIMEOUT_S,
  DEFAULT_MAX_EXPECTATIONS,
} from '../protocol/defaults.js';
import { DEFAULT_FTPS_PORTS } from '../protocol/ftp.js';
import { TCP_FIN, TCP_RST, TCP_SYN } from '../protocol/tcp.js';
import type { PacketRecord } from '../records/types.js';
import { buildDataConnection, buildSession } from './build-model.js';
import { CANDIDATE_ROWS, StreamTable } from './classify.js';
import { otherProtocolOf } from './dialogue.js';
import { ExpectationTable } from './expectations.js';
import { attemptFindings, captureFindings, nonstandardPortFinding, scanFindings, sessionFindings } from './findings.js';
import { RowBook, type RowLimits } from './packet-rows.js';
import type { SessionState } from './session.js';
import { SessionIndex } from './session-index.js';
import { roundT } from './tcp.js';
import { countPlaintext, keylogWarnings } from './tls.js';

export interface EngineOptions {
  /** TCP ports whose connections are FTP control sessions. */
  ftpPorts: number[];
  /** Most data-channel expectations waiting at once (Zeek keeps 100,000); the oldest is dropped past it. */
  maxExpectations?: number;
  /** Seconds of capture time an announced data-channel address waits for its connection (default 300). */
  expectationTimeoutS?: number;
  /** Packet rows kept per data connection besides its handshake and teardown (default 10 first, 10 last). */
  dataRows?: RowLimits;
  /** Recognise FTP control sessions on any port by their first payload (default true). */
  detectFtp?: boolean;
  /** TCP ports of implicit FTPS (TLS from the first byte; default [990]). */
  ftpsPorts?: number[];
  /** The records come from a run with a TLS key log: TLS sessions say whether it decrypted them. */
  tlsKeylog?: boolean;
  /**
   * Keep the sessions' packet rows (`packets`, `collapsedPackets`; default true). False when no output shows them:
   * sessions then have empty lists, and memory no longer grows with packets.
   */
  packetRows?: boolean;
}

/** What the engine knows at the end; the api adds tool and capture facts around it. */
export interface EngineResult {
  packets: number;
  firstEpochUs: number | null;
  lastEpochUs: number | null;
  /** Nanoseconds past firstEpochUs and lastEpochUs (0-999). */
  firstEpochNsRem: number;
  lastEpochNsRem: number;
  /** Some packet's time had nanoseconds past its microsecond (the capture's timestamps are finer than 1 µs). */
  subMicroseconds: boolean;
  sessions: Session[];
  unmatchedDataConnections: DataConnection[];
  findings: Finding[];
  warnings: Warning[];
}

export class Engine {
  private readonly sessions = new SessionIndex();
  private readonly expectations: ExpectationTable;
  private readonly rows: RowBook;
  private readonly streams: StreamTable;
  private packets = 0;
  private firstUs: number | null = null;
  private lastUs: number | null = null;
  private firstNsRem = 0;
  private lastNsRem = 0;
  private subMicroseconds = false;
  private lastT = 0;
  /** A key log was given, or records carried what one decrypted (a saved EK stream of such a run). */
  private tlsKeylog: boolean;

  constructor(options: EngineOptions) {
    this.tlsKeylog = options.tlsKeylog ?? false;
    this.expectations = new ExpectationTable({
      max: options.maxExpectations ?? DEFAULT_MAX_EXPECTATIONS,
      timeoutS: options.expectationTimeoutS ?? DEFAULT_EXPECTATION_TIMEOUT_S,
    });
    this.rows = new RowBook(options.dataRows ?? DEFAULT_DATA_ROWS, options.packetRows ?? true);
    const classify = {
      ftpPorts: new Set(options.ftpPorts),
      ftpsPorts: new Set(options.ftpsPorts ?? DEFAULT_FTPS_PORTS),
      detectFtp: options.detectFtp ?? DEFAULT_DETECT_FTP,
    };
    const hooks = {
      openExpectation: (setup: SessionState['setups'][number]) => this.expectations.add(setup, setup.replyT ?? setup.t),
    };
    this.streams = new StreamTable(classify, this.sessions, this.expectations, this.rows, hooks);
  }

  /** Expectations open now (for tests of the cap). */
  get openExpectations(): number {
    return this.expectations.size;
  }

  /** Every session found so far, in the order found (a live capture's events are read from them). */
  get sessionStates(): readonly SessionState[] {
    return this.sessions.all;
  }

  /** Takes one packet record. */
  push(rec: PacketRecord): void {
    this.packets += 1;
    const nsRem = rec.epochNsRem ?? 0;
    if (this.firstUs === null) {
      this.firstUs = rec.epochUs;
      this.firstNsRem = nsRem;
    }
    this.lastUs = rec.epochUs;
    this.lastNsRem = nsRem;
    if (nsRem !== 0) this.subMicroseconds = true;
    const t = (rec.epochUs - this.firstUs) / 1e6;
    this.lastT = t;
    const tcp = rec.tcp;
    if (!tcp || rec.src === null || rec.dst === null) return;
    const tr = this.streams.track(rec, tcp, t);
    if (!tr) return;
    const conn = tr.conn;
    const fromA = conn.update(rec, tcp, t);
    if (tr.kind === 'candidate') {
      // its row is kept only while it is undecided and an output shows rows
      const keepRow = this.rows.keep && tr.rows.length < CANDIDATE_ROWS;
      const row = keepRow ? packetRow(rec, tcp, t, this.nsSinceFirst(rec)) : null;
      const session = this.streams.pushCandidate(tr, tcp, fromA, row);
      if (session && tcp.ctl) session.pushPayload(fromA === session.clientIsA, tcp.seq, tcp.ctl, rec.frame, t);
      return;
    }
    if (tr.kind === 'orphan') return;
    // Handshake and teardown rows are always kept; data segments only at the start and end of a connection.
    // No row is made when no output shows them.
    if (this.rows.keep) {
      const edges = TCP_SYN | TCP_FIN | TCP_RST;
      const essential =
        tr.kind === 'data' && ((tcp.flags & edges) !== 0 || conn.hs.ackFrame === rec.frame || conn.closeT !== null);
      tr.rows.push(packetRow(rec, tcp, t, this.nsSinceFirst(rec)), essential);
    }
    if (tr.kind === 'control') {
      const s = tr.session;
      const fromClient = fromA === s.clientIsA;
      if (tcp.flags & TCP_SYN) s.setInitialSequence(fromClient, tcp.seq);
      if (tcp.len > 0 && tcp.ctl) s.pushPayload(fromClient, tcp.seq, tcp.ctl, rec.frame, t);
      if (tcp.tlsCtl) {
        this.tlsKeylog = true;
        s.pushDecrypted(fromClient, tcp.tlsCtl, rec.frame, t);
      }
    } else if (tcp.plain !== undefined) {
      this.tlsKeylog = true;
      countPlaintext(tr.data, fromA, tcp.plain, t);
    }
  }

  /** Ends the capture and builds the model. */
  finish(): EngineResult {
    const warnings: Warning[] = [];
    // A connection to an FTP port that never opened (SYN unanswered, or answered by RST) is an attempt, not a session.
    const attempts = this.sessions.all.filter((s) => !s.spokeFtp && s.conn.hs.synAckFrame === null && !s.payloadSeen);
    const attempted = new Set(attempts);
    const ordered = this.sessions.all
      .filter((s) => !attempted.has(s))
      .filter((s) => s.spokeFtp || s.conn.sawSyn || s.implicitTls || s.tlsMidSessionFrame !== null)
      .filter((s) => !this.spokeOtherProtocol(s, warnings))
      .sort((x, y) => x.conn.firstFrame - y.conn.firstFrame);
    const sessions: Session[] = [];
    const unmatched: DataConnection[] = [];
    ordered.forEach((s, i) => {
      s.finish(this.lastT);
      const session: Session = { ...buildSession(s, `S${i + 1}`, warnings), ...this.rows.rowsOf(s) };
      if (this.tlsKeylog && session.tls.accepted) session.tls.decrypted = s.decrypted !== null;
      session.findings = sessionFindings(session, s);
      const port = this.streams.detected.get(s);
      if (port !== undefined) session.findings.push(nonstandardPortFinding(session, s.conn.firstFrame, port));
      sessions.push(session);
    });
    if (this.tlsKeylog) warnings.push(...keylogWarnings(sessions));
    for (const s of ordered) {
      for (const setup of s.setups) {
        if (setup.data && !setup.transfer) unmatched.push(buildDataConnection(setup.data, null));
      }
    }
    // A stray that never opened and carried nothing was a connection attempt (a scan's SYN), not a data connection.
    for (const stray of this.streams.strays) {
      const c = stray.conn;
      if (c.hs.synAckFrame === null && c.fromA.ranges.total + c.fromB.ranges.total === 0) continue;
      unmatched.push(buildDataConnection(stray, null));
    }
    for (const orphan of this.streams.orphans(new Set(ordered))) unmatched.push(buildDataConnection(orphan, null));
    unmatched.sort((a, b) => a.tcpStream - b.tcpStream);
    const { dropped, expired, limits } = this.expectations;
    if (dropped > 0) warnings.push({ code: 'expectations-dropped', count: dropped, max: limits.max });
    if (expired > 0) warnings.push({ code: 'expectations-expired', count: expired, seconds: limits.timeoutS });
    if (this.packets > 0 && sessions.length === 0) warnings.push({ code: 'no-ftp-session' });
    return {
      packets: this.packets,
      firstEpochUs: this.firstUs,
      lastEpochUs: this.lastUs,
      firstEpochNsRem: this.firstNsRem,
      lastEpochNsRem: this.lastNsRem,
      subMicroseconds: this.subMicroseconds,
      sessions,
      unmatchedDataConnections: unmatched,
      findings: [
        ...captureFindings(unmatched),
        ...attemptFindings(attempts.map((s) => s.conn)),
        ...scanFindings(this.streams.synTargets),
      ],
      warnings,
    };
  }

  /** A record's time since the first packet in whole nanoseconds (Wireshark's relative time, before display). */
  private nsSinceFirst(rec: PacketRecord): number {
    return (rec.epochUs - this.firstUs!) * 1000 + ((rec.epochNsRem ?? 0) - this.firstNsRem);
  }

  /**
   * A session whose dialogue is another protocol's (SMTP greets with 220 too): left out with a warning. Sessions found
   * by their first payload on any port are judged; on an FTP port only a greeting or verbs that name another protocol
   * leave a session out (a peer that speaks nothing is the not-ftp finding's).
   */
  private spokeOtherProtocol(s: SessionState, warnings: Warning[]): boolean {
    const verbs = s.commands.map((c) => c.command);
    const other = otherProtocolOf(s.greeting?.text ?? s.firstServerLine, verbs);
    if (other === null || (other === 'unknown' && (!this.streams.detected.has(s) || verbs.length === 0))) return false;
    const commands = [...new Set(verbs)].slice(0, 5);
    warnings.push({ code: 'other-protocol', tcpStream: s.conn.stream, port: s.server.port, commands });
    return true;
  }
}

/** The packet-list row of one packet. */
function packetRow(rec: PacketRecord, tcp: NonNullable<PacketRecord['tcp']>, t: number, tNs: number): PacketRow {
  return {
    frame: rec.frame,
    t: roundT(t),
    tNs,
    src: { ip: rec.src!, port: tcp.srcPort },
    dst: { ip: rec.dst!, port: tcp.dstPort },
    protocol: rec.protocol,
    length: rec.len,
    info: rec.info,
    tcpStream: tcp.stream,
    payloadBytes: tcp.len,
    tcpFlags: tcp.flags,
  };
}
