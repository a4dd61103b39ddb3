// The views of transferred files: the files table (CSV, JSON Lines), Zeek files.log beside ftp.log, --out.
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import type { Report } from '../../src/model.js';
import { renderBundle } from '../../src/reports/bundle.js';
import { renderCsv } from '../../src/reports/csv.js';
import { renderJsonl } from '../../src/reports/jsonl.js';
import { FILE_COLUMNS } from '../../src/reports/tables.js';
import { renderZeekFtpLog } from '../../src/reports/zeek.js';
import { renderZeekFilesLog, ZEEK_FILES_FIELDS } from '../../src/reports/zeek-files.js';

const CAPTURE = resolve(import.meta.dirname, '../fixtures/files/files-ipv4.pcapng');

/** A Zeek log's rows as objects keyed by its #fields. */
function zeekRows(text: string): Record<string, string>[] {
  const lines = text.trimEnd().split('\n');
  const fields = lines
    .find((l) => l.startsWith('#fields\t'))!
    .split('\t')
    .slice(1);
  return lines
    .filter((l) => !l.startsWith('#'))
    .map((l) => Object.fromEntries(l.split('\t').map((v, i) => [fields[i], v])));
}

let report: Report;
let plain: Report;
beforeAll(async () => {
  report = await runReport({ capture: CAPTURE, files: true });
  plain = await runReport({ capture: CAPTURE });
});

describe('files table', () => {
  it('has a row per transfer with a file, the model values in the documented columns', () => {
    const rows = parse(renderCsv(report, 'files', { raw: true }), { columns: true }) as Record<string, string>[];
    const transfers = report.sessions[0]!.transfers;
    expect(rows).toHaveLength(transfers.length);
    expect(Object.keys(rows[0]!)).toEqual([...FILE_COLUMNS]);
    const bin = rows.find((r) => r.arg === 'bin.dat')!;
    const t = transfers.find((x) => x.arg === 'bin.dat')!;
    expect(bin).toMatchObject({
      transfer: t.id,
      command: 'RETR',
      size: '20000',
      sha256: t.file!.sha256,
      md5: t.file!.md5,
      mime: 'application/octet-stream',
      complete: 'true',
      missingBytes: '0',
      extractedAs: '',
      listingEntries: '',
    });
    expect(rows.find((r) => r.command === 'LIST')!.listingEntries).toBe('4');
    const jsonl = renderJsonl(report, 'files')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(jsonl.find((r) => r.arg === 'bin.dat')).toMatchObject({ size: 20000, complete: true, extractedAs: null });
  });

  it('is empty (header only) for a report made without --files', () => {
    expect(renderCsv(plain, 'files')).toBe(`${FILE_COLUMNS.join(',')}\n`);
  });
});

describe('Zeek files.log', () => {
  it("has Zeek's header and a row per file, linked to ftp.log's RETR/STOR row by fuid", () => {
    const text = renderZeekFilesLog(report);
    expect(text).toMatch(
      /^#separator \\x09\n#set_separator\t,\n#empty_field\t\(empty\)\n#unset_field\t-\n#path\tfiles\n/,
    );
    const rows = zeekRows(text);
    expect(Object.keys(rows[0]!)).toEqual(ZEEK_FILES_FIELDS.map(([f]) => f));
    expect(rows).toHaveLength(report.sessions[0]!.transfers.length);
    const t = report.sessions[0]!.transfers.find((x) => x.command === 'STOR' && x.arg === 'up.bin')!;
    const row = rows.find((r) => r.sha256 === t.file!.sha256)!;
    expect(row).toMatchObject({
      source: 'FTP_DATA',
      'id.orig_h': t.data!.src.ip,
      'id.orig_p': String(t.data!.src.port),
      'id.resp_p': String(t.data!.dst.port),
      is_orig: 'T', // passive STOR: the client opened the data connection and sent the file
      seen_bytes: '15000',
      missing_bytes: '0',
      md5: t.file!.md5,
      sha1: '-',
      filename: 'up.bin',
      mime_type: 'application/octet-stream',
    });
    const active = rows.find(
      (r) => r.sha256 === report.sessions[0]!.transfers.find((x) => x.arg === 'active.dat')!.file!.sha256,
    )!;
    expect(active.is_orig).toBe('T'); // active RETR: the server opened it and sent the file
    const passiveRetr = rows.find((r) => r.filename === 'bin.dat')!;
    expect(passiveRetr.is_orig).toBe('F');
    const ftp = zeekRows(renderZeekFtpLog(report));
    const stor = ftp.filter((r) => r.command === 'STOR' && r.arg?.endsWith('/up.bin'));
    expect(stor.map((r) => r.fuid)).toContain(row.fuid);
    expect(stor[0]!.mime_type).toBe('application/octet-stream');
  });

  it('ftp.log keeps mime_type and fuid unset without --files', () => {
    for (const r of zeekRows(renderZeekFtpLog(plain))) {
      expect(r.mime_type).toBe('-');
      expect(r.fuid).toBe('-');
    }
  });
});

describe('--out bundle', () => {
  it('writes files.log and files.csv beside ftp.log when the data was read, and no files.log otherwise', () => {
    const names = (r: Report) => renderBundle([r], { markdown: () => '' }).map((f) => f.name);
    expect(names(report)).toContain('files.log');
    expect(names(report)).toContain('files.csv');
    expect(names(plain)).not.toContain('files.log');
  });
});

describe('several captures', () => {
  it('put each capture into its own folder under --extract DIR', async () => {
    const { extractDirFor } = await import('../../src/api.js');
    expect(extractDirFor('out', 'a/x.pcapng', ['a/x.pcapng'])).toBe('out');
    expect(extractDirFor('out', 'b/y.pcap', ['a/x.pcapng', 'b/y.pcap'])).toBe(join('out', '2-y.pcap'));
    expect(extractDirFor(undefined, 'b/y.pcap', ['a/x.pcapng', 'b/y.pcap'])).toBeUndefined();
  });
});

describe('Markdown report', () => {
  it("states each file's hashes and previews a listing, in English and Russian", async () => {
    const { renderMarkdown } = await import('../../src/reports/markdown.js');
    const bin = report.sessions[0]!.transfers.find((t) => t.arg === 'bin.dat')!.file!;
    const en = renderMarkdown(report, { lang: 'en' });
    expect(en).toContain(`SHA-256 \`${bin.sha256}\`, MD5 \`${bin.md5}\``);
    expect(en).toContain(
      '| Name | Type | Size | Modified |\n| --- | --- | ---: | --- |\n| active.dat | file | 12000 |',
    );
    const ru = renderMarkdown(report, { lang: 'ru' });
    expect(ru).toContain(`SHA-256 \`${bin.sha256}\``);
    expect(ru).toContain('| Имя | Тип | Размер | Изменён |');
    expect(renderMarkdown(plain, { lang: 'en' })).not.toContain('SHA-256');
  });
});
