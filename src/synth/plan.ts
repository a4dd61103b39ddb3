// Decides every session and transfer up front (small: no packets), from the options and the seed.

import {
  clientHost,
  CLIENT_COUNT,
  type Family,
  type Host,
  PassivePortAllocator,
  PortAllocator,
  serverHost,
  SERVER_COUNT,
} from './hosts.js';
import type { SynthConfig } from './options.js';
import { Prng } from './prng.js';

export type TransferCommand = 'LIST' | 'RETR' | 'STOR';
export type TransferMode = 'active' | 'passive';
export type SetupCommand = 'PORT' | 'PASV' | 'EPRT' | 'EPSV';

export interface PlannedTransfer {
  command: TransferCommand;
  /** File name, null for LIST. */
  arg: string | null;
  direction: 'download' | 'upload' | 'listing';
  mode: TransferMode;
  setupCommand: SetupCommand;
  /** Payload bytes of the data connection. */
  bytes: number;
  /** Client's data port (it connects from it in passive mode, listens on it in active mode). */
  clientDataPort: number;
  /** Server's data port: 20 in active mode, the announced port in passive mode. */
  serverDataPort: number;
  /** Where this file starts in the shared 64 KiB content pattern. */
  contentSalt: number;
}

export interface PlannedSession {
  /** 0-based; ftp-report names it S(index+1) since sessions start in this order. */
  index: number;
  family: Family;
  client: Host;
  clientPort: number;
  server: Host;
  user: string;
  password: string;
  /** Start (the client's SYN) in microseconds since the capture start. */
  startUs: number;
  rttUs: number;
  /** Bottleneck rate of the path, bits per second. */
  rateBps: number;
  hostDelayUs: number;
  /** Scripted clients answer in a millisecond or so; interactive ones take seconds (so delayed ACKs show). */
  interactive: boolean;
  transfers: PlannedTransfer[];
  /** The LIST reply body (transfer 0 is always LIST). */
  listing: Buffer;
}

export interface Plan {
  sessions: PlannedSession[];
  /** Estimated capture size in bytes. */
  estimatedBytes: number;
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'anonymous'];
const RATES = [100e6, 200e6, 500e6, 1e9];

/** Bytes a packet costs in the file besides its TCP payload: record header, Ethernet, IP, TCP with timestamps. */
export function packetOverhead(family: Family, format: SynthConfig['format']): number {
  return (format === 'pcap' ? 16 : 34) + 14 + (family === 4 ? 20 : 40) + 32;
}

/** Payload bytes per full data segment. */
export function segmentSize(family: Family): number {
  return family === 4 ? 1448 : 1428;
}

/** Estimated file bytes of one transfer: data segments, an ACK per second segment, handshake, teardown, commands. */
export function estimateTransferBytes(bytes: number, family: Family, format: SynthConfig['format']): number {
  const ovh = packetOverhead(family, format);
  const segs = Math.ceil(bytes / segmentSize(family));
  return bytes + segs * ovh + Math.floor(segs / 2) * ovh + 6 * (ovh + 8) + 8 * (ovh + 30);
}

/** Estimated file bytes of a session without its transfers: handshake, login, QUIT, teardown, delayed ACKs. */
export function estimateSessionBytes(family: Family, format: SynthConfig['format']): number {
  return 20 * (packetOverhead(family, format) + 24);
}

function listingLine(size: number, name: string, day: number): string {
  const perms = name.endsWith('/') ? 'drwxr-xr-x' : '-rw-r--r--';
  const clean = name.replace(/\/$/, '');
  const date = `Jan ${String(day).padStart(2)} 08:${String(day + 10).padStart(2, '0')}`;
  return `${perms}    1 1000     1000     ${String(size).padStart(10)} ${date} ${clean}\r\n`;
}

/** A vsftpd-style listing naming the files this session downloads, plus a few others. */
function makeListing(s: PlannedSession, prng: Prng): Buffer {
  let text = listingLine(4096, 'pub/', 2) + listingLine(prng.int(200, 4000), 'README.txt', 3);
  for (const t of s.transfers) {
    if (t.command === 'RETR' && t.arg) text += listingLine(t.bytes, t.arg, prng.int(1, 14));
  }
  for (let i = prng.int(0, 6); i > 0; i--)
    text += listingLine(prng.int(1000, 5_000_000), `archive-${prng.int(1000, 9999)}.tar.gz`, prng.int(1, 14));
  return Buffer.from(text, 'latin1');
}

/** Builds the plan: sessions staggered in time, each a LIST then RETR/STOR transfers until the size target is met. */
export function buildPlan(cfg: SynthConfig): Plan {
  const prng = new Prng(cfg.seed).fork('plan');
  const ports = new PortAllocator(prng.fork('ports'));
  const pasvPorts = new PassivePortAllocator(prng.fork('pasv'));
  const sessions: PlannedSession[] = [];
  let est = cfg.format === 'pcap' ? 24 : 80;
  let startUs = 0;
  let fileNo = 0;

  const addTransfer = (s: PlannedSession, command: TransferCommand, bytes: number): PlannedTransfer => {
    const mode: TransferMode = prng.chance(cfg.passiveShare) ? 'passive' : 'active';
    const setupCommand: SetupCommand =
      s.family === 4 ? (mode === 'passive' ? 'PASV' : 'PORT') : mode === 'passive' ? 'EPSV' : 'EPRT';
    fileNo += 1;
    const t: PlannedTransfer = {
      command,
      arg:
        command === 'LIST'
          ? null
          : command === 'RETR'
            ? `data-${String(fileNo).padStart(5, '0')}.bin`
            : `upload-${String(fileNo).padStart(5, '0')}.bin`,
      direction: command === 'LIST' ? 'listing' : command === 'RETR' ? 'download' : 'upload',
      mode,
      setupCommand,
      bytes,
      clientDataPort: ports.take(s.client),
      serverDataPort: mode === 'passive' ? pasvPorts.take(s.server) : 20,
      contentSalt: prng.int(0, 65535),
    };
    s.transfers.push(t);
    return t;
  };

  const fileSize = (): number => {
    const j = cfg.sizeJitter;
    return Math.max(1, Math.round(cfg.transferSize * (1 + (j > 0 ? prng.range(-j, j) : 0))));
  };

  for (let i = 0; i < cfg.sessions; i++) {
    const family: Family = prng.chance(cfg.ipv6Share) ? 6 : 4;
    const client = clientHost(family, prng.int(0, Math.min(CLIENT_COUNT, cfg.sessions) - 1));
    const server = serverHost(family, prng.int(0, SERVER_COUNT - 1));
    const user = prng.pick(USERS);
    startUs += i === 0 ? 0 : Math.max(1, Math.round(-Math.log(1 - prng.next()) * cfg.sessionGapMs * 1000));
    const s: PlannedSession = {
      index: i,
      family,
      client,
      clientPort: ports.take(client),
      server,
      user,
      password: user === 'anonymous' ? 'guest@example.com' : `pw-${prng.u32().toString(16).padStart(8, '0')}`,
      startUs,
      rttUs: Math.round(200 * Math.pow(100, prng.next())), // 0.2 ms .. 20 ms, log-uniform
      rateBps: prng.pick(RATES),
      hostDelayUs: prng.int(8, 40),
      interactive: prng.chance(0.2),
      transfers: [],
      listing: Buffer.alloc(0),
    };
    addTransfer(s, 'LIST', 0);
    sessions.push(s);
    est += estimateSessionBytes(family, cfg.format) + estimateTransferBytes(1000, family, cfg.format);
  }

  const fileCommand = (): TransferCommand => (prng.chance(cfg.uploadShare) ? 'STOR' : 'RETR');
  if (cfg.size === null) {
    for (const s of sessions) for (let k = 0; k < cfg.transfers; k++) addTransfer(s, fileCommand(), fileSize());
  } else {
    for (let k = 0; est < cfg.size; k++) {
      const s = sessions[k % sessions.length]!;
      const perByte = estimateTransferBytes(2 ** 20, s.family, cfg.format) / 2 ** 20;
      const remaining = Math.max(1, Math.floor((cfg.size - est) / perByte));
      const t = addTransfer(s, fileCommand(), Math.min(fileSize(), remaining));
      est += estimateTransferBytes(t.bytes, s.family, cfg.format);
    }
  }

  est = cfg.format === 'pcap' ? 24 : 80;
  for (const s of sessions) {
    s.listing = makeListing(s, prng.fork(`listing/${s.index}`));
    s.transfers[0]!.bytes = s.listing.length;
    est += estimateSessionBytes(s.family, cfg.format);
    for (const t of s.transfers) est += estimateTransferBytes(t.bytes, s.family, cfg.format);
  }
  return { sessions, estimatedBytes: est };
}
