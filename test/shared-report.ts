// One runReport per capture and options for the whole test run, shared by the test files of the `sources` project:
// many files check the same samples, robustness fixtures and traces, and each run costs a tshark start. The first
// file that asks makes the report (the real runReport, real tshark) and leaves it in the run's cache folder (made and
// removed by test/report-cache-setup.ts); the others read it back. A file run without that set-up runs runReport.
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { inject } from 'vitest';
import { runReport, type ReportOptions } from '../src/api.js';
import { FtpReportError } from '../src/errors.js';
import type { Report } from '../src/model.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder test/report-cache-setup.ts made for this run's shared reports. */
    reportCache: string;
  }
}

/** Options a shared run may have: plain data only (no callbacks, no stdin stream), so that they name the run. */
export type SharedOptions = Omit<ReportOptions, 'onDissected' | 'onProgress' | 'stdin'>;

/** What one runReport gave: the report (or the partial report of an FtpReportError, and its code). */
export interface Outcome {
  report: Report | null;
  error: string | null;
  /** From onDissected: packets piped to tshark, and packets in the capture (-1 when it was not called). */
  dissected: number;
  packets: number;
}

/** How the cache stores an outcome: v8's structured clone keeps undefined fields, -0, NaN and nested arrays as made. */
export const encodeOutcome = (o: Outcome): Buffer => serialize(o);
export const decodeOutcome = (b: Buffer): Outcome => deserialize(b) as Outcome;

/** The run itself, as the tests made it before: real runReport, FtpReportError kept with its partial report. */
async function runOutcome(options: SharedOptions): Promise<Outcome> {
  let dissected = -1;
  let packets = -1;
  const onDissected = (d: number, n: number): void => {
    dissected = d;
    packets = n;
  };
  try {
    return { report: await runReport({ ...options, onDissected }), error: null, dissected, packets };
  } catch (err) {
    if (!(err instanceof FtpReportError)) throw err;
    return { report: err.partialReport, error: err.code, dissected, packets };
  }
}

const cacheDir = (): string | undefined => {
  try {
    return inject('reportCache');
  } catch {
    return undefined;
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads a finished entry, or null. */
function readEntry(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

/** A lock left by a worker that is gone, or held far longer than a report takes: the waiter makes the report itself. */
function staleLock(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (Date.now() - statSync(lock).mtimeMs > 120_000) return true;
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

const local = new Map<string, Promise<Buffer>>();

/**
 * The outcome of runReport(options), made once per test run: the first caller makes it (taking a lock file so that a
 * worker asking at the same moment waits instead of running tshark again), every other caller reads the same result.
 * Each call gets its own copy, so a test that changes its report changes nobody else's.
 */
export async function sharedOutcome(options: SharedOptions): Promise<Outcome> {
  // the file's size and time too: a test that writes a new capture at the same path gets a new run
  let stamp: number[] = [];
  try {
    const st = statSync(options.capture ?? options.ek ?? '');
    stamp = [st.size, st.mtimeMs, st.ino];
  } catch {}
  const key = createHash('sha1')
    .update(JSON.stringify({ cwd: process.cwd(), options, stamp }))
    .digest('hex');
  let p = local.get(key);
  if (!p) {
    p = fetchOutcome(key, options);
    local.set(key, p);
    // a failed run is not kept: the next caller tries again and sees the failure itself
    p.catch(() => local.delete(key));
  }
  return decodeOutcome(await p);
}

async function fetchOutcome(key: string, options: SharedOptions): Promise<Buffer> {
  const dir = cacheDir();
  if (!dir) return encodeOutcome(await runOutcome(options));
  const file = join(dir, `${key}.v8`);
  const lock = join(dir, `${key}.lock`);
  for (;;) {
    const done = readEntry(file);
    if (done) return done;
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      if (staleLock(lock)) rmSync(lock, { force: true });
      else await sleep(50);
      continue;
    }
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
    try {
      const bytes = encodeOutcome(await runOutcome(options));
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
      return bytes;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

/** runReport(options), shared: resolves to the report, rejects with an Error naming the code when the run failed. */
export async function sharedReport(options: SharedOptions): Promise<Report> {
  const o = await sharedOutcome(options);
  if (o.error !== null || o.report === null)
    throw new Error(`runReport(${JSON.stringify(options)}) failed with ${o.error ?? 'no report'}`);
  return o.report;
}
