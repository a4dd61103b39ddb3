// The synthesizer's entry: plans the sessions, plays them interleaved in time, streams the packets to a capture file.

import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { CaptureWriter } from './capture-writer.js';
import { FtpSessionPlayer } from './ftp-session.js';
import { normalizeOptions, type SynthConfig, type SynthOptions } from './options.js';
import { PacketQueue } from './packet.js';
import { buildPlan, type PlannedSession } from './plan.js';
import { Prng } from './prng.js';
import { PATTERN_SIZE } from './tcp.js';

export interface SynthAddr {
  ip: string;
  port: number;
}

/** One transfer as ftp-report should find it. */
export interface SynthTransfer {
  command: 'LIST' | 'RETR' | 'STOR';
  arg: string | null;
  direction: 'download' | 'upload' | 'listing';
  mode: 'active' | 'passive';
  setupCommand: 'PORT' | 'PASV' | 'EPRT' | 'EPSV';
  bytes: number;
  /** The data connection: who sent the SYN, from where, to where. */
  data: { initiator: 'client' | 'server'; src: SynthAddr; dst: SynthAddr; openedBeforeCommand: boolean };
}

/** One control session as ftp-report should find it. */
export interface SynthSession {
  id: string;
  family: 4 | 6;
  client: SynthAddr;
  server: SynthAddr;
  user: string;
  password: string;
  transfers: SynthTransfer[];
}

/** What was written: the ground truth a test or a benchmark compares with. */
export interface SynthSummary {
  config: SynthConfig;
  format: 'pcap' | 'pcapng';
  /** File size in bytes. */
  bytes: number;
  packets: number;
  /** Capture time of the last packet in seconds. */
  durationS: number;
  /** Data segments that were lost once and retransmitted. */
  lostSegments: number;
  sessions: SynthSession[];
}

export interface SynthRun {
  /** Called after every flushed MiB with the bytes written so far. */
  onProgress?: (bytes: number) => void;
}

/**
 * Writes a capture to `out` (a path, or any Writable for tests). Never holds more than one chunk and the in-flight
 * packets.
 */
export async function synthesizeCapture(
  options: SynthOptions,
  out: string | Writable,
  run: SynthRun = {},
): Promise<SynthSummary> {
  const config = normalizeOptions(options, typeof out === 'string' ? out : undefined);
  const plan = buildPlan(config);
  const stream = typeof out === 'string' ? createWriteStream(out) : out;
  const writer = new CaptureWriter(stream, config.format, config.startEpochSeconds * 1_000_000);
  const queue = new PacketQueue();
  const root = new Prng(config.seed);
  const pattern = makePattern(root.fork('content'));

  interface Running {
    player: FtpSessionPlayer;
    steps: Generator<number, void>;
    now: number;
  }
  const running: Running[] = [];
  const players: FtpSessionPlayer[] = [];
  let next = 0;
  let lastT = 0;

  const writeUpTo = async (watermark: number): Promise<void> => {
    for (let p = queue.peek(); p !== undefined && p.t <= watermark; p = queue.peek()) {
      queue.pop();
      if (p.cancelled) continue;
      if (writer.full) {
        await writer.flush();
        run.onProgress?.(writer.bytes);
      }
      writer.write(p);
      lastT = p.t;
    }
  };

  try {
    for (;;) {
      const nextStart = next < plan.sessions.length ? plan.sessions[next]!.startUs : Infinity;
      const current = earliest(running);
      if (current === undefined && nextStart === Infinity) break;
      if (current !== undefined && current.now <= nextStart) {
        const r = current.steps.next();
        if (r.done) running.splice(running.indexOf(current), 1);
        else current.now = r.value;
      } else {
        const s = plan.sessions[next++]!;
        const player = new FtpSessionPlayer(s, queue, root.fork(`session/${s.index}`), pattern, config.lossRate);
        players.push(player);
        running.push({ player, steps: player.play(), now: s.startUs });
      }
      const nextAfter = next < plan.sessions.length ? plan.sessions[next]!.startUs : Infinity;
      await writeUpTo(Math.min(earliest(running)?.now ?? Infinity, nextAfter));
    }
    await writeUpTo(Infinity);
    await writer.close();
  } catch (err) {
    stream.destroy();
    throw err;
  }

  return {
    config,
    format: config.format,
    bytes: writer.bytes,
    packets: writer.packets,
    durationS: Math.round(lastT) / 1e6,
    lostSegments: players.reduce((n, p) => n + p.stats.lostSegments, 0),
    sessions: plan.sessions.map(describeSession),
  };
}

/** The running session with the smallest clock (few run at once, so a scan is enough). */
function earliest<T extends { now: number }>(items: T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || item.now < best.now) best = item;
  return best;
}

/** Random file content: a 64 KiB pattern followed by a copy of its first 2 KiB. */
function makePattern(prng: Prng): Buffer {
  const buf = Buffer.alloc(PATTERN_SIZE + 2048);
  prng.fill(buf.subarray(0, PATTERN_SIZE));
  buf.copy(buf, PATTERN_SIZE, 0, 2048);
  return buf;
}

function describeSession(s: PlannedSession): SynthSession {
  const client = { ip: s.client.ip, port: s.clientPort };
  const server = { ip: s.server.ip, port: 21 };
  return {
    id: `S${s.index + 1}`,
    family: s.family,
    client,
    server,
    user: s.user,
    password: s.password,
    transfers: s.transfers.map((t) => {
      const clientData = { ip: s.client.ip, port: t.clientDataPort };
      const serverData = { ip: s.server.ip, port: t.serverDataPort };
      const passive = t.mode === 'passive';
      return {
        command: t.command,
        arg: t.arg,
        direction: t.direction,
        mode: t.mode,
        setupCommand: t.setupCommand,
        bytes: t.bytes,
        data: {
          initiator: passive ? 'client' : 'server',
          src: passive ? clientData : serverData,
          dst: passive ? serverData : clientData,
          openedBeforeCommand: passive,
        },
      };
    }),
  };
}
