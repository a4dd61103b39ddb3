// Finds and checks tshark, builds its argument list, and runs it as a stream.

import { constants, openSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { execa, type ResultPromise } from 'execa';
import { FtpReportError, type ReadFailure } from '../errors.js';
import { BASE_FIELDS, LUA_PAYLOAD_FIELDS, PLAIN_PAYLOAD_FIELDS, TLS_FIELDS } from '../records/fields.js';
import { stopAtExit } from '../temp-folders.js';

/** Fields only packet rows show. */
const ROW_ONLY_FIELDS: readonly string[] = ['_ws.col.Protocol', '_ws.col.Info', 'ftp-data.setup-frame'];
import { makeTsharkFolder, type TsharkFolder, tsharkEnv } from './tshark-folder.js';
import type { TsharkUser } from './tshark-user.js';
import { WATCHDOG_SHELL, watchdogArgs } from './watchdog.js';

/** Oldest tshark whose EK output and fields (tcp.seq_raw, ftp-data.setup-frame) ftp-report relies on. */
/**
 * The Lua postdissector, beside this module: src/driver/ when run from sources, dist/driver/ when built
 * (the build copies it there, so an installed package carries it).
 */
export const LUA_SCRIPT_PATH = fileURLToPath(new URL('./ftp-control.lua', import.meta.url));

/** The Lua postdissector's argument as buildTsharkArgs writes it. */
const LUA_ARG = `lua_script:${LUA_SCRIPT_PATH}`;

export const MIN_TSHARK = [3, 6] as const;

export interface TsharkInfo {
  /** Program to run ("tshark" or the FTP_REPORT_TSHARK override). */
  path: string;
  /** e.g. "4.0.17". */
  version: string;
  /** Built with Lua: the control-payload postdissector can be used. */
  lua: boolean;
}

const found = new Map<string, Promise<TsharkInfo>>();

/**
 * Runs `tshark --version` once per program path, user and process (grading calls this for every capture) and reads
 * version and Lua support; throws TSHARK_MISSING / TSHARK_UNSUPPORTED. With a user (ftp-report runs as root), the
 * check runs as that user too, so a tshark the user cannot run fails here, before any capture is read.
 */
export function findTshark(
  user: TsharkUser | null = null,
  path = process.env.FTP_REPORT_TSHARK || 'tshark',
): Promise<TsharkInfo> {
  const key = `${path}\0${user?.uid ?? ''}`;
  let p = found.get(key);
  if (!p) {
    p = probeTshark(path, user);
    found.set(key, p);
    p.catch(() => found.delete(key)); // a failure is not remembered: the user may install tshark and retry
  }
  return p;
}

/** The message of TSHARK_MISSING when no program of that name is found. */
const MISSING = `tshark not found: install Wireshark's command-line tool (Debian/Ubuntu: apt-get install tshark)`;

/** The error for a program that is there but that `user` (or this process) may not run. */
function cannotRun(path: string, user: TsharkUser | null, errno: string): FtpReportError {
  const message = user
    ? `${path} cannot be run as user ${user.name} (${errno}): ` +
      'put tshark where that user can run it, or name another user with --tshark-user'
    : `${path} cannot be run (${errno}): make it executable, or point FTP_REPORT_TSHARK at one that is`;
  return new FtpReportError('TSHARK_MISSING', message, { tshark: { path } });
}

/**
 * The cheap check, for a run that may never start tshark (a lean run: tshark-less on most captures): the program is
 * found as exec would find it (a path, or the first on PATH) and `user` (or this process) may run it; throws
 * TSHARK_MISSING as findTshark does. It does not start tshark: every start, even `tshark --version`, registers all of
 * Wireshark's dissectors first (150 MB and a third of a second here), so version and Lua are checked by findTshark
 * when tshark is needed. With a user, the kernel judges for that user in a shell run as them (ACLs included).
 */
export async function locateTshark(
  user: TsharkUser | null = null,
  path = process.env.FTP_REPORT_TSHARK || 'tshark',
): Promise<void> {
  const probed = found.get(`${path}\0${user?.uid ?? ''}`);
  if (probed) {
    await probed;
    return;
  }
  const candidates = path.includes('/')
    ? [path]
    : (process.env.PATH ?? '').split(':').map((d) => join(d === '' ? '.' : d, path));
  let exists = false;
  let runnable = false;
  for (const c of candidates) {
    const st = await stat(c).catch(() => null);
    if (!st?.isFile()) continue;
    exists = true;
    if (
      user === null &&
      (await access(c, constants.X_OK).then(
        () => true,
        () => false,
      ))
    ) {
      runnable = true;
      break;
    }
  }
  if (!exists) throw new FtpReportError('TSHARK_MISSING', MISSING, { tshark: { path } });
  if (user === null) {
    if (!runnable) throw cannotRun(path, null, 'EACCES');
    return;
  }
  const script = 'case $0 in */*) [ -f "$0" ] && [ -x "$0" ];; *) command -v -- "$0" >/dev/null;; esac';
  const as = { uid: user.uid, gid: user.gid, env: tsharkEnv(), extendEnv: false, cwd: '/' };
  const r = await execa('/bin/sh', ['-c', script, path], { reject: false, timeout: 30_000, ...as });
  if (r.exitCode === 0) return;
  // no shell to ask (or it could not start as that user): the full check says
  if (r.exitCode === undefined) {
    await findTshark(user, path);
    return;
  }
  throw cannotRun(path, user, 'EACCES');
}

async function probeTshark(path: string, user: TsharkUser | null): Promise<TsharkInfo> {
  const as = user ? { uid: user.uid, gid: user.gid, env: tsharkEnv(), extendEnv: false, cwd: '/' } : {};
  const r = await execa(path, ['--version'], { reject: false, timeout: 30_000, ...as });
  const errno = (r as { code?: string }).code;
  if (errno === 'ENOENT') throw new FtpReportError('TSHARK_MISSING', MISSING, { tshark: { path } });
  if (user && errno !== undefined && r.exitCode === undefined) throw cannotRun(path, user, errno);
  if (r.exitCode !== 0) {
    const tsharkReason = firstReason(String(r.stderr ?? ''));
    const message = `${path} --version failed (exit ${r.exitCode ?? 'signal'}): ${tsharkReason || 'no output'}`;
    throw new FtpReportError('TSHARK_UNSUPPORTED', message, {
      tshark: { path },
      tsharkReason: tsharkReason || undefined,
      tsharkExit: { code: r.exitCode ?? null, signal: r.signal ?? null },
    });
  }
  const out = `${r.stdout}\n${r.stderr}`;
  const m = /TShark \(Wireshark\) (\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!m) {
    const message = `${path} --version did not say which TShark it is`;
    throw new FtpReportError('TSHARK_UNSUPPORTED', message, { tshark: { path } });
  }
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const version = `${m[1]}.${m[2]}.${m[3]}`;
  if (major < MIN_TSHARK[0] || (major === MIN_TSHARK[0] && minor < MIN_TSHARK[1])) {
    const message = `tshark ${version} is too old: ftp-report needs ${MIN_TSHARK.join('.')} or newer`;
    throw new FtpReportError('TSHARK_UNSUPPORTED', message, { tshark: { path, version } });
  }
  const lua = /with Lua/i.test(out) && !/without Lua/i.test(out);
  return { path, version, lua };
}

export interface TsharkRunOptions {
  /** The capture, or "-" for the packets ftp-report pipes to tshark (see spawnTsharkPiped; then line-buffered). */
  file: string;
  ftpPorts: number[];
  lua: boolean;
  /** Recognise FTP on other ports by its first payload (default true). */
  detectFtp?: boolean;
  /**
   * "-" is the whole capture, copied unchanged into the pipe (tshark runs as another user), not a selection of its
   * packets: nothing waits on each record, so tshark's output is not line-buffered.
   */
  wholeCapture?: boolean;
  /**
   * A TLS key log (NSS key log format, as SSLKEYLOGFILE writes it) tshark decrypts with; needs Lua. The Lua script
   * then dissects the FTP ports itself (switching to TLS after a 234 to AUTH TLS or AUTH SSL), gives TLS the data
   * connections that open with a handshake (ftp-data is disabled, whose conversations would keep them) and exports
   * what TLS decrypted (TLS_FIELDS).
   */
  tlsKeylog?: string | null;
  /** Implicit FTPS ports (TLS from the first byte), decrypted as FTP with a key log. */
  ftpsPorts?: readonly number[];
  /**
   * No output shows packet rows: the packet-list columns and ftp-data's setup frame, which only rows show, are not
   * asked for (tshark then builds no columns).
   */
  noColumns?: boolean;
}

/** The option that names tshark's TLS key log. */
export const KEYLOG_OPTION = 'tls.keylog_file:';

/** The argument list: read the file, no name resolution, EK with the one field list, FTP on every port. */
export function buildTsharkArgs(o: TsharkRunOptions): string[] {
  const args = ['-r', o.file, '-n', '-T', 'ek'];
  const keylog = o.lua && o.tlsKeylog ? o.tlsKeylog : null;
  // From a pipe of selected packets, each record is printed as soon as it is dissected: ftp-report waits for them.
  if (o.file === '-' && !o.wholeCapture) args.push('-l');
  if (keylog === null) for (const port of o.ftpPorts) args.push('-d', `tcp.port==${port},ftp`);
  else args.push('-o', `${KEYLOG_OPTION}${keylog}`, '--disable-protocol', 'ftp-data');
  if (o.lua) {
    args.push('-X', LUA_ARG);
    for (const port of o.ftpPorts) args.push('-X', `lua_script1:${port}`);
    if (o.detectFtp === false) args.push('-X', 'lua_script1:nodetect');
    if (keylog !== null) {
      for (const port of o.ftpsPorts ?? []) args.push('-X', `lua_script1:ftps=${port}`);
      args.push('-X', 'lua_script1:tls');
    }
  }
  const base = o.noColumns ? BASE_FIELDS.filter((f) => !ROW_ONLY_FIELDS.includes(f)) : BASE_FIELDS;
  const fields: string[] = [...base, ...(o.lua ? LUA_PAYLOAD_FIELDS : PLAIN_PAYLOAD_FIELDS)];
  if (keylog !== null) fields.push(...TLS_FIELDS);
  for (const f of fields) args.push('-e', f);
  return args;
}

/** Quotes an argument for display in a POSIX shell. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./=:,+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The first stderr line that says something (tshark's warning about running as root is noise). */
export function firstReason(stderr: string): string {
  for (const raw of stderr.split('\n')) {
    const line = raw.trim();
    if (!line || /^Running as user/.test(line) || /This could be dangerous/.test(line)) continue;
    return line.replace(/^tshark: /, '');
  }
  return '';
}

/**
 * What tshark's reason for not reading a capture to its end says about the capture (its wording since 3.x:
 * wiretap's "cut short in the middle of a packet", "appears to be damaged or corrupt", "isn't a capture file in
 * a format TShark understands", "… that TShark doesn't support"); null when it blames no capture.
 */
export function readFailureOfTshark(tsharkReason: string): ReadFailure | null {
  if (/cut short/i.test(tsharkReason)) return 'truncated';
  if (/damaged|corrupt/i.test(tsharkReason)) return 'damaged';
  if (/isn't a capture file|unknown format/i.test(tsharkReason)) return 'not-a-capture';
  if (/doesn't support|unsupported/i.test(tsharkReason)) return 'unsupported';
  return null;
}

export interface TsharkProcess {
  stdout: Readable;
  /** The pipe tshark reads the capture from, when ftp-report feeds it (spawnTsharkPiped); else null. */
  stdin: Writable | null;
  /** Resolves when tshark exits: exit code (null when killed) and its stderr. */
  done: Promise<{ exitCode: number | null; signal: string | null; stderr: string }>;
  kill(): void;
  /** Resolves as soon as the process has exited (done also waits for its output to be read to the end). */
  exited?: Promise<void>;
}

/** How tshark runs when not as ftp-report does: its user, environment and working folder. */
interface RunAs {
  user: TsharkUser;
  env: Record<string, string>;
  cwd: string;
}

/**
 * Starts tshark; its stdout is read as a stream, never buffered whole. `guarded` (live capture): under the watchdog,
 * which ends tshark if ftp-report dies before tshark ends (even while tshark waits to open its pipe), and in a process
 * group of its own, so that a terminal's Ctrl-C reaches only ftp-report, which then lets tshark finish its packets.
 */
export function spawnTshark(info: TsharkInfo, args: string[], as?: RunAs, guarded = false): TsharkProcess {
  const [program, argv] = guarded ? [WATCHDOG_SHELL, watchdogArgs(info.path, args)] : [info.path, args];
  const child: ResultPromise = execa(program, argv, {
    buffer: { stdout: false, stderr: true },
    reject: false,
    stdin: guarded ? 'pipe' : 'ignore',
    detached: guarded,
    maxBuffer: { stderr: 1_000_000 },
    ...(as ? { uid: as.user.uid, gid: as.user.gid, env: as.env, extendEnv: false, cwd: as.cwd } : {}),
  });
  const done = child
    .then((r) => {
      child.stdin?.destroy(); // the watchdog's pipe: its reader ends with it
      return r;
    })
    .then((r) => ({
      exitCode: r.exitCode ?? null,
      signal: r.signal ?? null,
      stderr: typeof r.stderr === 'string' ? r.stderr : '',
    }));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return { stdout: child.stdout!, stdin: null, done, kill: () => child.kill(), exited };
}

/**
 * Starts tshark reading what ftp-report writes to `stdin`. tshark refuses sockets (what Node gives a child as
 * its standard input), so the capture goes through a named pipe in a fresh temporary folder instead; "-r -" in
 * `args` is pointed at it. With a user (ftp-report runs as root), tshark runs as that user, with no supplementary
 * groups, a home in that folder and the locale-only environment of tsharkEnv, and the pipe is the only capture data
 * it can open. The folder is removed when tshark ends.
 */
export async function spawnTsharkPiped(
  info: TsharkInfo,
  args: string[],
  user: TsharkUser | null = null,
  guarded = false,
): Promise<TsharkProcess & { stdin: Writable }> {
  return startTsharkPiped(await prepareTsharkPipe(info, args, user), guarded);
}

/** tshark's folder and pipe, made, and the arguments that read them: what spawnTsharkPiped starts tshark with. */
export interface PreparedTshark {
  info: TsharkInfo;
  user: TsharkUser | null;
  folder: TsharkFolder;
  runArgs: string[];
}

/**
 * Makes tshark's folder and pipe (throws USAGE when its user cannot enter the temporary folder) without starting it:
 * a lean run prepares at once, so such a problem is told before any packet, and starts tshark only if it needs it.
 */
export async function prepareTsharkPipe(
  info: TsharkInfo,
  args: string[],
  user: TsharkUser | null = null,
): Promise<PreparedTshark> {
  const keylogArg = args.find((a) => a.startsWith(KEYLOG_OPTION));
  const keylog = keylogArg === undefined ? null : keylogArg.slice(KEYLOG_OPTION.length);
  const folder = await makeTsharkFolder(user, args.includes(LUA_ARG) ? LUA_SCRIPT_PATH : null, keylog);
  return { info, user, folder, runArgs: argsInFolder(args, folder) };
}

/**
 * `args` pointed at a folder made by makeTsharkFolder: "-r -" reads its pipe, and the Lua script and key log are the
 * folder's (copies the user can read, when it made them). A folder made with the Lua script serves arguments without
 * it too.
 */
export function argsInFolder(args: string[], folder: TsharkFolder): string[] {
  const keylogArg = args.find((a) => a.startsWith(KEYLOG_OPTION));
  const at = args.indexOf('-r');
  return args.map((a, i) =>
    i === at + 1
      ? folder.fifo
      : a === LUA_ARG
        ? `lua_script:${folder.luaScript}`
        : a === keylogArg
          ? `${KEYLOG_OPTION}${folder.keylog}`
          : a,
  );
}

/** Starts a prepared tshark and opens its pipe; the folder is removed when tshark ends. */
export async function startTsharkPiped(
  prepared: PreparedTshark,
  guarded = false,
): Promise<TsharkProcess & { stdin: Writable }> {
  const { info, user, folder, runArgs } = prepared;
  const { fifo } = folder;
  const proc = spawnTshark(info, runArgs, user ? { user, env: folder.env!, cwd: folder.dir } : undefined, guarded);
  // ftp-report ending first (a signal): tshark is stopped, also while it waits to open the pipe no one would open
  const forgetStop = stopAtExit(folder.dir, () => proc.kill());
  let ended = false;
  // tshark gone before it opened the pipe (it failed at once): no more waiting for it to open it. Its output is
  // not read yet, so `done` would wait for that too.
  void proc.exited?.then(() => {
    ended = true;
  });
  const done = proc.done.then(async (r) => {
    ended = true;
    forgetStop();
    await folder.remove();
    let stderr = r.stderr.replaceAll(fifo, '-');
    if (folder.luaScript !== null) stderr = stderr.replaceAll(folder.luaScript, LUA_SCRIPT_PATH);
    return { ...r, stderr };
  });
  // Opening the write end without blocking succeeds once tshark has opened the read end.
  let fd = -1;
  while (fd < 0) {
    try {
      fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || ended) {
        // tshark is gone (or going): the caller reads its output to the end, then `done` says how it ended
        proc.kill();
        const s = new PassThrough();
        s.resume();
        return { ...proc, done, stdin: s };
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const stdin = new Socket({ fd, readable: false, writable: true });
  return { ...proc, done, stdin };
}
