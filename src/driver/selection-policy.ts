// Decides, from a packet's TCP header and its connection's state, whether tshark must dissect it (no I/O).
//
// tshark gets every packet of FTP control connections, every SYN/FIN/RST and everything after a FIN or RST,
// every packet that is not plain TCP, and the first `head` ordinary segments of every other connection. With a
// TLS key log it also gets every packet of a connection whose first payload is a TLS handshake record (FTPS data
// under PROT P): TLS decrypts a record only after every record before it on its connection. The
// rest is a candidate for the connection's tail: the driver keeps the last `tail` of them for tshark and
// counts the older ones itself (see tail-rings.ts).

import type { WireTcp } from '../capture/wire.js';
import { FTP_FIRST_PAYLOAD } from '../protocol/ftp.js';
import { TCP_FIN, TCP_RST, TCP_SYN } from '../protocol/tcp.js';
import { IdleConns } from './idle-conns.js';
import { addressText, noteSequence, reusesPorts, type StreamState } from './stream-names.js';

/** How a connection's segments are chosen. */
export interface SelectLimits {
  /** Ordinary segments given to tshark at the start of every connection. */
  head: number;
  /** Ordinary segments given to tshark at the end of every connection (the rows shown, plus a warm-up). */
  tail: number;
}

/** What the policy needs to know of the run. */
export interface PolicyOptions {
  /** FTP control ports (21 and the user's): every segment of their connections goes to tshark. */
  ftpPorts: ReadonlySet<number>;
  /** Implicit FTPS ports (990): likewise. */
  ftpsPorts: ReadonlySet<number>;
  /** Recognise FTP control on any port by its first payload, as the engine and the Lua postdissector do. */
  detectFtp: boolean;
  limits: SelectLimits;
  /** A TLS key log was given: connections that open with a TLS handshake are kept whole for tshark to decrypt. */
  keepTls?: boolean;
  /**
   * No output shows packet rows and there is no key log: tshark gets only what this reader cannot make a record of
   * itself (see chooseLean). Needs `lua` to say which control payload tshark would export.
   */
  lean?: boolean;
  /** tshark runs the Lua postdissector (ftpr.ctl); without it, tcp.payload is read on FTP ports, or everywhere. */
  lua?: boolean;
}

/** A TLS handshake record's first bytes: content type 22, major version 3 (SSL 3.0 to TLS 1.3). */
const TLS_HANDSHAKE = [0x16, 0x03] as const;

/** What the policy remembers of one TCP connection (both directions). */
export interface ConnState extends StreamState {
  /** tshark's tcp.stream for it, as it would number the whole capture (stream-names.ts). */
  stream: number;
  /** Side A's and side B's addresses as tshark prints them. */
  ipA: string;
  ipB: string;
  portA: number;
  portB: number;
  /** Ordinary segments seen (no SYN, FIN or RST); each goes to tshark until the head is used up. */
  ordinary: number;
  /** A segment with payload was seen: the first one has been judged. */
  payloadSeen: boolean;
  /** FTP control, a port of FTP, or a first payload that could not be judged: never thinned. */
  keepAll: boolean;
  /** A FIN or RST was seen: everything after it goes to tshark. */
  closing: boolean;
  /** Lean: its payload is FTP control, as tshark would export it (an FTP port, or found by its first payload). */
  control: boolean;
  /** Lean: every segment with payload goes to tshark (see chooseLean). */
  tsharkPayload: boolean;
  /** The policy's packet count at this connection's latest packet (when it turns idle: SelectionPolicy). */
  seen: number;
}

/**
 * Where a packet goes: to tshark now, to its connection's tail (to tshark later, or counted here), or (lean) never
 * to tshark: its record is made here whole.
 */
export type Verdict = 'tshark' | 'tail' | 'own';

/** Bytes of a stream's first payload that decide whether it is FTP control (as in the Lua postdissector). */
const FIRST_PAYLOAD_BYTES = 16;

/** The key of a segment's connection: the same for both directions. */
export function connectionKey(w: WireTcp): string {
  return w.srcKey < w.dstKey ? w.srcKey + w.dstKey : w.dstKey + w.srcKey;
}

/** The state of connection number `stream`, first seen segment `w`; FTP and FTPS ports keep every segment. */
export function newConnState(w: WireTcp, o: PolicyOptions, stream = 0): ConnState {
  const ftp = (p: number): boolean => o.ftpPorts.has(p) || o.ftpsPorts.has(p);
  const control = o.ftpPorts.has(w.srcPort) || o.ftpPorts.has(w.dstPort);
  return {
    aKey: w.srcKey,
    baseA: -1,
    baseB: -1,
    stream,
    ipA: addressText(w.srcKey),
    ipB: addressText(w.dstKey),
    portA: w.srcPort,
    portB: w.dstPort,
    ordinary: 0,
    payloadSeen: false,
    keepAll: ftp(w.srcPort) || ftp(w.dstPort),
    closing: false,
    control,
    tsharkPayload: false,
    seen: 0,
  };
}

/**
 * Where a TCP segment goes, updating its connection's state. `frame` holds the `caplen` captured bytes of the
 * frame; `timeKnown` is false when the capture's timestamp is not plain (a counted segment needs its time).
 */
export function chooseSegment(
  w: WireTcp,
  conn: ConnState,
  frame: Buffer,
  caplen: number,
  timeKnown: boolean,
  o: PolicyOptions,
): Verdict {
  if ((w.flags & (TCP_SYN | TCP_FIN | TCP_RST)) !== 0) {
    if (w.flags & (TCP_FIN | TCP_RST)) conn.closing = true;
    return 'tshark';
  }
  conn.ordinary += 1;
  if (w.len > 0 && !conn.payloadSeen) {
    conn.payloadSeen = true;
    const have = Math.min(caplen - w.payloadAt, FIRST_PAYLOAD_BYTES);
    if (have < Math.min(w.len, FIRST_PAYLOAD_BYTES)) conn.keepAll = true;
    else if (o.keepTls && opensTls(frame, w.payloadAt, have)) conn.keepAll = true;
    else if (o.detectFtp && FTP_FIRST_PAYLOAD.test(frame.toString('latin1', w.payloadAt, w.payloadAt + have))) {
      conn.keepAll = true;
    }
  }
  // Before the first payload, with detection on, the connection may still turn out to be FTP control.
  const undecided = !conn.payloadSeen && o.detectFtp;
  if (conn.keepAll || conn.closing || !timeKnown || conn.ordinary <= o.limits.head || undecided) return 'tshark';
  return 'tail';
}

/** The payload at `at` (with `have` bytes captured) begins with a TLS handshake record. */
function opensTls(frame: Buffer, at: number, have: number): boolean {
  return have >= TLS_HANDSHAKE.length && frame[at] === TLS_HANDSHAKE[0] && frame[at + 1] === TLS_HANDSHAKE[1];
}

/**
 * Lean (no packet rows, no key log): a segment's record is made here, control payload included, unless tshark must
 * say what the engine reads of it: control payload not wholly captured, or any payload of a connection that only
 * tshark can judge the same way (a first payload too short to judge here, or FTP found on a port not named: the
 * Lua postdissector judges those streams on the first payload it sees, so it sees all of their payload). Segments
 * without payload, and data connections whole, never go to tshark.
 */
export function chooseLean(w: WireTcp, conn: ConnState, frame: Buffer, caplen: number, o: PolicyOptions): Verdict {
  if (w.len === 0) return 'own';
  if (!conn.payloadSeen) {
    conn.payloadSeen = true;
    if (!conn.control && o.detectFtp) {
      if (!o.lua) {
        conn.control = true; // tshark without Lua: every payload is read as control (records/decode.ts)
      } else {
        const have = Math.min(caplen - w.payloadAt, FIRST_PAYLOAD_BYTES);
        if (have < Math.min(w.len, FIRST_PAYLOAD_BYTES)) conn.tsharkPayload = true;
        else if (FTP_FIRST_PAYLOAD.test(frame.toString('latin1', w.payloadAt, w.payloadAt + have))) {
          conn.control = true;
          conn.tsharkPayload = true;
        }
      }
    }
  }
  if (conn.tsharkPayload) return 'tshark';
  if (conn.control && caplen - w.payloadAt < w.len) return 'tshark';
  return 'own';
}

/** Where one packet goes, and the connection it belongs to. */
export interface Choice {
  verdict: Verdict;
  /** The packet's connection; null when it is not plain TCP (readWireTcp gave null). */
  conn: ConnState | null;
  /** Sent by side A of its connection (always true when not TCP). */
  fromA: boolean;
}

/**
 * When connections quiet for `idlePackets` packets are packed (IdleConns): whenever the live table reaches `sweepAt`
 * connections, at least `sweepMin`.
 */
export interface IdleLimits {
  idlePackets: number;
  sweepMin: number;
  /** Slots a table of packed connections reaches before it is written to a file (idle-conns.ts SPILL_SLOTS). */
  spillSlots?: number;
}

/**
 * Defaults: a connection quiet for 8,192 packets is packed, checked whenever 512 or twice as many connections as
 * after the last check are live. Packing changes no verdict and no name (idle-conns.ts), so these only trade the
 * work of packing and unpacking against the memory of the live table.
 */
export const IDLE_LIMITS: IdleLimits = { idlePackets: 8192, sweepMin: 512 };

/**
 * The rules above with the table of connections they apply to: fed every packet of a capture, in order.
 *
 * Memory: the live table holds the connections that had a packet in the last `idlePackets` packets (and those a
 * caller pins); every other connection ever seen is packed into a few words (idle-conns.ts), never dropped, since
 * tshark's numbering may still give a later packet to it, and those tables are spilled to a file past `spillSlots`.
 * `close` once done.
 */
export class SelectionPolicy {
  private readonly conns = new Map<string, ConnState>();
  private readonly idle: IdleConns;
  /** Connections numbered so far: the next one is tshark's tcp.stream this number. */
  private streams = 0;
  /** Packets chosen for so far. */
  private packets = 0;
  private sweepAt: number;

  /**
   * @param pinned connections the caller still holds by identity (its tail rings): never packed while it says so
   */
  constructor(
    private readonly o: PolicyOptions,
    private readonly pinned: (c: ConnState) => boolean = () => false,
    private readonly limits: IdleLimits = IDLE_LIMITS,
  ) {
    this.sweepAt = limits.sweepMin;
    this.idle = new IdleConns(limits.spillSlots);
  }

  /** Where a packet goes; anything but plain TCP (`wire` null) always goes to tshark. */
  choose(wire: WireTcp | null, frame: Buffer, caplen: number, timeKnown: boolean): Choice {
    // before this packet's connection is looked up: what the caller did with the last one (its tail) is known
    if (this.conns.size >= this.sweepAt) this.sweep();
    this.packets += 1;
    if (!wire) return { verdict: 'tshark', conn: null, fromA: true };
    const key = connectionKey(wire);
    let conn = this.conns.get(key);
    if (!conn) {
      // an idle connection comes back live (its packed copy stays, shadowed, until it is packed again)
      conn = this.idle.get(key);
      if (conn) this.conns.set(key, conn);
    }
    if (!conn || reusesPorts(conn, wire, wire.srcKey === conn.aKey)) {
      conn = newConnState(wire, this.o, this.streams);
      this.streams += 1;
      this.conns.set(key, conn);
    }
    conn.seen = this.packets;
    const fromA = wire.srcKey === conn.aKey;
    noteSequence(conn, wire, fromA);
    let verdict: Verdict;
    if (!this.o.lean) verdict = chooseSegment(wire, conn, frame, caplen, timeKnown, this.o);
    else {
      verdict = chooseLean(wire, conn, frame, caplen, this.o);
      if (!timeKnown) verdict = 'tshark'; // its time is tshark's to read
    }
    return { verdict, conn, fromA };
  }

  /** Packs the connections quiet for `idlePackets` packets that no caller pins. */
  private sweep(): void {
    for (const [key, c] of this.conns) {
      if (this.packets - c.seen < this.limits.idlePackets || this.pinned(c)) continue;
      this.idle.put(key, c);
      this.conns.delete(key);
    }
    this.sweepAt = Math.max(this.limits.sweepMin, this.conns.size * 2);
  }

  /** Closes the file packed connections were spilled to: the policy is not used after. */
  close(): void {
    this.idle.close();
  }

  /** Connections live and packed (tests, and a measure of the live table). */
  get counts(): { live: number; packed: number } {
    return { live: this.conns.size, packed: this.idle.size };
  }

  /** Numbers a connection this reader never saw (tshark read it past an opaque block): the next tcp.stream. */
  numberUnseen(): number {
    this.streams += 1;
    return this.streams - 1;
  }

  /** The latest connection on every address and port pair seen (packed ones as new ConnState objects). */
  *connections(): Generator<ConnState> {
    yield* this.conns.values();
    for (const [key, c] of this.idle.entries()) if (!this.conns.has(key)) yield c;
  }
}
