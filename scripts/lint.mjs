// `npm run lint`: Biome (formatting and lint rules, biome.json) on src/, test/ and scripts/, the 120-character line
// check on src/, and tsc on the tests with the sources (vitest only strips types). All run, so one report shows
// everything; the exit code is non-zero if any failed.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const biome = require.resolve('@biomejs/biome/bin/biome');
const tsc = require.resolve('typescript/bin/tsc');
const steps = [
  [biome, 'check', 'src', 'test', 'scripts', 'vitest.config.ts'],
  [join(ROOT, 'scripts', 'check-line-length.mjs'), 'src'],
  [tsc, '-p', 'tsconfig.test.json'],
];
let failed = 0;
for (const args of steps) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) failed += 1;
}
if (failed > 0) {
  console.error('lint failed: `npm run format` (biome format --write) fixes the formatting;');
  console.error('lines still over 120 characters after it (long strings, comments) need wrapping by hand;');
  console.error('type errors in test/ show as TS errors above.');
  process.exit(1);
}
