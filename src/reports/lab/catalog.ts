// Every sentence of the lab report, per language: one catalog file per language implements this interface.

import type { FindingId, ReplyArea, ReplyKind, Warning } from '../../model.js';
import type { TlsUpgradeFacts } from './tls-upgrade.js';

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

export interface Catalog {
  /** Formats a count with the language's digit grouping. */
  count(n: number): string;
  /** Formats milliseconds. */
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
  };

  handshake(f: HandshakeFacts): string;
  nonStandardPort(port: number): string;
  noHandshake: string;
  banner(frame: number | null): string;

  authIntro: string;
  replyColumns: [string, string, string, string, string];
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
  decodeEprt(ip: string, port: number): string;
  whoConnects(mode: 'active' | 'passive', announced: string): string;
  natNote(announcedIp: string, serverIp: string): string;
  bounceNote(announcedIp: string, clientIp: string): string;
  noTransfers: string;

  dataOpened(f: DataOpenedFacts): string;
  noDataConnection(command: string): string;
  dataResult(f: DataResultFacts): string;

  timingIntro: string;
  sessionPhaseColumns: [string, string, string, string];
  phases: { handshake: string; login: string; session: string };
  transferPhaseColumns: string[];
  comparisonIntro: string;
  comparisonColumns: string[];
  mode(mode: 'active' | 'passive'): string;

  diagramIntro: string;
  /** What a finding of this id means, in general. */
  finding(id: FindingId): string;
  /** One warning as a sentence (src/reports/messages/). */
  warning(w: Warning): string;
  noFindings: string;
  conclusion(f: ConclusionFacts): string[];
}
