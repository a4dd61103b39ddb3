// The packed table of idle connections: a connection comes back equal in every field, whatever its flags, bases and
// addresses; the latest one stored for a pair wins; the table grows, or is spilled to a file, without losing any.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { IdleConns, ORDINARY_CAP, SpillFile } from '../../src/driver/idle-conns.js';
import { type ConnState, connectionKey, newConnState, type PolicyOptions } from '../../src/driver/selection-policy.js';
import { TCP_SYN } from '../../src/protocol/tcp.js';
import type { WireTcp } from '../../src/capture/wire.js';

const OPTIONS: PolicyOptions = {
  ftpPorts: new Set([21]),
  ftpsPorts: new Set([990]),
  detectFtp: true,
  limits: { head: 24, tail: 36 },
};

/** A side key: address bytes, then the port's two bytes. */
const side = (addr: number[], port: number): string => String.fromCharCode(...addr, port >> 8, port & 0xff);

/** A SYN from `src` to `dst` (side keys): enough of a header for newConnState and connectionKey. */
function syn(src: string, dst: string): WireTcp {
  const port = (k: string): number => (k.charCodeAt(k.length - 2) << 8) | k.charCodeAt(k.length - 1);
  return {
    srcKey: src,
    dstKey: dst,
    srcPort: port(src),
    dstPort: port(dst),
    flags: TCP_SYN,
    seq: 1,
    ack: 0,
  } as WireTcp;
}

/** The state of a connection from `src` to `dst`, numbered `stream`, with `fields` changed. */
function conn(src: string, dst: string, stream: number, fields: Partial<ConnState> = {}): [string, ConnState] {
  const w = syn(src, dst);
  return [connectionKey(w), { ...newConnState(w, OPTIONS, stream), ...fields }];
}

const V4_CLIENT = side([10, 0, 1, 7], 40123);
const V4_SERVER = side([10, 0, 0, 1], 21);
const V6_CLIENT = side([0xfd, 0, ...Array(11).fill(0), 1, 0, 7], 50000);
const V6_SERVER = side([0xfd, 0, ...Array(13).fill(0), 1], 20);

describe('idle connections, packed', () => {
  it('unpacks IPv4 and IPv6 connections equal in every field, opened from either side, flags set or not', () => {
    const cases: [string, ConnState][] = [
      conn(V4_CLIENT, V4_SERVER, 0),
      conn(V4_SERVER, side([10, 0, 1, 8], 40123), 7, {
        baseA: 0xffffffff,
        baseB: 0,
        ordinary: 3,
        payloadSeen: true,
        closing: true,
      }),
      conn(V6_CLIENT, V6_SERVER, 2 ** 31 + 5, { baseA: 2 ** 31, baseB: -1, keepAll: true, control: true }),
      conn(V6_SERVER, side([0xfd, 0, ...Array(11).fill(0), 1, 0, 8], 50000), 1, {
        baseA: -1,
        baseB: 123456,
        tsharkPayload: true,
        ordinary: 100000,
      }),
    ];
    const idle = new IdleConns();
    for (const [key, c] of cases) idle.put(key, c);
    for (const [key, c] of cases) expect(idle.get(key)).toEqual({ ...c, seen: 0 });
    expect(idle.get(cases[1]![0])!.ipA).toBe('10.0.0.1');
    expect(idle.get(cases[2]![0])!.ipB).toBe('fd00::1');
    expect(idle.size).toBe(4);
  });

  it('keeps a segment count past the cap as the cap (only ever compared with a head of dozens)', () => {
    const [key, c] = conn(V4_CLIENT, V4_SERVER, 3, { ordinary: ORDINARY_CAP + 10 });
    const idle = new IdleConns();
    idle.put(key, c);
    expect(idle.get(key)!.ordinary).toBe(ORDINARY_CAP);
    expect(ORDINARY_CAP).toBeGreaterThan(1_000_000);
  });

  it('holds the latest connection stored for a pair, and nothing for a pair never stored', () => {
    const idle = new IdleConns();
    const [key, first] = conn(V4_CLIENT, V4_SERVER, 1, { closing: true });
    idle.put(key, first);
    const [, second] = conn(V4_SERVER, V4_CLIENT, 9, { baseA: 77 });
    idle.put(key, second);
    expect(idle.size).toBe(1);
    expect(idle.get(key)).toEqual({ ...second, seen: 0 });
    expect(idle.get(connectionKey(syn(side([10, 0, 1, 7], 40124), V4_SERVER)))).toBeUndefined();
    expect(idle.get(connectionKey(syn(V6_CLIENT, V6_SERVER)))).toBeUndefined();
  });

  it('grows past many thousand pairs without losing one, and lists each once', () => {
    const idle = new IdleConns();
    const stored = new Map<string, ConnState>();
    for (let i = 0; i < 20_000; i += 1) {
      const client = side([10, 0, (i >> 8) & 0xff, i & 0xff], 1024 + (i % 60000));
      const [key, c] = conn(client, i % 2 ? V4_SERVER : side([10, 0, 0, 2], 20), i, { baseA: i * 7919, baseB: i });
      idle.put(key, c);
      stored.set(key, c);
    }
    expect(idle.size).toBe(stored.size);
    for (const [key, c] of stored) expect(idle.get(key)).toEqual({ ...c, seen: 0 });
    const listed = [...idle.entries()];
    expect(listed).toHaveLength(stored.size);
    for (const [key, c] of listed) expect(c).toEqual({ ...stored.get(key)!, seen: 0 });
  });

  it('spilled to a file in runs, gives back the latest connection of every pair, and lists each pair once', () => {
    // a table of 64 slots written out whenever it holds 48 pairs: 20,000 pairs make hundreds of runs
    const files = readdirSync(tmpdir()).filter((f) => f.startsWith('ftp-report-conns-')).length;
    const idle = new IdleConns(64);
    const model = new Map<string, ConnState>();
    let state = 12345;
    const random = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    for (let i = 0; i < 20_000; i += 1) {
      // a few thousand pairs, most of them stored again (over an entry in memory or in an older run), IPv4 and IPv6
      const n = random(3000);
      const client =
        n % 5 === 0
          ? side([0xfd, 0, ...Array(11).fill(0), 1, n >> 8, n & 0xff], 50000)
          : side([10, 1, n >> 8, n & 0xff], 40000);
      const server = n % 5 === 0 ? V6_SERVER : V4_SERVER;
      const [key, c] = random(2) ? conn(client, server, i, { baseA: i }) : conn(server, client, i, { closing: true });
      idle.put(key, c);
      model.set(key, c);
      if (i % 997 === 0) {
        for (const [k, v] of model) expect(idle.get(k)).toEqual({ ...v, seen: 0 });
      }
    }
    for (const [key, c] of model) expect(idle.get(key)).toEqual({ ...c, seen: 0 });
    for (let n = 3000; n < 3500; n += 1) {
      expect(idle.get(connectionKey(syn(side([10, 1, n >> 8, n & 0xff], 40000), V4_SERVER)))).toBeUndefined();
    }
    const listed = [...idle.entries()];
    expect(listed).toHaveLength(model.size);
    for (const [key, c] of listed) expect(c).toEqual({ ...model.get(key)!, seen: 0 });
    expect(idle.size).toBeGreaterThan(model.size);
    // the file has no name from the moment it is open
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('ftp-report-conns-')).length).toBe(files);
    idle.close();
  });

  it('grows in memory as before when the spill file cannot be made', () => {
    const noFile = (): number => {
      throw new Error('no temporary folder');
    };
    const idle = new IdleConns(64, new SpillFile(noFile));
    const stored = new Map<string, ConnState>();
    for (let i = 0; i < 5_000; i += 1) {
      const [key, c] = conn(side([10, 2, i >> 8, i & 0xff], 40000), V4_SERVER, i, { baseB: i });
      idle.put(key, c);
      stored.set(key, c);
    }
    expect(idle.size).toBe(stored.size);
    for (const [key, c] of stored) expect(idle.get(key)).toEqual({ ...c, seen: 0 });
    expect([...idle.entries()]).toHaveLength(stored.size);
  });
});
