// ftp-report names each TCP connection as tshark would (tcp.stream, ip.src/ipv6.src text), so that segments tshark
// never sees get the same names as in a --dissect-all run. Checked against the real tshark: on built captures that
// hold the hard cases (IPv6 text, port reuse, interleaved connections) and on every committed sample and
// robustness capture.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureBlocks } from '../../src/capture/capture-blocks.js';
import { readWireTcp } from '../../src/capture/wire.js';
import { type IdleLimits, SelectionPolicy } from '../../src/driver/selection-policy.js';
import { ipv6Text } from '../../src/driver/stream-names.js';
import { SELECT_LIMITS } from '../../src/protocol/defaults.js';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../../src/protocol/tcp.js';
import { pcapFile } from '../capture/build-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One endpoint: an IPv4 (dotted) or IPv6 (16 bytes) address and a port. */
interface End {
  ip: string | number[];
  port: number;
}

/** An Ethernet frame carrying a TCP segment over IPv4 or IPv6 (no options, checksums 0). */
function frame(from: End, to: End, flags: number, seq: number, ack = 0, payload = ''): Buffer {
  const data = Buffer.from(payload, 'latin1');
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(from.port, 0);
  tcp.writeUInt16BE(to.port, 2);
  tcp.writeUInt32BE(seq >>> 0, 4);
  tcp.writeUInt32BE(ack >>> 0, 8);
  tcp[12] = 0x50;
  tcp[13] = flags;
  tcp.writeUInt16BE(65535, 14);
  let ip: Buffer;
  let type: number;
  if (typeof from.ip === 'string') {
    ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(40 + data.length, 2);
    ip.writeUInt16BE(0x4000, 6);
    ip[8] = 64;
    ip[9] = 6;
    ip.set(from.ip.split('.').map(Number), 12);
    ip.set((to.ip as string).split('.').map(Number), 16);
    type = 0x0800;
  } else {
    ip = Buffer.alloc(40);
    ip[0] = 0x60;
    ip.writeUInt16BE(20 + data.length, 4);
    ip[6] = 6;
    ip[7] = 64;
    ip.set(from.ip, 8);
    ip.set(to.ip as number[], 24);
    type = 0x86dd;
  }
  const eth = Buffer.alloc(14, 2);
  eth.writeUInt16BE(type, 12);
  return Buffer.concat([eth, ip, tcp, data]);
}

/** What tshark and ftp-report say of each TCP frame: "stream src dst". */
interface Names {
  tshark: string[];
  ours: string[];
  /**
   * What the policy says of every packet ("stream src dst verdict"), run with and without a key log's thinning
   * (lean), first with its idle limits, then packing every connection after every packet: packing must change none.
   */
  verdicts: string[];
  packedVerdicts: string[];
}

let files = 0;

/** Every connection packed after every packet (idle-conns.ts): each packet's connection comes back from the table. */
const PACK_ALWAYS = { idlePackets: 0, sweepMin: 1 };
/** The same, and the packed table written to the spill file whenever it holds 3 connections (a table of 4 slots). */
const SPILL_ALWAYS = { idlePackets: 0, sweepMin: 1, spillSlots: 4 };

/** What the selection policy says of every packet of a capture file (lean or not, packing as `idle` says). */
async function policyNames(path: string, lean: boolean, idle?: IdleLimits): Promise<string[]> {
  const options = { ftpPorts: new Set([21]), ftpsPorts: new Set([990]), detectFtp: true, limits: SELECT_LIMITS };
  const policy = new SelectionPolicy({ ...options, lean, lua: true }, () => false, idle);
  const out: string[] = [];
  const fh = await open(path, 'r');
  try {
    const blocks = new CaptureBlocks(fh);
    for (let b = await blocks.next(); b !== null; b = await blocks.next()) {
      if (b.kind !== 'packet') continue;
      const w = readWireTcp(b.link, b.data, b.caplen, b.origLen);
      const c = policy.choose(w, b.data, b.caplen, true);
      if (!w || !c.conn) {
        out.push(c.verdict);
        continue;
      }
      const [src, dst] = c.fromA ? [c.conn.ipA, c.conn.ipB] : [c.conn.ipB, c.conn.ipA];
      out.push(`${c.conn.stream} ${src} ${dst} ${c.verdict}`);
    }
  } finally {
    policy.close();
    await fh.close();
  }
  return out;
}

/** Names of every TCP frame of a capture file, by tshark (on the whole file) and by the selection policy. */
async function names(path: string): Promise<Names> {
  const fields = ['tcp.stream', 'ip.src', 'ipv6.src', 'ip.dst', 'ipv6.dst'].flatMap((f) => ['-e', f]);
  const out = execFileSync('tshark', ['-r', path, '-n', '-T', 'fields', ...fields], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const tshark: string[] = [];
  for (const line of out.split('\n')) {
    const [stream, src4, src6, dst4, dst6] = line.split('\t');
    if (stream) tshark.push(`${stream} ${src4 || src6} ${dst4 || dst6}`);
  }
  const full = await policyNames(path, false);
  const ours = full.filter((x) => x.includes(' ')).map((x) => x.split(' ').slice(0, 3).join(' '));
  const verdicts = [...full, ...(await policyNames(path, true))];
  const packedVerdicts = [
    ...(await policyNames(path, false, PACK_ALWAYS)),
    ...(await policyNames(path, true, PACK_ALWAYS)),
  ];
  // spilling the packed connections to a file changes no verdict and no name either
  const spilledVerdicts = [
    ...(await policyNames(path, false, SPILL_ALWAYS)),
    ...(await policyNames(path, true, SPILL_ALWAYS)),
  ];
  expect(spilledVerdicts).toEqual(packedVerdicts);
  return { tshark, ours, verdicts, packedVerdicts };
}

/** Names of the frames of a capture built here. */
function namesOf(frames: Buffer[]): Promise<Names> {
  files += 1;
  const path = join(dir, `built-${files}.pcap`);
  writeFileSync(path, pcapFile(frames));
  return names(path);
}

const v6 = (...words: number[]): number[] => words.flatMap((w) => [w >> 8, w & 0xff]);

describe('IPv6 address text', () => {
  it('compresses the longest run of zero groups, the first of equal ones, and never a single group', () => {
    expect(ipv6Text(v6(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1))).toBe('2001:db8::1:0:0:1');
    expect(ipv6Text(v6(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1))).toBe('2001:db8:0:1:1:1:1:1');
    expect(ipv6Text(v6(0x2001, 0, 0, 1, 0, 0, 0, 1))).toBe('2001:0:0:1::1');
    expect(ipv6Text(v6(0, 0, 0, 0, 0, 0, 0, 0))).toBe('::');
    expect(ipv6Text(v6(0, 0, 0, 0, 0, 0, 0, 1))).toBe('::1');
    expect(ipv6Text(v6(0xfe80, 0, 0, 0, 0, 0, 0, 0))).toBe('fe80::');
    expect(ipv6Text(v6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201))).toBe('::ffff:192.0.2.1');
  });
});

describe('connection names against tshark', () => {
  const c4 = { ip: '10.0.0.1', port: 40000 };
  const s4 = { ip: '10.0.0.2', port: 21 };

  it('writes IPv6 addresses as tshark does', async () => {
    const addrs = [
      v6(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1),
      v6(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1),
      v6(0x2001, 0, 0, 1, 0, 0, 0, 1),
      v6(0, 0, 0, 0, 0, 0, 0, 1),
      v6(0xfe80, 0, 0, 0, 0x0202, 0xb3ff, 0xfe1e, 0x8329),
      v6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201),
      v6(0, 0, 0, 0, 0, 0, 0xc000, 0x0201),
      v6(0, 0, 0, 0, 0, 0, 0, 2),
      v6(0xabcd, 0xef01, 0x2345, 0x6789, 0xabcd, 0xef01, 0x2345, 0x6789),
      v6(0xff02, 0, 0, 0, 0, 0, 0, 0),
      v6(1, 0, 0, 0, 0, 0, 0, 0),
      v6(0, 0, 0, 0, 0, 0xffff, 0, 0),
    ];
    const frames = addrs.map((a, i) =>
      frame({ ip: a, port: 40000 + i }, { ip: addrs[(i + 1) % addrs.length]!, port: 21 }, TCP_SYN, 1),
    );
    const n = await namesOf(frames);
    expect(n.ours).toHaveLength(addrs.length);
    expect(n.ours).toEqual(n.tshark);
    expect(n.packedVerdicts).toEqual(n.verdicts);
  });

  it('numbers connections in the order of their first packet, interleaved', async () => {
    const a = { ip: '10.0.0.3', port: 50000 };
    const b = { ip: '10.0.0.4', port: 20 };
    const n = await namesOf([
      frame(c4, s4, TCP_SYN, 100),
      frame(b, a, TCP_SYN, 500),
      frame(s4, c4, TCP_SYN | TCP_ACK, 900, 101),
      frame(a, b, TCP_SYN | TCP_ACK, 700, 501),
      frame(c4, s4, TCP_ACK | TCP_PSH, 101, 901, 'USER x\r\n'),
      frame(b, a, TCP_ACK, 501, 701),
    ]);
    expect(n.ours.map((x) => x.split(' ')[0])).toEqual(['0', '1', '0', '1', '0', '1']);
    expect(n.ours).toEqual(n.tshark);
    expect(n.packedVerdicts).toEqual(n.verdicts);
  });

  it('starts a new stream when ports are reused as tshark decides, and only then', async () => {
    const n = await namesOf([
      // a connection, closed
      frame(c4, s4, TCP_SYN, 1000),
      frame(s4, c4, TCP_SYN | TCP_ACK, 5000, 1001),
      frame(c4, s4, TCP_ACK | TCP_PSH, 1001, 5001, 'USER a\r\n'),
      frame(c4, s4, TCP_FIN | TCP_ACK, 1009, 5001),
      frame(s4, c4, TCP_FIN | TCP_ACK, 5001, 1010),
      // the same ports again, a new initial sequence number: a new stream
      frame(c4, s4, TCP_SYN, 2000),
      // that SYN again (retransmitted): the same stream
      frame(c4, s4, TCP_SYN, 2000),
      // a SYN-ACK with another sequence number than the server's first: still the same stream
      frame(s4, c4, TCP_SYN | TCP_ACK, 6000, 2001),
      frame(s4, c4, TCP_SYN | TCP_ACK, 6100, 2001),
      frame(c4, s4, TCP_ACK, 2001, 6101),
      // reset, then a SYN with the sequence number of the second SYN: the same stream
      frame(c4, s4, TCP_RST, 2001),
      frame(c4, s4, TCP_SYN, 2000),
      // a SYN from the server's side on the same ports, another number: a new stream
      frame(s4, c4, TCP_SYN, 9000),
      // a connection first seen mid-way (base = seq − 1), then a SYN with exactly that number: the same stream
      frame({ ip: '10.0.0.5', port: 41000 }, s4, TCP_ACK, 3001, 8001),
      frame({ ip: '10.0.0.5', port: 41000 }, s4, TCP_SYN, 3000),
      // first seen from the server (the client's base is its ack − 1): a client SYN with that number joins it
      frame(s4, { ip: '10.0.0.6', port: 42000 }, TCP_ACK, 7001, 4001),
      frame({ ip: '10.0.0.6', port: 42000 }, s4, TCP_SYN, 4000),
      frame({ ip: '10.0.0.6', port: 42000 }, s4, TCP_SYN, 4444),
    ]);
    expect(n.ours.map((x) => Number(x.split(' ')[0]))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 3, 3, 4, 4, 5]);
    expect(n.ours).toEqual(n.tshark);
    expect(n.packedVerdicts).toEqual(n.verdicts);
  });

  const committed = [
    ...readdirSync('samples')
      .filter((f) => f.endsWith('.pcapng'))
      .map((f) => join('samples', f)),
    // the robustness captures whose connections are the hardest to tell apart (the rest: test/integration)
    ...[
      'port-reuse',
      'concurrent-sessions',
      'nonstandard-ports',
      'mid-session',
      'starts-mid-transfer',
      'loss-dup-reorder',
      'port-flood-connect',
      'refused-425-reset-426',
    ].map((f) => join('test/fixtures/robustness', `${f}.pcapng`)),
  ];

  it.each(committed)('gives every TCP frame of %s the stream and addresses tshark gives it', async (path) => {
    const n = await names(path);
    expect(n.ours.length).toBeGreaterThan(0);
    expect(n.ours).toEqual(n.tshark);
    expect(n.packedVerdicts).toEqual(n.verdicts);
  });
});
