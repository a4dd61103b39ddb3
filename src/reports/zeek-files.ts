// The Zeek files.log view: one row per file a data connection carried (Transfer.file, read with --files or
// --extract), in the fields and conventions of Zeek's Files::Info, beside ftp.log (whose fuid names the row).
//
//   ts             the data connection's first payload byte (timing.firstByteT), else the transfer command
//   fuid           zeekFuid of the control session's uid and the transfer command's frame (ftp.log's fuid)
//   uid, id.*      the data connection (orig = the side that sent the SYN), uid a stable stand-in as in ftp.log
//   source         FTP_DATA; depth 0; analyzers MD5,SHA256 (and EXTRACT when written under --extract)
//   mime_type      sniffed from the first bytes; filename the transfer command's argument
//   duration       first to last payload byte; is_orig: the file went from the SYN's sender to the other side
//   seen_bytes     bytes seen (extracted, and after a hole); total_bytes the size the server stated, if any
//   missing_bytes  Transfer.file.missingBytes; extracted* the file written under --extract
//   md5, sha256    of the extracted bytes; sha1 is not computed: unset

import type { Report, Session, Transfer } from '../model.js';
import { epochSecondsAt, isoToEpochMicros } from './times.js';
import { zeekFuid, zeekString, zeekUid } from './zeek.js';

export const ZEEK_FILES_FIELDS = [
  ['ts', 'time'],
  ['fuid', 'string'],
  ['uid', 'string'],
  ['id.orig_h', 'addr'],
  ['id.orig_p', 'port'],
  ['id.resp_h', 'addr'],
  ['id.resp_p', 'port'],
  ['source', 'string'],
  ['depth', 'count'],
  ['analyzers', 'set[string]'],
  ['mime_type', 'string'],
  ['filename', 'string'],
  ['duration', 'interval'],
  ['local_orig', 'bool'],
  ['is_orig', 'bool'],
  ['seen_bytes', 'count'],
  ['total_bytes', 'count'],
  ['missing_bytes', 'count'],
  ['overflow_bytes', 'count'],
  ['timedout', 'bool'],
  ['parent_fuid', 'string'],
  ['extracted', 'string'],
  ['extracted_cutoff', 'bool'],
  ['extracted_size', 'count'],
  ['md5', 'string'],
  ['sha1', 'string'],
  ['sha256', 'string'],
] as const;

type Value = string | number | boolean | null;

function value(type: string, v: Value): string {
  if (v === null) return '-';
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'number') return type === 'interval' ? v.toFixed(6) : String(v);
  return type === 'string' ? zeekString(v) : v;
}

/** The files.log values of one transfer with a file, by field. */
function fileRow(report: Report, s: Session, tr: Transfer): { t: number; values: Record<string, Value> } {
  const f = tr.file!;
  const d = tr.data!;
  const tm = tr.timing;
  const t = tm.firstByteT ?? tm.commandT;
  const uid = zeekUid(report.capture.firstAt, {
    tcpStream: d.tcpStream,
    client: d.src,
    server: d.dst,
    startT: tm.dataSynT ?? t,
  });
  const fromOrig = (tr.direction === 'upload') === (d.initiator === 'client');
  const stated = tr.direction === 'download' ? (s.commands[tr.commandIndex]?.statedSize ?? null) : null;
  const extracted = f.extractedAs !== null;
  const values: Record<string, Value> = {
    ts: epochSecondsAt(report.capture.firstAt, t) ?? '0.000000',
    fuid: zeekFuid(zeekUid(report.capture.firstAt, s), tr.commandFrame),
    uid,
    'id.orig_h': d.src.ip,
    'id.orig_p': d.src.port,
    'id.resp_h': d.dst.ip,
    'id.resp_p': d.dst.port,
    source: 'FTP_DATA',
    depth: 0,
    analyzers: extracted ? 'EXTRACT,MD5,SHA256' : 'MD5,SHA256',
    mime_type: f.mime,
    filename: tr.arg,
    duration: tm.firstByteT !== null && tm.lastByteT !== null ? tm.lastByteT - tm.firstByteT : 0,
    local_orig: null,
    is_orig: fromOrig,
    seen_bytes: f.size + f.bytesAfterGap,
    total_bytes: stated,
    missing_bytes: f.missingBytes,
    overflow_bytes: 0,
    timedout: false,
    parent_fuid: null,
    extracted: f.extractedAs,
    extracted_cutoff: extracted ? false : null,
    extracted_size: extracted ? f.size : null,
    md5: f.md5,
    sha1: null,
    sha256: f.sha256,
  };
  return { t, values };
}

/** True when some transfer of these reports had its data read (--files, --extract): files.log has rows to give. */
export function hasFiles(reports: readonly Report[]): boolean {
  return reports.some((r) => r.sessions.some((s) => s.transfers.some((tr) => tr.file !== undefined)));
}

function stamp(iso: string | null): string {
  const us = iso === null ? null : isoToEpochMicros(iso);
  if (us === null) return '-';
  const d = new Date(Math.floor(us / 1000)).toISOString();
  return `${d.slice(0, 10)}-${d.slice(11, 13)}-${d.slice(14, 16)}-${d.slice(17, 19)}`;
}

/** files.log for one or more reports, rows in time order per report; #open/#close are the captures' times. */
export function renderZeekFilesLog(reports: Report | readonly Report[]): string {
  const list = Array.isArray(reports) ? (reports as readonly Report[]) : [reports as Report];
  const firsts = list.map((r) => r.capture.firstAt).filter((x): x is string => x !== null);
  const lasts = list.map((r) => r.capture.lastAt).filter((x): x is string => x !== null);
  const lines = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tfiles',
    `#open\t${stamp(firsts.sort()[0] ?? null)}`,
    `#fields\t${ZEEK_FILES_FIELDS.map(([f]) => f).join('\t')}`,
    `#types\t${ZEEK_FILES_FIELDS.map(([, t]) => t).join('\t')}`,
  ];
  for (const report of list) {
    const rows = report.sessions.flatMap((s) =>
      s.transfers.filter((tr) => tr.file && tr.data).map((tr) => fileRow(report, s, tr)),
    );
    for (const { values } of rows.sort((a, b) => a.t - b.t)) {
      lines.push(ZEEK_FILES_FIELDS.map(([f, type]) => value(type, values[f] ?? null)).join('\t'));
    }
  }
  lines.push(`#close\t${stamp(lasts.sort()[lasts.length - 1] ?? null)}`);
  return `${lines.join('\n')}\n`;
}
