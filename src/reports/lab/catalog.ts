// Every sentence of the lab report, per language: one catalog file per language implements this interface.

import type { TlsUpgradeFacts } from './tls-upgrade.js';
import type { FindingId, ReplyArea, ReplyKind, Severity, TransferFile, Warning } from '../../model.js';
import type { Anomaly } from './anomalies.js';
import type { ComparedTransfer } from './compare-facts.js';
import type { NumberFormat } from './units.js';

export interface SummaryFacts {
  sessions: number;
  logins: number;
  failedLogins: number;
  transfers: number;
  active: number;
  passive: number;
  findings: number;
  hosts: number;
}

export interface HandshakeFacts {
  clientIp: string;
  clientPort: number;
  serverIp: string;
  serverPort: number;
  synFrame: number;
  ackFrame: number;
  rttMs: number;
}

export interface DataOpenedFacts {
  mode: 'active' | 'passive';
  initiator: 'client' | 'server';
  src: string;
  dst: string;
  srcPort: number;
  synFrame: number | null;
  command: string;
  commandFrame: number;
  /** SYN before the command; null when the SYN was not captured. */
  before: boolean | null;
  /** Replies that came before the SYN among the setup's (e.g. the 200 to PORT came after it). */
  beforeSetupReply: boolean;
}

export interface DataResultFacts {
  bytes: number;
  direction: 'download' | 'upload' | 'listing';
  status: 'complete' | 'failed' | 'aborted' | 'incomplete';
  replyCodes: number[];
  /** The final reply's meaning in words (CODES), when it is not a success. */
  finalMeaning?: string | null;
  missingBytes: number;
  closedBy: 'client' | 'server' | 'reset' | 'none';
}

export interface ConclusionFacts {
  active: number;
  passive: number;
  serverFromPort20: boolean;
  serverFromOtherPort: boolean;
  cleartextUsers: string[];
  anonymous: boolean;
  tls: boolean;
  natMismatch: boolean;
  bounce: boolean;
  failedLogins: number;
}

/** One row of the summary table at the top: a session, or the total. */
export interface SummaryRow {
  session: string;
  endpoints: string;
  login: 'success' | 'failed' | 'unknown' | 'none';
  user: string | null;
  active: number;
  passive: number;
  bytes: number;
  findings: number;
}

/** How the control connection ended: QUIT, its reply, and the first FIN (or RST) and who sent it. */
export interface CloseFacts {
  quitFrame: number | null;
  replyCode: number | null;
  replyFrame: number | null;
  /** First FIN or RST of the control connection. */
  closeFrame: number | null;
  closedBy: 'client' | 'server' | 'reset' | 'none';
  /** The other side's FIN, when captured. */
  answerFrame: number | null;
}

export interface Catalog {
  /** Number formats and unit names of the language (units.ts). */
  fmt: NumberFormat;
  /** Formats a count with the language's digit grouping. */
  count(n: number): string;
  /** Formats milliseconds in the unit that suits them (s, ms, µs). */
  ms(n: number | null): string;
  client: string;
  server: string;
  port: string;
  controlConnection: string;
  dataConnection: string;
  packetColumns: string[];
  collapsedRow(packets: number, bytes: number, firstFrame: number, lastFrame: number): string;
  filter(filter: string): string;

  title(file: string): string;
  summary(f: SummaryFacts): string;
  summaryColumns: string[];
  summaryRow(r: SummaryRow): string[];
  total: string;
  captureTable: {
    heading: string;
    field: string;
    value: string;
    file: string;
    format: string;
    packets: string;
    first: string;
    last: string;
    duration: string;
    hosts: string;
    tshark: string;
    ports: string;
  };
  noSessions: string;

  sessionHeading(id: string, client: string, server: string): string;
  headings: {
    setup: string;
    auth: string;
    modes: string;
    data: string;
    timing: string;
    diagram: string;
    findings: string;
    conclusion: string;
    warnings: string;
    commands: string;
    close: string;
    glossary: string;
    comparison: string;
    anomalies: string;
  };

  handshake(f: HandshakeFacts): string;
  nonStandardPort(port: number): string;
  noHandshake: string;
  banner(frame: number | null): string;
  /** A greeting or reply that came in several TCP segments, cited by its first. */
  splitReply(code: number, firstFrame: number, lastFrame: number, segments: number): string;
  /** Commands typed one character (or a few) per segment, collapsed into one row each in the tables. */
  typedCommands(commands: number, segments: number, example: string, firstFrame: number, lastFrame: number): string;
  /** Info cell of a collapsed typed command: the whole line and how many segments carried it. */
  typedRow(line: string, segments: number): string;

  authIntro: string;
  replyIntro: string;
  replyColumns: [string, string, string, string, string, string];
  /** "PASS (frame 20)" for the command a reply answered; null: a reply no command asked for. */
  answered(command: string | null, frame: number): string;
  /** Why the server's answer to USER never says whether the account exists. */
  userNote: string;
  codeMeaning(code: number): string | null;
  /** What a reply's first digit says (Reply.kind), without the digit. */
  firstDigit(kind: ReplyKind): string;
  /** What a reply's second digit says (Reply.area), without the digit. */
  secondDigit(area: ReplyArea): string;
  cleartext(users: string[], passwords: string[], frames: number[]): string;
  anonymousLogin(user: string): string;
  failedLogins(n: number, frames: number[]): string;
  bruteForce(n: number): string;
  loginOutcome(outcome: 'success' | 'failed' | 'unknown', user: string | null): string;
  tlsAccepted(frame: number | null): string;
  tlsRefused(frame: number | null): string;
  /** With a TLS key log: how the session went to TLS (AUTH, 234, handshake, PBSZ/PROT) and what an observer saw. */
  tlsKeylog(f: TlsUpgradeFacts): string;
  noLogin: string;

  transferHeading(id: string, command: string, arg: string | null, mode: 'active' | 'passive'): string;
  setupExchange(command: string, commandFrame: number, reply: string | null, replyFrame: number | null): string;
  decodeSix(numbers: number[], ip: string, port: number): string;
  decodeEpsv(port: number, ip: string): string;
  decodeEprt(ip: string, port: number, raw: string | null): string;
  /** The server refused the setup command: no data connection follows from it. */
  setupRefused(command: string, code: number, frame: number, meaning: string | null): string;
  whoConnects(mode: 'active' | 'passive', announced: string): string;
  natNote(announcedIp: string, serverIp: string): string;
  bounceNote(announcedIp: string, clientIp: string): string;
  noTransfers: string;

  dataOpened(f: DataOpenedFacts): string;
  noDataConnection(command: string): string;
  dataResult(f: DataResultFacts): string;
  /** With --files/--extract: what the data connection carried (Transfer.file). */
  fileFacts(f: TransferFile): string;
  /** With --files/--extract: the first entries of a listing, then how many more. */
  listingColumns: [string, string, string, string];
  listingMore(n: number): string;

  timingIntro: string;
  sessionPhaseColumns: [string, string, string, string];
  phases: { handshake: string; login: string; session: string };
  transferPhaseColumns: string[];
  mode(mode: 'active' | 'passive'): string;
  /** A rate column's note: why some cells are "–". */
  rateNote: string;

  comparison: {
    /** Heading of the document that compares several captures. */
    title: string;
    intro(captures: number): string;
    columns: string[];
    side(side: 'client' | 'server'): string;
    beforeAfter(before: boolean | null): string;
    /** One sentence that tells what a transfer of this mode did (x is the example transfer). */
    example(x: ComparedTransfer): string;
    /** What the signs of the two examples show. */
    contrast(active: ComparedTransfer, passive: ComparedTransfer): string;
    signNote: string;
  };

  anomaly(a: Anomaly): string;
  /** Short text of the note the diagram draws for an anomaly. */
  anomalyNote(a: Anomaly): string;
  close(f: CloseFacts): string;
  glossaryColumns: [string, string, string];
  /** What a command does, in a few words; null when the catalog does not know it. */
  glossary(command: string): string | null;

  diagramIntro: string;
  /** What a finding of this id means, in general. */
  finding(id: FindingId): string;
  severity(s: Severity): string;
  /** Label of the first data segment's arrow in diagrams: how many bytes the connection carried. */
  dataLabel(bytes: number): string;
  /** One warning as a sentence (src/reports/messages/). */
  warning(w: Warning): string;
  noFindings: string;
  conclusion(f: ConclusionFacts): string[];
}
