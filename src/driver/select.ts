// The fast path: ftp-report reads the capture itself and gives tshark only the packets whose dissection the
// report uses — every packet of FTP control connections, every handshake/teardown segment, and the first and
// last segments of every other TCP connection. The middle of a long data connection is counted from its TCP
// headers here and never dissected: those segments only ever appear in a report as a collapsed-row count.
//
// tshark reads the selected packets from a pipe in their original order, so its TCP analysis, stream
// numbers and FTP data-channel links are its own; its frame numbers are mapped back to the capture's.
// Every selected packet that was also read here is compared field by field with tshark's record.

import type { Writable } from 'node:stream';
import type { FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { FtpReportError } from '../errors.js';
import type { PacketRecord } from '../records/types.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../protocol/tcp.js';
import { readWireTcp, type WireTcp } from '../capture/wire.js';
import { FTP_FIRST_PAYLOAD } from '../protocol/ftp.js';
import { CaptureBlocks } from '../capture/capture-blocks.js';

/** How a connection's segments are chosen. */
export interface SelectLimits {
  /** Ordinary segments given to tshark at the start of every connection. */
  head: number;
  /** Ordinary segments given to tshark at the end of every connection (the rows shown, plus a warm-up). */
  tail: number;
}

export interface SelectOptions {
  ftpPorts: ReadonlySet<number>;
  ftpsPorts: ReadonlySet<number>;
  detectFtp: boolean;
  limits: SelectLimits;
  /** Receives the records in capture order. */
  sink: (rec: PacketRecord) => void;
}

/** Records read ahead of tshark before every waiting tail is handed to it. */
const MAX_PENDING = 20_000;

const RING = 0;
const SENT = 1;
const READY = 2;

interface Entry {
  frame: number;
  state: number;
  /** Raw block while waiting in a connection's tail ring. */
  bytes: Buffer | null;
  /** The record once known (tshark's, or made here for a segment tshark never saw). */
  rec: PacketRecord | null;
  conn: Conn | null;
  fromA: boolean;
  epochUs: number | null;
  len: number;
  wire: WireTcp | null;
}

interface Conn {
  aKey: string;
  /** Ordinary segments seen (each one given to tshark until the head is used up). */
  ordinary: number;
  payloadSeen: boolean;
  /** FTP control, a port of FTP, or a first payload that could not be judged: never thinned. */
  keepAll: boolean;
  closing: boolean;
  ring: Entry[];
  /** tshark's stream number and addresses, learned from the first of its segments tshark returned. */
  stream: number;
  ipA: string | null;
  ipB: string | null;
}

/** Resolves when a writable can take more, or is gone. */
function drained(w: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      w.off('drain', done);
      w.off('close', done);
      resolve();
    };
    w.on('drain', done);
    w.on('close', done);
  });
}

export class Selector {
  private readonly conns = new Map<string, Conn>();
  private readonly ringed = new Set<Conn>();
  private pending: Entry[] = [];
  private head = 0;
  /** Entries handed to tshark and not yet returned, in order. */
  private sent: Entry[] = [];
  private sentHead = 0;
  private out: Buffer[] = [];
  private outBytes = 0;
  /** Packets read from the capture, and of them given to tshark. */
  frames = 0;
  private tsharkFrames = 0;
  /** (tshark frame, capture frame − tshark frame) at every change, to map ftp-data.setup-frame back. */
  private readonly offsets: number[] = [0, 0];
  /** Set once the rest of the file goes to tshark unread: capture frame = tshark frame + this. */
  private opaqueOffset: number | null = null;
  private waiter: (() => void) | null = null;
  /** tshark's output ended: reading the capture stops. */
  private stopped = false;
  /** Segments counted here and never given to tshark. */
  skipped = 0;
  /** Records tshark returned from the part of the file it read unseen by ftp-report. */
  private passed = 0;

  constructor(private readonly o: SelectOptions) {}

  /** Reads the capture and writes the chosen packets to tshark's standard input, then closes it. */
  async pump(fh: FileHandle, file: string, stdin: Writable): Promise<void> {
    const blocks = new CaptureBlocks(fh);
    stdin.on('error', () => {}); // tshark gone early: its exit status says why
    for (;;) {
      if (this.stopped) break;
      const b = await blocks.next();
      if (b === null) break;
      if (b.kind === 'meta') {
        this.forward(b.bytes, null);
      } else if (b.kind === 'packet') {
        this.packet(b.bytes, b.data, b.link, b.caplen, b.origLen, b.epochUs);
      } else {
        this.flushRings();
        this.opaqueOffset = this.frames - this.tsharkFrames;
        this.write(b.bytes);
        await this.drainOut(stdin);
        if (!stdin.writableEnded && !stdin.destroyed) {
          const rest = createReadStream(file, { start: blocks.offset });
          for await (const chunk of rest) {
            if (stdin.destroyed || this.stopped) break;
            if (!stdin.write(chunk)) await drained(stdin);
          }
        }
        break;
      }
      if (this.outBytes >= 1 << 18) await this.drainOut(stdin);
      if (this.pending.length - this.head > MAX_PENDING) {
        this.flushRings();
        await this.drainOut(stdin);
        while (this.pending.length - this.head > MAX_PENDING / 2 && !stdin.destroyed && !this.stopped) {
          await new Promise<void>((r) => (this.waiter = r));
        }
      }
    }
    this.flushRings();
    await this.drainOut(stdin);
    stdin.end();
  }

  /** tshark's output has ended (or failed): no more waiting for it. */
  stop(): void {
    this.stopped = true;
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private async drainOut(stdin: Writable): Promise<void> {
    if (this.out.length === 0 || stdin.destroyed) {
      this.out = [];
      this.outBytes = 0;
      return;
    }
    const buf = this.out.length === 1 ? this.out[0]! : Buffer.concat(this.out, this.outBytes);
    this.out = [];
    this.outBytes = 0;
    if (!stdin.write(buf)) await drained(stdin);
  }

  private write(bytes: Buffer): void {
    this.out.push(bytes);
    this.outBytes += bytes.length;
  }

  /** Hands a block to tshark in capture order: tails waiting in rings go first. */
  private forward(bytes: Buffer, entry: Entry | null): void {
    if (this.ringed.size > 0) this.flushRings();
    this.send(bytes, entry);
  }

  private send(bytes: Buffer, entry: Entry | null): void {
    this.write(bytes);
    if (!entry) return;
    entry.state = SENT;
    entry.bytes = null;
    this.sent.push(entry);
    this.tsharkFrames += 1;
    const offset = entry.frame - this.tsharkFrames;
    if (offset !== this.offsets[this.offsets.length - 1]) this.offsets.push(this.tsharkFrames, offset);
  }

  private flushRings(): void {
    if (this.ringed.size === 0) return;
    const waiting: Entry[] = [];
    for (const c of this.ringed) {
      for (const e of c.ring) waiting.push(e);
      c.ring = [];
    }
    this.ringed.clear();
    if (waiting.length > 1) waiting.sort((a, b) => a.frame - b.frame);
    for (const e of waiting) this.send(e.bytes!, e);
  }

  private packet(bytes: Buffer, data: Buffer, link: number, caplen: number, origLen: number, epochUs: number | null): void {
    this.frames += 1;
    const wire = readWireTcp(link, data, caplen, origLen);
    const entry: Entry = { frame: this.frames, state: SENT, bytes: null, rec: null, conn: null, fromA: true, epochUs, len: origLen, wire };
    this.pending.push(entry);
    if (!wire) {
      this.forward(bytes, entry);
      return;
    }
    const key = wire.srcKey < wire.dstKey ? wire.srcKey + wire.dstKey : wire.dstKey + wire.srcKey;
    let conn = this.conns.get(key);
    const syn = (wire.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
    if (!conn || (syn && (conn.closing || conn.ordinary > 0))) {
      conn = this.newConn(wire);
      this.conns.set(key, conn);
    }
    entry.conn = conn;
    entry.fromA = wire.srcKey === conn.aKey;
    if ((wire.flags & (TCP_SYN | TCP_FIN | TCP_RST)) !== 0) {
      if (wire.flags & (TCP_FIN | TCP_RST)) conn.closing = true;
      this.forward(bytes, entry);
      return;
    }
    conn.ordinary += 1;
    if (wire.len > 0 && !conn.payloadSeen) {
      conn.payloadSeen = true;
      // judged like the Lua postdissector: the first 16 bytes of the stream's first payload
      const have = Math.min(caplen - wire.payloadAt, 16);
      if (have < Math.min(wire.len, 16)) conn.keepAll = true;
      else if (this.o.detectFtp && FTP_FIRST_PAYLOAD.test(data.toString('latin1', wire.payloadAt, wire.payloadAt + have))) conn.keepAll = true;
    }
    const thin = !conn.keepAll && !conn.closing && epochUs !== null && conn.ordinary > this.o.limits.head && (conn.payloadSeen || !this.o.detectFtp);
    if (!thin) {
      this.forward(bytes, entry);
      return;
    }
    entry.state = RING;
    entry.bytes = bytes;
    conn.ring.push(entry);
    this.ringed.add(conn);
    if (conn.ring.length > this.o.limits.tail) {
      const old = conn.ring.shift()!;
      old.state = READY;
      old.bytes = null;
      this.skipped += 1;
      if (this.head < this.pending.length && this.pending[this.head] === old) this.release();
    }
  }

  private newConn(w: WireTcp): Conn {
    const port = (p: number) => this.o.ftpPorts.has(p) || this.o.ftpsPorts.has(p);
    return {
      aKey: w.srcKey,
      ordinary: 0,
      payloadSeen: false,
      keepAll: port(w.srcPort) || port(w.dstPort),
      closing: false,
      ring: [],
      stream: -1,
      ipA: null,
      ipB: null,
    };
  }

  /** Packets tshark dissected: those given to it, and all it read on its own past an opaque block. */
  get dissected(): number {
    return this.frames - this.skipped + this.passed;
  }

  /** Packets in the capture (as far as tshark got past an opaque block). */
  get packets(): number {
    return this.frames + this.passed;
  }

  /** Takes tshark's next record (in the order the packets were handed to it). */
  accept(rec: PacketRecord): void {
    if (this.sentHead >= this.sent.length) {
      if (this.opaqueOffset === null) {
        throw new FtpReportError('INTERNAL', `tshark returned frame ${rec.frame} that ftp-report never gave it; rerun with --dissect-all`);
      }
      rec.frame += this.opaqueOffset;
      this.passed += 1;
      this.renumber(rec);
      this.pending.push({ frame: rec.frame, state: READY, bytes: null, rec, conn: null, fromA: true, epochUs: null, len: 0, wire: null });
      this.release();
      return;
    }
    const e = this.sent[this.sentHead]!;
    this.sent[this.sentHead] = undefined as unknown as Entry;
    this.sentHead += 1;
    if (this.sentHead > 4096 && this.sentHead * 2 > this.sent.length) {
      this.sent = this.sent.slice(this.sentHead);
      this.sentHead = 0;
    }
    this.check(e, rec);
    rec.frame = e.frame;
    this.renumber(rec);
    e.rec = rec;
    e.state = READY;
    const c = e.conn;
    if (c && rec.tcp) {
      c.stream = rec.tcp.stream;
      c.ipA = e.fromA ? rec.src : rec.dst;
      c.ipB = e.fromA ? rec.dst : rec.src;
    }
    this.release();
  }

  /** Releases the records whose turn has come, in capture order. */
  private release(): void {
    const p = this.pending;
    while (this.head < p.length) {
      const e = p[this.head]!;
      if (e.state !== READY) break;
      p[this.head] = undefined as unknown as Entry;
      this.head += 1;
      this.o.sink(e.rec ?? this.counted(e));
    }
    if (this.head > 4096 && this.head * 2 > p.length) {
      this.pending = p.slice(this.head);
      this.head = 0;
    }
    if (this.waiter && this.pending.length - this.head <= MAX_PENDING / 2) {
      const w = this.waiter;
      this.waiter = null;
      w();
    }
  }

  /** The record of a segment tshark never saw, from its TCP header and what tshark said of its connection. */
  private counted(e: Entry): PacketRecord {
    const c = e.conn!;
    const w = e.wire!;
    return {
      frame: e.frame,
      epochUs: e.epochUs!,
      len: e.len,
      src: e.fromA ? c.ipA : c.ipB,
      dst: e.fromA ? c.ipB : c.ipA,
      tcp: { stream: c.stream, srcPort: w.srcPort, dstPort: w.dstPort, flags: w.flags, seq: w.seq, len: w.len, ctl: null },
      protocol: null,
      info: null,
      setupFrame: null,
    };
  }

  /** tshark and this reader must agree on every packet both read; if not, the fast path cannot be trusted. */
  private check(e: Entry, rec: PacketRecord): void {
    const w = e.wire;
    const bad = (what: string): never => {
      throw new FtpReportError('INTERNAL', `frame ${e.frame}: tshark and ftp-report's own reader disagree on ${what}; rerun with --dissect-all`);
    };
    if (e.epochUs !== null && rec.epochUs !== e.epochUs) bad('the time');
    if (rec.len !== e.len) bad('the length');
    if (!w) return;
    const t = rec.tcp;
    if (!t) return bad('whether it is TCP');
    if (t.srcPort !== w.srcPort || t.dstPort !== w.dstPort) bad('the ports');
    if (t.seq !== w.seq || t.len !== w.len || t.flags !== w.flags) bad('the TCP header');
  }

  /** Frame numbers tshark wrote into a record (the data channel's setup frame, "Dup ACK 12#3" in Info) → the capture's. */
  private renumber(rec: PacketRecord): void {
    if (rec.setupFrame !== null) rec.setupFrame = this.captureFrame(rec.setupFrame);
    if (rec.info !== null && rec.info.includes('Dup ACK ')) {
      rec.info = rec.info.replace(/\[TCP Dup ACK (\d+)#/g, (_m, n: string) => `[TCP Dup ACK ${this.captureFrame(Number(n))}#`);
    }
  }

  /** The capture's frame number of a frame tshark numbered. */
  private captureFrame(tsharkFrame: number): number {
    if (this.opaqueOffset !== null && tsharkFrame > this.tsharkFrames) return tsharkFrame + this.opaqueOffset;
    const o = this.offsets;
    let lo = 0;
    let hi = o.length / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (o[mid * 2]! <= tsharkFrame) lo = mid;
      else hi = mid - 1;
    }
    return tsharkFrame + o[lo * 2 + 1]!;
  }

  /** After tshark ended: the records still waiting are released up to the first one tshark never returned. */
  finish(): void {
    this.release();
  }
}
