#!/usr/bin/env node
// Grading benchmark: 40 copies of the samples in a temp dir, `ftp-report grade -j 1` against `-j N`, wall time.
//
// Usage: node scripts/bench-grade.mjs [--count 40] [--runs 3] [--jobs 2]
// Needs a build (npm run build) and tshark. Prints each run, then the best time per setting and the speed-up
// of -j N over -j 1 (best against best, so a burst of load from elsewhere counts less), and checks that both
// settings printed the same gradebook.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist', 'cli', 'main.js');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench-grade: --${name} needs a whole number above 0`);
    process.exit(2);
  }
  return n;
}

const count = option('count', 40);
const runs = option('runs', 3);
const jobs = option('jobs', 2);

if (!existsSync(BIN)) {
  console.error('bench-grade: dist/cli/main.js is missing: run npm run build first');
  process.exit(1);
}

const samples = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.pcapng'))
  .sort();
const dir = mkdtempSync(join(tmpdir(), 'ftp-report-bench-grade-'));
for (let i = 0; i < count; i += 1) {
  const sample = samples[i % samples.length];
  copyFileSync(join(ROOT, 'samples', sample), join(dir, `student${String(i + 1).padStart(2, '0')}-${sample}`));
}

/** CPU seconds of the finished children of this process (ftp-report and the tshark runs it waited for); Linux only. */
function childCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // fields after the command name: cutime and cstime are the 14th and 15th, in clock ticks (100 per second)
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

function grade(j) {
  const cpuBefore = childCpuSeconds();
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, 'grade', dir, '-j', String(j), '--no-progress'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuAfter = childCpuSeconds();
  const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  if (r.status !== 0) {
    console.error(`bench-grade: ftp-report grade -j ${j} exited ${r.status}: ${r.stderr.trim()}`);
    process.exit(1);
  }
  return { seconds, cpu, stdout: r.stdout };
}

console.log(`${count} captures (copies of ${samples.length} samples) in ${dir}`);
console.log(
  `cores: ${availableParallelism()}, load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
// one run first, not timed: file cache and tshark's own start-up files
grade(jobs);
const times = { 1: [], [jobs]: [] };
let gradebook1 = null;
let gradebookN = null;
for (let run = 1; run <= runs; run += 1) {
  for (const j of [1, jobs]) {
    const { seconds, cpu, stdout } = grade(j);
    times[j].push(seconds);
    if (j === 1) gradebook1 = stdout;
    else gradebookN = stdout;
    // CPU seconds per wall second: how many cores the run kept busy (about j when nothing else competes)
    const busy = cpu === null ? '' : `, ${cpu.toFixed(1)} s CPU = ${(cpu / seconds).toFixed(2)} cores busy`;
    console.log(`run ${run}: -j ${j}: ${seconds.toFixed(2)} s (${(seconds / count).toFixed(3)} s per capture${busy})`);
  }
}
rmSync(dir, { recursive: true, force: true });

const best = (list) => Math.min(...list);
const speedup = best(times[1]) / best(times[jobs]);
console.log(
  `load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(`best -j 1: ${best(times[1]).toFixed(2)} s, best -j ${jobs}: ${best(times[jobs]).toFixed(2)} s`);
console.log(`speed-up of -j ${jobs} over -j 1: ${speedup.toFixed(2)}x`);
if (gradebook1 !== gradebookN) {
  console.error('bench-grade: -j 1 and -j N printed different gradebooks');
  process.exit(1);
}
console.log('gradebooks of both settings are identical');
