// Which packets tshark must dissect and which may be counted here: the selection rules, one per test.
import { describe, expect, it } from 'vitest';
import type { WireTcp } from '../../src/capture/wire.js';
import {
  connectionKey,
  chooseLean,
  newConnState,
  SelectionPolicy,
  type PolicyOptions,
  type Verdict,
} from '../../src/driver/selection-policy.js';
import { SELECT_LIMITS } from '../../src/protocol/defaults.js';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../../src/protocol/tcp.js';

const HEAD = SELECT_LIMITS.head;

function options(extra: Partial<PolicyOptions> = {}): PolicyOptions {
  return { ftpPorts: new Set([21]), ftpsPorts: new Set([990]), detectFtp: true, limits: SELECT_LIMITS, ...extra };
}

/** A side key as readWireTcp makes them: address bytes, then the port's two bytes. */
const side = (ip: string, port: number): string =>
  ip
    .split('.')
    .map((n) => String.fromCharCode(Number(n)))
    .join('') + String.fromCharCode(port >> 8, port & 0xff);

/** One segment from client 10.0.0.1:40000 to server 10.0.0.2:`port` (or back, with `reply`). */
function seg(port: number, flags: number, len = 0, reply = false): WireTcp {
  const c = { key: side('10.0.0.1', 40000), port: 40000 };
  const s = { key: side('10.0.0.2', port), port };
  const [from, to] = reply ? [s, c] : [c, s];
  return {
    srcKey: from.key,
    dstKey: to.key,
    srcPort: from.port,
    dstPort: to.port,
    flags,
    seq: 1,
    ack: 0,
    len,
    payloadAt: 0,
  };
}

/** Frame bytes whose payload (at offset 0) is `text`. */
const payload = (text: string): Buffer => Buffer.from(text, 'latin1');

/** Feeds a policy `n` ordinary segments of `len` bytes of `text` and returns their verdicts. */
function ordinary(policy: SelectionPolicy, port: number, n: number, text = 'x'.repeat(100)): Verdict[] {
  const frame = payload(text);
  const out: Verdict[] = [];
  for (let i = 0; i < n; i += 1) {
    out.push(policy.choose(seg(port, TCP_ACK | TCP_PSH, frame.length), frame, frame.length, true).verdict);
  }
  return out;
}

const handshake = (policy: SelectionPolicy, port: number): Verdict[] => [
  policy.choose(seg(port, TCP_SYN), Buffer.alloc(0), 0, true).verdict,
  policy.choose(seg(port, TCP_SYN | TCP_ACK, 0, true), Buffer.alloc(0), 0, true).verdict,
];

describe('selection policy', () => {
  it('gives tshark every packet that is not plain TCP', () => {
    const choice = new SelectionPolicy(options()).choose(null, Buffer.alloc(60), 60, true);
    expect(choice).toEqual({ verdict: 'tshark', conn: null, fromA: true });
  });

  it('gives tshark the first head ordinary segments of a data connection, then holds the rest for its tail', () => {
    const verdicts = ordinary(new SelectionPolicy(options()), 50000, HEAD + 5);
    expect(verdicts.slice(0, HEAD)).toEqual(Array(HEAD).fill('tshark'));
    expect(verdicts.slice(HEAD)).toEqual(Array(5).fill('tail'));
  });

  it('keeps every segment of a connection on the FTP control port, from either side', () => {
    const policy = new SelectionPolicy(options());
    expect(ordinary(policy, 21, HEAD * 2)).not.toContain('tail');
    const reply = payload('x'.repeat(100));
    expect(policy.choose(seg(21, TCP_ACK, 100, true), reply, 100, true).verdict).toBe('tshark');
  });

  it('keeps every segment of a connection on a port the user named as FTP', () => {
    const policy = new SelectionPolicy(options({ ftpPorts: new Set([21, 2121]) }));
    expect(ordinary(policy, 2121, HEAD * 2)).not.toContain('tail');
  });

  it('keeps every segment of a connection on the implicit FTPS port', () => {
    expect(ordinary(new SelectionPolicy(options()), 990, HEAD * 2)).not.toContain('tail');
  });

  it('keeps every segment of a stream whose first payload is an FTP greeting, on any port', () => {
    const policy = new SelectionPolicy(options());
    const greeting = payload('220 ProFTPD ready\r\n');
    expect(
      policy.choose(seg(2121, TCP_ACK | TCP_PSH, greeting.length, true), greeting, greeting.length, true).verdict,
    ).toBe('tshark');
    expect(ordinary(policy, 2121, HEAD * 2)).not.toContain('tail');
  });

  it('keeps every segment of a stream whose first payload is a typical first client command', () => {
    expect(ordinary(new SelectionPolicy(options()), 2121, HEAD * 2, 'USER anonymous\r\n')).not.toContain('tail');
  });

  it('judges only the first payload: FTP-like text later in a data stream does not keep it', () => {
    const policy = new SelectionPolicy(options());
    ordinary(policy, 50000, 1, 'binary data here');
    expect(ordinary(policy, 50000, HEAD + 1, '220 looks like a greeting')).toContain('tail');
  });

  it('with a TLS key log, keeps every segment of a stream that opens with a TLS handshake record', () => {
    const hello = '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03';
    const verdicts = ordinary(new SelectionPolicy(options({ keepTls: true })), 50000, HEAD + 5, hello);
    expect(verdicts).toEqual(Array(HEAD + 5).fill('tshark'));
  });

  it('without a key log, thins a TLS data connection like any other', () => {
    const hello = '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03';
    expect(ordinary(new SelectionPolicy(options()), 50000, HEAD + 1, hello).at(-1)).toBe('tail');
  });

  it('with a TLS key log, still thins a clear data connection (PROT C)', () => {
    const verdicts = ordinary(new SelectionPolicy(options({ keepTls: true })), 50000, HEAD + 1, 'plain file data');
    expect(verdicts.at(-1)).toBe('tail');
  });

  it('thins a stream that starts like FTP when detection is off', () => {
    const verdicts = ordinary(new SelectionPolicy(options({ detectFtp: false })), 2121, HEAD + 1, '220 ready\r\n');
    expect(verdicts.at(-1)).toBe('tail');
  });

  it('keeps a stream whose first payload was cut short by the snap length (it cannot be judged)', () => {
    const policy = new SelectionPolicy(options());
    const cut = payload('binary');
    // 1000 bytes of payload on the wire, 6 of them captured
    expect(policy.choose(seg(50000, TCP_ACK, 1000), cut, cut.length, true).verdict).toBe('tshark');
    expect(ordinary(policy, 50000, HEAD * 2)).not.toContain('tail');
  });

  it('with detection on, holds nothing back before the first payload was judged', () => {
    const policy = new SelectionPolicy(options());
    expect(ordinary(policy, 50000, HEAD * 2, '')).not.toContain('tail');
  });

  it('with detection off, thins segments without payload past the head', () => {
    const policy = new SelectionPolicy(options({ detectFtp: false }));
    expect(ordinary(policy, 50000, HEAD + 1, '').at(-1)).toBe('tail');
  });

  it('gives tshark every SYN, and SYNs do not use up the head', () => {
    const policy = new SelectionPolicy(options());
    expect(handshake(policy, 50000)).toEqual(['tshark', 'tshark']);
    const verdicts = ordinary(policy, 50000, HEAD + 1);
    expect(verdicts.indexOf('tail')).toBe(HEAD);
  });

  it('gives tshark a FIN and everything after it', () => {
    const policy = new SelectionPolicy(options());
    ordinary(policy, 50000, HEAD);
    expect(policy.choose(seg(50000, TCP_FIN | TCP_ACK), Buffer.alloc(0), 0, true).verdict).toBe('tshark');
    expect(ordinary(policy, 50000, 5)).toEqual(Array(5).fill('tshark'));
  });

  it('gives tshark an RST and everything after it', () => {
    const policy = new SelectionPolicy(options());
    ordinary(policy, 50000, HEAD);
    expect(policy.choose(seg(50000, TCP_RST, 0, true), Buffer.alloc(0), 0, true).verdict).toBe('tshark');
    expect(ordinary(policy, 50000, 5)).toEqual(Array(5).fill('tshark'));
  });

  it('gives tshark a segment whose capture time is not plain (a counted segment needs its time)', () => {
    const policy = new SelectionPolicy(options());
    ordinary(policy, 50000, HEAD);
    const frame = payload('x'.repeat(100));
    expect(policy.choose(seg(50000, TCP_ACK, 100), frame, 100, false).verdict).toBe('tshark');
  });

  it('starts a new connection (and a new head) on a SYN after the ports carried data', () => {
    const policy = new SelectionPolicy(options());
    ordinary(policy, 50000, HEAD + 3);
    const first = policy.choose(seg(50000, TCP_SYN), Buffer.alloc(0), 0, true);
    expect(first.conn!.ordinary).toBe(0);
    expect(ordinary(policy, 50000, HEAD)).toEqual(Array(HEAD).fill('tshark'));
  });

  it('treats both directions as one connection; side A is the side seen first', () => {
    const policy = new SelectionPolicy(options());
    const a = policy.choose(seg(50000, TCP_SYN), Buffer.alloc(0), 0, true);
    const b = policy.choose(seg(50000, TCP_SYN | TCP_ACK, 0, true), Buffer.alloc(0), 0, true);
    expect(b.conn).toBe(a.conn);
    expect([a.fromA, b.fromA]).toEqual([true, false]);
  });
});

describe('selection policy: the connection table rules', () => {
  it('gives both directions of a connection the same key, and other ports another', () => {
    expect(connectionKey(seg(50000, TCP_ACK))).toBe(connectionKey(seg(50000, TCP_ACK, 0, true)));
    expect(connectionKey(seg(50000, TCP_ACK))).not.toBe(connectionKey(seg(50001, TCP_ACK)));
  });

  it('does not start a new connection on a retransmitted SYN (the same sequence number)', () => {
    const policy = new SelectionPolicy(options());
    const a = policy.choose(seg(50000, TCP_SYN), Buffer.alloc(0), 0, true);
    const b = policy.choose(seg(50000, TCP_SYN), Buffer.alloc(0), 0, true);
    expect(b.conn).toBe(a.conn);
  });

  it('starts a new connection, numbered next, on a SYN with another sequence number, even without data', () => {
    const policy = new SelectionPolicy(options());
    const a = policy.choose(seg(50000, TCP_SYN), Buffer.alloc(0), 0, true);
    const other = policy.choose(seg(50001, TCP_SYN), Buffer.alloc(0), 0, true);
    const b = policy.choose({ ...seg(50000, TCP_SYN), seq: 77 }, Buffer.alloc(0), 0, true);
    expect([a.conn!.stream, other.conn!.stream, b.conn!.stream]).toEqual([0, 1, 2]);
  });

  it('does not start a new connection on a SYN-ACK, even with another sequence number', () => {
    const policy = new SelectionPolicy(options());
    const a = policy.choose(seg(50000, TCP_SYN | TCP_ACK, 0, true), Buffer.alloc(0), 0, true);
    const b = policy.choose({ ...seg(50000, TCP_SYN | TCP_ACK, 0, true), seq: 9 }, Buffer.alloc(0), 0, true);
    expect(b.conn).toBe(a.conn);
  });

  it("names a connection's sides with their addresses as tshark prints them", () => {
    const c = newConnState(seg(50000, TCP_SYN), options(), 7);
    expect([c.stream, c.ipA, c.ipB, c.portA, c.portB]).toEqual([7, '10.0.0.1', '10.0.0.2', 40000, 50000]);
  });
});

describe('selection policy, lean (no packet rows, no key log)', () => {
  const lean = (extra: Partial<PolicyOptions> = {}): PolicyOptions => options({ lean: true, lua: true, ...extra });
  const text = (t: string): [Buffer, number] => [payload(t), t.length];

  it('gives tshark nothing of a data connection: handshake, data, teardown', () => {
    const policy = new SelectionPolicy(lean());
    const verdicts = [
      ...handshake(policy, 50000),
      ...ordinary(policy, 50000, 40),
      policy.choose(seg(50000, TCP_FIN | TCP_ACK), Buffer.alloc(0), 0, true).verdict,
      policy.choose(seg(50000, TCP_RST, 0, true), Buffer.alloc(0), 0, true).verdict,
    ];
    expect(new Set(verdicts)).toEqual(new Set(['own']));
  });

  it('makes the records of an FTP port connection here when its payload is wholly captured', () => {
    const policy = new SelectionPolicy(lean());
    const [frame, n] = text('USER anonymous\r\n');
    expect(handshake(policy, 21)).toEqual(['own', 'own']);
    const c = policy.choose(seg(21, TCP_ACK | TCP_PSH, n), frame, n, true);
    expect([c.verdict, c.conn!.control]).toEqual(['own', true]);
  });

  it('gives tshark a control segment whose payload was cut short by the snap length', () => {
    const policy = new SelectionPolicy(lean());
    const [frame] = text('USER anonym');
    expect(policy.choose(seg(21, TCP_ACK | TCP_PSH, 16), frame, 11, true).verdict).toBe('tshark');
  });

  it('gives tshark every payload segment of FTP found on another port, none of its empty ones', () => {
    const policy = new SelectionPolicy(lean());
    const [frame, n] = text('220 ready\r\n');
    expect(policy.choose(seg(2121, TCP_SYN), Buffer.alloc(0), 0, true).verdict).toBe('own');
    expect(policy.choose(seg(2121, TCP_ACK | TCP_PSH, n, true), frame, n, true).verdict).toBe('tshark');
    expect(policy.choose(seg(2121, TCP_ACK), Buffer.alloc(0), 0, true).verdict).toBe('own');
    expect(ordinary(policy, 2121, 2, 'USER x\r\n')).toEqual(['tshark', 'tshark']);
  });

  it('gives tshark the payload of a connection whose first payload it alone can judge', () => {
    const policy = new SelectionPolicy(lean());
    const [frame] = text('22');
    expect(policy.choose(seg(2121, TCP_ACK | TCP_PSH, 100), frame, 2, true).verdict).toBe('tshark');
    expect(ordinary(policy, 2121, 1)).toEqual(['tshark']);
  });

  it('without Lua, reads every payload as control when detecting, and makes it here', () => {
    const policy = new SelectionPolicy(lean({ lua: false }));
    const [frame, n] = text('x'.repeat(100));
    const c = policy.choose(seg(50000, TCP_ACK | TCP_PSH, n), frame, n, true);
    expect([c.verdict, c.conn!.control]).toEqual(['own', true]);
    const d = chooseLean(seg(50000, TCP_ACK, 100), c.conn!, frame, 50, lean({ lua: false }));
    expect(d).toBe('tshark');
  });

  it('gives tshark a segment whose capture time is not plain', () => {
    const policy = new SelectionPolicy(lean());
    expect(policy.choose(seg(50000, TCP_SYN), Buffer.alloc(0), 0, false).verdict).toBe('tshark');
  });
});
