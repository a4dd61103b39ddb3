// Turns the peer analyzers' recorded answers in ../shared/peer (Zeek logs, Suricata checks) into
// normalised expectations that ftp-report's report should agree with, trace by trace.

import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSuricataTests, type SuricataFilter, type SuricataTest } from './suricata-yaml.js';
import { readZeekLog, splitZeekSet, type ZeekRow } from './zeek-log.js';

/** The repository (the folder holding package.json). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The peer traces live beside the repository, in the shared folder. */
export const peerRoot = path.resolve(repoRoot, '..', 'shared', 'peer');

export function peerAvailable(): boolean {
  return existsSync(peerRoot) && statSync(peerRoot).isDirectory();
}

// ---------------------------------------------------------------------------------------------
// Expectation types
// ---------------------------------------------------------------------------------------------

export interface Endpoint {
  ip: string;
  port: number;
}

/** How a string ftp-report reports should compare with the peer's copy of it. */
export type ValueExpectation =
  /** Nothing of the kind was visible on the wire: ftp-report must report null. */
  | { kind: 'null'; why: string }
  | { kind: 'exact'; value: string }
  /** The peer cut its copy short on purpose: ftp-report's full value must start with it. */
  | { kind: 'prefix'; value: string; why: string }
  /** The peer hid the value (Zeek's `<hidden>`): ftp-report must report something, not the mask. */
  | { kind: 'present'; why: string };

/** How a command argument ftp-report reports should compare with the peer's `arg`. */
export type ArgExpectation =
  /** No argument on the wire: ftp-report's arg is null (or empty). */
  | { kind: 'none' }
  | { kind: 'exact'; value: string }
  /**
   * Zeek logged a file command's argument as `ftp://<server>/<path>`, the path being the argument
   * joined to the working directory Zeek tracked ("." until a PWD/CWD reply tells it more).
   * `path` is the URL with its `ftp://<server>` prefix stripped; `fileName` is its last segment (the
   * file's own name, null when the command had no argument). See argMatchesZeekPath for how the wire
   * argument is compared with `path`.
   */
  | { kind: 'zeek-url'; url: string; path: string; fileName: string | null }
  /** The peer truncated the argument (a max-length test): the real argument starts with `value`. */
  | { kind: 'prefix'; value: string; why: string }
  /** A truncated ftp:// URL: only `ftp://<server>/` can be rebuilt and compared against it. */
  | { kind: 'url-prefix'; value: string; why: string }
  /** Zeek masked the PASS argument: the report must show what was sent, which is not `<hidden>`. */
  | { kind: 'present'; why: string };

export interface ReplyExpectation {
  /** Acceptable codes of the command's final reply; a null entry means "no reply" is acceptable. */
  codes: (number | null)[];
  /** When set, a reported reply must come from this frame (guards against a stale earlier reply). */
  frame: number | null;
  /** Text the final reply must contain, null when the peer's text is not the reply's own. */
  textContains: string | null;
  /** What the peer recorded. */
  peer: { code: number | null; msg: string | null };
  /** Why ftp-report should NOT agree with the peer here; null when it should agree. */
  differs: string | null;
}

/** Zeek's `data_channel` record: the data connection it expects after PORT/EPRT/PASV/EPSV. */
export interface DataChannelExpectation {
  passive: boolean;
  /** Who will connect: the control client for PASV/EPSV, the server for PORT/EPRT. */
  origH: string;
  /** The announced address and port (server's for PASV/EPSV, client's for PORT/EPRT). */
  respH: string;
  respP: number;
}

/** One row of a Zeek ftp.log: a command the session must contain, in this order. */
export interface ZeekRowExpectation {
  /** `<baseline, without the scripts.base.protocols.ftp. prefix>/ftp.log:<line>`, unique within the trace. */
  id: string;
  baseline: string;
  line: number;
  client: Endpoint;
  server: Endpoint;
  /** Upper-case verb, or Zeek's `<init>` pseudo-command for the server greeting. */
  command: string;
  arg: ArgExpectation;
  reply: ReplyExpectation;
  dataChannel: DataChannelExpectation | null;
  /** Zeek's file_size for a file command (from the SIZE or 150 reply), null when unset. */
  fileSize: number | null;
}

export interface ExpectedSession {
  client: Endpoint;
  server: Endpoint;
  /** Where the expectation comes from ("zeek:<baseline>/ftp.log", "tshark", ...). */
  sources: string[];
}

export interface ExpectedLogin {
  client: Endpoint;
  server: Endpoint;
  user: ValueExpectation;
  password: ValueExpectation;
  sources: string[];
}

/** A data connection the peer saw (Zeek conn.log / files.log) and what ftp-report should make of it. */
export interface ExpectedDataConnection {
  /** SYN sender and receiver as Zeek recorded them (id.orig_* / id.resp_*). */
  src: Endpoint;
  dst: Endpoint;
  /** Zeek's service label: "ftp-data" or "gridftp-data". */
  service: string;
  /** Payload bytes src→dst and dst→src per conn.log (sequence-number spans), null when no conn.log row. */
  bytesFromSrc: number | null;
  bytesFromDst: number | null;
  /** Bytes Zeek knows it never saw on this connection (conn.log missed_bytes). */
  missedBytes: number;
  /** files.log: bytes of the file Zeek saw, and bytes it knows were missing; null without files.log. */
  fileSeenBytes: number | null;
  fileMissingBytes: number | null;
  /** Whether a transfer must own this connection, the byte counts it may report, and why. */
  transfer: { required: true; bytes: number[]; why: string | null } | { required: false; why: string };
  sources: string[];
}

/** One Suricata filter translated into something a report can be counted against. */
export type SuricataExpectation = {
  /** `test.yaml#<check index>`, the path relative to the trace's folder. */
  source: string;
  count: number;
  match: Record<string, unknown>;
  requires: Record<string, unknown> | null;
} & (
  | {
      kind: 'ftp-command';
      command: string | null;
      commandData: string | null;
      /** ftp.completion_code: every reply code of the transaction, preliminary ones included. */
      completionCodes: number[] | null;
      /** ftp.reply: every reply text of the transaction. */
      replies: string[] | null;
      dynamicPort: number | null;
      mode: 'active' | 'passive' | null;
      srcIp: string | null;
      destIp: string | null;
    }
  | { kind: 'ftp-event-total'; why: string }
  | { kind: 'ftp-data'; command: string | null; filename: string | null; srcIp: string | null; destIp: string | null }
  | { kind: 'both-directions'; why: string }
  | { kind: 'not-compared'; why: string }
  /** A check this file does not know how to translate: the peer test fails on it, never skips it. */
  | { kind: 'unhandled'; why: string }
);

/** Facts read from the capture with tshark where no peer output covers them; always labelled as such. */
export interface WireFacts {
  /** Why these facts are needed (which peer output is missing or wrong). */
  why: string;
  /** Control sessions (the peer gave none, or only addresses without ports). */
  sessions?: { client: Endpoint; server: Endpoint }[];
  /** USER and PASS arguments as sent, for the trace's single session. */
  login?: { user: string | null; password: string | null };
  /**
   * The single session's commands in order, with acceptable final reply codes (null: no reply).
   * An entry with `optional` may be absent from the report (the reason says why that is fair).
   */
  commands?: { verb: string; verbIsPrefix?: boolean; codes: (number | null)[]; frame?: number; optional?: string }[];
  /** When true, `commands` lists only the first commands of the session. */
  commandsArePrefix?: boolean;
  tls?: { requested: boolean; accepted: boolean; frame: number | null; implicit?: boolean };
  /** The capture has no handshake for the control connection (it starts mid-session). */
  handshakeMissing?: boolean;
  banner?: { contains: string; lines: number | null };
  /** The session must show no transfer, and why. */
  noTransfers?: string;
}

/** A Zeek baseline run with non-default settings, and what that does to its rows. */
export interface BaselineConfig {
  /** What the test changes, as far as its output shows. */
  setting: string;
  /** Fields the setting cuts short; compared as prefixes, never as the truth. */
  truncates?: ('user' | 'password' | 'arg' | 'reply_msg')[];
  /** Rows the setting made Zeek leave out (so the default-command count check is off). */
  omitsRows?: string;
}

export interface ZeekBaseline {
  name: string;
  /** Log files present: ftp.log, conn.log, files.log. */
  logs: string[];
  config: BaselineConfig | null;
}

export interface PeerTrace {
  /** "zeek/ipv4", "suricata/ftp-epsv": the trace's folder under ../shared/peer. */
  id: string;
  peer: 'zeek' | 'suricata';
  capture: string;
  /** Control ports to pass to runReport. */
  ftpPorts: number[];
  sessions: ExpectedSession[];
  logins: ExpectedLogin[];
  zeekBaselines: ZeekBaseline[];
  zeekRows: ZeekRowExpectation[];
  /** Baselines run with Zeek's default logged commands and nothing left out: verb → row count. */
  zeekDefaultCommandCounts: { baseline: string; counts: Record<string, number> }[];
  dataConnections: ExpectedDataConnection[];
  suricata: SuricataExpectation[];
  wire: WireFacts | null;
  /** Notes on files in the peer folder this trace's expectations do not use, and why. */
  unused: string[];
}

// ---------------------------------------------------------------------------------------------
// What each trace is, read with `tshark -r TRACE -n`, and where ftp-report should part from its peer
// ---------------------------------------------------------------------------------------------

/** Zeek writes these commands to ftp.log by default (FTP::logged_commands). */
export const ZEEK_DEFAULT_LOGGED = new Set([
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
/** Zeek logs these commands' argument as an ftp:// URL built from the server and its tracked cwd. */
const ZEEK_URL_COMMANDS = new Set(['APPE', 'RETR', 'STOR', 'STOU']);

interface ReplyFix {
  baseline: string;
  /** 1-based data row in that baseline's ftp.log. */
  row: number;
  /** The row's command, checked so a changed baseline cannot silently shift the fix. */
  command: string;
  codes: (number | null)[];
  frame: number;
  textContains?: string;
  why: string;
}

interface TraceNotes {
  ftpPorts: number[];
  baselines?: Record<string, BaselineConfig>;
  replyFixes?: ReplyFix[];
  wire?: WireFacts;
  /** Data connections a transfer cannot own, keyed "src>dst" as written by endpointKey. */
  unownedData?: Record<string, string>;
}

const v4 = (ip: string, port: number): Endpoint => ({ ip, port });

const MAX_CMD = 'scripts.base.protocols.ftp.ftp-max-command-length';
const MULTI = 'scripts.base.protocols.ftp.ftp-multiline-reply';
const POLICY = 'scripts.policy.protocols.ftp.ftp';
const OVERLONG =
  'a 132-letter verb is no FTP command (RFC 959 verbs are 3-4 letters): ftp-report may list it, or count it as a ' +
  'non-command line and its reply as unsolicited, as long as the neighbouring pairs stay right';
const PIPELINED_WHY =
  "Zeek's ftp.log for this trace is incomplete or mispaired by design of its test; the full command/reply order is read from the capture";

const TRACE_NOTES: Record<string, TraceNotes> = {
  // IPv4, port 21, Pure-FTPd. USER ftp (230 at once, no PASS), SYST, FEAT, PWD, EPSV → LIST
  // (data 59763→63988, 270 B), TYPE I, SIZE rand.txt = 5,416,666,670, EPSV → RETR rand.txt (data
  // 59764→37150), multi-line 226-/221- replies. The capture is SLICED: the RETR connection shows
  // only 10 data segments (23,822 payload bytes) of 5.4 GB, its sequence numbers wrap twice (raw
  // seq 238246 occurs twice, one wrap apart) and the client ACKs bytes never captured.
  // Peer: conn.log + files.log only (no ftp.log).
  'zeek/bigtransfer': {
    ftpPorts: [21],
    wire: {
      why: 'the Zeek baseline has no ftp.log, so the login is read from the capture',
      login: { user: 'ftp', password: null },
    },
  },
  // IPv4 loopback, py.fake server. USER anonymous, PASS anonymous@zeek.org, SYST, an over-long verb
  // "TYPEEEE…" (132 chars, reply 200), PASV (227 without an address), over-long "SYSTTTT…" (215),
  // RETR robots.txt (225), PORT 114,115 (only two numbers: no usable address), QUIT. No data
  // connection. Baseline ftp-max-command-length: Zeek drops over-long commands and so pairs SYST and
  // PASV with the replies meant for the next commands.
  'zeek/fake-long-commands': {
    ftpPorts: [21],
    baselines: {
      [MAX_CMD]: {
        setting: 'FTP analyzer max command length lowered; over-long commands are dropped, all commands logged',
        omitsRows: 'the two over-long commands and PASS/QUIT are not logged',
      },
    },
    replyFixes: [
      {
        baseline: MAX_CMD,
        row: 2,
        command: 'SYST',
        codes: [215],
        frame: 16,
        textContains: 'Response to SYST command',
        why: 'SYST (frame 14) was answered 215 in frame 16; Zeek shows the 200 meant for the over-long TYPEEEE… it dropped',
      },
      {
        baseline: MAX_CMD,
        row: 3,
        command: 'PASV',
        codes: [227],
        frame: 24,
        textContains: 'Response to PASV command',
        why: 'PASV (frame 22) was answered 227 in frame 24; Zeek shows the 215 meant for the over-long SYSTTTT… it dropped',
      },
    ],
    wire: {
      why: PIPELINED_WHY,
      commands: [
        { verb: 'USER', codes: [230] },
        { verb: 'PASS', codes: [230] },
        { verb: 'SYST', codes: [215] },
        { verb: 'TYPEEEEEEEEE', verbIsPrefix: true, codes: [200], frame: 18, optional: OVERLONG },
        { verb: 'PASV', codes: [227] },
        { verb: 'SYSTTTTTTTTT', verbIsPrefix: true, codes: [215], frame: 26, optional: OVERLONG },
        { verb: 'RETR', codes: [225] },
        { verb: 'PORT', codes: [200] },
        { verb: 'QUIT', codes: [221] },
      ],
      noTransfers: 'PASV got no address and PORT 114,115 is not an address, so no data connection can be announced',
    },
  },
  // IPv4 loopback, py.fake server. The client PIPELINES all eight commands (USER, PASS, SYST, TYPE I,
  // PASV, RETR robots.txt, PORT 114,115, QUIT) before the server says anything; then the 220
  // greeting and the eight replies arrive in order. Baseline ftp-max-pending-commands: with a low
  // pending-command limit Zeek logged only USER and SYST (PASV/RETR/PORT, logged by default, are lost).
  'zeek/fake-server-delays-all': {
    ftpPorts: [21],
    baselines: {
      'scripts.base.protocols.ftp.ftp-max-pending-commands': {
        setting: 'FTP::max_pending_commands lowered; commands beyond the limit are not tracked',
        omitsRows: 'PASS, TYPE, PASV, RETR, PORT and QUIT are missing',
      },
    },
    wire: {
      why: PIPELINED_WHY,
      banner: { contains: 'py.fake ready', lines: 1 },
      commands: [
        { verb: 'USER', codes: [230], frame: 4 },
        { verb: 'PASS', codes: [230], frame: 6 },
        { verb: 'SYST', codes: [215], frame: 8 },
        { verb: 'TYPE', codes: [200], frame: 10 },
        { verb: 'PASV', codes: [227], frame: 12 },
        { verb: 'RETR', codes: [225], frame: 14 },
        { verb: 'PORT', codes: [200], frame: 16 },
        { verb: 'QUIT', codes: [221], frame: 18 },
      ],
      noTransfers: 'the 227 reply carries no address and PORT 114,115 is not an address',
    },
  },
  // IPv4 loopback, vsFTPd 3.0.5. FEAT (211- reply over 11 lines), AUTH TLS → 234, then TLS 1.3 for
  // the rest of the connection (commands invisible); the server ends with FIN then RST. Zeek's
  // conn.log service is "ftp,ssl".
  'zeek/ftp-auth-tls': {
    ftpPorts: [21],
    wire: {
      why: 'after 234 the control channel is TLS: only FEAT and AUTH are visible, which Zeek confirms (service ftp,ssl)',
      commands: [
        { verb: 'FEAT', codes: [211] },
        { verb: 'AUTH', codes: [234], frame: 20 },
      ],
      tls: { requested: true, accepted: true, frame: 20, implicit: false },
      noTransfers: 'no data channel is negotiated in clear text',
    },
  },
  // IPv4 loopback, py.fake. USER zeek 230, PASS zeek 230, PASV → "99 PASV invalid" (a two-digit
  // code), QUIT 221. Zeek calls it a protocol violation (dpd baseline: service "ftp,-ftp",
  // failed_service ftp), keeps the stale "230 PASS OK" on the PASV row and logs nothing after it.
  'zeek/ftp-invalid-reply-code': {
    ftpPorts: [21],
    replyFixes: [
      {
        baseline: 'scripts.base.protocols.ftp.ftp-invalid-reply-code',
        row: 3,
        command: 'PASV',
        codes: [null, 99],
        frame: 16,
        why: 'the only answer to PASV is "99 PASV invalid" (frame 16), not a valid three-digit reply; Zeek left the previous 230 on the row',
      },
    ],
    wire: {
      why: 'Zeek stopped analysing after the bad reply; the commands after it are read from the capture',
      commands: [
        { verb: 'USER', codes: [230] },
        { verb: 'PASS', codes: [230] },
        { verb: 'PASV', codes: [null, 99] },
        { verb: 'QUIT', codes: [221], frame: 18 },
      ],
    },
  },
  // IPv4 loopback, py.fake. USER zeek 230, PASS zeek 230, SYST → "SYST not supported" (no code at
  // all), QUIT 221. Zeek keeps the stale "230 PASS OK" on the SYST row.
  'zeek/ftp-missing-reply-code': {
    ftpPorts: [21],
    replyFixes: [
      {
        baseline: 'scripts.base.protocols.ftp.ftp-missing-reply-code',
        row: 3,
        command: 'SYST',
        codes: [null],
        frame: 16,
        why: 'SYST was answered by "SYST not supported" (frame 16), a line with no reply code; Zeek left the previous 230 on the row',
      },
    ],
    wire: {
      why: "a faithful pairing must not hand QUIT's 221 to SYST; read from the capture",
      commands: [
        { verb: 'USER', codes: [230] },
        { verb: 'PASS', codes: [230] },
        { verb: 'SYST', codes: [null] },
        { verb: 'QUIT', codes: [221], frame: 18 },
      ],
    },
  },
  // IPv4 loopback, py.fake. USER zeek 230, PASS zeek 230, RETR with NO argument → "230_no_space"
  // (code not followed by space or hyphen), QUIT 221. Zeek logs the RETR as ftp://127.0.0.1/. with
  // the stale "230 PASS OK".
  'zeek/ftp-missing-space-after-reply-code': {
    ftpPorts: [21],
    replyFixes: [
      {
        baseline: 'scripts.base.protocols.ftp.ftp-missing-space-after-reply-code',
        row: 3,
        command: 'RETR',
        codes: [null, 230],
        frame: 16,
        why: 'RETR was answered "230_no_space" (frame 16): malformed, though a lenient parser may read 230; Zeek\'s "PASS OK" text is the stale previous reply',
      },
    ],
    wire: {
      why: 'the malformed reply must not shift the pairing of QUIT; read from the capture',
      commands: [
        { verb: 'USER', codes: [230] },
        { verb: 'PASS', codes: [230] },
        { verb: 'RETR', codes: [null, 230] },
        { verb: 'QUIT', codes: [221], frame: 18 },
      ],
    },
  },
  // IPv4, FileZilla Server 1.9.1. USER Admin 331, PASS qwerty 530; the client closes without QUIT.
  // Two baselines: the default one masks the password as <hidden>, the other logs it in clear.
  'zeek/ftp-password-pass-command': {
    ftpPorts: [21],
    baselines: {
      'scripts.base.protocols.ftp.ftp-password-pass-command': {
        setting: 'FTP::default_capture_password = T (passwords logged in clear); USER and PASS logged',
      },
    },
  },
  // IPv4. The capture STARTS MID-SESSION: frame 1 is a PASV, so no handshake, greeting, USER or PASS.
  // Four PASV (ports 47035, 47079, 47059, 47045); the first three each precede CWD + LIST (127 B,
  // 134 B, 530,096 B of listing), the last precedes SIZE, MDTM and RETR
  // /mirror/internic/rfc/rfc1001.txt (154,427 B). Baseline ftp-get-file-size: default commands.
  'zeek/ftp-with-numbers-in-filename': {
    ftpPorts: [21],
    wire: {
      why: 'Zeek has no field for it: the control connection has no SYN in the capture',
      handshakeMissing: true,
    },
  },
  // IPv4, GridFTP (Globus) on port 2811, so tshark needs the port as FTP. AUTH GSSAPI → 334, four
  // ADAT exchanges carrying GSI/TLS tokens (335, 335, 335, 235; the second ADAT line spans frames
  // 13-14, which tshark shows as a bogus command "KTN80…"), then every command is wrapped in ENC and
  // every reply is 632 (RFC 2228): no USER, PASV or file name is visible. A data connection
  // 35391→55968 carries TLS. Zeek: conn.log only (service ftp,ssl,gridftp and gridftp-data).
  'zeek/globus-url-copy': {
    ftpPorts: [21, 2811],
    wire: {
      why: 'Zeek logged no ftp.log here; the clear-text part of the control channel is read from the capture',
      login: { user: null, password: null },
      commands: [
        { verb: 'AUTH', codes: [334] },
        { verb: 'ADAT', codes: [335] },
        { verb: 'ADAT', codes: [335] },
        { verb: 'ADAT', codes: [335] },
        { verb: 'ADAT', codes: [235] },
      ],
      commandsArePrefix: true,
      tls: { requested: false, accepted: false, frame: null, implicit: false },
      noTransfers: 'the data channel is negotiated inside ENC (encrypted), so no PORT/PASV is visible',
    },
    unownedData: {
      '192.168.57.103:35391>192.168.57.101:55968':
        'Zeek recognises this GridFTP data connection from its TLS content; the command that set it up is encrypted, so ftp-report cannot tie it to a transfer',
    },
  },
  // IPv4, NetBSD-ftpd. USER anonymous 331, PASS test 230 (multi-line 230-), SYST, PASV → LIST (data
  // 37604→56666, 342 B), TYPE I, PASV → RETR robots.txt (59378→56667, 77 B), TYPE A,
  // PORT …,131,46 (33582) → LIST, TYPE I, PORT …,147,203 (37835) → RETR robots.txt, QUIT (221-).
  // In ACTIVE mode the server connects FROM ports 61920 and 61918, not 20. Four baselines.
  'zeek/ipv4': {
    ftpPorts: [21],
    baselines: {
      'scripts.base.protocols.ftp.ftp-max-arg-length': {
        setting:
          'maximum argument and reply-message lengths lowered (args cut to 13, replies to 17 characters); USER logged',
        truncates: ['arg', 'reply_msg'],
      },
      'scripts.base.protocols.ftp.ftp-max-user-length': {
        setting: 'maximum user and password lengths lowered (user cut to 4, password to 2 characters)',
        truncates: ['user', 'password'],
      },
    },
  },
  // IPv6, JPIX FTP. A 12-line 220- greeting, USER anonymous 331, PASS root@sponge.es.net 230, PWD "/",
  // CWD pub/FreeBSD/ports/local-distfiles/avl, MODE S, TYPE I, SIZE 550, MODE S, TYPE I, EPSV
  // (|||60931|), RETR libssh-0.5.2.tar.gz → 550 (frame 44); no data connection. The client then
  // FINs without QUIT and the server sends an unsolicited "221 You could at least say goodbye."
  // (frame 47), which Zeek attaches to the RETR.
  'zeek/ipv6-multiline-reply': {
    ftpPorts: [21],
    replyFixes: [MULTI, POLICY].map((baseline) => ({
      baseline,
      row: baseline === MULTI ? 5 : 2,
      command: 'RETR',
      codes: [550],
      frame: 44,
      textContains: 'No such file or directory',
      why: "RETR was answered 550 in frame 44; the 221 Zeek logs is the server's unsolicited goodbye after the client closed",
    })),
    wire: {
      why: 'Zeek logs only the last greeting line; the full greeting is read from the capture',
      banner: { contains: 'FTP server ready.', lines: 12 },
    },
  },
  // IPv6, BELNET ProFTPD with mod_sftp. A 20-line 220- greeting, USER anonymous 331, PASS
  // michael@sponge.es.net → the server answers with an SSH identification line
  // "SSH-2.0-mod_sftp/0.9.7", a binary SSH disconnect packet and, on the SAME line after the binary
  // bytes, "530 Sorry, only 3 connections per host!" (tshark shows it as a reply only because a
  // segment starts there). The client sends FIN, then RSTs. No Zeek log for this trace in the copy.
  'zeek/ipv6-violation': {
    ftpPorts: [21],
    wire: {
      why: 'no Zeek baseline exists for this trace in ../shared/peer; everything is read from the capture',
      sessions: [{ client: v4('2001:470:1f05:17a6:d69a:20ff:fefd:6b88', 24316), server: v4('2001:6a8:a40::21', 21) }],
      login: { user: 'anonymous', password: 'michael@sponge.es.net' },
      banner: { contains: 'ProFTPD 1.3.3d Server (BELNET FTPD Server)', lines: 20 },
      commands: [
        { verb: 'USER', codes: [331] },
        // The 530 sits mid-line after binary SSH bytes: a line-based parser finds no valid reply,
        // one that resynchronises on segment starts (as tshark does) finds 530.
        { verb: 'PASS', codes: [null, 530] },
      ],
      noTransfers: 'the session ends at PASS',
    },
  },
  // IPv6, NetBSD-ftpd. anonymous/test, SYST, FEAT, PWD, EPSV → LIST (57086, 342 B), EPSV → NLST
  // (57087, 43 B), TYPE I, SIZE, EPSV → RETR robots.txt (57088, 77 B), MDTM, SIZE,
  // EPRT |2|…|49189| → RETR robots.txt (server connects from 55785), MDTM, TYPE A, EPRT …|49190| →
  // LIST (from 55647), QUIT. Baseline ftp-ipv6: default commands.
  'zeek/ipv6': { ftpPorts: [21] },
  // IPv4, Apache mod_ftp. anonymous/chrome@example.com, SYST, PWD, TYPE I, EPSV (38141), SIZE
  // /README, CWD /README 550, RETR /README (data 50737→38141, 16,557 B) 150/226, QUIT. One server
  // segment on the control channel is retransmitted. Zeek: files.log only (extract-limit test).
  'zeek/retr': {
    ftpPorts: [21],
    wire: {
      why: 'the Zeek baseline has only files.log; session and login are read from the capture',
      sessions: [{ client: v4('141.142.228.5', 50736), server: v4('141.142.192.162', 21) }],
      login: { user: 'anonymous', password: 'chrome@example.com' },
    },
  },
  // IPv4, "FTP Sandbox". bob/password, TYPE A, PORT (44671) → NLST, TYPE I, PORT (43585) → RETR
  // index.html (39 B), TYPE A, PORT (43439) → NLST, QUIT. Active mode: the server connects from port 20.
  'suricata/ftp-download-active': {
    ftpPorts: [21],
    wire: {
      why: 'Suricata names only addresses; ports and login are read from the capture',
      sessions: [{ client: v4('172.23.0.3', 58252), server: v4('172.23.0.2', 21) }],
      login: { user: 'bob', password: 'password' },
    },
  },
  // IPv4. bob/password, PASV (21001) → NLST, PASV (21008) → RETR index.html, PASV (21008 AGAIN) →
  // NLST, QUIT: the same announced port serves two transfers.
  'suricata/ftp-download-passive': {
    ftpPorts: [21],
    wire: {
      why: 'Suricata names only addresses; ports and login are read from the capture',
      sessions: [{ client: v4('172.23.0.3', 41790), server: v4('172.23.0.2', 21) }],
      login: { user: 'bob', password: 'password' },
    },
  },
  // IPv4, ProFTPD 1.3.0a. ftp/ftp (anonymous), SYST, FEAT (211-), PWD, EPSV (58612) → LIST, TYPE I,
  // SIZE, EPSV (37100) → RETR resume.doc, MDTM, CWD, PWD, EPSV (36986) → STOR README, MKD 550,
  // MKD 257, RMD, CWD .., PWD, TYPE A, EPSV (35656) → LIST, SITE CHMOD 550, QUIT. ONLY the control
  // connection was captured: no data connection at all.
  'suricata/ftp-epsv': {
    ftpPorts: [21],
    wire: {
      why: 'Suricata names no session here; it and the login are read from the capture',
      sessions: [{ client: v4('192.168.1.182', 62014), server: v4('192.168.1.231', 21) }],
      login: { user: 'ftp', password: 'ftp' },
    },
  },
  // IPv4. alice/password, PORT (35627) → NLST, PORT (44133) → STOR index.html (client sends 39 B on
  // the connection the server opened from port 20), PORT (40173) → NLST, QUIT.
  'suricata/ftp-upload-active': {
    ftpPorts: [21],
    wire: {
      why: 'Suricata names only addresses; ports and login are read from the capture',
      sessions: [{ client: v4('172.23.0.3', 44550), server: v4('172.23.0.2', 21) }],
      login: { user: 'alice', password: 'password' },
    },
  },
  // IPv4. alice/password, PASV (21003) → NLST, PASV (21003 again) → STOR index.html, PASV (21001) → NLST.
  'suricata/ftp-upload-passive': {
    ftpPorts: [21],
    wire: {
      why: 'Suricata names only addresses; ports and login are read from the capture',
      sessions: [{ client: v4('172.23.0.3', 43234), server: v4('172.23.0.2', 21) }],
      login: { user: 'alice', password: 'password' },
    },
  },
  // IPv4, vsFTPd 2.3.5. anonymous/anonymous, PORT (59914) → NLST 150/226, PORT (59926) → RETR
  // temp.txt (1164 bytes announced) 150/226, QUIT. The data connections are NOT in the capture.
  // The client retransmits the first PORT four times (frames 19-22) and the server repeats two
  // replies (spurious retransmissions): each must count once. The nested bug-3519 test runs on the
  // same capture and checks only Suricata's memory counters.
  'suricata/output-eve-ftp': {
    ftpPorts: [21],
    wire: {
      why: 'Suricata names no session here; it and the login are read from the capture',
      sessions: [{ client: v4('192.168.0.13', 59898), server: v4('192.168.0.10', 21) }],
      login: { user: 'anonymous', password: 'anonymous' },
    },
  },
};

/** The trace ids this file has notes for (the test checks they match the traces on disk). */
export const NOTED_TRACES = Object.keys(TRACE_NOTES).sort();

// ---------------------------------------------------------------------------------------------
// Helpers shared with the test
// ---------------------------------------------------------------------------------------------

/** Canonical IP text: IPv4 as is, IPv6 compressed and lower-case (the contract's form). */
export function normalizeIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

export function endpointKey(e: Endpoint): string {
  const ip = normalizeIp(e.ip);
  return ip.includes(':') ? `[${ip}]:${e.port}` : `${ip}:${e.port}`;
}

export function sessionKey(client: Endpoint, server: Endpoint): string {
  return `${endpointKey(client)}>${endpointKey(server)}`;
}

/**
 * Whether a wire argument agrees with the path of Zeek's ftp:// URL for a file command. Zeek joins
 * the argument to the working directory it tracked and drops "." segments, so the wire argument is
 * either that whole path (absolute, or Zeek never learnt the directory) or a trailing run of its
 * "/"-separated segments (relative to a directory Zeek learnt from PWD/CWD). No argument gives "/.".
 */
export function argMatchesZeekPath(wire: string | null, zeekPath: string): boolean {
  const dropDots = (s: string) => s.replace(/\/\.(?=\/|$)/g, '');
  const full = dropDots(zeekPath) || '/';
  const arg = (wire ?? '').trim();
  if (arg === '') return full === '/';
  const tail = dropDots(arg.startsWith('/') ? arg : `/${arg}`);
  return full === tail || full.endsWith(tail);
}

/** Splits Zeek's `ftp://host/path` (host may be a bracketed IPv6 address) into host and path. */
export function splitZeekUrl(url: string): { host: string; path: string } | null {
  const m = /^ftp:\/\/(\[[^\]]+\]|[^/]+)(\/.*)?$/.exec(url);
  if (!m) return null;
  return { host: m[1]!, path: m[2] ?? '/' };
}

/** The file name inside Zeek's URL path: "/./robots.txt" → "robots.txt", "/a/b.txt" → "b.txt", "/." → null. */
export function zeekPathToFileName(p: string): string | null {
  const segments = p.split('/').filter((s) => s !== '' && s !== '.');
  return segments.length === 0 ? null : segments[segments.length - 1]!;
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

class ExpectationError extends Error {
  constructor(message: string) {
    super(`peer expectations: ${message}`);
    this.name = 'ExpectationError';
  }
}

function need(row: ZeekRow, field: string, where: string): string {
  const v = row[field];
  if (v === undefined || v === null) throw new ExpectationError(`${where}: field ${field} is unset`);
  return v;
}

function port(row: ZeekRow, field: string, where: string): number {
  const n = Number(need(row, field, where));
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ExpectationError(`${where}: ${field} is not a port`);
  return n;
}

function endpoints(row: ZeekRow, where: string): { orig: Endpoint; resp: Endpoint } {
  return {
    orig: { ip: normalizeIp(need(row, 'id.orig_h', where)), port: port(row, 'id.orig_p', where) },
    resp: { ip: normalizeIp(need(row, 'id.resp_h', where)), port: port(row, 'id.resp_p', where) },
  };
}

function count(value: string | null): number | null {
  if (value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

class SessionBook {
  private readonly map = new Map<string, ExpectedSession>();
  add(client: Endpoint, server: Endpoint, source: string): void {
    const key = sessionKey(client, server);
    const s = this.map.get(key);
    if (s) {
      if (!s.sources.includes(source)) s.sources.push(source);
    } else {
      this.map.set(key, {
        client: { ip: normalizeIp(client.ip), port: client.port },
        server: { ip: normalizeIp(server.ip), port: server.port },
        sources: [source],
      });
    }
  }
  list(): ExpectedSession[] {
    return [...this.map.values()];
  }
}

function zeekArg(row: ZeekRow, command: string, config: BaselineConfig | null): ArgExpectation {
  const raw = row['arg'] ?? null;
  if (raw === null || raw === '') return { kind: 'none' };
  const isUrl = ZEEK_URL_COMMANDS.has(command) && raw.startsWith('ftp://');
  if (config?.truncates?.includes('arg')) {
    const why = `${config.setting}: Zeek logged only the first characters`;
    return isUrl ? { kind: 'url-prefix', value: raw, why } : { kind: 'prefix', value: raw, why };
  }
  if (command === 'PASS' && raw === '<hidden>') {
    return { kind: 'present', why: 'Zeek masks passwords of non-anonymous users; ftp-report reports what was sent' };
  }
  if (isUrl) {
    const parts = splitZeekUrl(raw);
    if (!parts) throw new ExpectationError(`unreadable Zeek URL ${raw}`);
    return { kind: 'zeek-url', url: raw, path: parts.path, fileName: zeekPathToFileName(parts.path) };
  }
  return { kind: 'exact', value: raw };
}

function zeekReply(row: ZeekRow, fix: ReplyFix | undefined): ReplyExpectation {
  const code = count(row['reply_code'] ?? null);
  const msg = row['reply_msg'] ?? null;
  const peer = { code, msg };
  if (fix) {
    return { codes: fix.codes, frame: fix.frame, textContains: fix.textContains ?? null, peer, differs: fix.why };
  }
  // A truncated reply_msg is still a substring of the real text, so "contains" covers both cases.
  return { codes: [code], frame: null, textContains: msg === '' ? null : msg, peer, differs: null };
}

function zeekDataChannel(row: ZeekRow, where: string): DataChannelExpectation | null {
  const passive = row['data_channel.passive'] ?? null;
  if (passive === null) return null;
  return {
    passive: passive === 'T',
    origH: normalizeIp(need(row, 'data_channel.orig_h', where)),
    respH: normalizeIp(need(row, 'data_channel.resp_h', where)),
    respP: port(row, 'data_channel.resp_p', where),
  };
}

interface LoginVotes {
  client: Endpoint;
  server: Endpoint;
  users: { value: string; truncated: boolean; source: string }[];
  passwords: { value: string; truncated: boolean; source: string }[];
  rows: number;
  sources: Set<string>;
}

function decideLogin(v: LoginVotes): ExpectedLogin {
  const pick = (votes: LoginVotes['users'], opts: { hidden?: string; none: string }): ValueExpectation => {
    const exact = votes.filter((x) => !x.truncated && x.value !== opts.hidden && x.value !== '<unknown>');
    if (exact.length > 0) return { kind: 'exact', value: exact[exact.length - 1]!.value };
    if (opts.hidden !== undefined && votes.some((x) => x.value === opts.hidden)) {
      return { kind: 'present', why: 'Zeek masked it (<hidden>); ftp-report reports what was sent' };
    }
    const cut = votes.filter((x) => x.truncated && x.value !== '<unknown>');
    if (cut.length > 0) {
      return { kind: 'prefix', value: cut[cut.length - 1]!.value, why: `truncated by ${cut[cut.length - 1]!.source}` };
    }
    return { kind: 'null', why: opts.none };
  };
  return {
    client: v.client,
    server: v.server,
    user: pick(v.users, { none: 'Zeek saw no USER on this connection (<unknown>)' }),
    password: pick(v.passwords, { hidden: '<hidden>', none: 'Zeek saw no PASS on this connection' }),
    sources: [...v.sources],
  };
}

/** A baseline's test name without the common prefix, for test titles. */
function shortBaseline(name: string): string {
  return name.replace(/^scripts\.base\.protocols\.ftp\./, '').replace(/^scripts\.policy\.protocols\.ftp\./, 'policy/');
}

function loadZeekTrace(dir: string, id: string, notes: TraceNotes): PeerTrace {
  const captures = readdirSync(dir).filter((n) => /\.(pcap|pcapng)(\.gz)?$/.test(n));
  if (captures.length !== 1) throw new ExpectationError(`${id}: expected one capture, found ${captures.length}`);
  const sessions = new SessionBook();
  const votes = new Map<string, LoginVotes>();
  const zeekRows: ZeekRowExpectation[] = [];
  const baselines: ZeekBaseline[] = [];
  const defaultCounts: PeerTrace['zeekDefaultCommandCounts'] = [];
  const data = new Map<string, ExpectedDataConnection>();
  const unused: string[] = [];
  const usedFixes = new Set<ReplyFix>();

  const dataFor = (src: Endpoint, dst: Endpoint, service: string, source: string): ExpectedDataConnection => {
    const key = `${endpointKey(src)}>${endpointKey(dst)}`;
    let d = data.get(key);
    if (!d) {
      d = {
        src,
        dst,
        service,
        bytesFromSrc: null,
        bytesFromDst: null,
        missedBytes: 0,
        fileSeenBytes: null,
        fileMissingBytes: null,
        transfer: { required: true, bytes: [], why: null },
        sources: [],
      };
      data.set(key, d);
    }
    if (!d.sources.includes(source)) d.sources.push(source);
    return d;
  };

  const baselineNames = readdirSync(dir)
    .filter((n) => statSync(path.join(dir, n)).isDirectory())
    .sort();
  for (const name of baselineNames) {
    const bdir = path.join(dir, name);
    const logs = readdirSync(bdir)
      .filter((n) => n.endsWith('.log'))
      .sort();
    const config = notes.baselines?.[name] ?? null;
    baselines.push({ name, logs, config });
    for (const other of logs.filter((n) => !['ftp.log', 'conn.log', 'files.log'].includes(n))) {
      unused.push(`${name}/${other}: not an FTP log`);
    }

    if (logs.includes('ftp.log')) {
      const log = readZeekLog(path.join(bdir, 'ftp.log'));
      const verbs: Record<string, number> = {};
      log.rows.forEach((row, i) => {
        const line = log.lineNumbers[i]!;
        const where = `${id}/${name}/ftp.log:${line}`;
        const { orig: client, resp: server } = endpoints(row, where);
        // Zeek's greeting pseudo-command stays as written; real verbs are compared upper-case.
        const logged = need(row, 'command', where);
        const command = logged === '<init>' ? logged : logged.toUpperCase();
        verbs[command] = (verbs[command] ?? 0) + 1;
        const fix = notes.replyFixes?.find((f) => f.baseline === name && f.row === i + 1);
        if (fix) {
          if (fix.command !== command)
            throw new ExpectationError(`${where}: reply fix expects ${fix.command}, row is ${command}`);
          usedFixes.add(fix);
        }
        sessions.add(client, server, `zeek:${name}/ftp.log`);
        zeekRows.push({
          id: `${shortBaseline(name)}/ftp.log:${line}`,
          baseline: name,
          line,
          client,
          server,
          command,
          arg: command === '<init>' ? { kind: 'none' } : zeekArg(row, command, config),
          reply: zeekReply(row, fix),
          dataChannel: zeekDataChannel(row, where),
          fileSize: count(row['file_size'] ?? null),
        });
        const key = sessionKey(client, server);
        const v = votes.get(key) ?? { client, server, users: [], passwords: [], rows: 0, sources: new Set<string>() };
        v.rows += 1;
        v.sources.add(`zeek:${name}/ftp.log`);
        const user = row['user'] ?? null;
        const password = row['password'] ?? null;
        if (user !== null)
          v.users.push({ value: user, truncated: !!config?.truncates?.includes('user'), source: name });
        if (password !== null) {
          v.passwords.push({ value: password, truncated: !!config?.truncates?.includes('password'), source: name });
        }
        votes.set(key, v);
      });
      const onlyDefault = Object.keys(verbs).every((c) => ZEEK_DEFAULT_LOGGED.has(c));
      if (onlyDefault && !config?.omitsRows) defaultCounts.push({ baseline: name, counts: verbs });
    }

    if (logs.includes('conn.log')) {
      const log = readZeekLog(path.join(bdir, 'conn.log'));
      log.rows.forEach((row, i) => {
        const where = `${id}/${name}/conn.log:${log.lineNumbers[i]}`;
        const { orig, resp } = endpoints(row, where);
        const services = splitZeekSet(log, row['service'] ?? null);
        const source = `zeek:${name}/conn.log`;
        const dataService = services.find((s) => s === 'ftp-data' || s === 'gridftp-data');
        if (dataService) {
          const d = dataFor(orig, resp, dataService, source);
          d.bytesFromSrc = count(row['orig_bytes'] ?? null);
          d.bytesFromDst = count(row['resp_bytes'] ?? null);
          d.missedBytes = count(row['missed_bytes'] ?? null) ?? 0;
        } else if (notes.ftpPorts.includes(resp.port)) {
          // Service may read "-" or "ftp,-ftp" when Zeek gave up on the analyzer; the port decides.
          sessions.add(orig, resp, source);
        } else {
          unused.push(`${name}/conn.log: ${endpointKey(orig)}>${endpointKey(resp)} is neither FTP control nor data`);
        }
      });
    }

    if (logs.includes('files.log')) {
      const log = readZeekLog(path.join(bdir, 'files.log'));
      log.rows.forEach((row, i) => {
        const where = `${id}/${name}/files.log:${log.lineNumbers[i]}`;
        if (row['source'] !== 'FTP_DATA') {
          unused.push(`${name}/files.log:${log.lineNumbers[i]}: source ${row['source']}, not FTP_DATA`);
          return;
        }
        const { orig, resp } = endpoints(row, where);
        const d = dataFor(orig, resp, 'ftp-data', `zeek:${name}/files.log`);
        d.fileSeenBytes = count(row['seen_bytes'] ?? null);
        d.fileMissingBytes = count(row['missing_bytes'] ?? null) ?? 0;
      });
    }
  }

  for (const fix of notes.replyFixes ?? []) {
    if (!usedFixes.has(fix))
      throw new ExpectationError(`${id}: reply fix for ${fix.baseline} row ${fix.row} matches no row`);
  }

  // Decide what ftp-report must say about each data connection.
  for (const [key, d] of data) {
    const reason = notes.unownedData?.[key];
    if (reason) {
      d.transfer = { required: false, why: reason };
      continue;
    }
    // Data flows one way: the non-zero direction is the transfer's payload (conn.log counts it from
    // sequence numbers, so it includes bytes Zeek never saw; files.log counts the bytes it saw).
    const span = Math.max(d.bytesFromSrc ?? 0, d.bytesFromDst ?? 0);
    const missing = Math.max(d.missedBytes, d.fileMissingBytes ?? 0);
    if (missing === 0) {
      const bytes = d.fileSeenBytes ?? span;
      d.transfer = { required: true, bytes: [bytes], why: null };
    } else {
      const seen = d.fileSeenBytes ?? span - missing;
      d.transfer = {
        required: true,
        bytes: [seen, seen + missing],
        why:
          `the capture lacks ${missing} bytes of this connection: ftp-report may count the ${seen} payload bytes ` +
          `captured (files.log seen_bytes) or the ${seen + missing} the sequence numbers span (conn.log)`,
      };
    }
  }
  for (const key of Object.keys(notes.unownedData ?? {})) {
    if (!data.has(key)) throw new ExpectationError(`${id}: unownedData ${key} matches no data connection`);
  }

  const wire = notes.wire ?? null;
  for (const s of wire?.sessions ?? []) sessions.add(s.client, s.server, 'tshark');
  const logins = [...votes.values()].map(decideLogin);
  const sessionList = sessions.list();
  if (wire?.login) {
    if (logins.length > 0) throw new ExpectationError(`${id}: wire login given although Zeek logged one`);
    if (sessionList.length !== 1) throw new ExpectationError(`${id}: wire login needs exactly one session`);
    logins.push(wireLogin(sessionList[0]!, wire.login));
  }

  return {
    id,
    peer: 'zeek',
    capture: path.join(dir, captures[0]!),
    ftpPorts: notes.ftpPorts,
    sessions: sessionList,
    logins,
    zeekBaselines: baselines,
    zeekRows,
    zeekDefaultCommandCounts: defaultCounts,
    dataConnections: [...data.values()],
    suricata: [],
    wire,
    unused,
  };
}

function wireLogin(s: ExpectedSession, login: { user: string | null; password: string | null }): ExpectedLogin {
  const value = (v: string | null, what: string): ValueExpectation =>
    v === null ? { kind: 'null', why: `no ${what} in clear text in the capture` } : { kind: 'exact', value: v };
  return {
    client: s.client,
    server: s.server,
    user: value(login.user, 'USER'),
    password: value(login.password, 'PASS'),
    sources: ['tshark'],
  };
}

const FTP_KEYS = new Set([
  'event_type',
  'src_ip',
  'dest_ip',
  'ftp.command',
  'ftp.command_data',
  'ftp.completion_code',
  'ftp.reply',
  'ftp.dynamic_port',
  'ftp.mode',
]);
const FTP_DATA_KEYS = new Set(['event_type', 'src_ip', 'dest_ip', 'ftp_data.command', 'ftp_data.filename']);

function str(v: unknown): string | null {
  return v === undefined || v === null ? null : String(v);
}

function strList(v: unknown): string[] | null {
  if (v === undefined || v === null) return null;
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** Translates one Suricata filter into what ftp-report's report can be counted against. */
export function translateSuricataFilter(f: SuricataFilter, source: string): SuricataExpectation {
  const base = { source, count: f.count, match: f.match, requires: f.requires };
  const m = f.match;
  const keys = Object.keys(m);
  const unknown = (allowed: Set<string>) => keys.filter((k) => !allowed.has(k));
  switch (m['event_type']) {
    case 'ftp': {
      const extra = unknown(FTP_KEYS);
      if (extra.length > 0)
        return { ...base, kind: 'unhandled', why: `ftp event keys not translated: ${extra.join(', ')}` };
      if (keys.length === 1) {
        return {
          ...base,
          kind: 'ftp-event-total',
          why:
            'Suricata logs one ftp event per transaction; a reply that arrives with no command pending (the 220 ' +
            'greeting) opens a transaction of its own, so the total is every command plus one per greeting',
        };
      }
      const mode = str(m['ftp.mode']);
      if (mode !== null && mode !== 'active' && mode !== 'passive') {
        return { ...base, kind: 'unhandled', why: `ftp.mode ${mode} is neither active nor passive` };
      }
      const port = m['ftp.dynamic_port'];
      return {
        ...base,
        kind: 'ftp-command',
        command: str(m['ftp.command']),
        commandData: str(m['ftp.command_data']),
        completionCodes: strList(m['ftp.completion_code'])?.map(Number) ?? null,
        replies: strList(m['ftp.reply']),
        dynamicPort: port === undefined ? null : Number(port),
        mode: mode as 'active' | 'passive' | null,
        srcIp: str(m['src_ip']),
        destIp: str(m['dest_ip']),
      };
    }
    case 'ftp_data': {
      const extra = unknown(FTP_DATA_KEYS);
      if (extra.length > 0)
        return { ...base, kind: 'unhandled', why: `ftp_data keys not translated: ${extra.join(', ')}` };
      return {
        ...base,
        kind: 'ftp-data',
        command: str(m['ftp_data.command']),
        filename: str(m['ftp_data.filename']),
        srcIp: str(m['src_ip']),
        destIp: str(m['dest_ip']),
      };
    }
    case 'alert':
      return {
        ...base,
        kind: 'not-compared',
        why:
          `alert for signature ${str(m['alert.signature_id'])} of the test's rules: ftp-report runs no signatures` +
          (m['ftp_data.filename'] !== undefined
            ? ' (its ftp_data command/filename repeat the ftp_data event check)'
            : ''),
      };
    case 'anomaly':
      if (m['anomaly.event'] === 'APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION' && f.count === 0 && keys.length === 2) {
        return {
          ...base,
          kind: 'both-directions',
          why:
            'Suricata recognised FTP in both directions; ftp-report must likewise pair at least one command with a reply' +
            (f.requires
              ? ` (Suricata runs this check only with ${JSON.stringify(f.requires)}; the fact holds for any reader)`
              : ''),
        };
      }
      return { ...base, kind: 'unhandled', why: `anomaly check not translated: ${JSON.stringify(m)}` };
    case 'stats':
      return {
        ...base,
        kind: 'not-compared',
        why: "Suricata's own engine counters (e.g. memory use), not a fact of the traffic",
      };
    default:
      return { ...base, kind: 'unhandled', why: `event_type ${str(m['event_type'])} not translated` };
  }
}

function loadSuricataTraces(root: string, peerDir: string): PeerTrace[] {
  const tests = findSuricataTests(root);
  const byCapture = new Map<string, SuricataTest[]>();
  const orphans: SuricataTest[] = [];
  for (const t of tests) {
    if (t.capture === null) {
      orphans.push(t);
      continue;
    }
    const list = byCapture.get(t.capture) ?? [];
    list.push(t);
    byCapture.set(t.capture, list);
  }
  if (orphans.length > 0) {
    throw new ExpectationError(`no capture for ${orphans.map((t) => path.relative(peerDir, t.file)).join(', ')}`);
  }
  const traces: PeerTrace[] = [];
  for (const [capture, list] of byCapture) {
    const id = path.relative(peerDir, path.dirname(capture)).split(path.sep).join('/');
    const notes = TRACE_NOTES[id];
    if (!notes) throw new ExpectationError(`no notes for trace ${id}; inspect it with tshark and add them`);
    const suricata: SuricataExpectation[] = [];
    const unused: string[] = [];
    for (const t of list) {
      const rel = path.relative(path.dirname(capture), t.file).split(path.sep).join('/');
      if (t.captureNote) unused.push(`${rel}: ${t.captureNote}`);
      for (const f of t.filters) suricata.push(translateSuricataFilter(f, `${rel}#${f.index}`));
      for (const o of t.otherChecks) {
        suricata.push({
          source: `${rel}#${o.index}`,
          count: 0,
          match: {},
          requires: null,
          kind: 'unhandled',
          why: `${o.kind} check not translated`,
        });
      }
    }
    const sessions = new SessionBook();
    const wire = notes.wire ?? null;
    for (const s of wire?.sessions ?? []) sessions.add(s.client, s.server, 'tshark');
    const sessionList = sessions.list();
    const logins: ExpectedLogin[] = [];
    if (wire?.login) {
      if (sessionList.length !== 1) throw new ExpectationError(`${id}: wire login needs exactly one session`);
      logins.push(wireLogin(sessionList[0]!, wire.login));
    }
    traces.push({
      id,
      peer: 'suricata',
      capture,
      ftpPorts: notes.ftpPorts,
      sessions: sessionList,
      logins,
      zeekBaselines: [],
      zeekRows: [],
      zeekDefaultCommandCounts: [],
      dataConnections: [],
      suricata,
      wire,
      unused,
    });
  }
  return traces;
}

/** Every peer trace with its expectations, sorted by id; [] when ../shared/peer is absent. */
export function loadPeerTraces(root: string = peerRoot): PeerTrace[] {
  if (!existsSync(root)) return [];
  const traces: PeerTrace[] = [];
  const zeekRoot = path.join(root, 'zeek');
  if (existsSync(zeekRoot)) {
    for (const name of readdirSync(zeekRoot).sort()) {
      const dir = path.join(zeekRoot, name);
      if (!statSync(dir).isDirectory()) continue;
      const id = `zeek/${name}`;
      const notes = TRACE_NOTES[id];
      if (!notes) throw new ExpectationError(`no notes for trace ${id}; inspect it with tshark and add them`);
      traces.push(loadZeekTrace(dir, id, notes));
    }
  }
  const suricataRoot = path.join(root, 'suricata');
  if (existsSync(suricataRoot)) traces.push(...loadSuricataTraces(suricataRoot, root));
  return traces.sort((a, b) => a.id.localeCompare(b.id));
}
