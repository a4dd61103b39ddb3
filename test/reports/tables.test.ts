// Round trips: every CSV table and every JSON Lines table parses back to exactly the rows and values of the
// JSON model. The expected rows are written here from the model's fields, independently of src/reports/tables.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { CAPTURE_COLUMNS } from '../../src/reports/captures.js';
import { renderCsv } from '../../src/reports/csv.js';
import { renderJsonl } from '../../src/reports/jsonl.js';
import { findingMessage } from '../../src/reports/messages/en.js';
import { TABLE_COLUMNS, TABLE_NAMES, TRANSFER_COLUMNS, type Cell, type TableName } from '../../src/reports/tables.js';
import { isoAt } from '../../src/reports/times.js';
import { ROOT } from '../cli/run-cli.js';
import { EK_FIXTURE, SAMPLE_CAPTURES, reportOf } from './report-sources.js';

/** Microsecond ISO time computed with BigInt arithmetic, as a cross-check of src/reports/times.ts. */
function isoCheck(firstAt: string | null, t: number | null): string | null {
  if (firstAt === null || t === null) return null;
  const [, whole, frac] = /^(.{19})(?:\.(\d+))?Z$/.exec(firstAt)!;
  const us =
    BigInt(Date.parse(`${whole}Z`)) * 1000n +
    BigInt((frac ?? '').padEnd(6, '0').slice(0, 6)) +
    BigInt(Math.round(t * 1e6));
  const seconds = us / 1_000_000n;
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${(us % 1_000_000n).toString().padStart(6, '0')}Z`;
}

type Row = Record<string, Cell>;

/** What each table must hold, written from the JSON model. */
const EXPECTED: Record<TableName, (r: Report) => Row[]> = {
  sessions: (r) =>
    r.sessions.map((s) => ({
      capture: r.capture.file,
      session: s.id,
      tcpStream: s.tcpStream,
      clientIp: s.client.ip,
      clientPort: s.client.port,
      serverIp: s.server.ip,
      serverPort: s.server.port,
      startT: s.startT,
      endT: s.endT,
      startAt: isoCheck(r.capture.firstAt, s.startT),
      endAt: isoCheck(r.capture.firstAt, s.endT),
      synFrame: s.handshake === null ? null : s.handshake.synFrame,
      synAckFrame: s.handshake === null ? null : s.handshake.synAckFrame,
      ackFrame: s.handshake === null ? null : s.handshake.ackFrame,
      handshakeRttMs: s.handshake === null ? null : s.handshake.rttMs,
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
      closeAt: isoCheck(r.capture.firstAt, s.close.t),
      findingIds: s.findings.map((f) => f.id).join(' '),
    })),
  commands: (r) =>
    r.sessions.flatMap((s) =>
      s.commands.map((c, i) => ({
        capture: r.capture.file,
        session: s.id,
        seq: i + 1,
        frame: c.frame,
        firstFrame: c.firstFrame,
        t: c.t,
        at: isoCheck(r.capture.firstAt, c.t),
        command: c.command,
        arg: c.arg,
        replyCode: c.reply === null ? null : c.reply.code,
        replyText: c.reply === null ? null : c.reply.text,
        replyFrame: c.reply === null ? null : c.reply.frame,
        replyT: c.reply === null ? null : c.reply.t,
        replyAt: c.reply === null ? null : isoCheck(r.capture.firstAt, c.reply.t),
        latencyMs: c.reply === null ? null : c.reply.latencyMs,
        intermediateCodes: c.reply === null ? null : c.reply.intermediate.map((x) => x.code).join(' '),
        intermediateFrames: c.reply === null ? null : c.reply.intermediate.map((x) => x.frame).join(' '),
      })),
    ),
  transfers: (r) =>
    r.sessions.flatMap((s) =>
      s.transfers.map((t) => {
        const d = t.data;
        const at = (x: number | null) => isoCheck(r.capture.firstAt, x);
        return {
          capture: r.capture.file,
          session: s.id,
          transfer: t.id,
          command: t.command,
          arg: t.arg,
          direction: t.direction,
          mode: t.mode,
          setupCommand: t.setup.command,
          setupFrame: t.setup.frame,
          setupReplyCode: t.setup.replyCode,
          announcedIp: t.setup.announced.ip,
          announcedPort: t.setup.announced.port,
          dataTcpStream: d === null ? null : d.tcpStream,
          initiator: d === null ? null : d.initiator,
          dataSrcIp: d === null ? null : d.src.ip,
          dataSrcPort: d === null ? null : d.src.port,
          dataDstIp: d === null ? null : d.dst.ip,
          dataDstPort: d === null ? null : d.dst.port,
          dataSynFrame: d === null ? null : d.synFrame,
          openedBeforeCommand: d === null ? null : d.openedBeforeCommand,
          bytes: t.bytes,
          status: t.status,
          replyCodes: t.replyCodes.join(' '),
          commandT: t.timing.commandT,
          dataSynT: t.timing.dataSynT,
          firstByteT: t.timing.firstByteT,
          lastByteT: t.timing.lastByteT,
          completeT: t.timing.completeT,
          setupToSynMs: t.timing.setupToSynMs,
          commandToFirstByteMs: t.timing.commandToFirstByteMs,
          transferMs: t.timing.transferMs,
          throughputBps: t.timing.throughputBps,
          missingBytes: t.missingBytes,
          dataHandshakeRttMs: d === null ? null : d.handshakeRttMs,
          dataBytesToClient: d === null ? null : d.bytesToClient,
          dataBytesToServer: d === null ? null : d.bytesToServer,
          dataClosedBy: d === null ? null : d.closedBy,
          commandAt: at(t.timing.commandT),
          dataSynAt: at(t.timing.dataSynT),
          firstByteAt: at(t.timing.firstByteT),
          lastByteAt: at(t.timing.lastByteT),
          completeAt: at(t.timing.completeT),
          throughputBytesPerSec: t.timing.throughputBytesPerSec,
        };
      }),
    ),
  logins: (r) =>
    r.sessions.flatMap((s) =>
      s.login.attempts.map((a, i) => {
        const cmd = s.commands.find((c) => c.frame === a.frame);
        return {
          capture: r.capture.file,
          session: s.id,
          attempt: i + 1,
          frame: a.frame,
          t: cmd === undefined ? null : cmd.t,
          at: cmd === undefined ? null : isoCheck(r.capture.firstAt, cmd.t),
          clientIp: s.client.ip,
          serverIp: s.server.ip,
          user: a.user,
          password: a.password,
          replyCode: a.replyCode,
          sessionOutcome: s.login.outcome,
          sessionAnonymous: s.login.anonymous,
        };
      }),
    ),
  findings: (r) =>
    [...r.sessions.flatMap((s) => s.findings), ...r.findings].map((f) => ({
      capture: r.capture.file,
      session: f.sessionId,
      finding: f.id,
      severity: f.severity,
      frames: f.frames.join(' '),
      message: findingMessage(f),
      // the samples repeat no finding five times from one client: no row is folded
      count: 1,
      sessions: f.sessionId ?? '',
    })),
  packets: (r) =>
    r.sessions.flatMap((s) => {
      const rows: { frame: number; row: Row }[] = s.packets.map((p) => ({
        frame: p.frame,
        row: {
          capture: r.capture.file,
          session: s.id,
          kind: 'packet',
          frame: p.frame,
          lastFrame: p.frame,
          packets: 1,
          t: p.t,
          at: isoCheck(r.capture.firstAt, p.t),
          srcIp: p.src.ip,
          srcPort: p.src.port,
          dstIp: p.dst.ip,
          dstPort: p.dst.port,
          protocol: p.protocol,
          length: p.length,
          info: p.info,
          tcpStream: p.tcpStream,
          payloadBytes: p.payloadBytes,
        },
      }));
      for (const c of s.collapsedPackets) {
        rows.push({
          frame: c.firstFrame,
          row: {
            capture: r.capture.file,
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
          },
        });
      }
      return rows.sort((a, b) => a.frame - b.frame).map((x) => x.row);
    }),
  files: (r) =>
    r.sessions.flatMap((s) =>
      s.transfers
        .filter((tr) => tr.file)
        .map((tr) => ({
          capture: r.capture.file,
          session: s.id,
          transfer: tr.id,
          command: tr.command,
          arg: tr.arg,
          direction: tr.direction,
          mode: tr.mode,
          size: tr.file!.size,
          sha256: tr.file!.sha256,
          md5: tr.file!.md5,
          mime: tr.file!.mime,
          complete: tr.file!.complete,
          missingBytes: tr.file!.missingBytes,
          gaps: tr.file!.gaps,
          bytesAfterGap: tr.file!.bytesAfterGap,
          extractedAs: tr.file!.extractedAs,
          listingEntries: tr.listing ? tr.listing.length : null,
        })),
    ),
};

/** A typed value as a CSV cell: null is an empty cell, booleans are true/false. */
const csvText = (v: Cell): string => (v === null ? '' : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v));

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

const SOURCES = [EK_FIXTURE, ...SAMPLE_CAPTURES];

describe.each(SOURCES.map((source) => ({ source, name: source === EK_FIXTURE ? 'EK fixture zeek-ipv4' : source })))(
  'tables of $name',
  ({ source }) => {
    let report: Report;
    beforeAll(async () => {
      report = await reportOf(source);
    });

    it.each([...TABLE_NAMES])('%s: --csv-raw parses back to exactly the model values', (table) => {
      const expected = EXPECTED[table](report);
      const text = renderCsv(report, table, { raw: true, multiline: true });
      const rows = parse(text, { columns: true }) as Record<string, string>[];
      const header = parse(text, { to_line: 1 }) as string[][];
      expect(header[0]).toEqual([...TABLE_COLUMNS[table]]);
      expect(Object.keys(expected[0] ?? Object.fromEntries(TABLE_COLUMNS[table].map((c) => [c, null])))).toEqual([
        ...TABLE_COLUMNS[table],
      ]);
      expect(rows).toEqual(
        expected.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, csvText(v)]))),
      );
    });

    it.each([...TABLE_NAMES])(
      '%s: default CSV differs by a quote before formula-like text, \\n for breaks',
      (table) => {
        const expected = EXPECTED[table](report);
        const text = renderCsv(report, table);
        const rows = parse(text, { columns: true }) as Record<string, string>[];
        expect(rows).toHaveLength(expected.length);
        // one physical line per row, the header's included
        expect(text.split('\n').filter((l) => l !== '')).toHaveLength(expected.length + 1);
        rows.forEach((row, i) => {
          for (const [k, v] of Object.entries(expected[i]!)) {
            const plain = typeof v === 'string' ? v.replace(/\r?\n/g, '\\n').replace(/\r/g, '\\r') : csvText(v);
            // Numbers are never quoted (a negative duration stays a number); text starting like a formula is.
            const want = typeof v === 'string' && FORMULA_START.test(plain) ? `'${plain}` : plain;
            expect(row[k], `${table} row ${i + 1} ${k}`).toBe(want);
            expect(
              typeof v !== 'number' && FORMULA_START.test(row[k]!),
              `${table} row ${i + 1} ${k} starts like a formula`,
            ).toBe(false);
          }
        });
      },
    );

    it.each([...TABLE_NAMES])('%s: JSON Lines give the same rows, typed', (table) => {
      const expected = EXPECTED[table](report);
      const text = renderJsonl(report, table);
      const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
      const objects = lines.map((l) => JSON.parse(l) as Row);
      expect(objects).toEqual(expected);
      for (const o of objects) expect(Object.keys(o)).toEqual([...TABLE_COLUMNS[table]]);
    });
  },
);

describe('tables over several captures', () => {
  it('concatenate the captures in order, told apart by the capture column', async () => {
    const a = await reportOf('samples/passive-list-retr.pcapng');
    const b = await reportOf('samples/upload-stor.pcapng');
    for (const table of TABLE_NAMES) {
      const rows = parse(renderCsv([a, b], table, { raw: true, multiline: true }), { columns: true }) as Record<
        string,
        string
      >[];
      const want = [...EXPECTED[table](a), ...EXPECTED[table](b)].map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, csvText(v)])),
      );
      expect(rows, table).toEqual(want);
      expect(new Set(rows.map((r) => r.capture))).toEqual(
        new Set(rows.length ? [...new Set(want.map((w) => w.capture))] : []),
      );
      const jsonl = renderJsonl([a, b], table);
      expect(
        jsonl === ''
          ? []
          : jsonl
              .trimEnd()
              .split('\n')
              .map((l) => JSON.parse(l)),
      ).toEqual([...EXPECTED[table](a), ...EXPECTED[table](b)]);
    }
  });
});

describe('absolute times', () => {
  it('add t to the first packet time with microsecond precision', () => {
    expect(isoAt('2012-02-21T16:52:41.968492Z', 0)).toBe('2012-02-21T16:52:41.968492Z');
    expect(isoAt('2012-02-21T16:52:41.968492Z', 38.111309)).toBe('2012-02-21T16:53:20.079801Z');
    expect(isoAt('1999-12-31T23:59:59.999999Z', 0.000001)).toBe('2000-01-01T00:00:00.000000Z');
    expect(isoAt(null, 1)).toBeNull();
    expect(isoAt('2012-02-21T16:52:41.968492Z', null)).toBeNull();
  });
});

describe('CSV options', () => {
  it('neutralise = + - @ tab and CR at the start of text cells (csv-stringify escape_formulas)', async () => {
    const report = await reportOf(EK_FIXTURE);
    const s = report.sessions[0]!;
    const hostile = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '＝1'];
    const tweaked: Report = { ...report, sessions: hostile.map((banner, i) => ({ ...s, id: `S${i + 1}`, banner })) };
    const banners = (
      parse(renderCsv(tweaked, 'sessions', { multiline: true }), { columns: true }) as Record<string, string>[]
    ).map((r) => r.banner);
    expect(banners).toEqual(hostile.map((b) => `'${b}`));
    const raw = (
      parse(renderCsv(tweaked, 'sessions', { raw: true, multiline: true }), { columns: true }) as Record<
        string,
        string
      >[]
    ).map((r) => r.banner);
    expect(raw).toEqual(hostile);
  });

  it('--excel: a UTF-8 byte order mark first, nothing else changed', async () => {
    const report = await reportOf(EK_FIXTURE);
    const plain = renderCsv(report, 'transfers');
    const bom = renderCsv(report, 'transfers', { bom: true });
    expect(bom).toBe(`\uFEFF${plain}`);
    expect(Buffer.from(bom, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('keeps the first 32 transfer columns of the original --csv in place', () => {
    expect(TRANSFER_COLUMNS.slice(0, 32)).toEqual([
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
    ]);
  });
});

describe('docs/csv-columns.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/csv-columns.md'), 'utf8');
  const documented = (table: string) => {
    // Each table has a line "- `table`: `col`, `col`, ..." in the Tables section.
    const line = doc.split('\n').find((l) => l.startsWith(`- \`${table}\`:`));
    expect(line, `docs line for ${table}`).toBeDefined();
    return [...line!.matchAll(/`([A-Za-z][A-Za-z0-9]*)`/g)].map((m) => m[1]).slice(1);
  };
  it.each([...TABLE_NAMES])('documents the %s columns in their order', (table) => {
    expect(documented(table)).toEqual([...TABLE_COLUMNS[table]]);
  });
  it('documents the captures columns in their order', () => {
    expect(documented('captures')).toEqual([...CAPTURE_COLUMNS]);
  });
  it('is linked from the README', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/csv-columns.md)');
  });
});
