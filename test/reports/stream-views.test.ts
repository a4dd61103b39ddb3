// The streamed views (src/cli/stream-views.ts: --csv/--jsonl of a per-session table, --zeek, written session by
// session as the engine releases them) give the same bytes as the whole-report renderers, on every sample, fixture
// and real-world capture (../shared/realworld when present): one real tshark run per capture, its sessions taken
// through runReport's onSession, both texts made from them.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../src/api.js';
import { type StreamedView, streamedView } from '../../src/cli/stream-views.js';
import type { Report, Session } from '../../src/model.js';
import { type CsvOptions, renderCsv } from '../../src/reports/csv.js';
import { renderJsonl } from '../../src/reports/jsonl.js';
import { SESSION_TABLES } from '../../src/reports/tables.js';
import { type ZeekOptions, renderZeekFtpLog } from '../../src/reports/zeek.js';
import { capturesUnder } from '../captures-under.js';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const REALWORLD = path.resolve(ROOT, '..', 'shared', 'realworld');

const CAPTURES = [
  ...capturesUnder(path.join(ROOT, 'samples')),
  ...capturesUnder(path.join(ROOT, 'test', 'fixtures')),
  ...capturesUnder(REALWORLD),
];

type Choice = Parameters<typeof streamedView>[0];
const NONE: Choice = {
  csvTable: null,
  jsonlTable: null,
  zeek: false,
  captures: 1,
  masked: false,
  files: false,
  out: false,
};

interface Case {
  name: string;
  view: StreamedView;
  whole: (report: Report) => string;
}

const CSV_TERMINAL: CsvOptions = { bom: true, multiline: false, escapeControls: true };
const CSV_MULTILINE: CsvOptions = { multiline: true, raw: true };
const ZEEK_ALL: ZeekOptions = { showPasswords: true, commands: 'all' };

function cases(): Case[] {
  const choice: Choice = { ...NONE };
  const make = (c: Partial<Choice>, csv: CsvOptions = {}, zeek: ZeekOptions = {}) =>
    streamedView({ ...choice, ...c }, { csv, zeek })!;
  const out: Case[] = [];
  for (const table of SESSION_TABLES) {
    out.push({ name: `csv ${table}`, view: make({ csvTable: table }), whole: (r) => renderCsv(r, table) });
    out.push({ name: `jsonl ${table}`, view: make({ jsonlTable: table }), whole: (r) => renderJsonl(r, table) });
  }
  out.push({
    name: 'csv transfers, terminal and Excel',
    view: make({ csvTable: 'transfers' }, CSV_TERMINAL),
    whole: (r) => renderCsv(r, 'transfers', CSV_TERMINAL),
  });
  out.push({
    name: 'csv commands, multiline and raw',
    view: make({ csvTable: 'commands' }, CSV_MULTILINE),
    whole: (r) => renderCsv(r, 'commands', CSV_MULTILINE),
  });
  out.push({ name: 'zeek', view: make({ zeek: true }), whole: (r) => renderZeekFtpLog(r) });
  out.push({
    name: 'zeek, every command and passwords',
    view: make({ zeek: true }, {}, ZEEK_ALL),
    whole: (r) => renderZeekFtpLog(r, ZEEK_ALL),
  });
  return out;
}

describe('streamed views give the whole-report bytes', () => {
  it('streams only what can be streamed', () => {
    const choice: Choice = { ...NONE };
    const opts = { csv: {}, zeek: {} };
    expect(streamedView({ ...choice, csvTable: 'findings' }, opts)).toBeNull();
    expect(streamedView({ ...choice, jsonlTable: 'captures' }, opts)).toBeNull();
    expect(streamedView({ ...choice, csvTable: 'transfers', masked: true }, opts)).toBeNull();
    expect(streamedView({ ...choice, csvTable: 'transfers', files: true }, opts)).toBeNull();
    expect(streamedView({ ...choice, zeek: true, captures: 2 }, opts)).toBeNull();
    expect(streamedView({ ...choice, csvTable: 'transfers', captures: 2 }, opts)).not.toBeNull();
  });

  it.concurrent.each(CAPTURES.map((f) => [path.relative(ROOT, f), f]))(
    '%s',
    async (_name, capture) => {
      const all = cases();
      const texts = all.map(() => '');
      const sessions: Session[] = [];
      const { report } = await readReport({
        capture,
        onSession: (s, at) => {
          sessions.push(s);
          all.forEach((c, i) => {
            texts[i] += c.view.session(s, at);
          });
        },
      });
      if (report === null) {
        expect(sessions).toEqual([]);
        return;
      }
      expect(report.sessions).toEqual([]);
      const whole = { ...report, sessions };
      all.forEach((c, i) => {
        expect(texts[i] + c.view.end([whole]), c.name).toBe(c.whole(whole));
      });
      // the captures run side by side: on a busy machine the largest (ppa_ftp-crack, 19,730 packets) waits its turn
    },
    240_000,
  );
});
