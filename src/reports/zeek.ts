// The Zeek view: an ftp.log in Zeek's ASCII (TSV) log format, with the fields and value conventions of Zeek's
// FTP::Info record, so tools that read Zeek logs read this one.
//
// What Zeek's ftp.log means, and how this file gets each field from the model:
//   ts            when the command was sent (epoch seconds, 6 decimals): capture.firstAt + command.t
//   uid           Zeek's random connection id; here a stable id made from the session's addresses and start
//   id.*          the control connection (client = orig, server = resp)
//   user          the last USER argument sent so far, "<unknown>" before any
//   password      the last PASS argument sent so far; "<hidden>" unless the user is a guest id or showPasswords
//   command, arg  the command; file commands' arguments become ftp://server/<path joined to the tracked cwd>
//   mime_type     Zeek sniffs the data; ftp-report does with --files/--extract (Transfer.file.mime), else unset
//   file_size     the size the RETR or SIZE replies stated (command.statedSize)
//   reply_code/msg the final reply and the message of its last line
//   data_channel.* the data connection the command announced (PORT/EPRT) or its reply announced (PASV/EPSV):
//                 command.announced, decoded by the engine
//   fuid          Zeek's files.log id: with --files/--extract, the transfer's row in files.log (zeek-files.ts)

import { createHash } from 'node:crypto';
import type { Report, Session } from '../model.js';
import { GUEST_USERS, SETUP_COMMANDS } from '../protocol/ftp.js';
import { epochSecondsAt, isoToEpochMicros } from './times.js';
import type { ReportHead } from './tables.js';

/** Columns of Zeek's ftp.log, in Zeek's order. */
export const ZEEK_FTP_FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'user',
  'password',
  'command',
  'arg',
  'mime_type',
  'file_size',
  'reply_code',
  'reply_msg',
  'data_channel.passive',
  'data_channel.orig_h',
  'data_channel.resp_h',
  'data_channel.resp_p',
  'fuid',
] as const;

export type ZeekFtpField = (typeof ZEEK_FTP_FIELDS)[number];

/** Zeek's type of each column, for the #types header. */
export const ZEEK_FTP_TYPES: Record<ZeekFtpField, string> = {
  ts: 'time',
  uid: 'string',
  'id.orig_h': 'addr',
  'id.orig_p': 'port',
  'id.resp_h': 'addr',
  'id.resp_p': 'port',
  user: 'string',
  password: 'string',
  command: 'string',
  arg: 'string',
  mime_type: 'string',
  file_size: 'count',
  reply_code: 'count',
  reply_msg: 'string',
  'data_channel.passive': 'bool',
  'data_channel.orig_h': 'addr',
  'data_channel.resp_h': 'addr',
  'data_channel.resp_p': 'port',
  fuid: 'string',
};

/** Commands Zeek logs by default (FTP::logged_commands). */
export const ZEEK_DEFAULT_COMMANDS: ReadonlySet<string> = new Set([
  'APPE',
  'DELE',
  'RETR',
  'STOR',
  'STOU',
  'ACCT',
  'PORT',
  'PASV',
  'EPRT',
  'EPSV',
]);

/** Setup commands whose address Zeek's FTP analyzer decodes into data_channel. */
const ZEEK_SETUPS: ReadonlySet<string> = new Set(['PORT', 'EPRT', 'PASV', 'EPSV']);

/** Zeek's pseudo-command for the server greeting. */
export const ZEEK_INIT = '<init>';

/** Commands whose argument names a file or directory: Zeek logs it as a URL (FTP's file_cmds). */
const FILE_COMMANDS = new Set([
  'APPE',
  'CWD',
  'DELE',
  'MKD',
  'RETR',
  'RMD',
  'RNFR',
  'RNTO',
  'STOR',
  'STOU',
  'REST',
  'SIZE',
  'MDTM',
]);

export interface ZeekOptions {
  /** Log passwords as sent (Zeek's FTP::default_capture_password); by default only guest ids' passwords show. */
  showPasswords?: boolean;
  /** Which commands get a row: Zeek's default set, every command ("all", the greeting included), or a list. */
  commands?: 'default' | 'all' | readonly string[];
  /** Zeek's length limits: FTP::max_user_length, max_password_length, max_arg_length, max_reply_msg_length. */
  maxUserLength?: number;
  maxPasswordLength?: number;
  maxArgLength?: number;
  maxReplyMsgLength?: number;
}

/** One ftp.log row, typed: null is Zeek's unset field. */
export interface ZeekFtpRecord {
  ts: string;
  uid: string;
  'id.orig_h': string;
  'id.orig_p': number;
  'id.resp_h': string;
  'id.resp_p': number;
  user: string;
  password: string | null;
  command: string;
  arg: string | null;
  mime_type: string | null;
  file_size: number | null;
  reply_code: number | null;
  reply_msg: string | null;
  'data_channel.passive': boolean | null;
  'data_channel.orig_h': string | null;
  'data_channel.resp_h': string | null;
  'data_channel.resp_p': number | null;
  fuid: string | null;
}

// ---------------------------------------------------------------------------------------------
// Paths and URLs, with the semantics of Zeek's build_path / compress_path / extract_path
// ---------------------------------------------------------------------------------------------

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/])/;

/** Joins a file name to a directory; an absolute name, or an empty directory, leaves the name alone. */
export function buildPath(dir: string, name: string): string {
  if (ABSOLUTE.test(name) || dir === '') return name;
  return `${dir}${dir.endsWith('/') ? '' : '/'}${name}`;
}

/**
 * Drops empty and "." segments and resolves "name/.." pairs, as Zeek does: a leading "." stays when a name
 * follows it ("./a"), ".." never climbs above the root or a leading "..", and "~" is never climbed out of.
 */
export function compressPath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  path.split('/').forEach((seg, i) => {
    if (seg === '') return;
    if (seg === '.') {
      if (i === 0 && !absolute) out.push('.');
      return;
    }
    if (seg === '..') {
      const last = out[out.length - 1];
      if (last === undefined || last === '..' || (out.length === 1 && last.startsWith('~'))) out.push('..');
      else if (last === '.') out[out.length - 1] = '..';
      else out.pop();
      return;
    }
    out.push(seg);
  });
  return `${absolute ? '/' : ''}${out.join('/')}`;
}

/** Zeek's ftp:// URL for a file command: the server's address and the argument joined to the working directory. */
export function ftpUrl(serverIp: string, cwd: string, arg: string): string {
  let path = compressPath(buildPath(cwd, arg));
  if (!path.startsWith('/')) path = `/${path}`;
  return `ftp://${serverIp.includes(':') ? `[${serverIp}]` : serverIp}${path}`;
}

// ---------------------------------------------------------------------------------------------
// Escaping, as Zeek's ASCII writer does it
// ---------------------------------------------------------------------------------------------

const hex2 = (n: number) => `\\x${n.toString(16).padStart(2, '0')}`;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether a string holds raw bytes rather than text: ftp-report decodes a line as UTF-8 when it is valid
 * and byte-for-byte as Latin-1 when it is not, so a string of code points up to U+00FF that is not valid
 * UTF-8 when read back as bytes came from the Latin-1 path.
 */
function isRawBytes(text: string): boolean {
  let high = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return false;
    if (c >= 0x80) high = true;
  }
  if (!high) return false;
  try {
    strictUtf8.decode(Buffer.from(text, 'latin1'));
    return false;
  } catch {
    return true;
  }
}

/**
 * A string value as Zeek writes it: unprintable bytes, the backslash and the separator as \xHH; valid UTF-8
 * text kept (Zeek's UTF-8 mode), except C1 controls; raw bytes that are not UTF-8 escaped one by one.
 * Empty is "(empty)"; a value that reads like a marker ("-", "(empty)") gets its first byte escaped.
 */
export function zeekString(value: string | null): string {
  if (value === null) return '-';
  if (value === '') return '(empty)';
  if (value === '-') return '\\x2d';
  if (value === '(empty)') return '\\x28empty)';
  const raw = isRawBytes(value);
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c < 0x7f && ch !== '\\') out += ch;
    else if (c < 0x80 || raw) out += hex2(c);
    else if (c <= 0x9f) out += [...Buffer.from(ch, 'utf8')].map(hex2).join('');
    else out += ch;
  }
  return out;
}

function zeekValue(field: ZeekFtpField, value: string | number | boolean | null): string {
  if (value === null) return '-';
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'number') return String(value);
  if (ZEEK_FTP_TYPES[field] === 'string') return zeekString(value);
  return value; // time, addr: already in Zeek's form and printable
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

/** A stable stand-in for Zeek's connection uid: "C" and 17 base-62 digits of a hash of the session's identity. */
export function zeekUid(
  firstAt: string | null,
  s: Pick<Session, 'tcpStream' | 'client' | 'server' | 'startT'>,
): string {
  const key = [firstAt ?? '', s.tcpStream, s.client.ip, s.client.port, s.server.ip, s.server.port, s.startT].join('|');
  return `C${base62(key)}`;
}

/** A stable stand-in for Zeek's file id: "F" and 17 base-62 digits of a hash of the session uid and command frame. */
export function zeekFuid(sessionUid: string, commandFrame: number): string {
  return `F${base62(`${sessionUid}|${commandFrame}`)}`;
}

function base62(key: string): string {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let n = BigInt(`0x${createHash('sha256').update(key).digest('hex')}`);
  let out = '';
  for (let i = 0; i < 17; i++) {
    out += digits[Number(n % 62n)];
    n /= 62n;
  }
  return out;
}

function lastLine(text: string): string {
  const lines = text.split('\n');
  return lines[lines.length - 1]!;
}

const cut = (value: string, max: number | undefined) =>
  max !== undefined && value.length > max ? value.slice(0, max) : value;

function loggedSet(option: ZeekOptions['commands']): { has(verb: string): boolean } {
  if (option === 'all') return { has: () => true };
  if (option === undefined || option === 'default') return ZEEK_DEFAULT_COMMANDS;
  return new Set(option.map((c) => (c.toLowerCase() === 'init' || c === ZEEK_INIT ? ZEEK_INIT : c.toUpperCase())));
}

interface TimedRecord {
  t: number;
  record: ZeekFtpRecord;
}

function sessionRecords(report: ReportHead, s: Session, options: ZeekOptions): TimedRecord[] {
  const logged = loggedSet(options.commands);
  const limits = {
    user: options.maxUserLength ?? 128,
    password: options.maxPasswordLength ?? 128,
    arg: options.maxArgLength ?? 4096,
    reply: options.maxReplyMsgLength ?? 4096,
  };
  const uid = zeekUid(report.capture.firstAt, s);
  const out: TimedRecord[] = [];
  let user = '<unknown>';
  let password: string | null = null;
  let cwd = '.';
  const hide = () => !options.showPasswords && !GUEST_USERS.has(user.toLowerCase());

  const base = (t: number, command: string): ZeekFtpRecord => ({
    ts: epochSecondsAt(report.capture.firstAt, t) ?? '0.000000',
    uid,
    'id.orig_h': s.client.ip,
    'id.orig_p': s.client.port,
    'id.resp_h': s.server.ip,
    'id.resp_p': s.server.port,
    user,
    password: password === null ? null : hide() ? '<hidden>' : password,
    command,
    arg: null,
    mime_type: null,
    file_size: null,
    reply_code: null,
    reply_msg: null,
    'data_channel.passive': null,
    'data_channel.orig_h': null,
    'data_channel.resp_h': null,
    'data_channel.resp_p': null,
    fuid: null,
  });

  const g = s.greeting;
  if (logged.has(ZEEK_INIT) && g) {
    // Zeek answers the greeting with a pseudo-command; its time is the greeting's first packet.
    const t = g.firstT;
    const reply_msg = cut(lastLine(g.text), limits.reply);
    out.push({ t, record: { ...base(t, ZEEK_INIT), reply_code: g.code, reply_msg } });
  }

  for (const c of s.commands) {
    const arg = c.arg ?? '';
    if (c.command === 'USER') user = cut(arg, limits.user);
    if (c.command === 'PASS') password = cut(arg, limits.password);
    const r = base(c.t, c.command);
    let logArg = FILE_COMMANDS.has(c.command) ? ftpUrl(s.server.ip, cwd, arg) : arg;
    logArg = cut(logArg, limits.arg);
    if (c.command === 'PASS' && hide()) logArg = '<hidden>';
    r.arg = logArg === '' ? null : logArg;
    const reply = c.reply;
    if (reply) {
      r.reply_code = reply.code;
      r.reply_msg = cut(lastLine(reply.text), limits.reply);
    }
    if (c.command === 'RETR' || c.command === 'SIZE') r.file_size = c.statedSize;
    // With --files: the file the transfer carried, as Zeek's ftp.log names it (its files.log row's id, its type)
    const file = s.transfers.find((tr) => tr.commandFrame === c.frame && tr.command === c.command)?.file;
    if (file) {
      r.mime_type = file.mime;
      r.fuid = zeekFuid(uid, c.frame);
    }
    // Zeek fills data_channel for PORT/EPRT and for PASV/EPSV answered 227/229 (not for LPRT/LPSV).
    const ann = ZEEK_SETUPS.has(c.command) ? c.announced : null;
    const mode = ann ? SETUP_COMMANDS[c.command as keyof typeof SETUP_COMMANDS] : null;
    const active = mode === 'active' ? ann : null;
    const passive = mode === 'passive' ? ann : null;
    if (active) {
      r['data_channel.passive'] = false;
      r['data_channel.orig_h'] = s.server.ip;
      r['data_channel.resp_h'] = active.ip;
      r['data_channel.resp_p'] = active.port;
    } else if (passive) {
      r['data_channel.passive'] = true;
      r['data_channel.orig_h'] = s.client.ip;
      r['data_channel.resp_h'] = passive.ip;
      r['data_channel.resp_p'] = passive.port;
    }
    // The working directory moves only on a successful reply, as in Zeek's directory_cmds.
    const code = reply?.code ?? null;
    if (c.command === 'CWD' && code === 250) cwd = compressPath(buildPath(cwd, arg));
    else if (c.command === 'CDUP' && (code === 200 || code === 250)) cwd = compressPath(buildPath(cwd, '..'));
    else if ((c.command === 'PWD' || c.command === 'XPWD') && code === 257) cwd = c.directory ?? '';
    if (logged.has(c.command)) out.push({ t: c.t, record: r });
  }
  return out;
}

/** The ftp.log rows of one report, in time order (sessions interleave as their commands do). */
export function zeekFtpRecords(report: Report, options: ZeekOptions = {}): ZeekFtpRecord[] {
  const timed = report.sessions.flatMap((s) => sessionRecords(report, s, options));
  // Array.prototype.sort is stable: rows of one session at the same time keep their order.
  return timed.sort((a, b) => a.t - b.t).map((x) => x.record);
}

/** Zeek's #open/#close stamp: YYYY-MM-DD-HH-MM-SS (UTC here). */
function zeekStamp(iso: string | null): string {
  const us = iso === null ? null : isoToEpochMicros(iso);
  if (us === null) return '-';
  const d = new Date(Math.floor(us / 1000)).toISOString();
  return `${d.slice(0, 10)}-${d.slice(11, 13)}-${d.slice(14, 16)}-${d.slice(17, 19)}`;
}

/** ftp.log's header lines (through #types), #open naming the earliest first packet time given. */
export function zeekHeader(firstAts: readonly (string | null)[]): string {
  const firsts = firstAts.filter((x): x is string => x !== null).sort();
  const lines = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tftp',
    `#open\t${zeekStamp(firsts[0] ?? null)}`,
    `#fields\t${ZEEK_FTP_FIELDS.join('\t')}`,
    `#types\t${ZEEK_FTP_FIELDS.map((f) => ZEEK_FTP_TYPES[f]).join('\t')}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** ftp.log's #close line, naming the latest last packet time given. */
export function zeekFooter(lastAts: readonly (string | null)[]): string {
  const lasts = lastAts.filter((x): x is string => x !== null).sort();
  return `#close\t${zeekStamp(lasts[lasts.length - 1] ?? null)}\n`;
}

/** One ftp.log line. */
const zeekLine = (rec: ZeekFtpRecord): string => ZEEK_FTP_FIELDS.map((f) => zeekValue(f, rec[f])).join('\t');

/**
 * ftp.log for one or more reports. #open and #close are the first and last packet times of the captures
 * (Zeek writes its own clock there; the capture's times keep the output the same on every run).
 */
export function renderZeekFtpLog(reports: Report | readonly Report[], options: ZeekOptions = {}): string {
  const list = Array.isArray(reports) ? (reports as readonly Report[]) : [reports as Report];
  let out = zeekHeader(list.map((r) => r.capture.firstAt));
  for (const report of list) {
    for (const rec of zeekFtpRecords(report, options)) out += `${zeekLine(rec)}\n`;
  }
  return out + zeekFooter(list.map((r) => r.capture.lastAt));
}

/**
 * ftp.log rows of one capture's sessions given one at a time, in id order, written in the order renderZeekFtpLog
 * gives them (time order; rows at the same time in session order): a row is held until no session still to come can
 * have an earlier one (a session's rows start at its first packet, and sessions come in order of it).
 */
export class ZeekRowMerger {
  private heap: { t: number; n: number; line: string }[] = [];
  private n = 0;

  constructor(private readonly options: ZeekOptions = {}) {}

  /** The rows that are due once this session is in: the earlier sessions' rows up to its start. */
  push(head: ReportHead, s: Session): string {
    let out = this.flushUpTo(s.startT);
    for (const r of sessionRecords(head, s, this.options)) this.add({ t: r.t, n: this.n++, line: zeekLine(r.record) });
    // its own rows at its start time come before any later session's
    out += this.flushUpTo(s.startT);
    return out;
  }

  /** Every row still held. */
  end(): string {
    return this.flushUpTo(Number.POSITIVE_INFINITY);
  }

  private flushUpTo(t: number): string {
    let out = '';
    const h = this.heap;
    while (h.length > 0 && h[0]!.t <= t) out += `${this.pop().line}\n`;
    return out;
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i]!;
    const b = this.heap[j]!;
    return a.t < b.t || (a.t === b.t && a.n < b.n);
  }

  private add(e: { t: number; n: number; line: string }): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): { t: number; n: number; line: string } {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(l, m)) m = l;
        if (r < h.length && this.less(r, m)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
