// Live capture on the command line: the -i/-f/--duration/--packets/-w/-D options, signals, the live lines and the
// terminal's status line; the report itself is printed by program.ts like any other.

import { type Command, InvalidArgumentError } from 'commander';
import { type LiveOptions, liveCommandsOf, runLive } from '../api.js';
import { shellQuote } from '../driver/tshark.js';
import { describeRunAs } from '../driver/tshark-folder.js';
import { listInterfaces } from '../driver/live-capture.js';
import { FtpReportError } from '../errors.js';
import type { Report } from '../model.js';
import { renderLiveLine, renderLiveStatus } from '../reports/live-lines.js';
import type { CliIo } from './io.js';
import { takeSignals } from './signals.js';

/** The options live capture adds to the root command. */
export interface LiveCliOptions {
  interface?: string;
  captureFilter?: string;
  duration?: number;
  packets?: number;
  write?: string;
  listInterfaces?: boolean;
}

/** --duration: seconds, a whole number of at least 1. */
export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 31_536_000) {
    throw new InvalidArgumentError(`"${value}" is not a number of seconds (1 or more)`);
  }
  return n;
}

/** --packets: a whole number of at least 1. */
export function parsePacketCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 2 ** 31 - 1) {
    throw new InvalidArgumentError(`"${value}" is not a number of packets (1 or more)`);
  }
  return n;
}

/** Adds the live-capture options (tshark's and dumpcap's own letters). */
export function addLiveOptions(program: Command): void {
  program
    .option('-i, --interface <name>', 'capture live on this interface (see -D) and report when the capture stops')
    .option('-f, --capture-filter <bpf>', 'live capture: BPF capture filter (default "tcp")')
    .option('--duration <seconds>', 'live capture: stop after this many seconds', parseSeconds)
    .option('--packets <n>', 'live capture: stop after this many packets', parsePacketCount)
    .option('-w, --write <file>', 'live capture: also save the captured packets to this pcapng file')
    .option('-D, --list-interfaces', 'list the interfaces -i can capture on, then exit');
}

/** True when the options ask for live capture or the interface list rather than reading capture files. */
export function wantsLive(opts: LiveCliOptions): boolean {
  return opts.interface !== undefined || opts.listInterfaces === true;
}

/** Usage errors: live-only options without -i, and -i mixed with capture files or --ek. */
export function checkLiveOptions(opts: LiveCliOptions & { ek?: string }, captures: string[]): void {
  const liveOnly: [keyof LiveCliOptions, string][] = [
    ['captureFilter', '-f'],
    ['duration', '--duration'],
    ['packets', '--packets'],
    ['write', '-w'],
  ];
  if (opts.interface === undefined) {
    const given = liveOnly.find(([k]) => opts[k] !== undefined);
    if (given) throw new FtpReportError('USAGE', `${given[1]} applies to live capture: add -i INTERFACE`);
    return;
  }
  if (captures.length > 0 || opts.ek !== undefined) {
    throw new FtpReportError('USAGE', 'give either -i INTERFACE or capture files (or --ek), not both');
  }
}

/** --print-tshark-command with -i: dumpcap's command and tshark's, each with a comment line saying how it runs. */
export async function printLiveCommands(
  opts: LiveCliOptions & Pick<LiveOptions, 'ftpPorts' | 'detectFtp' | 'dissectAll' | 'tsharkUser'>,
  io: CliIo,
): Promise<void> {
  const { dumpcap, tshark } = await liveCommandsOf({
    iface: opts.interface!,
    filter: opts.captureFilter,
    durationS: opts.duration,
    packets: opts.packets,
    ftpPorts: opts.ftpPorts,
    detectFtp: opts.detectFtp,
    dissectAll: opts.dissectAll,
    tsharkUser: opts.tsharkUser,
  });
  io.stdout('# as you, under a watchdog that stops it when ftp-report ends; its pcapng goes to ftp-report\n');
  io.stdout(`${dumpcap.map(shellQuote).join(' ')}\n`);
  const as = tshark.user ? `as ${describeRunAs(tshark.user)}, ` : '';
  const what = tshark.input === 'selection' ? 'the captured packets it selects' : 'every captured packet';
  io.stdout(`# ${as}under a watchdog; -r - is a pipe ftp-report writes ${what} into\n`);
  io.stdout(`${tshark.command.map(shellQuote).join(' ')}\n`);
}

/** -D: prints the interfaces, one a line. */
export async function printInterfaces(io: CliIo): Promise<void> {
  for (const line of await listInterfaces()) io.stdout(`${line}\n`);
}

/** What the live run gives program.ts to print: the report, and the failure that cut it short, if any. */
export interface LiveOutcome {
  report: Report;
  failure: FtpReportError | null;
}

/**
 * Runs the capture until a signal, --duration or --packets stops it: live lines on stderr (stdout stays for the
 * report), a status line on a terminal. A second signal ends ftp-report at once (its capture ends with it).
 */
export async function captureLive(
  opts: LiveCliOptions & Pick<LiveOptions, 'ftpPorts' | 'detectFtp' | 'dissectAll' | 'tsharkUser'>,
  showProgress: boolean,
  io: CliIo,
): Promise<LiveOutcome> {
  const iface = opts.interface!;
  const controller = new AbortController();
  let stoppedBy: string | null = null;
  // the first signal stops the capture; a second one ends ftp-report as any signal does (signals.ts)
  const releaseSignals = takeSignals((signal) => {
    if (controller.signal.aborted) return false;
    stoppedBy = signal;
    controller.abort();
    return true;
  });
  const tty = showProgress && io.stderrIsTty;
  let status = '';
  let packets = 0;
  let sessions = 0;
  let started = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  const drawStatus = (): void => {
    if (!tty) return;
    status = renderLiveStatus(iface, packets, sessions, seconds());
    io.stderr(`\r\x1b[K${status}`);
  };
  const clearStatus = (): void => {
    if (tty && status !== '') io.stderr('\r\x1b[K');
    status = '';
  };
  let timer: NodeJS.Timeout | null = null;
  try {
    const report = await runLive({
      iface,
      filter: opts.captureFilter,
      durationS: opts.duration,
      packets: opts.packets,
      writeFile: opts.write,
      ftpPorts: opts.ftpPorts,
      detectFtp: opts.detectFtp,
      dissectAll: opts.dissectAll,
      tsharkUser: opts.tsharkUser,
      signal: controller.signal,
      onStarted: () => {
        if (!showProgress) return;
        const until = [
          opts.duration === undefined ? null : `${opts.duration} s`,
          opts.packets === undefined ? null : `${opts.packets} packets`,
        ].filter((x) => x !== null);
        const stop = until.length > 0 ? `for ${until.join(' or ')}, or until Ctrl-C` : 'until Ctrl-C';
        io.stderr(`ftp-report: capturing on ${iface} ${stop}\n`);
        // the status line starts with the capture, below this line, and counts its seconds
        started = process.hrtime.bigint();
        if (tty) timer = setInterval(drawStatus, 500);
        drawStatus();
      },
      onEvent: (e) => {
        if (!showProgress) return;
        clearStatus();
        io.stderr(renderLiveLine(e));
        drawStatus();
      },
      onPacket: (p, s) => {
        packets = p;
        sessions = s;
      },
    }).then(
      (r) => ({ report: r, failure: null }),
      (err: unknown) => {
        if (err instanceof FtpReportError && err.partialReport) return { report: err.partialReport, failure: err };
        throw err;
      },
    );
    clearStatus();
    if (showProgress) {
      const limits = [
        opts.duration === undefined ? null : `--duration ${opts.duration}`,
        opts.packets === undefined ? null : `--packets ${opts.packets}`,
      ].filter((x) => x !== null);
      const why = stoppedBy ?? (limits.length > 0 ? limits.join(' or ') : 'dumpcap ended');
      const n = report.report.capture.packets.toLocaleString('en-US');
      io.stderr(`ftp-report: capture stopped (${why}): ${n} packets, ${report.report.sessions.length} FTP sessions\n`);
    }
    return report;
  } finally {
    if (timer) clearInterval(timer);
    clearStatus();
    releaseSignals();
  }
}
