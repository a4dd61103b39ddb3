// The library entry: runReport(options) runs tshark (or reads a saved EK stream) through the engine into a Report.

import { type WriteStream, createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { checkKeylog } from './driver/keylog.js';
import { basename, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import chain from 'stream-chain';
import jsonlParser from 'stream-json/jsonl/parser.js';
import { checkCapture } from './driver/check-capture.js';
import { UnreadTcpError } from './driver/cross-check.js';
import { Selector } from './driver/select.js';
import { estimateSelection, type LeanInput, leanInputOf, selectionPays } from './driver/selection-estimate.js';
import {
  argsInFolder,
  buildTsharkArgs,
  findTshark,
  locateTshark,
  LUA_SCRIPT_PATH,
  firstReason,
  readFailureOfTshark,
  spawnTshark,
  spawnTsharkPiped,
  startTsharkPiped,
  type TsharkInfo,
  type TsharkProcess,
} from './driver/tshark.js';
import { copyCapture, copyChunks } from './driver/tshark-input.js';
import { type DeferredTshark, deferTshark } from './driver/deferred-tshark.js';
import { makeTsharkFolder } from './driver/tshark-folder.js';
import { isStreamPath, openCaptureStream, openStreamCapture } from './driver/stream-capture.js';
import { buildDumpcapArgs, dumpcapPath, firstLines, startLiveCapture } from './driver/live-capture.js';
import { LiveTracker } from './engine/live-events.js';
import type { StreamSource } from './capture/stream-source.js';
import { firstTimePrecision } from './capture/capture-blocks.js';
import { resolveTsharkUser, type TsharkUser } from './driver/tshark-user.js';
import { Engine, type EngineResult } from './engine/engine.js';
import { readTransferFiles, writeFileIndex } from './files/transfer-files.js';
import { renderFileIndex } from './reports/csv.js';
import { sanitizeName } from './files/safe-name.js';
import { DEFAULT_SOURCE_THRESHOLDS, type SourceThresholds } from './engine/source-findings.js';
import { DEFAULT_DETECT_FTP, SELECT_LIMITS } from './protocol/defaults.js';
import { DEFAULT_FTPS_PORTS, normalizePorts } from './protocol/ftp.js';
import { FtpReportError, outputFailed, type ReadFailure, readFailureOfErrno } from './errors.js';
import type { LiveEvent, Report, Session } from './model.js';
import { decodeEkLine } from './records/decode.js';
import { EkFieldCensus } from './records/ek-fields.js';
import type { PacketRecord } from './records/types.js';

export interface ReportOptions {
  /**
   * Keep every session's packet rows (`packets`, `collapsedPackets`; default true). Pass false when no view will
   * show them (JSON without packets, CSV/JSONL tables other than packets): the sessions' lists are then empty, and
   * memory grows with sessions, commands and transfers rather than with packets. `files` and `extractDir` keep
   * them (they find each data connection's frames there).
   */
  packetRows?: boolean;
  /** A pcap/pcapng capture (optionally gzip-compressed) for tshark to read. */
  capture?: string;
  /** A saved `tshark -T ek` stream instead of a capture; "-" reads standard input. */
  ek?: string;
  /** Extra TCP ports that carry FTP control sessions (21 is always one). */
  ftpPorts?: number[];
  /** Recognise FTP control sessions on any other port by their first payload (default true). */
  detectFtp?: boolean;
  /** Standard input, for ek "-" (defaults to process.stdin). */
  stdin?: Readable;
  /** Called every few thousand packets with the count so far. */
  onProgress?: (packets: number) => void;
  /**
   * Let tshark read and dissect every packet of the capture itself (slower). By default ftp-report reads a
   * pcap/pcapng file itself and pipes tshark only the packets the report uses (see src/driver/select.ts);
   * gzip-compressed captures are always read whole by tshark (through the same pipe when it runs as another user).
   */
  dissectAll?: boolean;
  /**
   * Internal (tests of the selection's equivalence): keep the selection with packet rows even where it would spare
   * tshark too little and the whole file goes to tshark instead (selection-estimate.ts).
   */
  forceSelection?: boolean;
  /** Told at the end how many of the capture's packets tshark dissected (all of them with dissectAll). */
  onDissected?: (dissected: number, packets: number) => void;
  /**
   * When this process runs as root, tshark runs as this user instead (default "nobody"), reading the capture only
   * from a pipe ftp-report writes; "root" keeps it root. When not root, tshark runs as the invoking user, and naming
   * anyone else is a USAGE error.
   */
  tsharkUser?: string;
  /**
   * A TLS key log (NSS key log format: what SSLKEYLOGFILE makes curl, lftp or a browser write): tshark decrypts
   * FTPS with it, and the report reads the decrypted control channel and counts the data connections' plaintext.
   * A missing or unreadable file stops the run (KEYLOG_UNREADABLE, exit 3); needs a tshark built with Lua.
   */
  tlsKeylog?: string;
  /**
   * Read what each transfer's data connection carried (a second reading of the capture, payload of data
   * connections only): every transfer gets `file` (hashes, size, media type, completeness), listings `listing`.
   */
  files?: boolean;
  /** As `files`, and write each transferred file, listing and an index.csv into this folder. */
  extractDir?: string;
  /** When patterns across sessions (brute force, spraying, PORT scans) become findings; defaults for those left out. */
  thresholds?: Partial<SourceThresholds>;
  /**
   * Look for those patterns across sessions (default true). False leaves them out of `findings` (each session's own
   * findings stay) and keeps no state per client address or password: for outputs that show no findings.
   */
  sourceFindings?: boolean;
  /**
   * Receive each FTP session as soon as it is over, in id order (S1, S2 …), with the capture facts its rows name;
   * the Report then has no sessions (`sessions: []`; everything else as without it), and nothing of a session is kept
   * once it was passed on, so memory follows the sessions open at once. With `files`/`extractDir` the sessions are
   * passed on at the end, after their files were read.
   */
  onSession?: (session: Session, capture: SessionCapture) => void;
}

/** What a session's table rows name of its capture (Report.capture's `file` and `firstAt`). */
export interface SessionCapture {
  file: string;
  firstAt: string | null;
}

/** Report.capture.firstAt from the first record's time. */
const firstAtOf = (us: number | null): string | null => (us === null ? null : isoFromMicros(us));

export type { TsharkUser };
export { DEFAULT_SOURCE_THRESHOLDS, type SourceThresholds };

/** True when ftp-report reads this capture itself and gives tshark a selection of its packets. */
function selects(options: ReportOptions, format: string): boolean {
  return !options.dissectAll && (format === 'pcap' || format === 'pcapng');
}

/** The selection's rules for these ports: what the Selector, the estimate and --print-tshark-command all apply. */
const policyOptions = (ftpPorts: number[], detectFtp: boolean) => ({
  ftpPorts: new Set(ftpPorts),
  ftpsPorts: new Set(DEFAULT_FTPS_PORTS),
  detectFtp,
  limits: SELECT_LIMITS,
});

/**
 * With packet rows, a pcap/pcapng file whose selection would spare tshark too little goes to it whole: the same report
 * for less work (selection-estimate.ts). Without rows (lean) the selection always pays: tshark gets next to nothing.
 */
async function selectionTooCostly(
  file: string,
  format: string,
  options: ReportOptions,
  ftpPorts: number[],
  detectFtp: boolean,
): Promise<boolean> {
  if (options.forceSelection || !selects(options, format) || leanOf(options)) return false;
  const fh = await open(file, 'r');
  try {
    const estimate = await estimateSelection(fh, (await fh.stat()).size, {
      ...policyOptions(ftpPorts, detectFtp),
      keepTls: options.tlsKeylog !== undefined,
    });
    return !selectionPays(estimate);
  } finally {
    await fh.close();
  }
}

/**
 * The selection is lean: no output shows packet rows (nor reads them: files, extract) and there is no key log, so
 * tshark gets only the packets ftp-report cannot make a record of itself, and is asked no packet-list columns.
 */
function leanOf(options: ReportOptions): boolean {
  return (
    options.packetRows === false &&
    !options.files &&
    options.extractDir === undefined &&
    options.tlsKeylog === undefined
  );
}

/**
 * Where --extract DIR puts one capture's files: DIR itself for a single capture; with several, a folder per
 * capture inside it (`<n>-<capture name>`), so their transfer ids never meet. Undefined when not extracting.
 */
export function extractDirFor(
  dir: string | undefined,
  capture: string | undefined,
  captures: string[],
): string | undefined {
  if (dir === undefined || capture === undefined || captures.length <= 1) return dir;
  const n = captures.indexOf(capture) + 1;
  return join(dir, `${n}-${sanitizeName(basename(capture))}`);
}

/** ftp-report's own version, from package.json. */
export const TOOL_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

export { checkKeylog, normalizePorts };

/**
 * Finds tshark and checks its version once, as the user it will run as (a batch calls this before reading any
 * capture); throws when tshark is missing, or the user does not exist.
 */
export async function checkTshark(options: Pick<ReportOptions, 'tsharkUser'> = {}): Promise<{
  path: string;
  version: string;
  /** tshark has Lua: ftp-report's postdissector (dist/driver/ftp-control.lua) exports control payload only. */
  lua: boolean;
}> {
  const info = await findTshark(await resolveTsharkUser(options.tsharkUser));
  return { path: info.path, version: info.version, lua: info.lua };
}

/** How ftp-report would run tshark on a capture. */
export interface TsharkRun {
  /** The program and its arguments ("-r -": the pipe ftp-report writes). */
  command: string[];
  /** Who tshark runs as when not as the invoking user (ftp-report runs as root); null otherwise. */
  user: TsharkUser | null;
  /** What tshark reads: the capture file itself, the packets ftp-report selects, or the whole file through the pipe. */
  input: 'file' | 'selection' | 'capture';
  /**
   * Without packet rows (lean selection, a capture file): what of it tshark would be given, the packets ftp-report
   * cannot read itself (0 and no opaque rest: tshark is not started at all); else null.
   */
  lean: LeanInput | null;
  /** With packet rows, the selection would spare tshark too little of this capture: it reads it whole instead. */
  wholeByChoice: boolean;
}

/** How ftp-report would run tshark for these options: the command, its user and its input. */
export async function tsharkRunOf(options: ReportOptions): Promise<TsharkRun> {
  if (!options.capture) throw new FtpReportError('USAGE', 'a capture file is needed to show the tshark command');
  const stream = await isStreamPath(options.capture);
  // a stream is not read here (that would use it up): its packets are piped, selected unless --dissect-all
  const format = stream ? 'pcapng' : await checkCapture(options.capture);
  const ports = normalizePorts(options.ftpPorts);
  const detectFtp = options.detectFtp ?? DEFAULT_DETECT_FTP;
  // as runReport chooses: with packet rows, the whole file when selecting would spare tshark too little
  const wholeByChoice = !stream && (await selectionTooCostly(options.capture, format, options, ports, detectFtp));
  const chosen = wholeByChoice ? { ...options, dissectAll: true } : options;
  const user = await resolveTsharkUser(options.tsharkUser);
  const info = await findTshark(user);
  const input = stream && !selects(chosen, format) ? 'capture' : inputOf(chosen, format, user);
  const keylog = await keylogFor(chosen, info);
  const lean = input === 'selection' && leanOf(chosen);
  const args = argsFor(options.capture, input, info, ports, options.detectFtp, keylog, lean);
  let leanInput: LeanInput | null = null;
  if (lean && !stream) {
    const fh = await open(options.capture, 'r');
    try {
      leanInput = await leanInputOf(fh, policyOptions(ports, detectFtp));
    } finally {
      await fh.close();
    }
  }
  return { command: [info.path, ...args], user, input, lean: leanInput, wholeByChoice };
}

/** The exact tshark command ftp-report would run for these options. */
export async function tsharkCommand(options: ReportOptions): Promise<string[]> {
  return (await tsharkRunOf(options)).command;
}

/**
 * What tshark reads: a selection of the packets ftp-report pipes to it, else the capture file itself, or, when tshark
 * runs as another user, the whole file through the same pipe (that user opens no file of the caller's).
 */
function inputOf(options: ReportOptions, format: string, user: TsharkUser | null): TsharkRun['input'] {
  if (selects(options, format)) return 'selection';
  return user === null ? 'file' : 'capture';
}

/** tshark's arguments for reading `file` through this input: the file itself, or "-" (the pipe). */
function argsFor(
  file: string,
  input: TsharkRun['input'],
  info: TsharkInfo,
  ftpPorts: number[],
  detectFtp: boolean | undefined,
  tlsKeylog: string | null = null,
  lean = false,
): string[] {
  const wholeCapture = input === 'capture';
  const ftpsPorts = DEFAULT_FTPS_PORTS;
  const lua = info.lua;
  return buildTsharkArgs({
    file: input === 'file' ? file : '-',
    ftpPorts,
    lua,
    detectFtp,
    wholeCapture,
    tlsKeylog,
    ftpsPorts,
    noColumns: lean,
  });
}

/** The checked key log of these options (null without one); throws when tshark cannot decrypt with it (no Lua). */
async function keylogFor(options: ReportOptions, info: TsharkInfo): Promise<string | null> {
  if (options.tlsKeylog === undefined) return null;
  const keylog = await checkKeylog(options.tlsKeylog);
  if (!info.lua) {
    const message = `--tls-keylog needs a tshark built with Lua (${info.path} ${info.version} has none)`;
    throw new FtpReportError('USAGE', message, { tshark: { path: info.path, version: info.version } });
  }
  return keylog;
}

const PROGRESS_EVERY = 50_000;

/** Feeds every EK line of a stream to `sink`; returns how many lines were not packet records. */
async function feed(
  input: Readable,
  sink: (rec: PacketRecord) => void,
  ftpPorts: number[],
  allPayload: boolean | (() => boolean),
  census?: EkFieldCensus,
): Promise<number> {
  const all = typeof allPayload === 'function' ? allPayload : () => allPayload;
  const ports = new Set(ftpPorts);
  let invalid = 0;
  const pipeline = chain([input, jsonlParser.asStream({ errorIndicator: undefined, checkErrors: false })]);
  for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
    census?.note(item.value);
    const rec = decodeEkLine(item.value, ports, all());
    if (rec === 'index') continue;
    if (rec === 'invalid') {
      invalid += 1;
      continue;
    }
    sink(rec);
  }
  return invalid;
}

/** Copies a whole stream capture into tshark's pipe and closes it (copyCapture's counterpart for streams). */
async function copyStream(stream: StreamSource, w: Writable, stop: () => boolean): Promise<void> {
  w.on('error', () => {});
  await copyChunks(stream.rest(0), w, stop);
  w.end();
}

/** The engine's push, with a progress call every PROGRESS_EVERY packets (and `afterPush` after each, if given). */
function engineSink(
  engine: Engine,
  onProgress?: (n: number) => void,
  afterPush?: () => void,
): (rec: PacketRecord) => void {
  let packets = 0;
  return (rec) => {
    engine.push(rec);
    afterPush?.();
    packets += 1;
    if (onProgress && packets % PROGRESS_EVERY === 0) onProgress(packets);
  };
}

/** tshark's verdict on a capture it stopped reading part-way. */
interface TsharkFailure {
  code: 'CAPTURE_INVALID' | 'TSHARK_FAILED';
  /** For people: tshark's reason, or how it ended ("killed by SIGKILL"). */
  reason: string;
  /** What the failure says about the capture. */
  kind: ReadFailure;
  /** tshark's first stderr line, file names as given; null when it said nothing. */
  tsharkReason: string | null;
  exit: { code: number | null; signal: string | null };
}

/**
 * Runs tshark on the capture (all of it, or the packets the selector pipes to it), as `user` when one is given;
 * the failure, if any, and the version of the tshark that read packets (null when none did). `info` is null for a lean
 * run whose tshark was only located (tsharkFor): it is checked (findTshark) when it is to be started, and never on most
 * captures.
 */
async function readCapture(
  file: string,
  format: string,
  info: TsharkInfo | null,
  user: TsharkUser | null,
  options: ReportOptions,
  engine: Engine,
  ftpPorts: number[],
  detectFtp: boolean,
  stream: StreamSource | null = null,
  afterPush?: () => void,
  live = false,
): Promise<{
  invalid: number;
  failure: TsharkFailure | null;
  timePrecision: number | null;
  tsharkVersion: string | null;
}> {
  const sink = engineSink(engine, options.onProgress, afterPush);
  // a stream is never given to tshark by name: its packets (all of them, or the selection) go through the pipe
  const input = stream ? (selects(options, format) ? 'selection' : 'capture') : inputOf(options, format, user);
  const selecting = input === 'selection';
  // live captures keep the full selection: their events and report are made as packets arrive
  const lean = selecting && !live && leanOf(options);
  /** The tshark that reads packets, once known (checked before the run, or when a lean run starts it). */
  let used = info;
  let proc: TsharkProcess;
  let deferred: DeferredTshark | null = null;
  let keylog: string | null = null;
  if (lean) {
    // tshark is started only once a packet (or an opaque block) is to be given to it, and on most captures never;
    // its folder and pipe are made at once (a TMPDIR its user cannot enter is still told before any packet), with the
    // Lua script in reach in case, and its version and Lua are checked only then
    const folder = await makeTsharkFolder(user, LUA_SCRIPT_PATH, null);
    const start = async (): Promise<TsharkProcess & { stdin: Writable }> => {
      const checked = info ?? (await findTshark(user));
      used = checked;
      const args = argsFor(file, input, checked, ftpPorts, detectFtp, null, true);
      return startTsharkPiped({ info: checked, user, folder, runArgs: argsInFolder(args, folder) });
    };
    deferred = deferTshark(start, folder.remove);
    proc = deferred;
  } else {
    if (info === null) throw new FtpReportError('INTERNAL', 'tshark was not checked for a run that needs it');
    keylog = await keylogFor(options, info);
    const args = argsFor(file, input, info, ftpPorts, detectFtp, keylog, false);
    // live, every record is wanted as soon as tshark has it, also when it reads the whole capture (--dissect-all)
    if (live && !args.includes('-l')) args.splice(args.indexOf('-T'), 0, '-l');
    proc = input === 'file' ? spawnTshark(info, args) : await spawnTsharkPiped(info, args, user, live);
  }
  let invalid: number;
  let pumpError: unknown = null;
  let pumping: Promise<void> = Promise.resolve();
  let selector: Selector | null = null;
  /** tshark's output has ended: copying the capture into its pipe stops. */
  let outputEnded = false;
  // the selector's spill file of packed connections is closed however the reading ends
  try {
    if (input === 'capture') {
      const copying = stream
        ? copyStream(stream, proc.stdin!, () => outputEnded)
        : copyCapture(file, proc.stdin!, () => outputEnded);
      pumping = copying.catch((err: unknown) => {
        pumpError = err;
        proc.stdin?.destroy();
      });
    }
    if (selecting) {
      const sel = new Selector({
        ...policyOptions(ftpPorts, detectFtp),
        sink,
        keepTls: keylog !== null,
        lean,
        // lean, before tshark is checked: chosen as for a tshark with Lua, which is right for one without Lua too (the
        // engine then reads every payload tshark returns and judges FTP by its first payload, as the Lua script does)
        lua: info?.lua ?? true,
        onTsharkNeeded: deferred ? () => deferred.start() : undefined,
      });
      selector = sel;
      pumping = (async () => {
        if (stream) return sel.pump(stream, file, proc.stdin!);
        const fh = await open(file, 'r');
        try {
          await sel.pump(fh, file, proc.stdin!);
        } finally {
          await fh.close();
        }
      })().catch((err: unknown) => {
        pumpError = err;
        // a broken gzip stream: what was read before the break is in tshark's pipe, which the selector closed
        if (!(stream && gzipStreamFailure(err))) proc.stdin?.destroy();
      });
    }
    const accepting = selector;
    try {
      invalid = await feed(
        proc.stdout,
        accepting ? (rec) => accepting.accept(rec) : sink,
        ftpPorts,
        () => detectFtp && used !== null && !used.lua,
      );
    } catch (err) {
      outputEnded = true;
      selector?.stop();
      stream?.cancel();
      proc.kill();
      await Promise.all([proc.done, pumping]);
      if (err instanceof FtpReportError) throw err;
      const message = `reading tshark's output failed: ${(err as Error).message}`;
      throw new FtpReportError('TSHARK_FAILED', message, { file, reason: 'tshark-stopped', cause: err });
    }
    outputEnded = true;
    selector?.stop();
    // tshark's output ended: a stream still open (tshark failed; a live capture) is read no further
    stream?.cancel();
    await pumping;
    const { exitCode, signal, stderr } = await proc.done;
    // a lean run's tshark, checked when it was needed, is missing or unsupported: told as when checked first
    if (deferred?.failure instanceof FtpReportError) throw deferred.failure;
    const tsharkVersion = used?.version ?? null;
    const gzipFailure = stream && pumpError ? gzipStreamFailure(pumpError) : null;
    if (gzipFailure) {
      // a compressed stream that breaks off is a truncated (or damaged) capture: what came before it is reported
      selector?.finish();
      return { invalid, failure: gzipFailure, timePrecision: selector?.timePrecision ?? null, tsharkVersion };
    }
    if (pumpError) {
      const errno = (pumpError as NodeJS.ErrnoException).code;
      const message = `${file}: reading it failed (${errno ?? (pumpError as Error).message})`;
      throw new FtpReportError('CAPTURE_UNREADABLE', message, {
        file,
        reason: readFailureOfErrno(errno),
        errno,
        cause: pumpError,
      });
    }
    selector?.finish();
    if (selector) options.onDissected?.(selector.dissected, selector.packets);
    const timePrecision = selector?.timePrecision ?? null;
    if (exitCode === 0) return { invalid, failure: null, timePrecision, tsharkVersion };
    // tshark names its input "-" when ftp-report pipes the packets to it
    const tsharkReason = firstReason(stderr).replaceAll('"-"', JSON.stringify(file)) || null;
    const reason = tsharkReason ?? (signal ? `killed by ${signal}` : `exit code ${exitCode}`);
    const kind = tsharkReason === null ? null : readFailureOfTshark(tsharkReason);
    const exit = { code: exitCode, signal };
    // a reason that blames the capture makes it an invalid capture; anything else is tshark's own failure
    const failure: TsharkFailure =
      kind === null
        ? { code: 'TSHARK_FAILED', reason, kind: 'tshark-stopped', tsharkReason, exit }
        : { code: 'CAPTURE_INVALID', reason, kind, tsharkReason, exit };
    return { invalid, failure, timePrecision, tsharkVersion };
  } finally {
    selector?.close();
  }
}

/** The failure of a gzip-compressed stream that zlib could not inflate to its end (zlib's codes start with Z_). */
function gzipStreamFailure(err: unknown): TsharkFailure | null {
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code !== 'string' || !code.startsWith('Z_')) return null;
  const truncated = code === 'Z_BUF_ERROR';
  const reason = truncated ? 'the gzip stream ends early' : `the gzip stream is damaged (${code})`;
  const exit = { code: null, signal: null };
  const kind = truncated ? 'truncated' : 'damaged';
  return { code: 'CAPTURE_INVALID', reason, kind, tsharkReason: null, exit };
}

/**
 * Checks tshark before a capture is read, as the user it runs as: whole (found, version, Lua: findTshark), or, for a
 * run that selects packets without rows (lean, which starts tshark only for packets it cannot read, and on most
 * captures never), only found and runnable (locateTshark; null): tshark is then checked whole when it is started.
 */
async function tsharkFor(
  options: ReportOptions,
  user: TsharkUser | null,
  selecting: boolean,
): Promise<TsharkInfo | null> {
  if (selecting && leanOf(options)) {
    await locateTshark(user);
    return null;
  }
  return findTshark(user);
}

/** Reads a capture (or EK stream) and returns the report model. */
export async function runReport(options: ReportOptions): Promise<Report> {
  return runReportOnce(options, new Outlines());
}

/**
 * A session's outline: what differs when a re-read numbers connections or pairs them otherwise (its id, the TCP
 * streams of its control and data connections, how many commands and transfers it holds).
 */
function outline(s: Session): string {
  const data = s.transfers.map((t) => t.data?.tcpStream ?? '-').join(',');
  return `${s.id} ${s.tcpStream} ${s.commands.length} ${s.transfers.length} ${data}`;
}

/**
 * One reading of the capture. `passed` holds the outline of every session already passed to `onSession`: a capture
 * file read again with --dissect-all (TCP this reader cannot read) passes on only the sessions after those, so a
 * streamed table never repeats rows; each session passed before must come out the same on the second reading.
 */
async function runReportOnce(options: ReportOptions, passed: Outlines): Promise<Report> {
  const rereading = passed.length > 0;
  let seen = 0;
  const ftpPorts = normalizePorts(options.ftpPorts);
  const detectFtp = options.detectFtp ?? DEFAULT_DETECT_FTP;
  // Checked first: a missing key log stops the run before any capture is read.
  if (options.tlsKeylog !== undefined) await checkKeylog(options.tlsKeylog);
  const readsFiles = options.files || options.extractDir !== undefined;
  // the file a session's rows name, and the time its `at` columns count from (the first record's)
  let file = options.ek ?? options.capture ?? '-';
  let capture: SessionCapture | null = null;
  const onSession = options.onSession;
  const engine = new Engine({
    ftpPorts,
    detectFtp,
    tlsKeylog: options.tlsKeylog !== undefined,
    // the files reader finds each data connection's frames in its packet rows
    packetRows: options.packetRows !== false || readsFiles,
    thresholds: { ...DEFAULT_SOURCE_THRESHOLDS, ...options.thresholds },
    sourceFindings: options.sourceFindings,
    // with --files the sessions are passed on after their files were read (below)
    onSession:
      onSession && !readsFiles
        ? (session) => {
            capture ??= { file, firstAt: firstAtOf(engine.firstEpochUs) };
            const line = outline(session);
            if (rereading && seen < passed.length) {
              // passed on by the first reading: the same session again, or the rows written so far were wrong
              if (!passed.matches(seen, line)) throw rereadDiffers(file, seen, line);
              seen += 1;
              return;
            }
            if (!rereading) passed.push(line);
            onSession(session, capture);
          }
        : undefined,
  });
  let format: string;
  let tsharkVersion: string | null = null;
  let invalid = 0;
  /** Decimals of a second the capture's timestamps carry, when ftp-report read its packets (or its first). */
  let timePrecision: number | null = null;
  /** tshark stopped before the end of the capture: the report is made from what was read, marked partial. */
  let failure: TsharkFailure | null = null;
  if (options.ek !== undefined && (options.files || options.extractDir !== undefined)) {
    throw new FtpReportError('USAGE', '--files and --extract read payload from a capture file, not from --ek');
  }
  if (readsFiles && options.capture !== undefined && (await isStreamPath(options.capture))) {
    const message = '--files and --extract read the capture a second time: give a capture file, not a pipe or stdin';
    throw new FtpReportError('USAGE', message);
  }
  if (options.ek !== undefined) {
    file = options.ek;
    format = 'ek';
    const input = options.ek === '-' ? (options.stdin ?? process.stdin) : createReadStream(options.ek);
    const census = new EkFieldCensus();
    try {
      invalid = await feed(input, engineSink(engine, options.onProgress), ftpPorts, detectFtp, census);
    } catch (err) {
      throw ekFailure(file, err);
    }
    const missing = census.missing();
    if (missing.length > 0) throw ekFieldsMissing(file, missing, census.nested);
  } else if (options.capture !== undefined && (await isStreamPath(options.capture))) {
    file = options.capture;
    const user = await resolveTsharkUser(options.tsharkUser);
    let info = await tsharkFor(options, user, !options.dissectAll);
    const stdin = options.stdin ?? process.stdin;
    if (file === '-' && (stdin as { isTTY?: boolean }).isTTY) {
      const message = '-: standard input is a terminal: pipe a capture into it (e.g. tcpdump -w - | ftp-report -)';
      throw new FtpReportError('USAGE', message);
    }
    const opened = await openStreamCapture(file, stdin);
    format = opened.format;
    const plain = format.replace(/\.gz$/, '');
    if (info === null && !selects(options, plain)) info = await findTshark(user);
    ({ invalid, failure, timePrecision, tsharkVersion } = await readCapture(
      file,
      plain,
      info,
      user,
      options,
      engine,
      ftpPorts,
      detectFtp,
      opened.source,
    ));
  } else if (options.capture !== undefined) {
    file = options.capture;
    format = await checkCapture(file);
    if (await selectionTooCostly(file, format, options, ftpPorts, detectFtp)) {
      return runReport({ ...options, dissectAll: true });
    }
    const user = await resolveTsharkUser(options.tsharkUser);
    const info = await tsharkFor(options, user, selects(options, format));
    let read: Awaited<ReturnType<typeof readCapture>>;
    try {
      read = await readCapture(file, format, info, user, options, engine, ftpPorts, detectFtp);
    } catch (err) {
      // TCP this reader cannot read (a tunnel, fragments): tshark numbers the connections, reading every packet
      if (err instanceof UnreadTcpError && !options.dissectAll) {
        return runReportOnce({ ...options, dissectAll: true }, passed);
      }
      throw err;
    }
    ({ invalid, failure, tsharkVersion } = read);
    // tshark read the file itself (--dissect-all, a format ftp-report does not read): its first packet says
    timePrecision = read.timePrecision ?? (await probeTimePrecision(file, format));
  } else {
    throw new FtpReportError('USAGE', 'give a capture file or --ek FILE');
  }
  const result = engine.finish();
  if (rereading && seen < passed.length) throw rereadDiffers(file, seen, null);
  if (invalid > 0) result.warnings.push({ code: 'ek-lines-skipped', lines: invalid });
  if (options.ek !== undefined && result.packets === 0 && invalid > 0) {
    const message = `${file}: holds no tshark -T ek packet records`;
    throw new FtpReportError('EK_INVALID', message, { file, reason: 'not-ek', packetsRead: 0 });
  }
  const report = reportOf(result, { file, format, tsharkVersion, ftpPorts, timePrecision }, failure);
  if ((options.files || options.extractDir !== undefined) && options.capture !== undefined) {
    await readTransferFiles(report, options.capture, { extractDir: options.extractDir });
    if (options.extractDir !== undefined) writeFileIndex(options.extractDir, renderFileIndex(report));
  }
  if (onSession && readsFiles) {
    const at = { file: report.capture.file, firstAt: report.capture.firstAt };
    for (const session of report.sessions) onSession(session, at);
    report.sessions = [];
  }
  if (failure) throw stoppedFailure(file, failure, report);
  return report;
}

/** A session passed on before a capture was read again came out otherwise the second time. */
function rereadDiffers(file: string, index: number, now: string | null): FtpReportError {
  const what = now === null ? 'is missing' : `came out otherwise (now: ${now})`;
  const message =
    `${file}: read again with every packet given to tshark, session ${index + 1} of those already written ${what}; ` +
    'rerun with --dissect-all';
  return new FtpReportError('INTERNAL', message, { file });
}

/** The report around the engine's result: tool and capture facts, and the partial mark when tshark stopped early. */
function reportOf(
  result: EngineResult,
  facts: {
    file: string;
    format: string;
    tsharkVersion: string | null;
    ftpPorts: number[];
    timePrecision: number | null;
  },
  failure: TsharkFailure | null,
): Report {
  const { file, format, tsharkVersion, ftpPorts } = facts;
  // unknown (an EK stream, a file only tshark reads): nanoseconds when any time had them, else microseconds
  const timePrecision = facts.timePrecision ?? (result.subMicroseconds ? 9 : 6);
  const first = result.firstEpochUs;
  const last = result.lastEpochUs;
  if ((first !== null && isoFromMicros(first) === null) || (last !== null && isoFromMicros(last) === null)) {
    result.warnings.push({ code: 'timestamps-out-of-range' });
  }
  if (failure) {
    result.warnings.unshift({ code: 'partial-report', packets: result.packets, reason: failure.reason });
  }
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'ftp-report', version: TOOL_VERSION },
    capture: {
      file,
      format,
      packets: result.packets,
      firstAt: first === null ? null : isoFromMicros(first),
      lastAt: last === null ? null : isoFromMicros(last),
      durationMs: first === null || last === null ? 0 : (last - first) / 1000,
      timePrecision,
      firstAtExact: first === null ? null : isoFromNanos(first, result.firstEpochNsRem, timePrecision),
      lastAtExact: last === null ? null : isoFromNanos(last, result.lastEpochNsRem, timePrecision),
      tsharkVersion,
      // the ports asked for, and every port a reported session was found on (by its dialogue, on any port)
      ftpPorts: normalizePorts([...ftpPorts, ...result.serverPorts]),
      complete: failure === null,
    },
    sessions: result.sessions,
    unmatchedDataConnections: result.unmatchedDataConnections,
    findings: result.findings,
    warnings: result.warnings,
  };
  return report;
}

/** The error for a capture tshark stopped reading: it carries the partial report when packets were read. */
function stoppedFailure(file: string, failure: TsharkFailure, report: Report): FtpReportError {
  const packetsRead = report.capture.packets;
  const message =
    packetsRead > 0
      ? `${file}: tshark stopped before the end (${failure.reason}); ` +
        `the report above is PARTIAL: it covers the first ${packetsRead} packets only`
      : `${file}: tshark could not read it (${failure.reason}); no packet was read, so no report is made`;
  return new FtpReportError(failure.code, message, {
    file,
    reason: failure.kind,
    packetsRead,
    tsharkReason: failure.tsharkReason ?? undefined,
    tsharkExit: failure.exit,
    partialReport: packetsRead > 0 ? report : null,
  });
}

/** The error for an EK stream made without ftp-report's field list: what is missing, and how to make one. */
function ekFieldsMissing(file: string, missing: string[], nested: boolean): FtpReportError {
  const what = nested ? 'a plain tshark -T ek stream (no -e fields)' : 'a tshark -T ek stream';
  const how =
    'make it with the tshark command that `ftp-report CAPTURE --dissect-all --print-tshark-command` prints ' +
    '(README: Reading a saved EK stream)';
  const message = `${file}: ${what} without the fields ftp-report reads: missing ${missing.join(', ')}; ${how}`;
  return new FtpReportError('EK_INVALID', message, { file, reason: 'not-ek', packetsRead: 0 });
}

/** The error for an EK file (or standard input) that could not be read or parsed. */
function ekFailure(file: string, err: unknown): FtpReportError {
  const errno = (err as NodeJS.ErrnoException).code;
  if (errno === undefined) {
    const message = `${file}: is not a tshark -T ek stream (${(err as Error).message})`;
    return new FtpReportError('EK_INVALID', message, { file, reason: 'not-ek', cause: err });
  }
  const reason = readFailureOfErrno(errno);
  const details = { file, reason, errno, cause: err };
  if (reason === 'no-such-file') return new FtpReportError('CAPTURE_NOT_FOUND', `${file}: no such file`, details);
  if (reason === 'is-directory') {
    return new FtpReportError('CAPTURE_UNREADABLE', `${file}: is a directory, not an EK file`, details);
  }
  return new FtpReportError('CAPTURE_UNREADABLE', `${file}: cannot be read (${errno})`, details);
}

/**
 * A report and the failure that cut it short, side by side: the whole report and no failure; or the failure
 * with the partial report (capture.complete false), or with null when nothing was read.
 */
export type ReportOutcome = { report: Report; failure: null } | { report: Report | null; failure: FtpReportError };

/**
 * runReport for callers that go on after a bad capture (grading, several captures): a capture-level failure
 * (FtpReportError.isReadFailure: not found, unreadable, invalid, tshark stopped) comes back as data next to
 * whatever was read; only errors about the run as a whole (usage, tshark missing, internal) are thrown.
 */
export async function readReport(options: ReportOptions): Promise<ReportOutcome> {
  try {
    return { report: await runReport(options), failure: null };
  } catch (err) {
    if (!(err instanceof FtpReportError) || !err.isReadFailure) throw err;
    return { report: err.partialReport, failure: err };
  }
}

/** ISO-8601 UTC with microseconds; null for a time no date can hold (a damaged capture's timestamp). */
export function isoFromMicros(us: number): string | null {
  const ms = Math.floor(us / 1000);
  const date = new Date(ms);
  if (!Number.isFinite(us) || Number.isNaN(date.getTime())) return null;
  const base = date.toISOString(); // 2012-02-21T16:52:41.968Z
  if (!/^\d{4}-/.test(base)) return null; // years beyond 0000-9999 ("+275760-…") are not the contract's form
  const micros = String(((us % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${base.slice(0, 19)}.${micros}Z`;
}

/**
 * isoFromMicros with `precision` decimals of a second (0-9), cut as Wireshark cuts a time to the capture's
 * precision; `nsRem` is the nanoseconds past `us`.
 */
export function isoFromNanos(us: number, nsRem: number, precision: number): string | null {
  const iso = isoFromMicros(us);
  if (iso === null) return null;
  // (a time before 1970 keeps its microseconds only)
  const digits = `${iso.slice(20, 26)}${String(Math.max(0, nsRem)).padStart(3, '0')}`.slice(0, precision);
  return `${iso.slice(0, 19)}${digits === '' ? '' : `.${digits}`}Z`;
}

/** The time precision of a plain pcap or pcapng file's first packet; null for any other file or none read. */
async function probeTimePrecision(file: string, format: string): Promise<number | null> {
  if (format !== 'pcap' && format !== 'pcapng') return null;
  const fh = await open(file, 'r');
  try {
    return await firstTimePrecision(fh);
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

/** How ftp-report would capture live: dumpcap's command (as the invoking user), then tshark's, as tsharkRunOf says. */
export async function liveCommandsOf(
  options: Pick<
    LiveOptions,
    'iface' | 'filter' | 'durationS' | 'packets' | 'ftpPorts' | 'detectFtp' | 'dissectAll' | 'tsharkUser'
  >,
): Promise<{ dumpcap: string[]; tshark: TsharkRun }> {
  const dumpcap = [
    dumpcapPath(),
    ...buildDumpcapArgs({
      iface: options.iface,
      filter: options.filter,
      durationS: options.durationS,
      packets: options.packets,
    }),
  ];
  const tshark = await tsharkRunOf({ ...options, capture: '-' });
  if (!tshark.command.includes('-l')) tshark.command.splice(tshark.command.indexOf('-T'), 0, '-l');
  return { dumpcap, tshark };
}

/** A live capture (ftp-report -i): what to capture, when to stop, and who hears about it on the way. */
export interface LiveOptions
  extends Pick<ReportOptions, 'ftpPorts' | 'detectFtp' | 'dissectAll' | 'tsharkUser' | 'thresholds'> {
  /** The interface, as `ftp-report -D` lists it. */
  iface: string;
  /** BPF capture filter (default "tcp"). */
  filter?: string;
  /** Stop after this many seconds. */
  durationS?: number;
  /** Stop after this many packets. */
  packets?: number;
  /** Also save the packets captured, as dumpcap wrote them (pcapng), to this file. */
  writeFile?: string;
  /** Aborting it stops the capture; the report covers everything captured until then. */
  signal?: AbortSignal;
  /** The capture has started (dumpcap is capturing). */
  onStarted?: () => void;
  /** Each event as the engine learns it (and, at the end, what was left unfinished). */
  onEvent?: (event: LiveEvent) => void;
  /** After each packet record: packets and FTP sessions so far. */
  onPacket?: (packets: number, sessions: number) => void;
}

/** Opens the file a live capture is saved to (-w) before the capture starts, so that a bad path fails first. */
async function openSaveFile(file: string): Promise<WriteStream> {
  const out = createWriteStream(file);
  try {
    await new Promise<void>((resolve, reject) => {
      out.once('open', () => resolve());
      out.once('error', reject);
    });
  } catch (err) {
    throw outputFailed(file, err);
  }
  return out;
}

/**
 * Captures live on an interface (dumpcap, as this process's user: root, or one allowed to capture) and reads the
 * packets through the same selection, tshark pipe (tshark as the unprivileged user when root) and engine as a file,
 * telling events as they happen; returns the report once the capture stopped (signal, duration or packet count).
 */
export async function runLive(options: LiveOptions): Promise<Report> {
  const ftpPorts = normalizePorts(options.ftpPorts);
  const detectFtp = options.detectFtp ?? DEFAULT_DETECT_FTP;
  const user = await resolveTsharkUser(options.tsharkUser);
  const info = await findTshark(user);
  const save = options.writeFile === undefined ? null : await openSaveFile(options.writeFile);
  const file = options.writeFile ?? `live:${options.iface}`;
  const capture = startLiveCapture({
    iface: options.iface,
    filter: options.filter,
    durationS: options.durationS,
    packets: options.packets,
  });
  const stop = (): void => capture.stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    try {
      await capture.started;
    } catch (err) {
      await capture.done;
      throw err;
    }
    if (options.signal?.aborted) stop();
    options.onStarted?.();
    // a live capture tells events from every session's state as it goes: sessions are kept to the end
    const engine = new Engine({
      ftpPorts,
      detectFtp,
      release: false,
      thresholds: { ...DEFAULT_SOURCE_THRESHOLDS, ...options.thresholds },
    });
    const tracker = new LiveTracker();
    const tell = (events: LiveEvent[]): void => {
      for (const e of events) options.onEvent?.(e);
    };
    let packets = 0;
    const afterPush = (): void => {
      packets += 1;
      options.onPacket?.(packets, engine.sessionStates.length);
      tell(tracker.scan(engine.sessionStates));
    };
    const opened = await openCaptureStream(file, capture.stdout, save ?? undefined);
    const { failure, timePrecision } = await readCapture(
      file,
      opened.format,
      info,
      user,
      options,
      engine,
      ftpPorts,
      detectFtp,
      opened.source,
      afterPush,
      true,
    );
    // tshark is done: normally because dumpcap ended; if tshark failed first, the capture stops now
    capture.stop();
    const ended = await capture.done;
    const result = engine.finish();
    tell(tracker.scan(engine.sessionStates));
    tell(tracker.unfinished());
    let why = failure;
    if (why === null && ended.exitCode !== 0 && ended.exitCode !== null) {
      const reason = `dumpcap stopped: ${firstLines(ended.stderr) || `exit code ${ended.exitCode}`}`;
      why = {
        code: 'TSHARK_FAILED',
        reason,
        kind: 'tshark-stopped',
        tsharkReason: null,
        exit: { code: ended.exitCode, signal: null },
      };
    }
    const facts = { file, format: opened.format, tsharkVersion: info.version, ftpPorts, timePrecision };
    const report = reportOf(result, facts, why);
    if (why) throw stoppedFailure(file, why, report);
    return report;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    capture.stop();
    await capture.done;
    if (save) await new Promise<void>((resolve) => save.end(resolve));
  }
}

/**
 * The sessions passed on, in order, each as two 32-bit hashes of its outline (outside the V8 heap): 8 bytes a session,
 * where the outline's text (30 bytes and more) kept for every session ever passed on made the memory of a capture of
 * many sessions grow with their number. Two different hashes of the same text: a re-read that came out otherwise
 * goes unnoticed only if both collide.
 */
class Outlines {
  private hashes = new Uint32Array(512);
  length = 0;

  push(line: string): void {
    if (this.length * 2 === this.hashes.length) {
      const hashes = new Uint32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[this.length * 2] = hashOf(line, 0x811c9dc5, 0x01000193);
    this.hashes[this.length * 2 + 1] = hashOf(line, 0x9747b28c, 0x5bd1e995);
    this.length += 1;
  }

  /** Whether `line` is the outline of the session passed on `i`-th. */
  matches(i: number, line: string): boolean {
    return (
      this.hashes[i * 2] === hashOf(line, 0x811c9dc5, 0x01000193) &&
      this.hashes[i * 2 + 1] === hashOf(line, 0x9747b28c, 0x5bd1e995)
    );
  }
}

/** An FNV-1a-style hash of `text`'s code units from `seed`, multiplying by `prime`. */
function hashOf(text: string, seed: number, prime: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), prime);
  return h >>> 0;
}
