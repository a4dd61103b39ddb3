// Builds dist/ from nothing, so files of moved or deleted modules cannot linger: compiles with tsc into a new folder,
// copies the run-time assets and a stamp saying when the build started into it, then puts it in place of dist/ in one
// rename (a test run using dist/ meanwhile never sees it half-built or missing). With --if-stale it builds only when
// a source, tsconfig.json, package.json or a build script changed after the last build started (or there is none).
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
/** When the last build started (ms since the epoch); package.json's `files` leaves it out of the package. */
const STAMP_NAME = '.build-stamp';
const STAMP = join(DIST, STAMP_NAME);
/** What a build reads besides src/. */
const INPUTS = [
  'tsconfig.json',
  'package.json',
  'scripts/build.mjs',
  'scripts/copy-assets.mjs',
  'scripts/man-page.mjs',
];

/** The newest modification time below `dir`, directories included (a deleted file changes its directory's). */
function newestUnder(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why dist/ needs building, or null when it is current. */
function staleReason() {
  let started;
  try {
    started = JSON.parse(readFileSync(STAMP, 'utf8')).started;
  } catch {
    return 'no finished build';
  }
  if (!existsSync(join(DIST, 'cli', 'main.js'))) return 'dist/cli/main.js is missing';
  const newest = Math.max(newestUnder(join(ROOT, 'src')), ...INPUTS.map((f) => statSync(join(ROOT, f)).mtimeMs));
  return newest > started ? 'sources changed since the last build' : null;
}

/** Runs a node script; a failing step ends the build with its exit code (the step has said why), dist/ untouched. */
function run(out, ...args) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status === 0) return;
  rmSync(out, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

if (process.argv.includes('--if-stale')) {
  const reason = staleReason();
  if (reason === null) {
    console.error('build: dist/ is current');
    process.exit(0);
  }
  console.error(`build: building dist/ (${reason})`);
}
const started = Date.now();
// beside dist/, at the same depth, so the source maps' relative paths hold after the rename
const out = mkdtempSync(join(ROOT, '.dist-'));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
run(out, tsc, '-p', join(ROOT, 'tsconfig.json'), '--outDir', out);
run(out, join(ROOT, 'scripts', 'copy-assets.mjs'), out);
chmodSync(join(out, 'cli', 'main.js'), 0o755);
// mkdtemp made it 0700; dist/ is read by others too (tshark as nobody reads its Lua script, a shared install)
chmodSync(out, 0o755);
writeFileSync(join(out, STAMP_NAME), `${JSON.stringify({ started })}\n`);
const old = `${out}.old`;
if (existsSync(DIST)) renameSync(DIST, old);
renameSync(out, DIST);
rmSync(old, { recursive: true, force: true });
// the manual page is made from the help of the command just built (docs/ftp-report.1; a test checks it is current)
const man = spawnSync(process.execPath, [join(ROOT, 'scripts', 'man-page.mjs')], { cwd: ROOT, stdio: 'inherit' });
if (man.status !== 0) process.exit(man.status ?? 1);
