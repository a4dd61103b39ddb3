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
import { SessionIndex, pairKey } from './session-index.js';
import {
  DEFAULT_SOURCE_THRESHOLDS,
  SourceAccumulator,
  type SourceThresholds,
  backdoors,
  isBackdoorTrigger,
} from './source-findings.js';
import { type TcpConnection, roundT } from './tcp.js';
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
  /**
   * Release each session when it is over (default true): its model is built then, its engine state forgotten, so
   * memory follows the sessions open at once. False keeps every session's state to the end (a live capture reads its
   * events from them, `sessionStates`).
   */
  release?: boolean;
  /** Seconds of capture time a closed session waits for late packets before it is released (default 10). */
  releaseGraceS?: number;
  /** Packets of the capture that must go by too (default 1000). */
  releaseGracePackets?: number;
  /**
   * Each FTP session as soon as it is released and numbered, in id order (S1, S2 …). Given, the result's `sessions`
   * is empty: nothing of a session is kept after it was passed on but what the findings across sessions read.
   */
  onSession?: (session: Session) => void;
  /** When patterns across sessions (brute force, spraying, PORT scans) become findings. */
  thresholds?: SourceThresholds;
  /**
   * Look for those patterns across sessions (default true). False when no output shows findings: the engine then
   * keeps nothing per client address or password, which would grow with the clients and passwords of the capture.
   */
  sourceFindings?: boolean;
}

/** A closed session waits this long (capture time) for the last ACK or a retransmitted FIN before it is released. */
export const RELEASE_GRACE_S = 10;
/**
 * …and this many packets of the capture: timestamps can jump (a damaged capture's), so time alone does not say that
 * the late packets are past.
 */
export const RELEASE_GRACE_PACKETS = 1000;
/** Closed sessions are looked at once per this many seconds of capture time. */
const SWEEP_EVERY_S = 1;

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
  /** The FTP sessions in id order; empty when they were passed to `onSession`. */
  sessions: Session[];
  /** The server port of every FTP session. */
  serverPorts: number[];
  unmatchedDataConnections: DataConnection[];
  findings: Finding[];
  warnings: Warning[];
}

export class Engine {
  private readonly sessions: SessionIndex;
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
  private readonly release_: boolean;
  private readonly graceS: number;
  private nextSweepT = 0;
  private readonly onSession: ((session: Session) => void) | null;
  private readonly thresholds: SourceThresholds;
  private readonly sourceFindings: boolean;
  /** Built sessions waiting for an earlier-started one to be decided, by first frame, from builtHead on. */
  private built: Built[] = [];
  private builtHead = 0;
  /** Sessions passed on (the last id given). */
  private emitted = 0;
  /** Sessions kept for the result (when no onSession takes them). */
  private readonly collected: Session[] = [];
  private readonly unmatched: DataConnection[] = [];
  private readonly attempts: { seq: number; conn: Pick<TcpConnection, 'rstFrame' | 'b' | 'firstFrame'> }[] = [];
  private readonly otherProtocol: { seq: number; warning: Warning }[] = [];
  private readonly sessionWarnings: Warning[] = [];
  private readonly keylogWarnings: Warning[] = [];
  private readonly serverPorts = new Set<number>();
  /** Host pairs of the FTP sessions (a connection flowing before the capture began between them is FTP data). */
  private readonly reportedPairs = new Set<string>();
  /** What the findings across sessions need of the sessions passed on. */
  private readonly sources = new SourceAccumulator();
  private readonly gracePackets: number;
  /** Sessions found over at a sweep: their packet count then, and the capture's. */
  private readonly quietSince = new Map<SessionState, { packets: number; at: number }>();

  constructor(options: EngineOptions) {
    this.tlsKeylog = options.tlsKeylog ?? false;
    this.release_ = options.release ?? true;
    this.graceS = options.releaseGraceS ?? RELEASE_GRACE_S;
    this.gracePackets = options.releaseGracePackets ?? RELEASE_GRACE_PACKETS;
    this.onSession = options.onSession ?? null;
    this.thresholds = options.thresholds ?? DEFAULT_SOURCE_THRESHOLDS;
    this.sourceFindings = options.sourceFindings ?? true;
    this.sessions = new SessionIndex(!this.release_);
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

  /**
   * Every session found so far, in the order found (a live capture's events are read from them); only with
   * `release: false` (released sessions are gone).
   */
  get sessionStates(): readonly SessionState[] {
    return this.sessions.all;
  }

  /** Sessions not released yet (for tests of the release). */
  get openSessions(): number {
    return this.sessions.live.size;
  }

  /** Capture time of the first record (µs since the epoch); null before any. */
  get firstEpochUs(): number | null {
    return this.firstUs;
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
    if (this.release_ && t >= this.nextSweepT) this.sweep(t);
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

  /** Ends the capture: releases every session still open and builds the rest of the model. */
  finish(): EngineResult {
    for (const s of [...this.sessions.live.keys()]) this.release(s);
    // Connections already flowing when the capture began, between the hosts of a reported session.
    const reported = (x: string, y: string) => this.reportedPairs.has(pairKey(x, y));
    for (const orphan of this.streams.orphans(reported)) this.unmatched.push(buildDataConnection(orphan, null));
    this.unmatched.sort((a, b) => a.tcpStream - b.tcpStream);
    this.emitReady(true);
    const warnings: Warning[] = [
      ...this.otherProtocol.sort((x, y) => x.seq - y.seq).map((x) => x.warning),
      ...this.sessionWarnings,
    ];
    if (this.tlsKeylog) warnings.push(...this.keylogWarnings);
    const { dropped, expired, limits } = this.expectations;
    if (dropped > 0) warnings.push({ code: 'expectations-dropped', count: dropped, max: limits.max });
    if (expired > 0) warnings.push({ code: 'expectations-expired', count: expired, seconds: limits.timeoutS });
    if (this.packets > 0 && this.emitted === 0) warnings.push({ code: 'no-ftp-session' });
    const attempts = this.attempts.sort((x, y) => x.seq - y.seq).map((x) => x.conn);
    return {
      packets: this.packets,
      firstEpochUs: this.firstUs,
      lastEpochUs: this.lastUs,
      firstEpochNsRem: this.firstNsRem,
      lastEpochNsRem: this.lastNsRem,
      subMicroseconds: this.subMicroseconds,
      sessions: this.collected,
      serverPorts: [...this.serverPorts],
      unmatchedDataConnections: this.unmatched,
      findings: [
        ...captureFindings(this.unmatched),
        ...attemptFindings(attempts),
        ...scanFindings(this.streams.synTargets),
        ...this.sources.findings(this.thresholds),
      ],
      warnings,
    };
  }

  /** A record's time since the first packet in whole nanoseconds (Wireshark's relative time, before display). */
  private nsSinceFirst(rec: PacketRecord): number {
    return (rec.epochUs - this.firstUs!) * 1000 + ((rec.epochNsRem ?? 0) - this.firstNsRem);
  }

  /** Checks the sessions whose connections are closed, releases those that are over, and passes on those now due. */
  private sweep(t: number): void {
    this.nextSweepT = t + Math.min(SWEEP_EVERY_S, this.graceS);
    const over: SessionState[] = [];
    for (const s of this.sessions.live.keys()) if (this.isOver(s, t)) over.push(s);
    if (over.length === 0) return;
    for (const s of over) this.release(s);
    this.emitReady(false);
  }

  /**
   * A session is over when its control connection and every data connection of it closed (FIN both ways, or RST)
   * and `graceS` seconds of capture time and `gracePackets` packets of the capture went by without a packet on any of
   * them (the last ACK, a retransmitted FIN),
   * none of its data-channel expectations is open any more (used, or expired), and nothing of its control channel
   * waits to be read. Sessions whose model depends on the end of the capture stay to the end: TLS ones while no key
   * log is known (a saved EK stream tells only later), and one with the vsftpd backdoor trigger (its finding looks at
   * every connection of the capture).
   */
  private isOver(s: SessionState, t: number): boolean {
    const grace = this.graceS;
    if (!s.conn.isClosed || t - s.conn.lastT <= grace) return false;
    let packets = s.conn.packets;
    for (const d of s.dataConns) {
      if (!d.conn.isClosed || t - d.conn.lastT <= grace) return false;
      packets += d.conn.packets;
    }
    for (const x of s.setups) if (x.expecting) return false;
    if (!s.settled) return false;
    if ((s.tlsAccepted || s.implicitTls || s.tlsMidSessionFrame !== null) && !this.tlsKeylog) return false;
    if (s.commands.some(isBackdoorTrigger)) return false;
    // quiet since it was first found over, and the capture went on by RELEASE_GRACE_PACKETS packets since
    const mark = this.quietSince.get(s);
    if (!mark || mark.packets !== packets) {
      this.quietSince.set(s, { packets, at: this.packets });
      return false;
    }
    return this.packets - mark.at >= this.gracePackets;
  }

  /**
   * Decides what a session was (an attempt, another protocol's dialogue, or an FTP session), builds its model and
   * its data connections' once, and forgets its engine state, rows, index entries and streams. An FTP session waits,
   * built, until every session that began before it is decided: its id follows the order of first frames.
   */
  private release(s: SessionState): void {
    const seq = this.sessions.remove(s);
    this.quietSince.delete(s);
    const port = this.streams.detected.get(s);
    this.streams.release(s);
    const rows = this.rows.rowsOf(s);
    this.rows.forget(s);
    // Data connections no command explains: unmatched (one that never opened and carried nothing was an attempt).
    for (const d of s.dataConns) {
      if (d.setup !== null) continue;
      const c = d.conn;
      if (c.hs.synAckFrame === null && c.fromA.ranges.total + c.fromB.ranges.total === 0) continue;
      this.unmatched.push(buildDataConnection(d, null));
    }
    // A connection to an FTP port that never opened (SYN unanswered, or answered by RST) is an attempt, not a session.
    if (!s.spokeFtp && s.conn.hs.synAckFrame === null && !s.payloadSeen) {
      const c = s.conn;
      this.attempts.push({ seq, conn: { rstFrame: c.rstFrame, b: { ...c.b }, firstFrame: c.firstFrame } });
      return;
    }
    if (!(s.spokeFtp || s.conn.sawSyn || s.implicitTls || s.tlsMidSessionFrame !== null)) return;
    const other = this.otherProtocolOf(s, port !== undefined);
    if (other) {
      this.otherProtocol.push({ seq, warning: other });
      return;
    }
    s.finish(this.lastT);
    const warnings: Warning[] = [];
    const session: Session = { ...buildSession(s, '', warnings), ...rows };
    if (this.tlsKeylog && session.tls.accepted) session.tls.decrypted = s.decrypted !== null;
    session.findings = sessionFindings(session, s);
    if (port !== undefined) session.findings.push(nonstandardPortFinding(session, s.conn.firstFrame, port));
    for (const setup of s.setups) {
      if (setup.data && !setup.transfer) this.unmatched.push(buildDataConnection(setup.data, null));
    }
    this.reportedPairs.add(pairKey(session.client.ip, session.server.ip));
    const entry: Built = { firstFrame: s.conn.firstFrame, session, warnings };
    // the buffer is ordered by first frame; a session usually ends after those that began before it
    const buf = this.built;
    let i = buf.length;
    while (i > this.builtHead && buf[i - 1]!.firstFrame > entry.firstFrame) i -= 1;
    buf.splice(i, 0, entry);
  }

  /**
   * Passes on, in order of first frame, the built sessions that no undecided session can come before any more (at
   * the end: all of them), numbering them S1, S2 …
   */
  private emitReady(atEnd: boolean): void {
    let mark = Number.POSITIVE_INFINITY;
    if (!atEnd) {
      for (const s of this.sessions.live.keys()) if (s.conn.firstFrame < mark) mark = s.conn.firstFrame;
      const candidate = this.streams.oldestCandidateFrame(this.lastT, this.graceS);
      if (candidate !== null && candidate < mark) mark = candidate;
    }
    const buf = this.built;
    while (this.builtHead < buf.length && buf[this.builtHead]!.firstFrame < mark) {
      const entry = buf[this.builtHead]!;
      buf[this.builtHead] = undefined as unknown as Built;
      this.builtHead += 1;
      this.emit(entry);
    }
    if (this.builtHead > 1024 && this.builtHead * 2 > buf.length) {
      this.built = buf.slice(this.builtHead);
      this.builtHead = 0;
    }
  }

  private emit(entry: Built): void {
    this.emitted += 1;
    const session = entry.session;
    stampId(session, entry.warnings, `S${this.emitted}`);
    // the vsftpd backdoor: only at the end, when every connection of the capture is known (see isOver)
    if (session.commands.some(isBackdoorTrigger)) {
      for (const [, f] of backdoors([session], this.unmatched)) session.findings.push(f);
    }
    this.sessionWarnings.push(...entry.warnings);
    this.keylogWarnings.push(...keylogWarnings([session]));
    this.serverPorts.add(session.server.port);
    if (this.sourceFindings) this.sources.add(session);
    if (this.onSession) this.onSession(session);
    else this.collected.push(session);
  }

  /**
   * A session whose dialogue is another protocol's (SMTP greets with 220 too): left out with a warning. Sessions found
   * by their first payload on any port are judged; on an FTP port only a greeting or verbs that name another protocol
   * leave a session out (a peer that speaks nothing is the not-ftp finding's).
   */
  private otherProtocolOf(s: SessionState, detected: boolean): Warning | null {
    const verbs = s.commands.map((c) => c.command);
    const other = otherProtocolOf(s.greeting?.text ?? s.firstServerLine, verbs);
    if (other === null || (other === 'unknown' && (!detected || verbs.length === 0))) return null;
    const commands = [...new Set(verbs)].slice(0, 5);
    return { code: 'other-protocol', tcpStream: s.conn.stream, port: s.server.port, commands };
  }
}

/** A built session waiting for its id. */
interface Built {
  firstFrame: number;
  session: Session;
  /** Its warnings, with its id left empty until it is numbered. */
  warnings: Warning[];
}

/** Numbers a session built with an empty id: itself, its transfers, its findings and its warnings. */
function stampId(session: Session, warnings: Warning[], id: string): void {
  session.id = id;
  for (const tr of session.transfers) tr.id = `${id}${tr.id}`;
  for (const f of session.findings) if (f.sessionId !== null) f.sessionId = id;
  for (const w of warnings) {
    if ('sessionId' in w) w.sessionId = id;
    if ('transferId' in w) w.transferId = `${id}${w.transferId}`;
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
