// Reading TCP headers from raw frames (the fast path's counted segments): link types, IPv4/IPv6, and what is refused.
import { describe, expect, it } from 'vitest';
import {
  LINK_ETHERNET,
  LINK_IPV4,
  LINK_LOOP,
  LINK_NULL,
  LINK_RAW,
  LINK_SLL,
  LINK_SLL2,
  readWireTcp,
} from '../../src/capture/wire.js';

/** A TCP header: ports 40000 → 21, seq 0x01020304, flags PSH|ACK, no options. */
const tcp = (): number[] => [0x9c, 0x40, 0x00, 0x15, 1, 2, 3, 4, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0];

function ipv4(payload: number, extra: Partial<{ proto: number; frag: number; total: number }> = {}): number[] {
  const total = extra.total ?? 20 + 20 + payload;
  const frag = extra.frag ?? 0x4000; // DF
  return [
    0x45,
    0,
    total >> 8,
    total & 0xff,
    0,
    0,
    frag >> 8,
    frag & 0xff,
    64,
    extra.proto ?? 6,
    0,
    0,
    10,
    0,
    0,
    1,
    10,
    0,
    0,
    2,
  ];
}

function ipv6(payload: number, next = 6): number[] {
  const len = 20 + payload;
  const addr = (last: number) => [0xfd, 0, ...Array(13).fill(0), last];
  return [0x60, 0, 0, 0, len >> 8, len & 0xff, next, 64, ...addr(1), ...addr(2)];
}

const data = (n: number): number[] => Array(n).fill(0x41);
const eth = (type: number): number[] => [...Array(12).fill(0), type >> 8, type & 0xff];

function read(link: number, bytes: number[], origLen = bytes.length) {
  return readWireTcp(link, Uint8Array.from(bytes), bytes.length, origLen);
}

describe('readWireTcp', () => {
  it('Ethernet + IPv4: ports, sequence, flags, payload length and where it starts', () => {
    const w = read(LINK_ETHERNET, [...eth(0x0800), ...ipv4(5), ...tcp(), ...data(5)]);
    expect(w).toMatchObject({ srcPort: 40000, dstPort: 21, seq: 0x01020304, flags: 0x018, len: 5, payloadAt: 54 });
    expect(w!.srcKey).not.toBe(w!.dstKey);
  });

  it('the payload length comes from the IP length, not from the bytes captured (snaplen) nor Ethernet padding', () => {
    const frame = [...eth(0x0800), ...ipv4(100), ...tcp(), ...data(10)];
    expect(readWireTcp(LINK_ETHERNET, Uint8Array.from(frame), frame.length, 14 + 140)!.len).toBe(100);
    const padded = [...eth(0x0800), ...ipv4(0), ...tcp(), 0, 0, 0, 0, 0, 0];
    expect(read(LINK_ETHERNET, padded)!.len).toBe(0);
  });

  it('VLAN and QinQ tags, Linux cooked v1 and v2, raw IP, BSD loopback (both byte orders) and LOOP', () => {
    const ip = [...ipv4(3), ...tcp(), ...data(3)];
    expect(read(LINK_ETHERNET, [...eth(0x88a8), 0, 1, 0x81, 0x00, 0, 2, 0x08, 0x00, ...ip])!.len).toBe(3);
    expect(read(LINK_SLL, [0, 0, 0, 1, 0, 6, ...Array(8).fill(0), 0x08, 0x00, ...ip])!.len).toBe(3);
    expect(read(LINK_SLL2, [0x08, 0x00, ...Array(18).fill(0), ...ip])!.len).toBe(3);
    expect(read(LINK_RAW, ip)!.len).toBe(3);
    expect(read(LINK_IPV4, ip)!.len).toBe(3);
    expect(read(LINK_NULL, [2, 0, 0, 0, ...ip])!.len).toBe(3);
    expect(read(LINK_NULL, [0, 0, 0, 2, ...ip])!.len).toBe(3);
    expect(read(LINK_LOOP, [0, 0, 0, 2, ...ip])!.len).toBe(3);
    expect(read(LINK_NULL, [30, 0, 0, 0, ...ipv6(2), ...tcp(), ...data(2)])!.len).toBe(2);
  });

  it('IPv6 without extension headers', () => {
    const w = read(LINK_ETHERNET, [...eth(0x86dd), ...ipv6(7), ...tcp(), ...data(7)]);
    expect(w).toMatchObject({ srcPort: 40000, dstPort: 21, len: 7 });
    expect(w!.srcKey.length).toBe(18);
  });

  it('leaves to tshark: fragments, other protocols, extension headers, short captures, IP past the frame', () => {
    expect(read(LINK_ETHERNET, [...eth(0x0800), ...ipv4(0, { frag: 0x2000 }), ...tcp()])).toBeNull(); // MF
    expect(read(LINK_ETHERNET, [...eth(0x0800), ...ipv4(0, { frag: 0x0010 }), ...tcp()])).toBeNull(); // offset
    expect(read(LINK_ETHERNET, [...eth(0x0800), ...ipv4(0, { proto: 17 }), ...tcp()])).toBeNull();
    expect(read(LINK_ETHERNET, [...eth(0x86dd), ...ipv6(0, 0), ...tcp()])).toBeNull();
    expect(read(LINK_ETHERNET, [...eth(0x0806), ...Array(28).fill(0)])).toBeNull();
    expect(read(LINK_ETHERNET, [...eth(0x0800), ...ipv4(0), ...tcp().slice(0, 12)])).toBeNull();
    expect(read(LINK_ETHERNET, [...eth(0x0800), ...ipv4(0, { total: 500 }), ...tcp()])).toBeNull();
    // the TCP header goes past the IP end
    expect(read(LINK_ETHERNET, [...eth(0x0800), ...ipv4(0, { total: 30 }), ...tcp()])).toBeNull();
    expect(read(147, [...ipv4(0), ...tcp()])).toBeNull(); // a link type not read here
  });
});
