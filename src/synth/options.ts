// The synthesizer's options, their defaults and their validation (done once, here).

export type CaptureFormat = 'pcap' | 'pcapng';

/** What the caller may ask for; every field but the output has a default. */
export interface SynthOptions {
  /** Target capture size in bytes (about; the last transfer may overshoot by a few packets). */
  size?: number;
  /** Number of FTP control sessions. Default: 4 with a size target, else 1. */
  sessions?: number;
  /** File transfers (RETR/STOR) per session when there is no size target. Default 2. */
  transfers?: number;
  /** Bytes per RETR/STOR. Default: with a size target, about size/(8 × sessions) within 16K..64M; else 64K. */
  transferSize?: number;
  /** Each transfer's size varies by up to ± this fraction of transferSize (0 = exact). Default 0. */
  sizeJitter?: number;
  /** Share of transfers in passive mode (PASV/EPSV), 0..1. Default 0.5. */
  passiveShare?: number;
  /** Share of file transfers that are uploads (STOR), 0..1. Default 0.25. */
  uploadShare?: number;
  /** Share of sessions over IPv6, 0..1. Default 0. */
  ipv6Share?: number;
  /** Probability that a data segment is lost once and retransmitted, 0..0.05. Default 0. */
  lossRate?: number;
  /** Any text or number; the same seed and options give byte-identical output. Default "ftp-report". */
  seed?: string | number;
  /** pcap or pcapng. Default: pcapng when the output name ends in .pcapng, else pcap. */
  format?: CaptureFormat;
  /** Capture start as Unix seconds. Default 2024-01-15T09:00:00Z. */
  startEpochSeconds?: number;
  /** Mean gap between session starts in milliseconds. Default 20. */
  sessionGapMs?: number;
}

/** Options with every default filled in. */
export interface SynthConfig {
  size: number | null;
  sessions: number;
  transfers: number;
  transferSize: number;
  sizeJitter: number;
  passiveShare: number;
  uploadShare: number;
  ipv6Share: number;
  lossRate: number;
  seed: string;
  format: CaptureFormat;
  startEpochSeconds: number;
  sessionGapMs: number;
}

export const DEFAULT_START_EPOCH_SECONDS = 1_705_309_200; // 2024-01-15T09:00:00Z
export const MAX_SESSIONS = 1_000_000;

function share(name: string, value: number | undefined, fallback: number, max = 1): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0 || v > max)
    throw new RangeError(`${name} must be a number from 0 to ${max}, not ${value}`);
  return v;
}

function count(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max)
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  return v;
}

/** Picks the format from the option or the file name. */
export function formatFor(path: string | undefined, format: CaptureFormat | undefined): CaptureFormat {
  if (format !== undefined) {
    if (format !== 'pcap' && format !== 'pcapng')
      throw new RangeError(`format must be pcap or pcapng, not ${String(format)}`);
    return format;
  }
  return path !== undefined && /\.pcapng$/i.test(path) ? 'pcapng' : 'pcap';
}

/** Fills in defaults and checks ranges; throws RangeError with a sentence a user can act on. */
export function normalizeOptions(o: SynthOptions, outPath?: string): SynthConfig {
  const size = o.size ?? null;
  if (size !== null && (!Number.isSafeInteger(size) || size < 4096))
    throw new RangeError(`size must be at least 4K, not ${size}`);
  const sessions = count('sessions', o.sessions, size !== null ? 4 : 1, 1, MAX_SESSIONS);
  const transfers = count('transfers', o.transfers, 2, 0, 100_000);
  const autoTransfer =
    size !== null ? Math.min(64 * 2 ** 20, Math.max(16 * 2 ** 10, Math.floor(size / (8 * sessions)))) : 64 * 2 ** 10;
  const transferSize = count('transfer size', o.transferSize, autoTransfer, 1, 2 ** 40);
  return {
    size,
    sessions,
    transfers,
    transferSize,
    sizeJitter: share('size jitter', o.sizeJitter, 0, 0.99),
    passiveShare: share('passive share', o.passiveShare, 0.5),
    uploadShare: share('upload share', o.uploadShare, 0.25),
    ipv6Share: share('IPv6 share', o.ipv6Share, 0),
    lossRate: share('loss rate', o.lossRate, 0, 0.05),
    seed: String(o.seed ?? 'ftp-report'),
    format: formatFor(outPath, o.format),
    startEpochSeconds: count('start time', o.startEpochSeconds, DEFAULT_START_EPOCH_SECONDS, 0, 2 ** 32 - 1),
    sessionGapMs: share('session gap', o.sessionGapMs, 20, 3_600_000),
  };
}
