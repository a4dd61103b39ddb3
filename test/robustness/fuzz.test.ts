// Fuzzing: mutated copies of the sample captures through the real command. Every run must end with a documented exit
// code, within a time bound, with at most one stderr line and no stack trace, and any JSON it prints must follow the
// contract (and say complete: false when the exit code is not 0).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertContract } from '../contract.js';
import { ROOT } from '../cli/run-cli.js';
import type { Report } from '../../src/model.js';
import { type Base, makeCases, type Mutation, type MutationKind } from './mutate.js';

/**
 * Cases per kind. Each run costs about 0.8 s of CPU (node loading the command, `tshark --version`, tshark reading the
 * capture): 16 per kind by default (bit flips, the richest, get twice as many), 160 cases, more than the time budget
 * below usually lets run. FTP_REPORT_FUZZ_SCALE=3 makes three times as many (other seeds of the same generator).
 */
const SCALE = Math.max(1, Number(process.env.FTP_REPORT_FUZZ_SCALE) || 1);
const PER_KIND = 16 * SCALE;
const ALL_COUNTS: Record<MutationKind, number> = {
  bitflip: 2 * PER_KIND,
  truncate: PER_KIND,
  'splice-bytes': PER_KIND,
  'splice-packets': PER_KIND,
  'duplicate-packets': PER_KIND,
  'header-damage': PER_KIND,
  'interface-damage': PER_KIND,
  'gzip-mutated': PER_KIND,
  'gzip-damaged': PER_KIND,
};
/** FTP_REPORT_FUZZ_KINDS=bitflip,truncate runs only those kinds (to look closer at one). */
const ONLY = process.env.FTP_REPORT_FUZZ_KINDS?.split(',').map((k) => k.trim());
const COUNTS = Object.fromEntries(
  Object.entries(ALL_COUNTS).map(([k, n]) => [k, !ONLY || ONLY.includes(k) ? n : 0]),
) as Record<MutationKind, number>;
/**
 * Seconds of running cases (FTP_REPORT_FUZZ_SECONDS; 0: no limit, every case). Cases start in an order that
 * interleaves the kinds, so any budget spreads over all of them, until the budget is spent; the cases already started
 * finish. On a quiet 2-core machine 30 s runs about 45 cases; a busy machine runs fewer, never under MIN_CASES.
 */
const BUDGET_S = (() => {
  const v = Number(process.env.FTP_REPORT_FUZZ_SECONDS ?? 30);
  return Number.isFinite(v) && v >= 0 ? v : 30;
})();
/**
 * Where in that order a run starts (FTP_REPORT_FUZZ_START to repeat one; by default a random place, printed): each
 * run under a budget goes on from elsewhere, so runs after runs reach every case, not always the same first ones.
 */
const START = (() => {
  const v = Number(process.env.FTP_REPORT_FUZZ_START);
  return Number.isInteger(v) && v >= 0 ? v : Math.floor(Math.random() * 1_000_000);
})();
/** Cases that run whatever the budget: two of each kind. */
const MIN_CASES = 2 * Object.values(COUNTS).filter((n) => n > 0).length;
/** Exit codes a capture can end with (README: 0 report, 3 unreadable, 4 not a capture or damaged, 5/6 tshark). */
const DOCUMENTED = new Set([0, 3, 4, 5, 6]);
/** A run that has not ended after this long is a hang (a normal one takes about a second). */
const TIME_BOUND_MS = 20_000;
/** Child processes at once (each is node plus tshark): enough to keep 2 cores busy. */
const CONCURRENCY = 4;
/** Misbehaving inputs kept as regression cases (added by hand, each described in its README.md). */
const FAILURES_DIR = join(ROOT, 'test', 'fixtures', 'fuzz-failures');
/** Where a failing run's input is written, to look at or to copy into FAILURES_DIR (git-ignored). */
const FOUND_DIR = join(ROOT, 'test-results', 'fuzz-failures');

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-fuzz-'));

/**
 * The command the runs use: a snapshot of dist/ (with package.json and the Lua script it loads), so that a rebuild
 * of dist/ while the fuzz runs (another vitest's global setup, a developer's tsc) cannot show up as a crash. It lives
 * below the project so that node still finds node_modules.
 */
function snapshotBin(): { bin: string; dir: string } {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const snap = mkdtempSync(join(ROOT, 'test-results', 'fuzz-build-'));
    cpSync(join(ROOT, 'dist'), join(snap, 'dist'), { recursive: true });
    copyFileSync(join(ROOT, 'package.json'), join(snap, 'package.json'));
    mkdirSync(join(snap, 'src', 'driver'), { recursive: true });
    copyFileSync(join(ROOT, 'src', 'driver', 'ftp-control.lua'), join(snap, 'src', 'driver', 'ftp-control.lua'));
    const bin = join(snap, 'dist', 'cli', 'main.js');
    const check = spawnSync(process.execPath, [bin, join(ROOT, 'samples', 'passive-list-retr.pcapng'), '--json'], {
      encoding: 'utf8',
    });
    if (check.status === 0) return { bin, dir: snap };
    rmSync(snap, { recursive: true, force: true });
    if (attempt === 3) throw new Error(`the built command does not run: ${check.stderr}`);
  }
}
const SNAPSHOT = snapshotBin();
const CLI = SNAPSHOT.bin;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(SNAPSHOT.dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  ms: number;
  stdout: string;
  stderr: string;
}

/** Runs the command on one file; kills its whole process group (node and tshark) past the time bound. */
function runOne(file: string): Promise<Run> {
  return new Promise((resolve) => {
    const start = Date.now();
    const child = spawn(process.execPath, [CLI, file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, TIME_BOUND_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        timedOut,
        ms: Date.now() - start,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/**
 * Runs items in order with at most `limit` at once, results in input order. With `more`, an item past the first
 * `min` starts only while `more()` says so; the results stop at the first item not started.
 */
async function pool<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  { min = items.length, more = () => true }: { min?: number; more?: () => boolean } = {},
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && (next < min || more())) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results.slice(0, next);
}

/**
 * The cases in the order they run: kinds interleaved in proportion to their counts (case i of a kind with n cases
 * comes at (i - 1) / n of the way), so a run cut short by the time budget has tried every kind about equally.
 */
function interleave(cases: Mutation[]): Mutation[] {
  const kinds = Object.keys(COUNTS) as MutationKind[];
  const at = new Map<Mutation, number>();
  for (const kind of kinds) {
    const ofKind = cases.filter((c) => c.kind === kind);
    for (const [i, c] of ofKind.entries()) at.set(c, i / ofKind.length);
  }
  return [...cases].sort((a, b) => at.get(a)! - at.get(b)! || kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
}

/** What is wrong with one run; [] when it behaved. */
function problems(r: Run): string[] {
  const p: string[] = [];
  if (r.timedOut) p.push(`did not end within ${TIME_BOUND_MS} ms (killed)`);
  else if (r.code === null) p.push(`ended by signal ${r.signal}`);
  else if (r.code === 70) p.push('exit 70: internal error');
  else if (!DOCUMENTED.has(r.code)) p.push(`exit ${r.code}: not a documented exit code for a capture`);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  if (lines.length > 1) p.push(`${lines.length} stderr lines`);
  if (/^\s+at .+|\bat .*:\d+:\d+\)?$/m.test(r.stderr)) p.push('stack trace on stderr');
  if (lines.length === 1 && !lines[0]!.startsWith('ftp-report: '))
    p.push('stderr line does not start with "ftp-report: "');
  if (r.code !== null && r.code !== 0 && lines.length !== 1)
    p.push(`exit ${r.code} without a one-line reason on stderr`);
  if (r.stdout.trim() !== '') {
    let report: { capture?: { complete?: unknown } } | null = null;
    try {
      report = JSON.parse(r.stdout);
    } catch (e) {
      p.push(`stdout is not JSON: ${(e as Error).message}`);
    }
    if (report) {
      try {
        assertContract(report);
      } catch (e) {
        p.push(`contract: ${(e as Error).message}`);
      }
      if (r.code !== 0 && report.capture?.complete !== false)
        p.push(`exit ${r.code} but capture.complete is ${JSON.stringify(report.capture?.complete)}`);
      if (r.code === 0 && report.capture?.complete !== true) p.push('exit 0 but capture.complete is not true');
    }
  } else if (r.code === 0) {
    p.push('exit 0 with nothing on stdout');
  }
  return p;
}

/** Loads the samples, and a classic-pcap copy of each (editcap), as fuzzing bases. */
function loadBases(): Base[] {
  const names = readdirSync(join(ROOT, 'samples'))
    .filter((f) => f.endsWith('.pcapng'))
    .sort();
  const bases: Base[] = [];
  for (const name of names) {
    const src = join(ROOT, 'samples', name);
    bases.push({ name, bytes: readFileSync(src) });
    const pcap = join(dir, name.replace(/\.pcapng$/, '.pcap'));
    execFileSync('editcap', ['-F', 'pcap', src, pcap], { stdio: 'ignore' });
    bases.push({ name: `${name.replace(/\.pcapng$/, '.pcap')} (editcap -F pcap)`, bytes: readFileSync(pcap) });
  }
  return bases;
}

/** The report of the unmutated sample, from samples/<name>.expected.json (the pcap copies hold the same packets). */
function expectedReport(base: string): Report {
  const stem = base.replace(/\.pcap(ng)?( .*)?$/, '');
  return JSON.parse(readFileSync(join(ROOT, 'samples', `${stem}.expected.json`), 'utf8')) as Report;
}

/**
 * Repeating packets adds no information: every session of the sample is still there with the same commands, replies
 * and transfers, and no transfer counts a byte twice.
 */
function duplicateProblems(c: Mutation, report: Report): string[] {
  const want = expectedReport(c.base);
  const key = (s: Report['sessions'][number]) => `${s.client.ip}:${s.client.port}>${s.server.ip}:${s.server.port}`;
  const got = new Map(report.sessions.map((s) => [key(s), s]));
  const p: string[] = [];
  for (const w of want.sessions) {
    const g = got.get(key(w));
    if (!g) {
      p.push(`session ${key(w)} is missing`);
      continue;
    }
    const cmds = (s: typeof w) => JSON.stringify(s.commands.map((x) => [x.command, x.arg, x.reply?.code ?? null]));
    if (cmds(g) !== cmds(w))
      p.push(`${key(w)}: commands differ: ${cmds(g).slice(0, 300)} instead of ${cmds(w).slice(0, 300)}`);
    const xfers = (s: typeof w) =>
      JSON.stringify(s.transfers.map((t) => [t.command, t.arg, t.bytes, t.status, t.missingBytes]));
    if (xfers(g) !== xfers(w)) p.push(`${key(w)}: transfers differ: ${xfers(g)} instead of ${xfers(w)}`);
  }
  return p;
}

function summaryTable(cases: Mutation[], runs: Run[], wallMs: number): string {
  const codes = [...new Set(runs.map((r) => (r.timedOut ? 'timeout' : String(r.code))))].sort(
    (a, b) => Number(a) - Number(b),
  );
  const kinds = (Object.keys(COUNTS) as MutationKind[]).filter((k) => COUNTS[k] > 0);
  const header = ['kind', 'cases', ...codes.map((c) => `exit ${c}`), 'max s'];
  const rows = kinds.map((kind) => {
    const idx = cases.map((c, i) => (c.kind === kind ? i : -1)).filter((i) => i >= 0);
    const count = (code: string) =>
      idx.filter((i) => (runs[i]!.timedOut ? 'timeout' : String(runs[i]!.code)) === code).length;
    const max = Math.max(...idx.map((i) => runs[i]!.ms)) / 1000;
    return [kind, String(idx.length), ...codes.map((c) => String(count(c))), max.toFixed(1)];
  });
  const totalMax = Math.max(...runs.map((r) => r.ms)) / 1000;
  rows.push([
    'total',
    String(cases.length),
    ...codes.map((c) => String(runs.filter((r) => (r.timedOut ? 'timeout' : String(r.code)) === c).length)),
    totalMax.toFixed(1),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  // the reasons given on stderr, file names taken out, with how often each came
  const reasons = new Map<string, { n: number; example: string }>();
  runs.forEach((r, i) => {
    if (r.code === 0) return;
    const text = r.stderr
      .trim()
      .split(/\n/)[0]!
      .replaceAll(`${dir}/${cases[i]!.id}${cases[i]!.ext}`, 'FILE')
      .replace(/(starts with bytes )[0-9a-f]+/, '$1…')
      .replace(/\d+/g, 'N');
    const key = `exit ${r.timedOut ? 'timeout' : r.code}: ${text}`;
    const seen = reasons.get(key);
    if (seen) seen.n += 1;
    else reasons.set(key, { n: 1, example: cases[i]!.id });
  });
  return [
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
    `${cases.length} runs, ${CONCURRENCY} at a time, in ${(wallMs / 1000).toFixed(1)} s`,
    '',
    ...[...reasons]
      .sort((a, b) => b[1].n - a[1].n)
      .map(([k, v]) => `${String(v.n).padStart(4)} × ${k}   (e.g. ${v.example})`),
  ].join('\n');
}

describe('fuzzing: mutated sample captures through the real command', () => {
  // Files a fuzz run found misbehaving, kept as regression cases (test/fixtures/fuzz-failures/README.md says why).
  const kept = (() => {
    try {
      return readdirSync(FAILURES_DIR)
        .filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f))
        .sort();
    } catch {
      return [];
    }
  })();
  it.runIf(kept.length > 0)(
    'the captures an earlier run found misbehaving now behave',
    async () => {
      const runs = await pool(kept, CONCURRENCY, (f) => runOne(join(FAILURES_DIR, f)));
      const failures = kept.flatMap((f, i) => {
        const p = problems(runs[i]!);
        return p.length === 0
          ? []
          : [`${f} → exit ${runs[i]!.code}: ${p.join('; ')}; stderr: ${JSON.stringify(runs[i]!.stderr.slice(0, 300))}`];
      });
      expect(failures, failures.join('\n')).toEqual([]);
    },
    120_000,
  );

  // Long enough for the budget, the runs still going when it ends, and making the cases (editcap on every sample).
  const timeoutMs = BUDGET_S > 0 ? (BUDGET_S + 90) * 1000 : 3_000 * Object.values(COUNTS).reduce((a, b) => a + b, 60);
  it(
    'every run ends with a documented exit code, in time, with one clean stderr line at most and contract JSON',
    async () => {
      const bases = loadBases();
      const ordered = interleave(makeCases(bases, COUNTS));
      const from = START % Math.max(1, ordered.length);
      const all = [...ordered.slice(from), ...ordered.slice(0, from)];
      const start = Date.now();
      const runs = await pool(
        all,
        CONCURRENCY,
        (c) => {
          const f = join(dir, `${c.id}${c.ext}`);
          writeFileSync(f, c.bytes);
          return runOne(f);
        },
        { min: MIN_CASES, more: () => BUDGET_S === 0 || Date.now() - start < BUDGET_S * 1000 },
      );
      const wallMs = Date.now() - start;
      const cases = all.slice(0, runs.length);
      const budget = BUDGET_S > 0 ? `a ${BUDGET_S} s budget (FTP_REPORT_FUZZ_SECONDS)` : 'no time budget';
      console.log(
        `fuzz: ran ${runs.length} of ${all.length} cases with ${budget}, from case ${from} ` +
          `(FTP_REPORT_FUZZ_START=${START} runs them again)`,
      );
      console.log(`fuzz summary\n${summaryTable(cases, runs, wallMs)}`);

      const failures: string[] = [];
      cases.forEach((c, i) => {
        const r = runs[i]!;
        const p = problems(r);
        if (p.length === 0 && c.kind === 'duplicate-packets' && r.code === 0)
          p.push(...duplicateProblems(c, JSON.parse(r.stdout) as Report));
        if (p.length === 0) return;
        mkdirSync(FOUND_DIR, { recursive: true });
        const saved = join(FOUND_DIR, `${c.id}${c.ext}`);
        writeFileSync(saved, c.bytes);
        failures.push(
          `${c.id} (${c.detail}) → exit ${r.code}${r.timedOut ? ' (killed)' : ''} in ${r.ms} ms: ${p.join('; ')}; ` +
            `stderr: ${JSON.stringify(r.stderr.slice(0, 300))}; saved as ${saved}`,
        );
      });
      expect(failures, failures.join('\n')).toEqual([]);
      // the mutations reach the code past the magic-number check: most runs get a report, whole or partial
      expect(runs.filter((r) => r.stdout.trim() !== '').length).toBeGreaterThan(cases.length / 3);
      expect(runs.length).toBeGreaterThanOrEqual(Math.min(MIN_CASES, all.length));
    },
    timeoutMs,
  );
});
