// Flat tables of the report model (sessions, commands, transfers, logins, findings, packets, files) for CSV and
// JSON Lines.
// Column order is part of the interface: README.md lists it, tests check the two agree.

import type { Command, PacketRow, Report, Session, Transfer } from '../model.js';
import { type FindingLine, foldFindings } from './fold.js';
import { findingLineMessage } from './messages/en.js';
import { isoAt } from './times.js';

/** One cell: typed as in the JSON model (numbers, booleans, null for "not known"). */
export type Cell = string | number | boolean | null;

export const TABLE_NAMES = ['sessions', 'commands', 'transfers', 'logins', 'findings', 'packets', 'files'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export function isTableName(value: string): value is TableName {
  return (TABLE_NAMES as readonly string[]).includes(value);
}

/** The transfers table; its first 32 columns are the original `--csv` layout and never move. */
export const TRANSFER_COLUMNS = [
  'capture',
  'session',
  'transfer',
  'command',
  'arg',
  'direction',
  'mode',
  'setupCommand',
  'setupFrame',
  'setupReplyCode',
  'announcedIp',
  'announcedPort',
  'dataTcpStream',
  'initiator',
  'dataSrcIp',
  'dataSrcPort',
  'dataDstIp',
  'dataDstPort',
  'dataSynFrame',
  'openedBeforeCommand',
  'bytes',
  'status',
  'replyCodes',
  'commandT',
  'dataSynT',
  'firstByteT',
  'lastByteT',
  'completeT',
  'setupToSynMs',
  'commandToFirstByteMs',
  'transferMs',
  'throughputBps',
  // appended later; older columns keep their places
  'missingBytes',
  'dataHandshakeRttMs',
  'dataBytesToClient',
  'dataBytesToServer',
  'dataClosedBy',
  'commandAt',
  'dataSynAt',
  'firstByteAt',
  'lastByteAt',
  'completeAt',
  'throughputBytesPerSec',
] as const;

export const SESSION_COLUMNS = [
  'capture',
  'session',
  'tcpStream',
  'clientIp',
  'clientPort',
  'serverIp',
  'serverPort',
  'startT',
  'endT',
  'startAt',
  'endAt',
  'synFrame',
  'synAckFrame',
  'ackFrame',
  'handshakeRttMs',
  'banner',
  'user',
  'password',
  'anonymous',
  'loginOutcome',
  'loginAttemptCount',
  'tlsRequested',
  'tlsAccepted',
  'tlsFrame',
  'commandCount',
  'transferCount',
  'closedBy',
  'closeT',
  'closeAt',
  'findingIds',
] as const;

export const COMMAND_COLUMNS = [
  'capture',
  'session',
  'seq',
  'frame',
  'firstFrame',
  't',
  'at',
  'command',
  'arg',
  'replyCode',
  'replyText',
  'replyFrame',
  'replyT',
  'replyAt',
  'latencyMs',
  'intermediateCodes',
  'intermediateFrames',
] as const;

export const LOGIN_COLUMNS = [
  'capture',
  'session',
  'attempt',
  'frame',
  't',
  'at',
  'clientIp',
  'serverIp',
  'user',
  'password',
  'replyCode',
  'sessionOutcome',
  'sessionAnonymous',
] as const;

export const FINDING_COLUMNS = [
  'capture',
  'session',
  'finding',
  'severity',
  'frames',
  'message',
  // appended later: a row can stand for repeated per-session findings of one client address (reports/fold.ts)
  'count',
  'sessions',
] as const;

export const PACKET_COLUMNS = [
  'capture',
  'session',
  'kind',
  'frame',
  'lastFrame',
  'packets',
  't',
  'at',
  'srcIp',
  'srcPort',
  'dstIp',
  'dstPort',
  'protocol',
  'length',
  'info',
  'tcpStream',
  'payloadBytes',
] as const;

/** The files table: one row per transfer whose data was read (--files, --extract), with Transfer.file's facts. */
export const FILE_COLUMNS = [
  'capture',
  'session',
  'transfer',
  'command',
  'arg',
  'direction',
  'mode',
  'size',
  'sha256',
  'md5',
  'mime',
  'complete',
  'missingBytes',
  'gaps',
  'bytesAfterGap',
  'extractedAs',
  'listingEntries',
] as const;

/** Columns of --extract's index.csv: a written file's row of the files table, named first by the file it wrote. */
export const INDEX_COLUMNS: readonly string[] = [
  'file',
  ...FILE_COLUMNS.slice(FILE_COLUMNS.indexOf('session'), FILE_COLUMNS.indexOf('missingBytes') + 1),
];

export const TABLE_COLUMNS: Record<TableName, readonly string[]> = {
  sessions: SESSION_COLUMNS,
  commands: COMMAND_COLUMNS,
  transfers: TRANSFER_COLUMNS,
  logins: LOGIN_COLUMNS,
  findings: FINDING_COLUMNS,
  packets: PACKET_COLUMNS,
  files: FILE_COLUMNS,
};

type Row<C extends readonly string[]> = Record<C[number], Cell>;

/** What a session's rows name of its report: the capture file, and the time their `at` columns count from. */
export interface ReportHead {
  capture: { file: string; firstAt: string | null };
}
export type TableRow = Record<string, Cell>;

const spaced = (values: number[]): string => values.join(' ');

function sessionRow(report: ReportHead, s: Session): Row<typeof SESSION_COLUMNS> {
  const at = (t: number | null) => isoAt(report.capture.firstAt, t);
  return {
    capture: report.capture.file,
    session: s.id,
    tcpStream: s.tcpStream,
    clientIp: s.client.ip,
    clientPort: s.client.port,
    serverIp: s.server.ip,
    serverPort: s.server.port,
    startT: s.startT,
    endT: s.endT,
    startAt: at(s.startT),
    endAt: at(s.endT),
    synFrame: s.handshake?.synFrame ?? null,
    synAckFrame: s.handshake?.synAckFrame ?? null,
    ackFrame: s.handshake?.ackFrame ?? null,
    handshakeRttMs: s.handshake?.rttMs ?? null,
    banner: s.banner,
    user: s.login.user,
    password: s.login.password,
    anonymous: s.login.anonymous,
    loginOutcome: s.login.outcome,
    loginAttemptCount: s.login.attempts.length,
    tlsRequested: s.tls.requested,
    tlsAccepted: s.tls.accepted,
    tlsFrame: s.tls.frame,
    commandCount: s.commands.length,
    transferCount: s.transfers.length,
    closedBy: s.close.by,
    closeT: s.close.t,
    closeAt: at(s.close.t),
    findingIds: s.findings.map((f) => f.id).join(' '),
  };
}

function commandRow(report: ReportHead, s: Session, c: Command, index: number): Row<typeof COMMAND_COLUMNS> {
  const at = (t: number | null) => isoAt(report.capture.firstAt, t);
  const r = c.reply;
  return {
    capture: report.capture.file,
    session: s.id,
    seq: index + 1,
    frame: c.frame,
    firstFrame: c.firstFrame,
    t: c.t,
    at: at(c.t),
    command: c.command,
    arg: c.arg,
    replyCode: r?.code ?? null,
    replyText: r?.text ?? null,
    replyFrame: r?.frame ?? null,
    replyT: r?.t ?? null,
    replyAt: at(r?.t ?? null),
    latencyMs: r?.latencyMs ?? null,
    intermediateCodes: r ? spaced(r.intermediate.map((i) => i.code)) : null,
    intermediateFrames: r ? spaced(r.intermediate.map((i) => i.frame)) : null,
  };
}

function transferRow(report: ReportHead, s: Session, tr: Transfer): Row<typeof TRANSFER_COLUMNS> {
  const at = (t: number | null) => isoAt(report.capture.firstAt, t);
  const d = tr.data;
  const tm = tr.timing;
  return {
    capture: report.capture.file,
    session: s.id,
    transfer: tr.id,
    command: tr.command,
    arg: tr.arg,
    direction: tr.direction,
    mode: tr.mode,
    setupCommand: tr.setup.command,
    setupFrame: tr.setup.frame,
    setupReplyCode: tr.setup.replyCode,
    announcedIp: tr.setup.announced.ip,
    announcedPort: tr.setup.announced.port,
    dataTcpStream: d?.tcpStream ?? null,
    initiator: d?.initiator ?? null,
    dataSrcIp: d?.src.ip ?? null,
    dataSrcPort: d?.src.port ?? null,
    dataDstIp: d?.dst.ip ?? null,
    dataDstPort: d?.dst.port ?? null,
    dataSynFrame: d?.synFrame ?? null,
    openedBeforeCommand: d?.openedBeforeCommand ?? null,
    bytes: tr.bytes,
    status: tr.status,
    replyCodes: spaced(tr.replyCodes),
    commandT: tm.commandT,
    dataSynT: tm.dataSynT,
    firstByteT: tm.firstByteT,
    lastByteT: tm.lastByteT,
    completeT: tm.completeT,
    setupToSynMs: tm.setupToSynMs,
    commandToFirstByteMs: tm.commandToFirstByteMs,
    transferMs: tm.transferMs,
    throughputBps: tm.throughputBps,
    missingBytes: tr.missingBytes,
    dataHandshakeRttMs: d?.handshakeRttMs ?? null,
    dataBytesToClient: d?.bytesToClient ?? null,
    dataBytesToServer: d?.bytesToServer ?? null,
    dataClosedBy: d?.closedBy ?? null,
    commandAt: at(tm.commandT),
    dataSynAt: at(tm.dataSynT),
    firstByteAt: at(tm.firstByteT),
    lastByteAt: at(tm.lastByteT),
    completeAt: at(tm.completeT),
    throughputBytesPerSec: tm.throughputBytesPerSec,
  };
}

function fileRows(report: ReportHead, s: Session): Row<typeof FILE_COLUMNS>[] {
  return s.transfers.flatMap((tr) => {
    const f = tr.file;
    if (!f) return [];
    return [
      {
        capture: report.capture.file,
        session: s.id,
        transfer: tr.id,
        command: tr.command,
        arg: tr.arg,
        direction: tr.direction,
        mode: tr.mode,
        size: f.size,
        sha256: f.sha256,
        md5: f.md5,
        mime: f.mime,
        complete: f.complete,
        missingBytes: f.missingBytes,
        gaps: f.gaps,
        bytesAfterGap: f.bytesAfterGap,
        extractedAs: f.extractedAs,
        listingEntries: tr.listing?.length ?? null,
      },
    ];
  });
}

/** The rows of index.csv: the files table's rows of the transfers written to the folder, with `file` their name. */
export function fileIndexRows(report: Report): TableRow[] {
  return report.sessions.flatMap((s) =>
    fileRows(report, s).flatMap((r) => (r.extractedAs ? [{ file: r.extractedAs, ...r }] : [])),
  );
}

function loginRows(report: ReportHead, s: Session): Row<typeof LOGIN_COLUMNS>[] {
  return s.login.attempts.map((a, i) => {
    // An attempt is named by the frame of its PASS (or USER); a.t is that command's time.
    const t = a.t;
    return {
      capture: report.capture.file,
      session: s.id,
      attempt: i + 1,
      frame: a.frame,
      t,
      at: isoAt(report.capture.firstAt, t),
      clientIp: s.client.ip,
      serverIp: s.server.ip,
      user: a.user,
      password: a.password,
      replyCode: a.replyCode,
      sessionOutcome: s.login.outcome,
      sessionAnonymous: s.login.anonymous,
    };
  });
}

function findingRow(report: Report, line: FindingLine): Row<typeof FINDING_COLUMNS> {
  const f = line.finding;
  return {
    capture: report.capture.file,
    // a folded row belongs to several sessions: `sessions` lists them
    session: line.count > 1 ? null : f.sessionId,
    finding: f.id,
    severity: f.severity,
    frames: spaced(f.frames),
    message: findingLineMessage(line),
    count: line.count,
    sessions: line.sessions.join(' '),
  };
}

function packetRows(report: ReportHead, s: Session): Row<typeof PACKET_COLUMNS>[] {
  const at = (t: number | null) => isoAt(report.capture.firstAt, t);
  const listed = s.packets.map((p: PacketRow) => ({
    frame: p.frame,
    row: {
      capture: report.capture.file,
      session: s.id,
      kind: 'packet',
      frame: p.frame,
      lastFrame: p.frame,
      packets: 1,
      t: p.t,
      at: at(p.t),
      srcIp: p.src.ip,
      srcPort: p.src.port,
      dstIp: p.dst.ip,
      dstPort: p.dst.port,
      protocol: p.protocol,
      length: p.length,
      // Wireshark's Info column, copied for display: no fact of the report is read from it.
      info: p.info,
      tcpStream: p.tcpStream,
      payloadBytes: p.payloadBytes,
    } as Row<typeof PACKET_COLUMNS>,
  }));
  // A block of packets left out of the list is one row, placed where its first packet would be.
  const collapsed = s.collapsedPackets.map((c) => ({
    frame: c.firstFrame,
    row: {
      capture: report.capture.file,
      session: s.id,
      kind: 'collapsed',
      frame: c.firstFrame,
      lastFrame: c.lastFrame,
      packets: c.packets,
      t: null,
      at: null,
      srcIp: null,
      srcPort: null,
      dstIp: null,
      dstPort: null,
      protocol: null,
      length: null,
      info: null,
      tcpStream: c.tcpStream,
      payloadBytes: c.payloadBytes,
    } as Row<typeof PACKET_COLUMNS>,
  }));
  return [...listed, ...collapsed].sort((a, b) => a.frame - b.frame).map((x) => x.row);
}

/** The rows of one table for one report, in model order (sessions in order, then their items in order). */
export function tableRows(report: Report, table: TableName, options: TableOptions = {}): TableRow[] {
  const sessions = report.sessions;
  switch (table) {
    case 'sessions':
      return sessions.map((s) => sessionRow(report, s));
    case 'commands':
      return sessions.flatMap((s) => s.commands.map((c, i) => commandRow(report, s, c, i)));
    case 'transfers':
      return sessions.flatMap((s) => s.transfers.map((tr) => transferRow(report, s, tr)));
    case 'logins':
      return sessions.flatMap((s) => loginRows(report, s));
    case 'findings':
      // Per-session findings first, in session order (repeats of one client folded), then the capture-wide ones.
      return foldFindings(report, options.foldMin).map((line) => findingRow(report, line));
    case 'packets':
      return sessions.flatMap((s) => packetRows(report, s));
    case 'files':
      return sessions.flatMap((s) => fileRows(report, s));
  }
}

/** Tables whose rows each belong to one session, written session by session (the findings table folds across them). */
export const SESSION_TABLES = ['sessions', 'commands', 'transfers', 'logins', 'packets', 'files'] as const;
export type SessionTable = (typeof SESSION_TABLES)[number];

export function isSessionTable(table: string): table is SessionTable {
  return (SESSION_TABLES as readonly string[]).includes(table);
}

/** One session's rows of a per-session table: what tableRows gives for it, in the same order. */
export function sessionTableRows(head: ReportHead, s: Session, table: SessionTable): TableRow[] {
  switch (table) {
    case 'sessions':
      return [sessionRow(head, s)];
    case 'commands':
      return s.commands.map((c, i) => commandRow(head, s, c, i));
    case 'transfers':
      return s.transfers.map((tr) => transferRow(head, s, tr));
    case 'logins':
      return loginRows(head, s);
    case 'packets':
      return packetRows(head, s);
    case 'files':
      return fileRows(head, s);
  }
}

/** The rows of one table over several reports, one after the other; the `capture` column tells them apart. */
export function tableRowsOf(reports: readonly Report[], table: TableName, options: TableOptions = {}): TableRow[] {
  return reports.flatMap((r) => tableRows(r, table, options));
}

/** Choices about rows, the same for CSV and JSON Lines. */
export interface TableOptions {
  /** Fold per-session findings repeated this many times from one client into one row (reports/fold.ts). */
  foldMin?: number;
}
