// The report model: every fact a view needs, typed; docs/report-json.md is its JSON form (schema version 1).
// Views read only this model (and the protocol leaf, src/protocol/): none parses Info or reply text again.

/** An endpoint: IPv4 dotted or IPv6 compressed address, and TCP port. */
export interface Addr {
  ip: string;
  port: number;
}

export type Severity = 'info' | 'low' | 'medium' | 'high';

/** An address as announced in a PORT/EPRT/LPRT argument or a PASV/EPSV/LPSV reply, decoded. */
export interface AnnouncedAddr extends Addr {
  /** The numbers as written on the wire for PORT/PASV/LPRT/LPSV (h1,h2,h3,h4,p1,p2 …), null for EPRT/EPSV. */
  numbers: number[] | null;
}

/** What each finding records besides its frames: the facts a view puts into words, per finding id. */
export interface FindingData {
  /** The server answered the connection with 421 (or another refusal) instead of a greeting. */
  'connection-refused': { code: number; text: string };
  /** The control connection's TCP handshake is not in the capture. */
  'capture-starts-mid-session': Record<string, never>;
  /** Passwords crossed the wire in cleartext: how many, for which users (null: PASS with no USER seen). */
  'cleartext-credentials': { passwords: number; users: (string | null)[] };
  /** The session logged in as a guest user. */
  'anonymous-login': { user: string | null };
  /** Login attempts the server refused, and the distinct refusal codes in order of first use. */
  'failed-logins': { count: number; codes: number[] };
  /** So many refused logins in one session that it looks like password guessing. */
  'brute-force': { count: number };
  /** Implicit FTPS: TLS from the first byte on this port; `decrypted` only when a TLS key log decrypted it. */
  'tls-implicit': { port: number; decrypted?: true };
  /** AUTH TLS/SSL was answered 234: the control channel is encrypted from there on (`decrypted`: as above). */
  'tls-upgrade': { decrypted?: true };
  /** AUTH TLS/SSL was sent but not accepted. */
  'tls-refused': Record<string, never>;
  /** Payload on an FTP port without one FTP reply or command; the server's first line, cut to 80 characters. */
  'not-ftp': { port: number; firstServerLine: string | null };
  /** A passive reply announced an address other than the server's. */
  'pasv-address-mismatch': { command: SetupCommand; announced: Addr; serverIp: string };
  /** An active setup asked the server to connect to an address other than the client's. */
  'ftp-bounce': { command: SetupCommand; announced: Addr; clientIp: string };
  /** FTP recognised by its first payload on a port that is not an FTP port. */
  'ftp-nonstandard-port': { port: number };
  /** Data connections that no command in the capture explains. */
  'data-connection-unmatched': { count: number };
  /**
   * Capture-wide: failed logins from one client address over any number of its sessions; `inWindow` of them within
   * `windowSeconds` reached `threshold`. `users`: distinct user names tried; `succeeded`: a non-guest login of that
   * address succeeded; firstT/lastT: first and last failure, capture-relative seconds.
   */
  'source-brute-force': {
    clientIp: string;
    failures: number;
    inWindow: number;
    sessions: number;
    users: number;
    firstT: number;
    lastT: number;
    windowSeconds: number;
    threshold: number;
    succeeded: boolean;
  };
  /**
   * Capture-wide: one password (not kept here) tried by one client address for `users` distinct user names
   * (`threshold` or more); `userNames` the first 20 of them; `succeeded` the attempts the server accepted.
   */
  'password-spraying': {
    clientIp: string;
    users: number;
    userNames: string[];
    attempts: number;
    sessions: number;
    succeeded: number;
    threshold: number;
  };
  /**
   * Capture-wide: PORT/EPRT/LPRT from one client address naming `ports` distinct ports of `targetIp` through the
   * server `serverIp`, `threshold` or more of them in setups no transfer used with a data connection (probes, not
   * active-mode transfers); `reachedPorts` those a transfer's data connection opened to; `bounce`: the target is not
   * the client itself (nmap -b).
   */
  'port-scan': {
    clientIp: string;
    serverIp: string;
    targetIp: string;
    ports: number;
    setups: number;
    reachedPorts: number[];
    bounce: boolean;
    threshold: number;
  };
  /**
   * The vsftpd 2.3.4 backdoor pattern (CVE-2011-2523): a USER ending in ":)", and (when seen) a TCP connection to the
   * server's port 6200 after it; shell… are null when no such connection is in the capture.
   */
  'vsftpd-backdoor': {
    user: string;
    clientIp: string;
    serverIp: string;
    shellTcpStream: number | null;
    shellClientIp: string | null;
    shellBytesToClient: number | null;
  };
  /** Connections to an FTP port that never opened: SYNs unanswered or answered by RST (frames: their first). */
  'connection-attempts': { count: number; refused: number; unanswered: number; ports: number[] };
  /** One source sent SYNs to `ports` distinct ports of one target: a port scan (frames: the first ten SYNs). */
  'syn-scan': { source: string; target: string; ports: number };
}

export type FindingId = keyof FindingData;

/** A named observation a student or analyst should read; the sentence is made by each view, in its language. */
export type Finding = {
  [K in FindingId]: {
    /** Stable kebab-case id. */
    id: K;
    severity: Severity;
    /** Session the finding belongs to, null when capture-wide. */
    sessionId: string | null;
    /** Frames that show it. */
    frames: number[];
    /** The facts behind it. */
    data: FindingData[K];
  };
}[FindingId];

/** Control-channel lines the engine could not read as FTP, by kind (RFC 959 §4.2, §5.3). */
export type OddityKind =
  | 'line-too-long'
  | 'empty-command'
  | 'malformed-command'
  | 'bad-address'
  | 'transfer-without-setup'
  | 'reply-invalid-code'
  | 'reply-missing-space'
  | 'reply-code-out-of-range'
  | 'reply-unterminated'
  | 'reply-lost'
  /** A multi-line reply whose end the capture lost (a gap in the server's bytes): closed at the gap. */
  | 'reply-cut-by-gap'
  /** A reply that answers no command in the capture, after the capture lost client bytes: its command was lost. */
  | 'command-lost';

/** What the report could not see or had to guess: a code with its facts; views make the sentence. */
export type Warning =
  /** tshark stopped before the end of the capture: the report covers the first `packets` only. */
  | { code: 'partial-report'; packets: number; reason: string }
  /** Lines of tshark output that were not packet records. */
  | { code: 'ek-lines-skipped'; lines: number }
  /** Packet timestamps no date can hold (a damaged capture): firstAt/lastAt are null. */
  | { code: 'timestamps-out-of-range' }
  /** Packets were read, but no FTP control session was found. */
  | { code: 'no-ftp-session' }
  /** A session's TCP handshake is not in the capture. */
  | { code: 'handshake-missing'; sessionId: string }
  /** Bytes of a session's control channel the capture never saw. */
  | { code: 'control-bytes-missing'; sessionId: string; bytes: number }
  /** Replies that arrived with no command waiting for them. */
  | { code: 'replies-unanswered'; sessionId: string; count: number }
  /** Control lines of one kind the engine could not read; `frames` holds the first ten of `count`. */
  | { code: 'protocol-oddity'; sessionId: string; kind: OddityKind; count: number; frames: number[] }
  /** Bytes of a transfer's data connection the capture never saw. */
  | { code: 'transfer-bytes-missing'; sessionId: string; transferId: string; command: string; bytes: number }
  /** Data-channel expectations dropped because more than `max` were open at once. */
  | { code: 'expectations-dropped'; count: number; max: number }
  /** Data-channel expectations never used within `seconds` of capture time after they were announced. */
  | { code: 'expectations-expired'; count: number; seconds: number }
  /** The capture caught the control channel already in TLS (records from `frame` on, no AUTH seen): not readable. */
  | { code: 'tls-mid-session'; sessionId: string; frame: number }
  /** The control channel was read in clear again from `frame` on, after TLS (CCC, or the TLS session closed). */
  | { code: 'tls-cleartext-again'; sessionId: string; frame: number }
  /** A stream whose greeting or commands are another protocol's (e.g. SMTP): not reported as a session. */
  | { code: 'other-protocol'; tcpStream: number; port: number; commands: string[] }
  /** A TLS key log was given, but no key in it decrypted this session's control channel: it stays encrypted. */
  | { code: 'tls-not-decrypted'; sessionId: string };

export type WarningCode = Warning['code'];

export interface Report {
  schemaVersion: 1;
  tool: { name: 'ftp-report'; version: string };
  capture: CaptureInfo;
  sessions: Session[];
  /** Data-looking TCP connections that no command explains. */
  unmatchedDataConnections: DataConnection[];
  /** Capture-wide findings; per-session ones live in the session. */
  findings: Finding[];
  /** Things the tool could not see or had to guess, in the order they were found. */
  warnings: Warning[];
}

export interface CaptureInfo {
  /** The capture's path as given, or "-" / the EK file when fed records. */
  file: string;
  /** "pcap", "pcapng", "pcap.gz", "pcapng.gz", "ek" (a saved EK stream) or "unknown". */
  format: string;
  /** Frames tshark printed. */
  packets: number;
  /** First packet's absolute time, ISO-8601 UTC; null when the capture is empty. */
  firstAt: string | null;
  /** Last packet's absolute time, ISO-8601 UTC; null when the capture is empty. */
  lastAt: string | null;
  /** Last minus first packet time in milliseconds. */
  durationMs: number;
  /**
   * Decimals of a second the capture's timestamps carry, as Wireshark's Time column shows them (its automatic
   * precision): 9 for nanosecond timestamps (pcapng if_tsresol 9, what dumpcap writes), 6 for microseconds, 3, 2,
   * 1 or 0 for coarser ones. From the first packet's file header or interface; when ftp-report did not read the
   * file (an EK stream, a format only tshark reads): 9 when a time had nanoseconds, else 6. Absent from reports made
   * before revision 6.
   */
  timePrecision?: number;
  /** firstAt with `timePrecision` decimals (cut, as Wireshark cuts), e.g. "…T16:18:47.039044012Z"; null when empty. */
  firstAtExact?: string | null;
  /** lastAt with `timePrecision` decimals (cut, as Wireshark cuts); null when the capture is empty. */
  lastAtExact?: string | null;
  /** tshark's version, null when fed a saved EK stream. */
  tsharkVersion: string | null;
  /** TCP ports of FTP control: 21, every --ftp-port, and every port a reported session was found on. */
  ftpPorts: number[];
  /** False when tshark stopped before the end of the capture: the report covers only what was read. */
  complete: boolean;
}

export interface Handshake {
  synFrame: number;
  synAckFrame: number;
  ackFrame: number;
  /** SYN to final ACK in milliseconds. */
  rttMs: number;
}

/** How a login attempt ended: accepted (2xx), refused (4xx/5xx), or not known (no final reply seen). */
export type LoginOutcome = 'success' | 'failed' | 'unknown';

export interface LoginAttempt {
  /** The USER argument in force for this attempt. */
  user: string | null;
  /** The PASS argument, as on the wire. */
  password: string | null;
  /** Final reply to PASS (or to USER when no PASS followed). */
  replyCode: number | null;
  /** Frame of the command that ended the attempt (PASS, else USER). */
  frame: number;
  /** Time of that command, capture-relative seconds. */
  t: number;
  /** Frame of the USER command that began the attempt; null when the capture has none before the PASS. */
  userFrame: number | null;
  /** Frame of the final reply; null when none was seen. */
  replyFrame: number | null;
  /** Decided once, here: 2xx success, 4xx/5xx failed, else unknown (1xx/3xx only, or no reply). */
  outcome: LoginOutcome;
  /** The user is a guest id (anonymous, ftp …): an anonymous login attempt. */
  anonymous: boolean;
}

export interface Login {
  /** User of the successful attempt, else of the last attempt. */
  user: string | null;
  password: string | null;
  /** The user shown is a guest id (anonymous, ftp …). */
  anonymous: boolean;
  /** success when any attempt succeeded, else failed when any was refused, else unknown. */
  outcome: LoginOutcome;
  attempts: LoginAttempt[];
}

export interface Tls {
  /** AUTH TLS/SSL was sent (or the session is implicit FTPS). */
  requested: boolean;
  /** The server answered 234. */
  accepted: boolean;
  /** Frame of the AUTH command, null when none. */
  frame: number | null;
  /** Implicit FTPS: TLS from the first byte, on an FTPS port such as 990. */
  implicit: boolean;
  /**
   * Only in reports made with a TLS key log, for sessions whose control channel is TLS: true when the key log
   * decrypted it (commands, replies and logins after the upgrade are then read from the plaintext), false when
   * no key in it matched (a tls-not-decrypted warning says so).
   */
  decrypted?: boolean;
}

/** A data connection's TLS records (PROT P) that a key log decrypted: their bytes on the wire, per direction. */
export interface DataTlsCount {
  /** TCP payload bytes (TLS records, handshake included) toward the client; bytesToClient is their plaintext. */
  recordBytesToClient: number;
  /** TCP payload bytes (TLS records, handshake included) toward the server; bytesToServer is their plaintext. */
  recordBytesToServer: number;
}

/** The server's greeting: the 220 reply that opened the session (RFC 959 §5.4). */
export interface Greeting {
  code: number;
  /** Full text, lines joined with "\n" (as Session.banner). */
  text: string;
  /** The text's lines, codes of the first and last line removed. */
  lines: string[];
  /** Frame of its last segment. */
  frame: number;
  /** Frame of its first segment: earlier than frame when the greeting spanned segments. */
  firstFrame: number;
  /** Time of its last segment (when the client could read it whole). */
  t: number;
  /** Time of its first segment (the frame firstFrame): earlier than t when the greeting spanned segments. */
  firstT: number;
}

/** What a reply's first digit says (RFC 959 §4.2.1; 6xx protected replies, RFC 2228). */
export type ReplyKind = 'preliminary' | 'completion' | 'intermediate' | 'transient' | 'permanent' | 'protected';
/** What a reply's second digit says it is about (RFC 959 §4.2.1). */
export type ReplyArea = 'syntax' | 'information' | 'connections' | 'authentication' | 'unspecified' | 'file-system';

export interface Reply {
  code: number;
  /** The first digit's meaning. */
  kind: ReplyKind;
  /** The second digit's meaning. */
  area: ReplyArea;
  /** Full reply text, lines joined with "\n" (codes included on continuation lines as sent). */
  text: string;
  frame: number;
  /** Frame of its first segment: earlier than frame when the reply spanned segments. */
  firstFrame: number;
  t: number;
  /** Time of its first segment (the frame firstFrame); equals t when the reply came in one segment. */
  firstT: number;
  /** Command sent to final reply, milliseconds. */
  latencyMs: number;
  /** Preliminary (1xx) replies before the final one, with their text (as `text` above). */
  intermediate: { code: number; frame: number; text: string }[];
}

export interface Command {
  /** Frame carrying the command's CRLF: when the server could act on it. */
  frame: number;
  /** Frame carrying its first byte; earlier than frame when the line spanned segments (a telnet client typing). */
  firstFrame: number;
  t: number;
  /** Time of its first byte's segment (the frame firstFrame); equals t when the line came in one segment. */
  firstT: number;
  /** Upper-cased verb. */
  command: string;
  arg: string | null;
  reply: Reply | null;
  /**
   * The data-channel address this command announced (PORT/EPRT/LPRT argument) or got in its reply
   * (PASV 227, EPSV 229, LPSV 228), decoded; null for other commands or when it could not be decoded.
   */
  announced: AnnouncedAddr | null;
  /** File size in bytes the replies stated: 213 to SIZE, or the "(N bytes)" of a 150 to RETR; else null. */
  statedSize: number | null;
  /** Directory a 257 reply to PWD/XPWD/MKD/XMKD names (its quoted absolute path); else null. */
  directory: string | null;
}

export type SetupCommand = 'PORT' | 'EPRT' | 'PASV' | 'EPSV' | 'LPRT' | 'LPSV';

export interface TransferSetup {
  command: SetupCommand;
  /** Index of the setup command in its session's commands. */
  commandIndex: number;
  /** Frame of the setup command. */
  frame: number;
  replyCode: number | null;
  /** Frame of the setup command's final reply; null when none was seen. */
  replyFrame: number | null;
  /** Text of that reply (lines joined with "\n"); null when none was seen. */
  replyText: string | null;
  /** Address the client (active) or the server (passive) announced. */
  announced: AnnouncedAddr;
}

export interface TransferTiming {
  commandT: number;
  dataSynT: number | null;
  firstByteT: number | null;
  lastByteT: number | null;
  completeT: number | null;
  /** Setup reply (or setup command when it had no reply) to data SYN, milliseconds. */
  setupToSynMs: number | null;
  commandToFirstByteMs: number | null;
  /** First to last data byte, milliseconds. */
  transferMs: number | null;
  /** Bytes per second over transferMs; null when fewer than two data segments. */
  throughputBytesPerSec: number | null;
  /** Deprecated (contract revision 1.9): the same value as throughputBytesPerSec, under a name that read as bits. */
  throughputBps: number | null;
}

export type TransferStatus = 'complete' | 'failed' | 'aborted' | 'incomplete';

export interface Transfer {
  id: string;
  command: string;
  /** Frame of the transfer command (its CRLF). */
  commandFrame: number;
  /** Index of the transfer command in its session's commands. */
  commandIndex: number;
  /** Frame of the final reply to the transfer command (226, 426 …); null when none was seen. */
  completeFrame: number | null;
  arg: string | null;
  direction: 'download' | 'upload' | 'listing';
  mode: 'active' | 'passive';
  setup: TransferSetup;
  data: DataConnection | null;
  /**
   * Payload bytes the data connection carried in the transfer's direction, counted once (plaintext under TLS); null
   * when the data connection is not in the capture (unknown, not zero).
   */
  bytes: number | null;
  /**
   * Only when a TLS key log decrypted the data connection (PROT P): the TLS record bytes on the wire in the
   * transfer's direction, handshake included; `bytes` is then the plaintext they carried.
   */
  tls?: { recordBytes: number };
  /** Bytes between the first and last seen byte that the capture never saw (lost or sliced segments). */
  missingBytes: number;
  status: TransferStatus;
  /** Replies to the transfer command, in order, e.g. [150, 226]. */
  replyCodes: number[];
  timing: TransferTiming;
  /** What the data connection carried, reassembled and identified; only with --files or --extract (src/files/). */
  file?: TransferFile | null;
  /** A LIST/NLST/MLSD/MLST listing's entries, parsed; only with --files or --extract, listings only. */
  listing?: ListingEntry[];
}

/** The bytes a transfer's data connection carried in its direction, reassembled in sequence order. */
export interface TransferFile {
  /** SHA-256 (hex) of the `size` bytes extracted. */
  sha256: string;
  /** MD5 (hex) of the same bytes. */
  md5: string;
  /** Bytes extracted: from the first byte seen, in sequence order, up to the end or to the first gap. */
  size: number;
  /** Media type sniffed from the first bytes (magic numbers, else text/plain or application/octet-stream). */
  mime: string;
  /** Every byte from the first to the sender's FIN was seen (and no stated size says more was due). */
  complete: boolean;
  /** Bytes not extracted for want of them: holes, and the tail a stated size or Transfer.bytes says was due. */
  missingBytes: number;
  /** Holes in the sequence space between the first byte and the last known one. */
  gaps: number;
  /** Bytes seen past the first gap: counted, not extracted (never placed at a guessed offset). */
  bytesAfterGap: number;
  /** Path written under --extract DIR, relative to it; null when not extracted. */
  extractedAs: string | null;
}

/** One entry of a directory listing (Unix ls -l, DOS/IIS, MLSD facts, or an NLST name). */
export interface ListingEntry {
  name: string;
  /** file, dir, link, other; null when the listing does not say (NLST). */
  type: 'file' | 'dir' | 'link' | 'other' | null;
  /** Size in bytes, null when not stated. */
  size: number | null;
  /** Modification time as written (ls: "Jan 15 12:00"; DOS: "01-15-24 12:00PM"; MLSD: "20240115120000"). */
  modified: string | null;
  /** ls -l permission string ("-rw-r--r--") or MLSD perm fact; null when not stated. */
  permissions: string | null;
  owner: string | null;
  group: string | null;
  /** A symbolic link's target (ls -l "name -> target"). */
  target: string | null;
  /** Which style the line was read as. */
  format: 'unix' | 'dos' | 'mlsd' | 'names';
}

export type ClosedBy = 'client' | 'server' | 'reset' | 'none';

export interface DataConnection {
  tcpStream: number;
  /** Who sent the SYN. */
  initiator: 'client' | 'server';
  /** The SYN sender. */
  src: Addr;
  dst: Addr;
  synFrame: number | null;
  handshakeRttMs: number | null;
  /** SYN seen before the transfer command was sent; null when unknown. */
  openedBeforeCommand: boolean | null;
  /** Payload bytes toward the client (the plaintext when a key log decrypted the connection's TLS). */
  bytesToClient: number;
  /** Payload bytes toward the server (likewise). */
  bytesToServer: number;
  /** Only when a TLS key log decrypted the connection (PROT P): the TLS record bytes each way. */
  tls?: DataTlsCount;
  closedBy: ClosedBy;
  /** First FIN or RST, capture-relative seconds; null when the connection never closed in the capture. */
  closeT: number | null;
  /** Last packet of the connection, capture-relative seconds. */
  endT: number;
}

/** One row of Wireshark's packet list. */
export interface PacketRow {
  frame: number;
  t: number;
  /**
   * Time since the first packet in whole nanoseconds, exact (`t` is rounded to microseconds): Wireshark's Time
   * column is this cut to `capture.timePrecision` decimals. Absent from reports made before revision 6.
   */
  tNs?: number;
  src: Addr;
  dst: Addr;
  /** Wireshark's Protocol column (TCP, FTP, FTP-DATA …); null when fed an EK stream without it. */
  protocol: string | null;
  /** Frame length in bytes. */
  length: number;
  /** Wireshark's Info column; null when fed an EK stream without it. */
  info: string | null;
  tcpStream: number;
  /** TCP payload bytes. */
  payloadBytes: number;
  /** TCP flags (FIN=1, SYN=2, RST=4, PSH=8, ACK=16). */
  tcpFlags: number;
}

/** Packets left out of a session's rows: the middle of a long data connection. */
export interface CollapsedPackets {
  tcpStream: number;
  firstFrame: number;
  lastFrame: number;
  packets: number;
  /** Payload bytes those packets carried (retransmissions included). */
  payloadBytes: number;
}

export interface Session {
  id: string;
  tcpStream: number;
  client: Addr;
  server: Addr;
  startT: number;
  endT: number;
  handshake: Handshake | null;
  /** The greeting's full text (Greeting.text), null when none was seen. */
  banner: string | null;
  /** The server's greeting, null when the capture has none (it started late, or the server refused). */
  greeting: Greeting | null;
  login: Login;
  tls: Tls;
  commands: Command[];
  transfers: Transfer[];
  close: { by: ClosedBy; t: number | null };
  findings: Finding[];
  /** The session's packets as Wireshark lists them: every control packet, and per data connection its
   *  handshake, teardown and first and last segments; the rest is counted in collapsedPackets. */
  packets: PacketRow[];
  collapsedPackets: CollapsedPackets[];
}

/**
 * One thing that happened in a live capture (ftp-report -i), told as soon as the engine knows it. Not part of the
 * JSON report: the live view prints each as a line while the capture runs.
 */
export type LiveEvent =
  /** A control connection was recognised as an FTP session. */
  | { kind: 'session-opened'; session: string; t: number; client: Addr; server: Addr }
  /** A login attempt got its final reply (or, for `incomplete`, the capture stopped before it). */
  | { kind: 'login'; session: string; t: number; user: string | null; outcome: LoginOutcome; replyCode: number | null }
  /** A data channel was announced: the PORT/EPRT argument, or the PASV/EPSV reply's address. */
  | { kind: 'data-setup'; session: string; t: number; command: SetupCommand; address: Addr }
  /** The announced data connection was opened; `initiator` sent its SYN from `from`. */
  | { kind: 'data-opened'; session: string; t: number; initiator: 'client' | 'server'; from: Addr; to: Addr }
  /**
   * A transfer command got its final reply; at the end of a live capture, one still without it comes with status
   * `incomplete`: bytes seen so far, transferMs first to last data byte.
   */
  | {
      kind: 'transfer';
      session: string;
      t: number;
      command: string;
      arg: string | null;
      status: TransferStatus;
      replyCode: number | null;
      bytes: number;
      transferMs: number | null;
    }
  /** The control connection closed (FIN or RST). */
  | { kind: 'session-closed'; session: string; t: number; by: ClosedBy };
