// The CSV view: one row per transfer, RFC 4180, cells that could run as spreadsheet formulas neutralised.

import { stringify } from 'csv-stringify/sync';
import type { Report, Transfer } from '../model.js';

/** Column order of the transfers table; documented in the README. */
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
] as const;

type Row = Record<(typeof TRANSFER_COLUMNS)[number], string | number | boolean | null>;

function transferRow(capture: string, sessionId: string, tr: Transfer): Row {
  const d = tr.data;
  return {
    capture,
    session: sessionId,
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
    replyCodes: tr.replyCodes.join(' '),
    commandT: tr.timing.commandT,
    dataSynT: tr.timing.dataSynT,
    firstByteT: tr.timing.firstByteT,
    lastByteT: tr.timing.lastByteT,
    completeT: tr.timing.completeT,
    setupToSynMs: tr.timing.setupToSynMs,
    commandToFirstByteMs: tr.timing.commandToFirstByteMs,
    transferMs: tr.timing.transferMs,
    throughputBps: tr.timing.throughputBps,
  };
}

export interface CsvOptions {
  /** Leave cells starting with = + - @ tab CR as they are (default: prefix them with a quote). */
  raw?: boolean;
}

/** The transfers table with a header row. */
export function renderTransfersCsv(report: Report, options: CsvOptions = {}): string {
  const rows = report.sessions.flatMap((s) => s.transfers.map((tr) => transferRow(report.capture.file, s.id, tr)));
  return stringify(rows, {
    header: true,
    columns: [...TRANSFER_COLUMNS],
    escape_formulas: !options.raw,
    cast: { boolean: (v) => (v ? 'true' : 'false') },
  });
}
