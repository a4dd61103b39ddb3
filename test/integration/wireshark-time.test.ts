// Every Time cell of the lab report's packet tables is, to the character, what tshark 4.0 prints in its Time column
// (_ws.col.Time: seconds since the first packet, at the precision of the file's timestamps) for the same frame, on
// every sample and fixture capture: nanosecond ones (what dumpcap writes) and the damaged ones with another
// timestamp resolution; by the default path (ftp-report reads the capture) and, on the samples, by --dissect-all.
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sharedOutcome } from '../shared-report.js';
import { en } from '../../src/reports/lab/en.js';
import { renderLabReport } from '../../src/reports/lab/render.js';
import { ROOT } from '../cli/run-cli.js';

const run = promisify(execFile);

/** Every capture below a folder of the repository, as a path relative to it. */
function capturesIn(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir)).sort()) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...capturesIn(path));
    else if (/\.pcap(ng)?(\.gz)?$/.test(name)) out.push(path);
  }
  return out;
}

const SAMPLES = capturesIn('samples');
const FIXTURES = capturesIn(join('test', 'fixtures'));

/** tshark's Time column by frame number (a damaged capture: the frames it printed before it stopped). */
async function tsharkTimes(capture: string): Promise<Map<number, string>> {
  const args = ['-r', join(ROOT, capture), '-T', 'fields', '-e', 'frame.number', '-e', '_ws.col.Time'];
  let stdout: string;
  try {
    ({ stdout } = await run('tshark', args, { maxBuffer: 64 << 20 }));
  } catch (err) {
    stdout = (err as { stdout?: string }).stdout ?? '';
  }
  const times = new Map<number, string>();
  for (const line of stdout.split('\n')) {
    const [frame, time] = line.split('\t');
    if (frame && time !== undefined) times.set(Number(frame), time);
  }
  return times;
}

/** The (first) frame and Time cell of every packet row of the Markdown's packet tables. */
function timeCells(markdown: string): { frame: number; time: string }[] {
  const header = `| ${en.packetColumns.join(' | ')} |`;
  const cells: { frame: number; time: string }[] = [];
  let inTable = false;
  for (const line of markdown.split('\n')) {
    if (line === header) {
      inTable = true;
      continue;
    }
    if (!inTable || !line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const [frameCell, timeCell] = line.split(' | ').map((c) => c.replace(/^\| /, '').trim());
    // the separator line, and a collapsed middle ("…") that has no time
    if (frameCell === undefined || timeCell === undefined || !/^\d/.test(frameCell)) continue;
    // a command typed in several segments ("12–20") is timed by its first segment
    cells.push({ frame: Number(frameCell.split('–')[0]), time: timeCell });
  }
  return cells;
}

const OUT_OF_RANGE = 'timestamps-out-of-range';

/** How many Time cells matched tshark's; -1 when the report says its times are beyond any date. */
async function compare(capture: string, dissectAll: boolean): Promise<number> {
  const [outcome, tshark] = await Promise.all([
    // the run's shared report of this capture (other files read the same samples and fixtures)
    sharedOutcome(dissectAll ? { capture: join(ROOT, capture), dissectAll } : { capture: join(ROOT, capture) }),
    tsharkTimes(capture),
  ]);
  const report = outcome.report;
  if (report === null) return 0;
  // A damaged interface block's resolution puts the times past year 9999 (10¹⁸ µs): too large for exact
  // arithmetic in a double, and the report says so; every capture with a real date is compared.
  if (report.warnings.some((w) => w.code === OUT_OF_RANGE)) return -1;
  const cells = timeCells(renderLabReport(report));
  for (const { frame, time } of cells) expect(time, `${capture} frame ${frame}`).toBe(tshark.get(frame));
  return cells.length;
}

describe.concurrent("packet tables' Time column is Wireshark's", () => {
  it.each(SAMPLES)('%s', async (capture) => {
    expect(await compare(capture, false)).toBeGreaterThan(10);
  });

  it.each(FIXTURES)('%s', async (capture) => {
    const rows = await compare(capture, false);
    // only the two whose interface block says another timestamp resolution are left out, and their reports say why
    if (/idb-tsresol-[06]/.test(capture)) expect(rows).toBe(-1);
    // a capture with no FTP session has no packet table; every other one is checked row by row
    else if (!/no-ftp|not-ftp|bitflip/.test(capture)) expect(rows, relative(ROOT, capture)).toBeGreaterThan(0);
  });

  // tshark reads the file itself: the precision comes from the file's first packet, read for it alone
  it.each(SAMPLES.filter((s) => /active-list|telnet/.test(s)))('%s with --dissect-all', async (capture) => {
    expect(await compare(capture, true)).toBeGreaterThan(10);
  });
});
