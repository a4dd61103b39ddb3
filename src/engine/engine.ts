// The correlation engine: takes packet records one at a time (push) and gives the report model (finish).

import type { CollapsedPackets, DataConnection, Finding, PacketRow, Session, Transfer, TransferStatus } from '../model.js';
import type { PacketRecord, TcpSegment } from '../records/types.js';
import { TCP_FIN, TCP_RST, TCP_SYN } from '../protocol/tcp.js';
import { type RowLimits, RowKeeper } from './packet-rows.js';
import { captureFindings, sessionFindings } from './findings.js';
import { DEFAULT_DATA_ROWS, DEFAULT_DETECT_FTP, DEFAULT_MAX_EXPECTATIONS } from '../protocol/defaults.js';
import { DEFAULT_FTPS_PORTS, FTP_FIRST_PAYLOAD, FTP_VERBS, GUEST_USERS } from '../protocol/ftp.js';
import { type DataState, type SessionHooks, SessionState, type SetupState, type TransferState } from './session.js';
import { TcpConnection, ms, roundT } from './tcp.js';

export interface EngineOptions {
  /** TCP ports whose connections are FTP control sessions. */
  ftpPorts: number[];
  /** Most data-channel expectations waiting at once (Zeek keeps 100,000); the oldest is dropped past it. */
  maxExpectations?: number;
  /** Packet rows kept per data connection besides its handshake and teardown (default 10 first, 10 last). */
  dataRows?: RowLimits;
  /** Recognise FTP control sessions on any port by their first payload (default true). */
  detectFtp?: boolean;
  /** TCP ports of implicit FTPS (TLS from the first byte; default [990]). */
  ftpsPorts?: number[];
}

/** Rows a candidate connection keeps until its first payload decides what it is (its handshake). */
const CANDIDATE_ROWS = 8;

/** Control connections keep every row up to this many, then their first and last. */
const CONTROL_ROWS: RowLimits = { head: 10_000, tail: 1_000 };

/** What the engine knows at the end; the api adds tool and capture facts around it. */
export interface EngineResult {
  packets: number;
  firstEpochUs: number | null;
  lastEpochUs: number | null;
  sessions: Session[];
  unmatchedDataConnections: DataConnection[];
  findings: Finding[];
  warnings: string[];
}

type Tracked =
  | { kind: 'control'; conn: TcpConnection; session: SessionState; rows: RowKeeper }
  | { kind: 'data'; conn: TcpConnection; data: DataState; rows: RowKeeper }
  /** A stream on no FTP port that no expectation explains: its first payload decides. */
  | { kind: 'candidate'; conn: TcpConnection; rows: PacketRow[] }
  /** Already carrying non-FTP data when the capture started: maybe a data connection whose setup was missed. */
  | { kind: 'orphan'; conn: TcpConnection };

export class Engine {
  private readonly ftpPorts: Set<number>;
  private readonly maxExpectations: number;
  private readonly dataRows: RowLimits;
  /** Row keepers of every data connection, by the session state they belong to. */
  private readonly dataRowsBySession = new Map<SessionState, RowKeeper[]>();
  private readonly tracked = new Map<number, Tracked>();
  /** Streams seen and found to be neither control nor data: ignored from then on. */
  private readonly ignored = new Set<number>();
  private readonly sessions: SessionState[] = [];
  /** Expectations by announced port, newest last. */
  private readonly expectations = new Map<number, SetupState[]>();
  private expectationCount = 0;
  private droppedExpectations = 0;
  /** Data connections between a session's hosts that no expectation explained. */
  private readonly strays: DataState[] = [];
  private packets = 0;
  private nonTcp = 0;
  private firstUs: number | null = null;
  private lastUs: number | null = null;
  private lastT = 0;
  private readonly hooks: SessionHooks = { openExpectation: (setup) => this.openExpectation(setup) };

  constructor(options: EngineOptions) {
    this.ftpPorts = new Set(options.ftpPorts);
    this.maxExpectations = options.maxExpectations ?? DEFAULT_MAX_EXPECTATIONS;
    this.dataRows = options.dataRows ?? DEFAULT_DATA_ROWS;
    this.detectFtp = options.detectFtp ?? DEFAULT_DETECT_FTP;
    this.ftpsPorts = new Set(options.ftpsPorts ?? DEFAULT_FTPS_PORTS);
  }

  private readonly ftpsPorts: Set<number>;

  private readonly detectFtp: boolean;
  /** Ports where FTP was recognised by its payload, with the session that showed it. */
  private readonly detected = new Map<SessionState, number>();

  /** Takes one packet record. */
  push(rec: PacketRecord): void {
    this.packets += 1;
    if (this.firstUs === null) this.firstUs = rec.epochUs;
    this.lastUs = rec.epochUs;
    const t = (rec.epochUs - this.firstUs) / 1e6;
    this.lastT = t;
    const tcp = rec.tcp;
    if (!tcp || rec.src === null || rec.dst === null) {
      this.nonTcp += 1;
      return;
    }
    let tr = this.tracked.get(tcp.stream);
    if (!tr) {
      if (this.ignored.has(tcp.stream)) return;
      const found = this.classify(rec, tcp, t);
      if (!found) {
        this.ignored.add(tcp.stream);
        return;
      }
      this.tracked.set(tcp.stream, found);
      tr = found;
    }
    const conn = tr.conn;
    const { fromA } = conn.update(rec, tcp, t);
    const row: PacketRow = {
      frame: rec.frame,
      t: roundT(t),
      src: { ip: rec.src, port: tcp.srcPort },
      dst: { ip: rec.dst, port: tcp.dstPort },
      protocol: rec.protocol,
      length: rec.len,
      info: rec.info,
      tcpStream: tcp.stream,
      payloadBytes: tcp.len,
      tcpFlags: tcp.flags,
    };
    if (tr.kind === 'candidate') {
      this.pushCandidate(tr, rec, tcp, fromA, row);
      return;
    }
    if (tr.kind === 'orphan') return;
    // Handshake and teardown rows are always kept; data segments only at the start and end of a connection.
    const essential =
      tr.kind === 'data' && ((tcp.flags & (TCP_SYN | TCP_FIN | TCP_RST)) !== 0 || conn.hs.ackFrame === rec.frame || conn.closeT !== null);
    tr.rows.push(row, essential);
    if (tr.kind === 'control') {
      const s = tr.session;
      const fromClient = fromA === s.clientIsA;
      if (tcp.flags & TCP_SYN) s.setInitialSequence(fromClient, tcp.seq);
      if (tcp.len > 0 && tcp.ctl) s.pushPayload(fromClient, tcp.seq, tcp.ctl, rec.frame, t);
    }
  }

  /** Decides what a newly seen TCP stream is: an FTP control session, an expected data connection, or neither. */
  private classify(rec: PacketRecord, tcp: TcpSegment, t: number): Tracked | null {
    const conn = new TcpConnection(rec, tcp, t);
    const src = { ip: rec.src!, port: tcp.srcPort };
    const dst = { ip: rec.dst!, port: tcp.dstPort };
    // A new connection between a session's hosts shows the peers went on: control data held behind a gap
    // (e.g. the PASV reply after a lost segment) is read now, so its expectation exists for this SYN.
    for (const s of this.sessions) {
      const hosts = (s.client.ip === src.ip && s.server.ip === dst.ip) || (s.client.ip === dst.ip && s.server.ip === src.ip);
      if (hosts && !s.conn.isClosed) {
        s.flushHeldBefore(rec.frame, true);
        s.flushHeldBefore(rec.frame, false);
      }
    }
    const data = this.matchExpectation(conn, src, dst) ?? (conn.sawSyn ? null : this.matchExpectation(conn, dst, src));
    if (data) return { kind: 'data', conn, data, rows: this.dataRowKeeper(data) };
    const srcFtp = this.ftpPorts.has(src.port) || this.ftpsPorts.has(src.port);
    const dstFtp = this.ftpPorts.has(dst.port) || this.ftpsPorts.has(dst.port);
    if (srcFtp || dstFtp) {
      // The SYN sender is the client; without a SYN, the side on an FTP port is the server.
      const clientIsA = conn.sawSyn ? true : !srcFtp || (srcFtp && dstFtp && src.port > dst.port);
      const session = new SessionState(conn, clientIsA, this.hooks);
      session.implicitTls = this.ftpsPorts.has(session.server.port) && !this.ftpPorts.has(session.server.port);
      this.sessions.push(session);
      const rows = new RowKeeper(CONTROL_ROWS);
      this.controlRows.set(session, rows);
      return { kind: 'control', conn, session, rows };
    }
    const stray = this.matchStray(conn, src, dst);
    if (stray) return { kind: 'data', conn, data: stray, rows: this.dataRowKeeper(stray) };
    return this.detectFtp ? { kind: 'candidate', conn, rows: [] } : null;
  }

  /** A candidate's first payload decides: FTP (a session from now on, keeping its earlier rows) or not (ignored). */
  private pushCandidate(tr: Extract<Tracked, { kind: 'candidate' }>, rec: PacketRecord, tcp: TcpSegment, fromA: boolean, row: PacketRow): void {
    const conn = tr.conn;
    if (tr.rows.length < CANDIDATE_ROWS) tr.rows.push(row);
    if (tcp.len === 0 || !tcp.ctl) {
      // payload tshark did not export: not FTP; kept only if it was already flowing when the capture began
      if (tcp.len > 0 && !conn.sawSyn) this.tracked.set(tcp.stream, { kind: 'orphan', conn });
      else if (conn.isClosed || tcp.len > 0) this.dropCandidate(tcp.stream);
      return;
    }
    const head = Buffer.from(tcp.ctl.subarray(0, 16)).toString('latin1');
    if (!FTP_FIRST_PAYLOAD.test(head)) {
      if (conn.sawSyn) this.dropCandidate(tcp.stream);
      else this.tracked.set(tcp.stream, { kind: 'orphan', conn });
      return;
    }
    // The SYN sender is the client; without a SYN, whoever sent a greeting (2xx/1xx) is the server.
    const greeting = /^[ \t\r\n]*\d/.test(head);
    const clientIsA = conn.sawSyn ? true : greeting ? !fromA : fromA;
    const session = new SessionState(conn, clientIsA, this.hooks);
    this.sessions.push(session);
    const keeper = new RowKeeper(CONTROL_ROWS);
    for (const r of tr.rows) keeper.push(r, false);
    this.controlRows.set(session, keeper);
    this.detected.set(session, session.server.port);
    this.tracked.set(tcp.stream, { kind: 'control', conn, session, rows: keeper });
    session.pushPayload(fromA === clientIsA, tcp.seq, tcp.ctl, rec.frame, (rec.epochUs - this.firstUs!) / 1e6);
  }

  private dropCandidate(stream: number): void {
    this.tracked.delete(stream);
    this.ignored.add(stream);
  }

  private readonly controlRows = new Map<SessionState, RowKeeper>();

  private dataRowKeeper(data: DataState): RowKeeper {
    const keeper = new RowKeeper(this.dataRows);
    const list = this.dataRowsBySession.get(data.session) ?? [];
    list.push(keeper);
    this.dataRowsBySession.set(data.session, list);
    return keeper;
  }

  /** The session's packet rows: its control connection's and its data connections', in frame order. */
  private sessionRows(s: SessionState): { packets: PacketRow[]; collapsedPackets: CollapsedPackets[] } {
    const keepers = [this.controlRows.get(s)!, ...(this.dataRowsBySession.get(s) ?? [])];
    for (const k of keepers) k.finish();
    return {
      packets: keepers.flatMap((k) => k.rows).sort((a, b) => a.frame - b.frame),
      collapsedPackets: keepers.flatMap((k) => k.collapsed).sort((a, b) => a.firstFrame - b.firstFrame),
    };
  }

  private openExpectation(setup: SetupState): void {
    const port = setup.announced!.port;
    let list = this.expectations.get(port);
    if (!list) {
      list = [];
      this.expectations.set(port, list);
    }
    list.push(setup);
    setup.expecting = true;
    this.expectationOrder.push(setup);
    this.expectationCount += 1;
    if (this.expectationCount > this.maxExpectations) this.dropOldestExpectation();
  }

  /** Open expectations in the order they were opened; closed ones are skipped lazily from orderHead. */
  private expectationOrder: SetupState[] = [];
  private orderHead = 0;

  private dropOldestExpectation(): void {
    while (this.orderHead < this.expectationOrder.length && !this.expectationOrder[this.orderHead]!.expecting) this.orderHead += 1;
    const oldest = this.expectationOrder[this.orderHead];
    if (!oldest) return;
    this.removeExpectation(oldest.announced!.port, oldest);
    this.droppedExpectations += 1;
    if (this.orderHead > 1024 && this.orderHead * 2 > this.expectationOrder.length) {
      this.expectationOrder = this.expectationOrder.slice(this.orderHead);
      this.orderHead = 0;
    }
  }

  private removeExpectation(port: number, setup: SetupState): void {
    const list = this.expectations.get(port);
    if (!list) return;
    const i = list.indexOf(setup);
    if (i === -1) return;
    list.splice(i, 1);
    setup.expecting = false;
    this.expectationCount -= 1;
    if (list.length === 0) this.expectations.delete(port);
  }

  /** Expectations open now (for tests of the cap). */
  get openExpectations(): number {
    return this.expectationCount;
  }

  /**
   * Finds the newest open expectation this connection fulfils, opener → listener.
   * Passive: the client connects to the announced port on the server (or on the announced address, e.g. behind NAT).
   * Active: the server connects to the announced address and port (from port 20 or any other).
   */
  private matchExpectation(conn: TcpConnection, opener: { ip: string; port: number }, listener: { ip: string; port: number }): DataState | null {
    const list = this.expectations.get(listener.port);
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      const setup = list[i]!;
      const s = setup.session;
      const ann = setup.announced!;
      const ok =
        setup.mode === 'passive'
          ? opener.ip === s.client.ip && (listener.ip === s.server.ip || listener.ip === ann.ip)
          : opener.ip === s.server.ip && (listener.ip === ann.ip || listener.ip === s.client.ip);
      if (!ok) continue;
      this.removeExpectation(listener.port, setup);
      // Endpoint a is the first packet's sender; the client side is the opener in passive mode, the listener in active.
      const openerIsA = conn.a.ip === opener.ip && conn.a.port === opener.port;
      const data: DataState = { conn, session: s, setup, clientIsA: setup.mode === 'passive' ? openerIsA : !openerIsA };
      setup.data = data;
      return data;
    }
    return null;
  }

  /** A new connection between the two hosts of an open session, on no FTP port: an unexplained data connection. */
  private matchStray(conn: TcpConnection, src: { ip: string; port: number }, dst: { ip: string; port: number }): DataState | null {
    for (let i = this.sessions.length - 1; i >= 0; i--) {
      const s = this.sessions[i]!;
      if (s.conn.isClosed) continue;
      const fromClient = src.ip === s.client.ip && dst.ip === s.server.ip;
      const fromServer = src.ip === s.server.ip && dst.ip === s.client.ip;
      if (!fromClient && !fromServer) continue;
      // On one host (loopback) both directions match: port 20 or a client-side port announced earlier decide.
      const serverOpened = fromServer && (!fromClient || src.port === 20);
      const data: DataState = { conn, session: s, setup: null, clientIsA: serverOpened ? false : true };
      this.strays.push(data);
      return data;
    }
    return null;
  }

  /** Ends the capture and builds the model. */
  finish(): EngineResult {
    const warnings: string[] = [];
    const ordered = [...this.sessions]
      .filter((s) => (s.spokeFtp || s.conn.sawSyn || s.implicitTls) && !this.spokeOtherProtocol(s, warnings))
      .sort((x, y) => x.conn.firstFrame - y.conn.firstFrame);
    const sessions: Session[] = [];
    const unmatched: DataConnection[] = [];
    ordered.forEach((s, i) => {
      s.finish(this.lastT);
      const session = this.buildSession(s, `S${i + 1}`, warnings);
      session.findings = sessionFindings(session, s);
      if (this.detected.has(s)) {
        const port = this.detected.get(s)!;
        session.findings.push({
          id: 'ftp-nonstandard-port',
          severity: 'info',
          sessionId: session.id,
          frames: [s.conn.firstFrame],
          message: `${session.id} speaks FTP on port ${port}, recognised by its first payload; run with --ftp-port ${port} so tshark also dissects it as FTP (Info column, data-connection links).`,
        });
      }
      sessions.push(session);
    });
    for (const s of ordered) {
      for (const setup of s.setups) {
        if (setup.data && !setup.transfer) unmatched.push(buildDataConnection(setup.data, null));
      }
    }
    for (const stray of this.strays) unmatched.push(buildDataConnection(stray, null));
    for (const orphan of this.orphans(ordered)) unmatched.push(buildDataConnection(orphan, null));
    unmatched.sort((a, b) => a.tcpStream - b.tcpStream);
    if (this.droppedExpectations > 0) {
      warnings.push(
        `${this.droppedExpectations} data-channel expectation${this.droppedExpectations === 1 ? ' was' : 's were'} dropped because more than ${this.maxExpectations} were open at once; their data connections may show as unmatched.`,
      );
    }
    if (this.packets > 0 && sessions.length === 0) warnings.push('No FTP control session was found in the capture.');
    const findings = captureFindings(unmatched);
    return {
      packets: this.packets,
      firstEpochUs: this.firstUs,
      lastEpochUs: this.lastUs,
      sessions,
      unmatchedDataConnections: unmatched,
      findings,
      warnings,
    };
  }

  /**
   * Connections already carrying data when the capture began, between the two hosts of a session: data
   * connections whose PORT/PASV the capture missed. The side that sent more is taken as the server.
   */
  private orphans(sessions: SessionState[]): DataState[] {
    const out: DataState[] = [];
    for (const tr of this.tracked.values()) {
      if (tr.kind !== 'orphan') continue;
      const c = tr.conn;
      const session = sessions.find((s) => (s.client.ip === c.a.ip && s.server.ip === c.b.ip) || (s.client.ip === c.b.ip && s.server.ip === c.a.ip));
      if (!session) continue;
      out.push({ conn: c, session, setup: null, clientIsA: c.fromA.ranges.total < c.fromB.ranges.total });
    }
    return out;
  }

  /** A session found by its greeting whose client sent commands, none of them FTP's (SMTP greets with 220 too). */
  private spokeOtherProtocol(s: SessionState, warnings: string[]): boolean {
    if (!this.detected.has(s) || s.commands.length === 0 || s.commands.some((c) => FTP_VERBS.has(c.command))) return false;
    warnings.push(
      `TCP stream ${s.conn.stream} (port ${s.server.port}) greeted like FTP but its client sent no FTP command (${[...new Set(s.commands.map((c) => c.command))].slice(0, 5).join(', ')}): not reported as a session.`,
    );
    return true;
  }

  private buildSession(s: SessionState, id: string, warnings: string[]): Session {
    const conn = s.conn;
    const handshake = conn.handshake();
    if (!handshake) warnings.push(`Capture starts mid-session in ${id}: its TCP handshake was not captured.`);
    if (s.missingBytes > 0) warnings.push(`${id}: ${s.missingBytes} bytes of the control channel were not captured; lines around the gap may be incomplete.`);
    if (s.unansweredReplies > 0) warnings.push(`${id}: ${s.unansweredReplies} replies arrived with no command waiting for them.`);
    const kinds = new Map<string, number[]>();
    for (const o of s.oddities) {
      const frames = kinds.get(o.kind) ?? [];
      frames.push(o.frame);
      kinds.set(o.kind, frames);
    }
    for (const [kind, frames] of kinds) {
      if (kind === 'reply-without-command') continue;
      warnings.push(`${id}: ${frames.length} ${ODDITY_TEXT[kind] ?? kind} (frames ${frames.slice(0, 10).join(', ')}${frames.length > 10 ? ', …' : ''}).`);
    }
    // The most recent accepted attempt: a PASS after a USER already answered 230 still carries the password.
    const success = s.attempts.findLast((a) => a.replyCode !== null && a.replyCode >= 200 && a.replyCode < 300);
    const failed = s.attempts.some((a) => a.replyCode !== null && a.replyCode >= 400);
    const shown = success ?? s.attempts[s.attempts.length - 1] ?? null;
    const transfers: Transfer[] = s.transfers.map((tr, i) => buildTransfer(tr, `${id}-T${i + 1}`));
    for (const t of transfers) {
      if (t.missingBytes > 0) {
        warnings.push(`${t.id}: at least ${t.missingBytes} bytes of the ${t.command} data connection were not captured; bytes counts only what was seen.`);
      }
    }
    return {
      id,
      tcpStream: conn.stream,
      client: { ...s.client },
      server: { ...s.server },
      startT: roundT(conn.firstT),
      endT: roundT(conn.lastT),
      handshake,
      banner: s.banner,
      login: {
        user: shown?.user ?? null,
        password: shown?.password ?? null,
        anonymous: shown?.user != null && GUEST_USERS.has(shown.user.toLowerCase()),
        outcome: success ? 'success' : failed ? 'failed' : 'unknown',
        attempts: s.attempts.map((a) => ({ ...a })),
      },
      tls: { requested: s.tlsRequested || s.implicitTls, accepted: s.tlsAccepted || s.implicitTls, frame: s.tlsFrame, implicit: s.implicitTls },
      commands: s.commands,
      transfers,
      close: { by: conn.closedByFor(s.clientIsA), t: conn.closeT === null ? null : roundT(conn.closeT) },
      findings: [],
      ...this.sessionRows(s),
    };
  }
}

const ODDITY_TEXT: Record<string, string> = {
  'line-too-long': 'control lines longer than 8192 bytes, cut',
  'empty-command': 'empty command lines',
  'malformed-command': 'client lines that are not FTP commands',
  'bad-address': 'data-channel addresses that could not be decoded',
  'transfer-without-setup': 'transfer commands with no PORT/PASV before them in the capture',
  'reply-invalid-code': 'server lines without a reply code',
  'reply-missing-space': 'replies without a space after the code',
  'reply-code-out-of-range': 'replies with a code outside 100-699',
  'reply-unterminated': 'multi-line replies cut off by the end of the capture',
  'reply-lost': 'commands whose reply the capture lost (replies after the gap were matched by their codes)',
};

function buildDataConnection(d: DataState, commandFrame: number | null): DataConnection {
  const c = d.conn;
  const toClient = d.clientIsA ? c.fromB : c.fromA;
  const toServer = d.clientIsA ? c.fromA : c.fromB;
  const hs = c.handshake();
  // The SYN sender is endpoint a when the SYN was captured.
  const openerIsA = c.sawSyn ? true : d.setup ? (d.setup.mode === 'passive') === d.clientIsA : true;
  const initiator: 'client' | 'server' = openerIsA === d.clientIsA ? 'client' : 'server';
  const src = openerIsA ? c.a : c.b;
  const dst = openerIsA ? c.b : c.a;
  return {
    tcpStream: c.stream,
    initiator,
    src: { ...src },
    dst: { ...dst },
    synFrame: c.hs.synFrame,
    handshakeRttMs: hs ? hs.rttMs : null,
    openedBeforeCommand: c.hs.synFrame === null || commandFrame === null ? null : c.hs.synFrame < commandFrame,
    bytesToClient: toClient.ranges.total,
    bytesToServer: toServer.ranges.total,
    closedBy: c.closedByFor(d.clientIsA),
    closeT: c.closeT === null ? null : roundT(c.closeT),
    endT: roundT(c.lastT),
  };
}

function buildTransfer(tr: TransferState, id: string): Transfer {
  const setup = tr.setup;
  const d = setup.data;
  const data = d ? buildDataConnection(d, tr.cmd.frame) : null;
  let dir = null;
  if (d) {
    const toClient = d.clientIsA ? d.conn.fromB : d.conn.fromA;
    const toServer = d.clientIsA ? d.conn.fromA : d.conn.fromB;
    dir = tr.direction === 'upload' ? toServer : toClient;
  }
  const bytes = dir ? dir.ranges.total : 0;
  const missingBytes = dir ? dir.ranges.gapBytes() : 0;
  const synT = d?.conn.hs.synT ?? null;
  const setupRefT = setup.replyT ?? setup.t;
  const first = dir?.firstByteT ?? null;
  const last = dir?.lastByteT ?? null;
  const transferMs = first !== null && last !== null ? ms(last - first) : null;
  return {
    id,
    command: tr.command,
    commandFrame: tr.cmd.frame,
    arg: tr.arg,
    direction: tr.direction,
    mode: setup.mode,
    setup: {
      command: setup.command,
      frame: setup.frame,
      replyCode: setup.replyCode,
      announced: { ip: setup.announced!.ip, port: setup.announced!.port },
    },
    data,
    bytes,
    missingBytes,
    status: transferStatus(tr),
    replyCodes: [...tr.replyCodes],
    timing: {
      commandT: tr.cmd.t,
      dataSynT: synT === null ? null : roundT(synT),
      firstByteT: first === null ? null : roundT(first),
      lastByteT: last === null ? null : roundT(last),
      completeT: tr.completeT === null ? null : roundT(tr.completeT),
      setupToSynMs: synT === null ? null : ms(synT - setupRefT),
      commandToFirstByteMs: first === null ? null : ms(first - tr.cmd.t),
      transferMs,
      throughputBps: transferMs !== null && transferMs > 0 ? Math.round((bytes * 1000) / transferMs) : null,
    },
  };
}

function transferStatus(tr: TransferState): TransferStatus {
  const code = tr.finalCode;
  if (tr.aborted && (code === null || code >= 400)) return 'aborted';
  if (code === null) return 'incomplete';
  if (code >= 200 && code < 300) return 'complete';
  return 'failed';
}

