// The selector end to end without tshark: a built capture goes in, a fake tshark reads what the selector wrote
// to its pipe and answers with one record per packet, and the sink must get every packet in capture order.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureBlocks, type PacketBlock } from '../../src/capture/capture-blocks.js';
import { readWireTcp } from '../../src/capture/wire.js';
import { Selector } from '../../src/driver/select.js';
import { FtpReportError } from '../../src/errors.js';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../src/protocol/tcp.js';
import type { PacketRecord } from '../../src/records/types.js';
import { type Endpoint, pcapFile, tcpFrame } from '../capture/build-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-select-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIMITS = { head: 3, tail: 2 };
const CLIENT: Endpoint = { ip: '10.0.0.1', port: 40000 };
const SERVER: Endpoint = { ip: '10.0.0.2', port: 21 };
const SERVER_DATA: Endpoint = { ip: '10.0.0.2', port: 20 };
const CLIENT_DATA: Endpoint = { ip: '10.0.0.1', port: 40001 };

/**
 * Packets of a capture; each one's sequence number is 1000 × its capture frame number, so the packets the fake
 * tshark is given say which capture frames they are.
 */
class Capture {
  readonly frames: Buffer[] = [];

  add(from: Endpoint, to: Endpoint, flags: number, payload = ''): this {
    const frame = this.frames.length + 1;
    this.frames.push(tcpFrame(from, to, flags, frame * 1000, Buffer.from(payload, 'latin1')));
    return this;
  }

  /** An active-mode data connection from the server's port 20: handshake, `segments` of data, FIN both ways. */
  data(segments: number): this {
    this.add(SERVER_DATA, CLIENT_DATA, TCP_SYN).add(CLIENT_DATA, SERVER_DATA, TCP_SYN | TCP_ACK);
    this.add(SERVER_DATA, CLIENT_DATA, TCP_ACK);
    for (let i = 0; i < segments; i += 1) this.add(SERVER_DATA, CLIENT_DATA, TCP_ACK | TCP_PSH, 'D'.repeat(100));
    return this.add(SERVER_DATA, CLIENT_DATA, TCP_FIN | TCP_ACK).add(CLIENT_DATA, SERVER_DATA, TCP_FIN | TCP_ACK);
  }
}

/** tshark's side of a run: the packets it was given, as capture frame numbers, and the records it returned. */
interface Run {
  selector: Selector;
  /** Capture frame numbers of the packets written to tshark's pipe, in the order written. */
  given: number[];
  /** What the sink received, in order. */
  records: PacketRecord[];
  /** Every byte written to tshark's pipe. */
  written: Buffer;
}

/** Options for the fake tshark: change a record before it is returned, or return one more than it was given. */
interface FakeTshark {
  edit?: (rec: PacketRecord, tsharkFrame: number) => void;
  extra?: boolean;
  /** Run the selector lean (no packet rows, no key log), with tshark's Lua postdissector. */
  lean?: boolean;
  /** Pack every connection after every packet (idle-conns.ts) instead of after 8,192 quiet packets. */
  packAlways?: boolean;
  /** As packAlways, and write the packed table to the spill file whenever it holds 3 connections. */
  spillAlways?: boolean;
}

/** The packets (and how many bytes) in what the selector wrote to the pipe, read back as a capture file. */
async function packetsIn(bytes: Buffer, name: string): Promise<PacketBlock[]> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const fh = await open(path, 'r');
  try {
    const reader = new CaptureBlocks(fh);
    const out: PacketBlock[] = [];
    for (let b = await reader.next(); b !== null && b.kind !== 'opaque'; b = await reader.next()) {
      if (b.kind === 'packet') out.push(b);
    }
    return out;
  } finally {
    await fh.close();
  }
}

/** The record tshark would print for a packet it was given as its frame `n` (one stream per port pair). */
function tsharkRecord(p: PacketBlock, n: number): PacketRecord {
  const w = readWireTcp(p.link, p.data, p.caplen, p.origLen)!;
  const ip = (at: number): string => [...p.data.subarray(at, at + 4)].join('.');
  const stream = Math.min(w.srcPort, w.dstPort) === 20 ? 1 : 0;
  return {
    frame: n,
    epochUs: p.epochUs!,
    len: p.origLen,
    src: ip(26),
    dst: ip(30),
    tcp: { stream, srcPort: w.srcPort, dstPort: w.dstPort, flags: w.flags, seq: w.seq, len: w.len, ctl: null },
    protocol: 'TCP',
    info: `tshark frame ${n}`,
    setupFrame: null,
  };
}

let runs = 0;

/** Runs the selector on a capture file, then the fake tshark on what it wrote; returns both sides. */
async function run(file: Buffer, fake: FakeTshark = {}): Promise<Run> {
  runs += 1;
  const path = join(dir, `capture-${runs}.pcap`);
  writeFileSync(path, file);
  const records: PacketRecord[] = [];
  const selector = new Selector({
    ftpPorts: new Set([21]),
    ftpsPorts: new Set([990]),
    detectFtp: true,
    limits: LIMITS,
    sink: (rec) => records.push(rec),
    lean: fake.lean,
    lua: true,
    idle: fake.spillAlways
      ? { idlePackets: 0, sweepMin: 1, spillSlots: 4 }
      : fake.packAlways
        ? { idlePackets: 0, sweepMin: 1 }
        : undefined,
  });
  const written: Buffer[] = [];
  const pipe = new Writable({
    write(chunk: Buffer, _enc, done) {
      written.push(chunk);
      done();
    },
  });
  const fh = await open(path, 'r');
  try {
    await selector.pump(fh, path, pipe);
  } finally {
    await fh.close();
  }
  const bytes = Buffer.concat(written);
  const packets = await packetsIn(bytes, `given-${runs}.pcap`);
  const count = packets.length + (fake.extra ? 1 : 0);
  for (let i = 0; i < count; i += 1) {
    const rec = tsharkRecord(packets[Math.min(i, packets.length - 1)]!, i + 1);
    fake.edit?.(rec, i + 1);
    selector.accept(rec);
  }
  selector.finish();
  const given = packets.map((p) => readWireTcp(p.link, p.data, p.caplen, p.origLen)!.seq / 1000);
  return { selector, given, records, written: bytes };
}

/** Frames from..to, inclusive. */
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('selector', () => {
  it('gives tshark the handshake, the head, the last segments and the teardown of a data connection', async () => {
    // frames 1-3 handshake, 4-33 data, 34-35 FIN: ordinary segments 3 (ACK), 4, 5 are the head; 32, 33 the tail
    const { given, selector } = await run(pcapFile(new Capture().data(30).frames));
    expect(given).toEqual([1, 2, 3, 4, 5, 32, 33, 34, 35]);
    expect(selector.skipped).toBe(26);
  });

  it('counts what tshark dissected and what the capture holds', async () => {
    const { selector } = await run(pcapFile(new Capture().data(30).frames));
    expect([selector.dissected, selector.packets]).toEqual([9, 35]);
  });

  it('hands the sink every packet of the capture once, in capture order', async () => {
    const { records } = await run(pcapFile(new Capture().data(30).frames));
    expect(records.map((r) => r.frame)).toEqual(range(1, 35));
  });

  it('gives tshark records their capture frame numbers', async () => {
    const { records } = await run(pcapFile(new Capture().data(30).frames));
    expect(records[31]).toMatchObject({ frame: 32, info: 'tshark frame 6' });
  });

  it('makes the record of a counted segment from its header and the names given to its connection', async () => {
    const { records } = await run(pcapFile(new Capture().data(30).frames));
    expect(records[9]).toEqual({
      frame: 10,
      epochUs: 1_700_000_009_250_000,
      epochNsRem: 0,
      len: 154,
      src: '10.0.0.2',
      dst: '10.0.0.1',
      tcp: { stream: 0, srcPort: 20, dstPort: 40001, flags: TCP_ACK | TCP_PSH, seq: 10_000, len: 100, ctl: null },
      protocol: null,
      info: null,
      setupFrame: null,
    });
  });

  it('gives tshark every packet of an FTP control connection, however long', async () => {
    const c = new Capture().add(CLIENT, SERVER, TCP_SYN).add(SERVER, CLIENT, TCP_SYN | TCP_ACK);
    for (let i = 0; i < 20; i += 1) c.add(CLIENT, SERVER, TCP_ACK | TCP_PSH, 'NOOP\r\n');
    const { given, selector } = await run(pcapFile(c.frames));
    expect(given).toEqual(range(1, 22));
    expect(selector.skipped).toBe(0);
  });

  it('a packet for tshark in a thinned stretch takes the waiting tail segments with it, in capture order', async () => {
    const c = new Capture().data(0);
    c.frames.splice(-2); // no teardown yet
    for (let i = 0; i < 8; i += 1) c.add(SERVER_DATA, CLIENT_DATA, TCP_ACK | TCP_PSH, 'D'.repeat(100)); // frames 4-11
    c.add(CLIENT, SERVER, TCP_ACK | TCP_PSH, 'NOOP\r\n'); // frame 12: control, to tshark
    const { given, records } = await run(pcapFile(c.frames));
    expect(given).toEqual([1, 2, 3, 4, 5, 10, 11, 12]);
    expect(records.map((r) => r.frame)).toEqual(range(1, 12));
  });

  it('maps the frame number in a Dup ACK label back to the capture frame', async () => {
    const { records } = await run(pcapFile(new Capture().data(30).frames), {
      // tshark's frame 7 is capture frame 33
      edit: (rec, n) => {
        if (n === 8) rec.info = '[TCP Dup ACK 7#1] 20 → 40001 [ACK]';
      },
    });
    expect(records[33]!.info).toBe('[TCP Dup ACK 33#1] 20 → 40001 [ACK]');
  });

  it('stops with an internal error naming the frame when tshark reads a packet differently', async () => {
    const err = await run(pcapFile(new Capture().data(30).frames), {
      edit: (rec, n) => {
        if (n === 6) rec.len += 1;
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FtpReportError);
    expect((err as FtpReportError).code).toBe('INTERNAL');
    expect((err as FtpReportError).details.frame).toBe(32);
  });

  it('stops with an internal error when tshark returns a packet it was never given', async () => {
    const err = await run(pcapFile(new Capture().data(30).frames), { extra: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FtpReportError);
    expect((err as FtpReportError).code).toBe('INTERNAL');
  });

  it('hands a capture it does not understand (the modified pcap variant) to tshark untouched', async () => {
    const file = pcapFile(new Capture().data(30).frames);
    file.writeUInt32LE(0xa1b2cd34, 0);
    const { written, selector } = await run(file);
    expect(written.equals(file)).toBe(true);
    expect(selector.frames).toBe(0);
  });

  it("numbers the records tshark read on its own past the hand-over as the capture's frames", async () => {
    const file = pcapFile(new Capture().data(30).frames);
    file.writeUInt32LE(0xa1b2cd34, 0);
    const { records, selector } = await run(file);
    // the fake tshark cannot read the variant either: it returned nothing, so nothing was released
    expect(records).toEqual([]);
    const rec = tsharkRecord((await packetsIn(pcapFile(new Capture().data(1).frames), 'one.pcap'))[0]!, 1);
    selector.accept(rec);
    expect(records.map((r) => r.frame)).toEqual([1]);
    expect([selector.dissected, selector.packets]).toEqual([1, 1]);
  });

  it("gives tshark's records the stream numbers of the whole capture, not its own", async () => {
    // the fake tshark numbers the control connection 0 and the data connection 1; here they are 1 and 0
    const c = new Capture().data(2);
    c.add(CLIENT, SERVER, TCP_SYN).add(SERVER, CLIENT, TCP_SYN | TCP_ACK);
    const { records } = await run(pcapFile(c.frames));
    expect(records.map((r) => r.tcp!.stream)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('stops with an internal error when tshark names a connection with other addresses', async () => {
    const err = await run(pcapFile(new Capture().data(30).frames), {
      edit: (rec, n) => {
        if (n === 2) rec.src = '10.9.9.9';
      },
    }).catch((e: unknown) => e);
    expect((err as FtpReportError).code).toBe('INTERNAL');
    expect((err as FtpReportError).message).toMatch(/frame 2: .*the addresses; rerun with --dissect-all/);
  });

  it('stops with an internal error when tshark splits or merges connections otherwise', async () => {
    const split = await run(pcapFile(new Capture().data(30).frames), {
      edit: (rec, n) => {
        if (n === 3) rec.tcp!.stream = 5;
      },
    }).catch((e: unknown) => e);
    expect((split as FtpReportError).message).toMatch(/frame 3: .*the TCP stream; rerun with --dissect-all/);
    const c = new Capture().data(2);
    c.add(CLIENT, SERVER, TCP_SYN);
    const merged = await run(pcapFile(c.frames), {
      edit: (rec) => {
        rec.tcp!.stream = 1;
      },
    }).catch((e: unknown) => e);
    expect((merged as FtpReportError).message).toMatch(/the TCP stream; rerun with --dissect-all/);
  });

  it('lean: gives tshark nothing of plain TCP, and makes every record here, control payload included', async () => {
    const c = new Capture().add(CLIENT, SERVER, TCP_SYN).add(SERVER, CLIENT, TCP_SYN | TCP_ACK);
    c.add(SERVER, CLIENT, TCP_ACK | TCP_PSH, '220 ready\r\n').data(30);
    const { given, records, selector } = await run(pcapFile(c.frames), { lean: true });
    expect(given).toEqual([]);
    expect(selector.dissected).toBe(0);
    expect(records.map((r) => r.frame)).toEqual(range(1, c.frames.length));
    expect(records.map((r) => r.tcp!.stream)).toEqual([0, 0, 0, ...Array(35).fill(1)]);
    expect(Buffer.from(records[2]!.tcp!.ctl!).toString()).toBe('220 ready\r\n');
    expect(records[10]!.tcp!.ctl).toBeNull();
    expect([records[2]!.src, records[2]!.dst]).toEqual(['10.0.0.2', '10.0.0.1']);
  });

  it('packing idle connections changes nothing tshark is given nor any record, lean or not, ports reused or not', async () => {
    const c = new Capture().add(CLIENT, SERVER, TCP_SYN).add(SERVER, CLIENT, TCP_SYN | TCP_ACK);
    c.add(SERVER, CLIENT, TCP_ACK | TCP_PSH, '220 ready\r\n').add(CLIENT, SERVER, TCP_ACK | TCP_PSH, 'LIST\r\n');
    c.data(30)
      .add(CLIENT, SERVER, TCP_FIN | TCP_ACK)
      .add(SERVER, CLIENT, TCP_FIN | TCP_ACK);
    // the data ports again with a new initial sequence number (a new stream), then a stray ACK of the first one's
    c.data(12).add(CLIENT, SERVER, TCP_ACK).add(CLIENT, SERVER, TCP_SYN);
    // tshark's streams (capture frames 1-4, 40-41 and 59: control; 5-39: data; 42-58: data again; 60: a new SYN)
    const streamOf = (frame: number): number =>
      frame >= 60 ? 3 : frame >= 42 && frame <= 58 ? 2 : frame >= 5 && frame <= 39 ? 1 : 0;
    const edit = (rec: PacketRecord): void => {
      rec.tcp!.stream = streamOf(rec.tcp!.seq / 1000);
    };
    for (const lean of [false, true]) {
      const plain = await run(pcapFile(c.frames), { lean, edit });
      const packed = await run(pcapFile(c.frames), { lean, edit, packAlways: true });
      expect(packed.given).toEqual(plain.given);
      expect(packed.records).toEqual(plain.records);
      const spilled = await run(pcapFile(c.frames), { lean, edit, spillAlways: true });
      expect(spilled.given).toEqual(plain.given);
      expect(spilled.records).toEqual(plain.records);
      expect(plain.records.map((r) => r.frame)).toEqual(range(1, c.frames.length));
    }
    const streams = (await run(pcapFile(c.frames), { edit, packAlways: true })).records.map((r) => r.tcp!.stream);
    expect(streams).toEqual(range(1, c.frames.length).map(streamOf));
  });

  it('names what tshark read past an opaque block by the connections named here, packed or not', async () => {
    const c = new Capture().add(CLIENT, SERVER, TCP_SYN).add(SERVER, CLIENT, TCP_SYN | TCP_ACK);
    c.add(SERVER, CLIENT, TCP_ACK | TCP_PSH, '220 ready\r\n').data(4);
    const whole = pcapFile(c.frames);
    // cut inside the last packet: the reader hands the rest to tshark from there
    const cut = whole.subarray(0, whole.length - 20);
    const packets = await packetsIn(whole, 'whole.pcap');
    const named: number[][] = [];
    for (const [packAlways, spillAlways] of [
      [false, false],
      [true, false],
      [true, true],
    ]) {
      const { selector, records } = await run(cut, { lean: true, packAlways, spillAlways });
      // tshark read on its own: a control segment (its stream 0), a data one (1), and one of a pair never seen (7)
      const stray = tsharkRecord(packets[0]!, 3);
      stray.src = '10.0.0.9';
      stray.tcp!.stream = 7;
      for (const rec of [tsharkRecord(packets[2]!, 1), tsharkRecord(packets[5]!, 2), stray]) selector.accept(rec);
      named.push(records.slice(-3).map((r) => r.tcp!.stream));
    }
    expect(named[0]).toEqual([0, 1, 2]);
    expect(named[1]).toEqual(named[0]);
    expect(named[2]).toEqual(named[0]);
  });
});
