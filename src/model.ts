// The report model: the JSON contract of ../shared/spec/report-json.md (schema version 1) as types.

/** An endpoint: IPv4 dotted or IPv6 compressed address, and TCP port. */
export interface Addr {
  ip: string;
  port: number;
}

export type Severity = 'info' | 'low' | 'medium' | 'high';

/** A named observation a student or analyst should read. */
export interface Finding {
  /** Stable kebab-case id, e.g. "cleartext-credentials". */
  id: string;
  severity: Severity;
  /** Session the finding belongs to, null when capture-wide. */
  sessionId: string | null;
  /** Frames that show it. */
  frames: number[];
  /** One sentence a student can read. */
  message: string;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'ftp-report'; version: string };
  capture: CaptureInfo;
  sessions: Session[];
  /** Data-looking TCP connections that no command explains. */
  unmatchedDataConnections: DataConnection[];
  /** Capture-wide findings; per-session ones live in the session. */
  findings: Finding[];
  /** Things the tool could not see or had to guess, one sentence each. */
  warnings: string[];
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
  /** tshark's version, null when fed a saved EK stream. */
  tsharkVersion: string | null;
  /** TCP ports dissected as FTP control (21 and every --ftp-port). */
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

export interface LoginAttempt {
  /** The USER argument in force for this attempt. */
  user: string | null;
  /** The PASS argument, as on the wire. */
  password: string | null;
  /** Final reply to PASS (or to USER when no PASS followed). */
  replyCode: number | null;
  /** Frame of the command that ended the attempt (PASS, else USER). */
  frame: number;
}

export interface Login {
  /** User of the successful attempt, else of the last attempt. */
  user: string | null;
  password: string | null;
  anonymous: boolean;
  outcome: 'success' | 'failed' | 'unknown';
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
}

export interface Reply {
  code: number;
  /** Full reply text, lines joined with "\n" (codes included on continuation lines as sent). */
  text: string;
  frame: number;
  t: number;
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
  /** Upper-cased verb. */
  command: string;
  arg: string | null;
  reply: Reply | null;
}

export type SetupCommand = 'PORT' | 'EPRT' | 'PASV' | 'EPSV' | 'LPRT' | 'LPSV';

export interface TransferSetup {
  command: SetupCommand;
  /** Frame of the setup command. */
  frame: number;
  replyCode: number | null;
  /** Address the client (active) or the server (passive) announced. */
  announced: Addr;
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
  throughputBps: number | null;
}

export type TransferStatus = 'complete' | 'failed' | 'aborted' | 'incomplete';

export interface Transfer {
  id: string;
  command: string;
  /** Frame of the transfer command (its CRLF). */
  commandFrame: number;
  arg: string | null;
  direction: 'download' | 'upload' | 'listing';
  mode: 'active' | 'passive';
  setup: TransferSetup;
  data: DataConnection | null;
  /** Payload bytes the data connection carried in the transfer's direction, counted once. */
  bytes: number;
  /** Bytes between the first and last seen byte that the capture never saw (lost or sliced segments). */
  missingBytes: number;
  status: TransferStatus;
  /** Replies to the transfer command, in order, e.g. [150, 226]. */
  replyCodes: number[];
  timing: TransferTiming;
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
  bytesToClient: number;
  bytesToServer: number;
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
  banner: string | null;
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
