// The fast path: ftp-report reads the capture itself, pipes tshark only the packets whose dissection the report
// uses (selection-policy.ts), and hands on tshark's records and its own in capture order.
//
// Each TCP connection is named here as tshark would name it on the whole capture (its tcp.stream and address
// text: stream-names.ts), so a segment tshark never sees needs nothing tshark said. With packet rows, the middle
// of a long data connection is counted from its TCP headers here and never dissected: those segments only ever
// appear in a report as a collapsed-row count. Without rows and key log (lean), every plain TCP segment's record is
// made here, control payload included, and tshark gets only what this reader cannot read (selection-policy.ts).
// tshark reads the selected packets from a pipe in their original order, so its TCP analysis and FTP data-channel
// links are its own; its frame numbers are mapped back to the capture's (frame-map.ts), its stream numbers (it
// numbers only the connections it saw) to the names given here, and every selected packet that was also read here
// is compared with tshark's record (cross-check.ts): time, length, TCP header, addresses, and that its streams and
// the connections named here correspond one to one.

import type { Writable } from 'node:stream';
import { CaptureBlocks, type PacketBlock } from '../capture/capture-blocks.js';
import { type BlockSource, StreamSource } from '../capture/stream-source.js';
import { readWireTcp, type WireTcp } from '../capture/wire.js';
import { FtpReportError } from '../errors.js';
import type { PacketRecord } from '../records/types.js';
import { crossCheck, namesError, UnreadTcpError } from './cross-check.js';
import { FrameMap } from './frame-map.js';
import { ReorderQueue } from './reorder-queue.js';
import { type IdleLimits, SelectionPolicy, type ConnState, type SelectLimits } from './selection-policy.js';
import { skippedRecord } from './skipped-record.js';
import { TailRings } from './tail-rings.js';
import { Batch, BATCH_BYTES, copyChunks, copyRest } from './tshark-input.js';

export type { SelectLimits };

export interface SelectOptions {
  ftpPorts: ReadonlySet<number>;
  ftpsPorts: ReadonlySet<number>;
  detectFtp: boolean;
  limits: SelectLimits;
  /** A TLS key log was given: connections that open with a TLS handshake go to tshark whole (selection-policy.ts). */
  keepTls?: boolean;
  /** No output shows packet rows and there is no key log: tshark gets only what cannot be read here. */
  lean?: boolean;
  /** tshark runs ftp-report's Lua postdissector (which payload it exports as control). */
  lua?: boolean;
  /** When quiet connections are packed (selection-policy.ts IDLE_LIMITS unless given: tests pack at every packet). */
  idle?: IdleLimits;
  /** Receives the records in capture order. */
  sink: (rec: PacketRecord) => void;
  /**
   * Called before the first packet (or the opaque rest of the file) is handed to tshark: a lean run starts tshark
   * only then (deferred-tshark.ts), and not at all when every packet is read here.
   */
  onTsharkNeeded?: () => void;
}

/** Records read ahead of tshark before every waiting tail is handed to it and reading pauses. */
const MAX_PENDING = 20_000;

/** Entries handed to tshark and returned, kept as holes before the list is compacted. */
const COMPACT_AFTER = 4096;

/** One packet of the capture on its way to the sink. */
interface Entry {
  frame: number;
  /** Its record is known (tshark's, or one made here for a segment tshark never saw). */
  ready: boolean;
  /** Raw block while it waits in a connection's tail. */
  bytes: Buffer | null;
  /** tshark's record, once it returned it. */
  rec: PacketRecord | null;
  conn: ConnState | null;
  fromA: boolean;
  epochUs: number | null;
  /** Nanoseconds past epochUs (0-999). */
  epochNsRem: number;
  len: number;
  wire: WireTcp | null;
  /** Control payload of a segment whose record is made here (lean). */
  ctl: Uint8Array | null;
}

export class Selector {
  private readonly policy: SelectionPolicy;
  private readonly tails: TailRings<Entry>;
  private readonly queue: ReorderQueue<Entry>;
  private readonly frameMap = new FrameMap();
  /**
   * tshark's stream numbers (it numbers only what it saw) → the stream numbers given here, and back. By number, not by
   * ConnState: the policy packs idle connections and gives them back as new objects (idle-conns.ts).
   */
  private readonly byTsharkStream = new Map<number, number>();
  private readonly tsharkStreamOf = new Map<number, number>();
  private readonly batch = new Batch();
  /** Entries handed to tshark and not yet returned, in order, from index `sentHead`. */
  private sent: (Entry | undefined)[] = [];
  private sentHead = 0;
  /** Packets read from the capture. */
  frames = 0;
  /** Segments counted here and never given to tshark. */
  skipped = 0;
  /** Decimals of a second the first packet's timestamp carries (Wireshark's automatic precision); null before one. */
  timePrecision: number | null = null;
  /** Records tshark returned from the part of the file it read unseen by ftp-report. */
  private passed = 0;
  /** Resumes reading once enough records went to the sink. */
  private waiter: (() => void) | null = null;
  /** tshark's output ended: reading the capture stops. */
  private stopped = false;
  /** Something was handed to tshark (or is about to be). */
  private tsharkNeeded = false;

  constructor(private readonly o: SelectOptions) {
    this.tails = new TailRings(o.limits.tail);
    // a connection with segments in its tail ring is held by identity there: never packed meanwhile
    this.policy = new SelectionPolicy(o, (c) => this.tails.has(c), o.idle);
    this.queue = new ReorderQueue((e) => o.sink(e.rec ?? this.skippedRecord(e)));
  }

  /**
   * Reads the capture (a file, or a stream) and writes the chosen packets to tshark's standard input, then closes it.
   * From a stream, what was gathered goes to tshark whenever the stream has nothing more yet (a live capture).
   */
  async pump(fh: BlockSource, file: string, stdin: Writable): Promise<void> {
    // the read buffer is reused: a block's bytes are copied where they are kept (a tail, the batch for tshark)
    const blocks = new CaptureBlocks(fh, { reuse: true });
    stdin.on('error', () => {}); // tshark gone early: its exit status says why
    if (fh instanceof StreamSource) fh.onStarve = () => this.batch.writeTo(stdin);
    for (;;) {
      if (this.stopped) break;
      let b: Awaited<ReturnType<CaptureBlocks['next']>> | undefined;
      try {
        b = blocks.nextBuffered();
        if (b === undefined) b = await blocks.next();
      } catch (err) {
        // the source failed (a gzip stream that breaks off): tshark still gets every packet read before it
        this.flushTails();
        await this.batch.writeTo(stdin);
        stdin.end();
        throw err;
      }
      if (b === null) break;
      if (b.kind === 'meta') {
        this.forward(b.bytes, null);
      } else if (b.kind === 'packet') {
        this.packet(b);
      } else {
        this.flushTails();
        this.frameMap.passOn(this.frames);
        this.needTshark();
        this.batch.add(b.bytes);
        await this.batch.writeTo(stdin);
        const stop = () => this.stopped;
        if (fh instanceof StreamSource) await copyChunks(fh.rest(blocks.offset), stdin, stop);
        else await copyRest(file, blocks.offset, stdin, stop);
        break;
      }
      if (this.batch.bytes >= BATCH_BYTES) await this.batch.writeTo(stdin);
      if (this.queue.length > MAX_PENDING) await this.catchUp(stdin);
    }
    this.flushTails();
    await this.batch.writeTo(stdin);
    stdin.end();
  }

  /** Too far ahead of tshark: hands it every waiting tail and waits until half the records went on. */
  private async catchUp(stdin: Writable): Promise<void> {
    this.flushTails();
    await this.batch.writeTo(stdin);
    while (this.queue.length > MAX_PENDING / 2 && !stdin.destroyed && !this.stopped) {
      await new Promise<void>((r) => (this.waiter = r));
    }
  }

  /** tshark's output has ended (or failed): no more waiting for it. */
  stop(): void {
    this.stopped = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** Hands a block to tshark in capture order: tails waiting in rings go first. */
  private forward(bytes: Buffer, entry: Entry | null): void {
    if (this.tails.holding) this.flushTails();
    this.send(bytes, entry);
  }

  private send(bytes: Buffer, entry: Entry | null): void {
    this.batch.add(bytes);
    if (!entry) return;
    this.needTshark();
    entry.bytes = null;
    this.sent.push(entry);
    this.frameMap.give(entry.frame);
  }

  /** tshark is to be given something: tells the run once (a lean run starts tshark then). */
  private needTshark(): void {
    if (this.tsharkNeeded) return;
    this.tsharkNeeded = true;
    this.o.onTsharkNeeded?.();
  }

  private flushTails(): void {
    if (!this.tails.holding) return;
    for (const e of this.tails.drain()) this.send(e.bytes!, e);
  }

  /** A packet read here: to tshark now, or held in its connection's tail. */
  private packet(b: PacketBlock): void {
    this.frames += 1;
    const { bytes, epochUs } = b;
    this.timePrecision ??= b.timePrecision;
    const wire = readWireTcp(b.link, b.data, b.caplen, b.origLen);
    const choice = this.policy.choose(wire, b.data, b.caplen, epochUs !== null);
    const own = choice.verdict === 'own';
    // the control payload of a packet read here, copied: the read buffer is reused
    const ctl = own && choice.conn!.control && wire!.len > 0 ? payloadCopy(b.data, wire!) : null;
    if (own && this.queue.length === 0) {
      // nothing waits before it (a lean run that gives tshark nothing): its record goes on at once, with no entry
      this.skipped += 1;
      const { frames: frame } = this;
      const seg = {
        frame,
        epochUs: epochUs!,
        epochNsRem: b.epochNsRem,
        len: b.origLen,
        fromA: choice.fromA,
        wire: wire!,
        ctl,
      };
      this.o.sink(skippedRecord(seg, choice.conn!));
      return;
    }
    const entry: Entry = {
      frame: this.frames,
      ready: false,
      bytes: null,
      rec: null,
      conn: choice.conn,
      fromA: choice.fromA,
      epochUs,
      epochNsRem: b.epochNsRem,
      len: b.origLen,
      wire,
      ctl,
    };
    this.queue.add(entry);
    if (own) {
      entry.ready = true;
      this.skipped += 1;
      if (this.queue.first === entry) this.release();
      return;
    }
    if (choice.verdict === 'tshark') {
      this.forward(bytes, entry);
      return;
    }
    entry.bytes = Buffer.from(bytes); // (the read buffer is reused)
    const old = this.tails.hold(choice.conn!, entry);
    if (old) {
      old.ready = true;
      old.bytes = null;
      this.skipped += 1;
      if (this.queue.first === old) this.release();
    }
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
      this.acceptPassed(rec);
      return;
    }
    const e = this.sent[this.sentHead]!;
    this.sent[this.sentHead] = undefined;
    this.sentHead += 1;
    if (this.sentHead > COMPACT_AFTER && this.sentHead * 2 > this.sent.length) {
      this.sent = this.sent.slice(this.sentHead);
      this.sentHead = 0;
    }
    crossCheck(e, rec);
    if (rec.tcp) this.nameConnection(e, rec);
    rec.frame = e.frame;
    this.frameMap.renumber(rec);
    e.rec = rec;
    e.ready = true;
    this.release();
  }

  /** A record of a packet tshark read on its own, past an opaque block. */
  private acceptPassed(rec: PacketRecord): void {
    const offset = this.frameMap.opaqueOffset;
    if (offset === null) {
      const message = `tshark returned frame ${rec.frame} that ftp-report never gave it; rerun with --dissect-all`;
      throw new FtpReportError('INTERNAL', message);
    }
    rec.frame += offset;
    this.passed += 1;
    this.frameMap.renumber(rec);
    if (rec.tcp) this.namePassed(rec);
    const e: Entry = {
      frame: rec.frame,
      ready: true,
      bytes: null,
      rec,
      conn: null,
      fromA: true,
      epochUs: null,
      epochNsRem: 0,
      len: 0,
      wire: null,
      ctl: null,
    };
    this.queue.add(e);
    this.release();
  }

  /** Releases the records whose turn has come, in capture order; reading resumes once few are left waiting. */
  private release(): void {
    this.queue.release();
    if (this.waiter && this.queue.length <= MAX_PENDING / 2) this.wake();
  }

  /**
   * Gives tshark's record of a packet read here the names given here, after checking that they agree: its addresses,
   * and that tshark's stream and this connection correspond one to one. A TCP record of a packet this reader could
   * not read means a connection numbered here may be numbered otherwise by tshark: fatal too.
   */
  private nameConnection(e: Entry, rec: PacketRecord): void {
    const tcp = rec.tcp!;
    const c = e.conn;
    if (!c) throw new UnreadTcpError(e.frame);
    const src = e.fromA ? c.ipA : c.ipB;
    const dst = e.fromA ? c.ipB : c.ipA;
    if (rec.src !== src || rec.dst !== dst) throw namesError(e.frame, 'the addresses');
    const theirs = this.tsharkStreamOf.get(c.stream);
    if (theirs === undefined) {
      if (this.byTsharkStream.has(tcp.stream)) throw namesError(e.frame, 'the TCP stream');
      this.byTsharkStream.set(tcp.stream, c.stream);
      this.tsharkStreamOf.set(c.stream, tcp.stream);
    } else if (theirs !== tcp.stream) {
      throw namesError(e.frame, 'the TCP stream');
    }
    tcp.stream = c.stream;
  }

  /**
   * Names a TCP record tshark read on its own past an opaque block: as its connection named here if there is one on
   * those addresses and ports that tshark had not seen yet (lean: tshark never saw most connections), else with the
   * next number.
   */
  private namePassed(rec: PacketRecord): void {
    const tcp = rec.tcp!;
    const known = this.byTsharkStream.get(tcp.stream);
    if (known !== undefined) {
      tcp.stream = known;
      return;
    }
    const ours = rec.src !== null && rec.dst !== null ? this.byNames(rec.src, tcp.srcPort, rec.dst, tcp.dstPort) : null;
    const stream = ours && !this.tsharkStreamOf.has(ours.stream) ? ours.stream : this.policy.numberUnseen();
    this.byTsharkStream.set(tcp.stream, stream);
    this.tsharkStreamOf.set(stream, tcp.stream);
    tcp.stream = stream;
  }

  /** Connections named here by their addresses and ports (made once, when tshark first reads past an opaque block). */
  private namesIndex: Map<string, ConnState> | null = null;

  private byNames(src: string, srcPort: number, dst: string, dstPort: number): ConnState | null {
    if (!this.namesIndex) {
      this.namesIndex = new Map();
      for (const c of this.policy.connections()) this.namesIndex.set(pairKey(c.ipA, c.portA, c.ipB, c.portB), c);
    }
    return this.namesIndex.get(pairKey(src, srcPort, dst, dstPort)) ?? null;
  }

  /** The record of a segment tshark never saw. */
  private skippedRecord(e: Entry): PacketRecord {
    const s = {
      frame: e.frame,
      epochUs: e.epochUs!,
      epochNsRem: e.epochNsRem,
      len: e.len,
      fromA: e.fromA,
      wire: e.wire!,
      ctl: e.ctl,
    };
    return skippedRecord(s, e.conn!);
  }

  /** After tshark ended: the records still waiting are released up to the first one tshark never returned. */
  finish(): void {
    this.release();
  }

  /** Closes what the policy holds open (its spill file): once nothing more is read or named. */
  close(): void {
    this.policy.close();
  }
}

/** One key for both directions of an address and port pair. */
function pairKey(ipA: string, portA: number, ipB: string, portB: number): string {
  const a = `${ipA} ${portA}`;
  const b = `${ipB} ${portB}`;
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** A copy of a segment's payload (the capture's read buffer is not kept). */
function payloadCopy(data: Buffer, w: WireTcp): Uint8Array {
  return Buffer.from(data.subarray(w.payloadAt, w.payloadAt + w.len));
}
