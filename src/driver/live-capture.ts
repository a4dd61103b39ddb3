// Runs dumpcap on a network interface, writing pcapng to a pipe ftp-report reads; stops it on request, and makes
// sure it never outlives ftp-report (a watchdog ends it when ftp-report's end of a pipe closes, however it died).

import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import { FtpReportError } from '../errors.js';
import { WATCHDOG_SHELL, watchdogArgs } from './watchdog.js';

/** The capture filter used when none is given: FTP is TCP, and nothing else is read. */
export const DEFAULT_CAPTURE_FILTER = 'tcp';

/** How long dumpcap captures on after a stop is asked: packets already in the kernel's buffer reach the report. */
const STOP_GRACE_MS = 500;

/** What to capture, and when dumpcap stops on its own. */
export interface LiveCaptureOptions {
  /** Interface name as `dumpcap -D` lists it (or its number there). */
  iface: string;
  /** BPF capture filter (default DEFAULT_CAPTURE_FILTER). */
  filter?: string;
  /** Stop after this many seconds. */
  durationS?: number;
  /** Stop after this many packets. */
  packets?: number;
}

/** The dumpcap program (FTP_REPORT_DUMPCAP overrides it, as FTP_REPORT_TSHARK does tshark). */
export function dumpcapPath(): string {
  return process.env.FTP_REPORT_DUMPCAP || 'dumpcap';
}

/** dumpcap's arguments: one interface, a capture filter, pcapng to standard output, no counts on the way. */
export function buildDumpcapArgs(o: LiveCaptureOptions): string[] {
  const args = ['-i', o.iface, '-f', o.filter ?? DEFAULT_CAPTURE_FILTER, '-w', '-', '-q'];
  if (o.durationS !== undefined) args.push('-a', `duration:${o.durationS}`);
  if (o.packets !== undefined) args.push('-c', String(o.packets));
  return args;
}

export interface LiveCapture {
  /** The pcapng stream. */
  stdout: Readable;
  /** Resolves once dumpcap said it is capturing; rejects with the reason when it could not start. */
  started: Promise<void>;
  /** Resolves when dumpcap and its watchdog have ended: how, and dumpcap's stderr. */
  done: Promise<{ exitCode: number | null; signal: string | null; stderr: string }>;
  /** Asks dumpcap to stop: it finishes writing what it captured and ends its output. */
  stop(): void;
  /** The watchdog's process id (dumpcap is its child). */
  pid: number | undefined;
}

/** The interfaces dumpcap can capture on, as `dumpcap -D` lists them ("1. eth0", "3. lo (Loopback)"). */
export async function listInterfaces(): Promise<string[]> {
  const path = dumpcapPath();
  const r = await execa(path, ['-D'], { reject: false, timeout: 30_000 });
  if ((r as { code?: string }).code === 'ENOENT') throw dumpcapMissing(path);
  if (r.exitCode !== 0) {
    throw captureError(firstLines(String(r.stderr ?? '')), '');
  }
  return String(r.stdout)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function dumpcapMissing(path: string): FtpReportError {
  const message =
    `${path} not found: live capture needs Wireshark's dumpcap (Debian/Ubuntu: apt-get install tshark, ` +
    'which brings it)';
  return new FtpReportError('TSHARK_MISSING', message, { tshark: { path } });
}

/** dumpcap's message without its "dumpcap: " prefix, its progress lines and its advice, on one line. */
export function firstLines(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(Capturing on|File:|Packets captured|Packets received)/.test(l))
    .filter((l) => !/^(Please check|See the User's Guide)/.test(l))
    .map((l) => l.replace(/^dumpcap: /, ''));
  return lines.slice(0, 2).join(' ');
}

/** The error for a capture dumpcap refused or failed: permission, unknown interface, bad filter, anything else. */
export function captureError(reason: string, iface: string, interfaces: string[] = []): FtpReportError {
  const details = { tsharkReason: reason };
  if (/permission|not permitted/i.test(reason)) {
    const message =
      `cannot capture on ${iface || 'that interface'}: permission denied (${reason}). ` +
      'Run ftp-report as root, or give dumpcap the right to capture: ' +
      `sudo setcap cap_net_raw,cap_net_admin=eip "$(command -v ${dumpcapPath()})"`;
    return new FtpReportError('CAPTURE_DENIED', message, details);
  }
  if (/no (such )?device|There is no device named/i.test(reason)) {
    const names = interfaces.map((l) => l.replace(/^\d+\.\s*/, '').replace(/\s*\(.*\)$/, ''));
    const valid = names.length > 0 ? names.join(', ') : 'none (run ftp-report -D)';
    return new FtpReportError('USAGE', `-i ${iface}: no such interface (interfaces: ${valid})`, details);
  }
  if (/capture filter/i.test(reason)) return new FtpReportError('USAGE', `-f: ${reason}`, details);
  return new FtpReportError('TSHARK_FAILED', `dumpcap failed on ${iface}: ${reason || 'no reason given'}`, details);
}

/** Starts dumpcap under its watchdog, in a process group of its own (a terminal's Ctrl-C reaches ftp-report only). */
export function startLiveCapture(o: LiveCaptureOptions): LiveCapture {
  const path = dumpcapPath();
  const child: ChildProcess = spawn(WATCHDOG_SHELL, watchdogArgs(path, buildDumpcapArgs(o)), {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdin!.on('error', () => {});
  let stopping: NodeJS.Timeout | null = null;
  let closed = false;
  let stderr = '';
  let onStarted: (() => void) | null = null;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (t: string) => {
    if (stderr.length < 100_000) stderr += t;
    if (/^File: /m.test(stderr)) onStarted?.();
  });
  const done = new Promise<{ exitCode: number | null; signal: string | null; stderr: string }>((resolve) => {
    child.on('error', () => {}); // /bin/sh missing: seen as a failed exit below
    child.on('close', (code, signal) => {
      closed = true;
      if (stopping) clearTimeout(stopping);
      child.stdin!.destroy();
      resolve({ exitCode: code, signal, stderr });
    });
  });
  const startedOrFailed = Promise.race([
    started,
    done.then(async (r) => {
      // the watchdog's shell reports a missing program with exit 127
      if (r.exitCode === 127) throw dumpcapMissing(path);
      const reason = firstLines(r.stderr);
      const interfaces = /no (such )?device|There is no device/i.test(reason)
        ? await listInterfaces().catch(() => [])
        : [];
      throw captureError(reason, o.iface, interfaces);
    }),
  ]);
  startedOrFailed.catch(() => {});
  return {
    stdout: child.stdout!,
    started: startedOrFailed,
    done,
    stop: () => {
      // dumpcap reads the kernel's capture buffer every 250 ms or so: what was captured before the stop is let through
      if (stopping || closed) return;
      stopping = setTimeout(() => child.stdin!.end(), STOP_GRACE_MS);
    },
    pid: child.pid,
  };
}
