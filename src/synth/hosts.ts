// Test-only hosts (10.0.x.y and fd00::/16 private addresses), their MACs and their ephemeral ports.

import type { Prng } from './prng.js';

export type Family = 4 | 6;

/** One machine in the synthetic network. */
export interface Host {
  family: Family;
  /** Textual address, IPv6 in compressed form (as tshark and ftp-report print it). */
  ip: string;
  /** The address as 4 or 16 bytes. */
  ipBytes: Buffer;
  /** A locally administered MAC address (02:…). */
  mac: Buffer;
}

export const SERVER_COUNT = 4;
export const CLIENT_COUNT = 250;

function mac(index: number): Buffer {
  return Buffer.from([0x02, 0x00, 0x5e, (index >> 16) & 0xff, (index >> 8) & 0xff, index & 0xff]);
}

function ipv4(c: number, d: number): Host {
  const bytes = Buffer.from([10, 0, c, d]);
  return { family: 4, ip: `10.0.${c}.${d}`, ipBytes: bytes, mac: mac((4 << 16) | (c << 8) | d) };
}

function ipv6(group7: number, group8: number): Host {
  const bytes = Buffer.alloc(16);
  bytes[0] = 0xfd;
  bytes.writeUInt16BE(group7, 12);
  bytes.writeUInt16BE(group8, 14);
  const ip = group7 === 0 ? `fd00::${group8.toString(16)}` : `fd00::${group7.toString(16)}:${group8.toString(16)}`;
  return { family: 6, ip, ipBytes: bytes, mac: mac((6 << 16) | ((group7 & 0xff) << 8) | (group8 & 0xff)) };
}

/** Server n (0-based): 10.0.0.(n+1) or fd00::(n+1). */
export function serverHost(family: Family, n: number): Host {
  return family === 4 ? ipv4(0, n + 1) : ipv6(0, n + 1);
}

/** Client n (0-based): 10.0.1.(n+1) or fd00::1:(n+1). */
export function clientHost(family: Family, n: number): Host {
  return family === 4 ? ipv4(1, n + 1) : ipv6(1, n + 1);
}

/** The FTP PORT/PASV form of an IPv4 address and port: "10,0,1,5,156,64". */
export function hostPortCommas(ip: string, port: number): string {
  return `${ip.replace(/\./g, ',')},${port >> 8},${port & 0xff}`;
}

const EPHEMERAL_LO = 32768;
const EPHEMERAL_HI = 60999;

/** Hands out a host's ephemeral ports in a rising, randomly stepped order, so no 4-tuple repeats early. */
export class PortAllocator {
  private readonly next = new Map<string, number>();
  constructor(private readonly prng: Prng) {}

  take(host: Host): number {
    let port = this.next.get(host.ip) ?? this.prng.int(EPHEMERAL_LO, EPHEMERAL_LO + 8000);
    if (port > EPHEMERAL_HI) port = EPHEMERAL_LO + (port - EPHEMERAL_HI);
    this.next.set(host.ip, port + this.prng.int(1, 3));
    return port;
  }
}

/** Passive-mode listening ports of a server, in 40000..49999. */
export class PassivePortAllocator {
  private readonly next = new Map<string, number>();
  constructor(private readonly prng: Prng) {}

  take(host: Host): number {
    let port = this.next.get(host.ip) ?? this.prng.int(40000, 45000);
    if (port > 49999) port = 40000 + (port - 49999);
    this.next.set(host.ip, port + this.prng.int(1, 5));
    return port;
  }
}
