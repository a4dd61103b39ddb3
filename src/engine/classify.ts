// Decides what each new TCP stream is: an FTP control session (by port or by its first payload), an expected or
// stray data connection, a data connection already flowing when the capture began, or nothing to follow.

import type { PacketRow } from '../model.js';
import { FTP_DATA_PORT, FTP_FIRST_PAYLOAD } from '../protocol/ftp.js';
import type { PacketRecord, TcpSegment } from '../records/types.js';
import type { Endpoint, ExpectationTable } from './expectations.js';
import type { RowBook, RowKeeper } from './packet-rows.js';
import { type DataState, type SessionHooks, SessionState } from './session.js';
import type { SessionIndex } from './session-index.js';
import { TcpConnection } from './tcp.js';
import { TCP_ACK, TCP_SYN } from '../protocol/tcp.js';

/**
 * FTP-data evidence for a connection no expectation explains (RFC 959 §3.2, §3.3): the server's data port 20 on one
 * side, or ephemeral ports on both (a passive or client-side port); a connection to 139, 80 or 113 is not FTP data.
 */
export function looksLikeFtpData(a: Endpoint, b: Endpoint): boolean {
  if (a.port === FTP_DATA_PORT || b.port === FTP_DATA_PORT) return true;
  return a.port >= EPHEMERAL_FLOOR && b.port >= EPHEMERAL_FLOOR;
}

/** Ports below this are well-known or registered services' low range, never an FTP data port except 20. */
const EPHEMERAL_FLOOR = 1024;

/**
 * A set of stream numbers, one bit each for the small ones (tshark numbers streams 0, 1, 2 … in order of their first
 * packet): a capture's released and ignored streams cost an eighth of a byte each, not a Set entry.
 */
export class StreamSet {
  private bits = new Uint8Array(1024);
  private readonly others = new Set<number>();

  has(n: number): boolean {
    if (Number.isInteger(n) && n >= 0 && n < BITSET_LIMIT) {
      const i = n >> 3;
      return i < this.bits.length && (this.bits[i]! & (1 << (n & 7))) !== 0;
    }
    return this.others.has(n);
  }

  add(n: number): void {
    if (!(Number.isInteger(n) && n >= 0 && n < BITSET_LIMIT)) {
      this.others.add(n);
      return;
    }
    const i = n >> 3;
    if (i >= this.bits.length) {
      const grown = new Uint8Array(Math.max(i + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[i]! |= 1 << (n & 7);
  }
}

/** Stream numbers below this are kept as bits (2 MiB at most); others in a Set. */
const BITSET_LIMIT = 1 << 24;

/** Rows a candidate connection keeps until its first payload decides what it is (its handshake). */
export const CANDIDATE_ROWS = 8;

export type Tracked =
  | { kind: 'control'; conn: TcpConnection; session: SessionState; rows: RowKeeper }
  | { kind: 'data'; conn: TcpConnection; data: DataState; rows: RowKeeper }
  /** A stream on no FTP port that no expectation explains: its first payload decides. */
  | { kind: 'candidate'; conn: TcpConnection; rows: PacketRow[] }
  /** Already carrying non-FTP data when the capture started: maybe a data connection whose setup was missed. */
  | { kind: 'orphan'; conn: TcpConnection };

export interface ClassifyOptions {
  ftpPorts: ReadonlySet<number>;
  ftpsPorts: ReadonlySet<number>;
  detectFtp: boolean;
}

/** Every stream seen, what it was found to be, and the sessions and data connections found so far. */
export class StreamTable {
  private readonly tracked = new Map<number, Tracked>();
  /** Streams seen and found to be neither control nor data, or released with their session: ignored from then on. */
  private readonly ignored = new StreamSet();
  /** Sessions found by their first payload on a port that is not an FTP port, with that port. */
  readonly detected = new Map<SessionState, number>();
  /** Connections opened with a SYN, per "source destination" address pair: the ports tried (scan evidence). */
  readonly synTargets = new Map<string, { source: string; target: string; ports: Set<number>; frames: number[] }>();

  constructor(
    private readonly o: ClassifyOptions,
    private readonly sessions: SessionIndex,
    private readonly expectations: ExpectationTable,
    private readonly rows: RowBook,
    private readonly hooks: SessionHooks,
  ) {}

  /** What the record's stream is, classifying it on its first packet; null for a stream not followed. */
  track(rec: PacketRecord, tcp: TcpSegment, t: number): Tracked | null {
    const known = this.tracked.get(tcp.stream);
    if (known) return known;
    if (this.ignored.has(tcp.stream)) return null;
    const found = this.classify(rec, tcp, t);
    // a SYN that opens an expected data connection is FTP at work, not scan evidence (an unexplained one may be)
    const expected = found?.kind === 'data' && found.data.setup !== null;
    if (!expected && (tcp.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN) {
      this.noteSyn(rec.src!, { ip: rec.dst!, port: tcp.dstPort }, rec.frame);
    }
    if (!found) this.ignored.add(tcp.stream);
    else this.tracked.set(tcp.stream, found);
    return found;
  }

  private classify(rec: PacketRecord, tcp: TcpSegment, t: number): Tracked | null {
    const conn = new TcpConnection(rec, tcp, t);
    const src = { ip: rec.src!, port: tcp.srcPort };
    const dst = { ip: rec.dst!, port: tcp.dstPort };
    // A new connection between a session's hosts shows the peers went on: control data held behind a gap
    // (e.g. the PASV reply after a lost segment) is read now, so its expectation exists for this SYN.
    for (const s of this.sessions.openBetween(src.ip, dst.ip)) {
      s.flushHeldBefore(rec.frame, true);
      s.flushHeldBefore(rec.frame, false);
    }
    const data =
      this.matchExpectation(conn, src, dst, t) ?? (conn.sawSyn ? null : this.matchExpectation(conn, dst, src, t));
    if (data) return { kind: 'data', conn, data, rows: this.rows.dataKeeper(data.session) };
    const srcFtp = this.o.ftpPorts.has(src.port) || this.o.ftpsPorts.has(src.port);
    const dstFtp = this.o.ftpPorts.has(dst.port) || this.o.ftpsPorts.has(dst.port);
    if (srcFtp || dstFtp) {
      // The SYN sender is the client; without a SYN, the side on an FTP port is the server.
      const clientIsA = conn.sawSyn ? true : !srcFtp || (srcFtp && dstFtp && src.port > dst.port);
      const session = this.newSession(conn, clientIsA);
      session.implicitTls = this.o.ftpsPorts.has(session.server.port) && !this.o.ftpPorts.has(session.server.port);
      return { kind: 'control', conn, session, rows: this.rows.controlKeeper(session) };
    }
    const stray = looksLikeFtpData(src, dst) ? this.matchStray(conn, src, dst) : null;
    if (stray) return { kind: 'data', conn, data: stray, rows: this.rows.dataKeeper(stray.session) };
    // The server's data port: FTP data even when its control connection is not in the capture.
    if (src.port === FTP_DATA_PORT || dst.port === FTP_DATA_PORT) return { kind: 'orphan', conn };
    return this.o.detectFtp ? { kind: 'candidate', conn, rows: [] } : null;
  }

  private noteSyn(source: string, dst: Endpoint, frame: number): void {
    const key = `${source} ${dst.ip}`;
    let e = this.synTargets.get(key);
    if (!e) {
      e = { source, target: dst.ip, ports: new Set(), frames: [] };
      this.synTargets.set(key, e);
    }
    e.ports.add(dst.port);
    if (e.frames.length < 10) e.frames.push(frame);
  }

  private newSession(conn: TcpConnection, clientIsA: boolean): SessionState {
    const session = new SessionState(conn, clientIsA, this.hooks);
    this.sessions.add(session);
    return session;
  }

  /**
   * A candidate's packet: its first payload decides: FTP (a session from now on, keeping its earlier rows) or not
   * (ignored). Returns the session when this packet made it one; the caller then feeds it the payload.
   */
  pushCandidate(
    tr: Extract<Tracked, { kind: 'candidate' }>,
    tcp: TcpSegment,
    fromA: boolean,
    row: PacketRow | null,
  ): SessionState | null {
    const conn = tr.conn;
    if (row !== null && tr.rows.length < CANDIDATE_ROWS) tr.rows.push(row);
    if (tcp.len === 0 || !tcp.ctl) {
      // payload tshark did not export: not FTP; kept only if it was already flowing when the capture began
      if (tcp.len > 0 && !conn.sawSyn) this.tracked.set(tcp.stream, { kind: 'orphan', conn });
      else if (conn.isClosed || tcp.len > 0) this.drop(tcp.stream);
      return null;
    }
    const head = Buffer.from(tcp.ctl.subarray(0, 16)).toString('latin1');
    if (!FTP_FIRST_PAYLOAD.test(head)) {
      if (conn.sawSyn) this.drop(tcp.stream);
      else this.tracked.set(tcp.stream, { kind: 'orphan', conn });
      return null;
    }
    // The SYN sender is the client; without a SYN, whoever sent a greeting (2xx/1xx) is the server.
    const greeting = /^[ \t\r\n]*\d/.test(head);
    const clientIsA = conn.sawSyn ? true : greeting ? !fromA : fromA;
    const session = this.newSession(conn, clientIsA);
    const keeper = this.rows.controlKeeper(session, tr.rows);
    this.detected.set(session, session.server.port);
    this.tracked.set(tcp.stream, { kind: 'control', conn, session, rows: keeper });
    return session;
  }

  /**
   * A released session's streams: forgotten, and ignored from now on (a late packet of one, a retransmitted FIN or
   * the last ACK, is not taken for a new connection). A reused four-tuple is a new stream and is classified anew.
   */
  release(session: SessionState): void {
    this.drop(session.conn.stream);
    for (const d of session.dataConns) this.drop(d.conn.stream);
    this.detected.delete(session);
  }

  /**
   * First frame of the oldest stream whose first payload may still make it a session (a candidate with a packet
   * in the last `idleS` seconds of capture time); null when none. Sessions after it wait for it to be decided.
   */
  oldestCandidateFrame(t: number, idleS: number): number | null {
    let oldest: number | null = null;
    for (const tr of this.tracked.values()) {
      if (tr.kind !== 'candidate' || t - tr.conn.lastT > idleS) continue;
      if (oldest === null || tr.conn.firstFrame < oldest) oldest = tr.conn.firstFrame;
    }
    return oldest;
  }

  private drop(stream: number): void {
    this.tracked.delete(stream);
    this.ignored.add(stream);
  }

  /** The data connection this connection fulfils by an expectation, opener → listener; null when none. */
  private matchExpectation(conn: TcpConnection, opener: Endpoint, listener: Endpoint, t: number): DataState | null {
    const setup = this.expectations.take(opener, listener, t);
    if (!setup) return null;
    // Endpoint a is the first packet's sender; the client side is the opener in passive mode, the listener in active.
    const openerIsA = conn.a.ip === opener.ip && conn.a.port === opener.port;
    const data: DataState = {
      conn,
      session: setup.session,
      setup,
      clientIsA: setup.mode === 'passive' ? openerIsA : !openerIsA,
    };
    setup.data = data;
    setup.session.dataConns.push(data);
    return data;
  }

  /** A new connection between the two hosts of an open session, on no FTP port: an unexplained data connection. */
  private matchStray(conn: TcpConnection, src: Endpoint, dst: Endpoint): DataState | null {
    const candidates = this.sessions.openBetween(src.ip, dst.ip);
    for (let i = candidates.length - 1; i >= 0; i--) {
      const s = candidates[i]!;
      if (s.conn.isClosed) continue;
      const fromClient = src.ip === s.client.ip && dst.ip === s.server.ip;
      const fromServer = src.ip === s.server.ip && dst.ip === s.client.ip;
      if (!fromClient && !fromServer) continue;
      // On one host (loopback) both directions match: port 20 decides.
      const serverOpened = fromServer && (!fromClient || src.port === FTP_DATA_PORT);
      // A PASV whose 227 the capture lost: the connection the client opens to the server is the one it announced.
      const blind = serverOpened ? undefined : s.setups.findLast((x) => x.mode === 'passive' && x.replyCode === null);
      if (blind && !blind.announced && !blind.data) {
        blind.announced = { ip: dst.ip, port: dst.port, numbers: null };
        const data: DataState = { conn, session: s, setup: blind, clientIsA: true };
        blind.data = data;
        s.dataConns.push(data);
        return data;
      }
      // a stray: its session's dataConns with no setup
      const data: DataState = { conn, session: s, setup: null, clientIsA: !serverOpened };
      s.dataConns.push(data);
      return data;
    }
    return null;
  }

  /**
   * Connections already carrying data when the capture began, between the two hosts of a reported session: data
   * connections whose PORT/PASV the capture missed; and connections from or to port 20 that carried data, with or
   * without a control connection in the capture. Each needs FTP-data evidence (looksLikeFtpData). The side that sent
   * more is taken as the server unless port 20 says which side it is.
   */
  orphans(reported: (x: string, y: string) => boolean): Pick<DataState, 'conn' | 'clientIsA' | 'setup'>[] {
    const out: Pick<DataState, 'conn' | 'clientIsA' | 'setup'>[] = [];
    for (const tr of this.tracked.values()) {
      if (tr.kind !== 'orphan') continue;
      const c = tr.conn;
      if (!looksLikeFtpData(c.a, c.b)) continue;
      const session = reported(c.a.ip, c.b.ip);
      const port20 = c.a.port === FTP_DATA_PORT || c.b.port === FTP_DATA_PORT;
      if (!session && !(port20 && c.fromA.ranges.total + c.fromB.ranges.total > 0)) continue;
      const clientIsA = port20 ? c.b.port === FTP_DATA_PORT : c.fromA.ranges.total < c.fromB.ranges.total;
      out.push({ conn: c, setup: null, clientIsA });
    }
    return out;
  }
}
