// `npm run lint`: Biome (formatting and lint rules, biome.json) on src/, test/ and scripts/, then the 120-character
// line check on src/. Both always run, so one report shows everything; the exit code is non-zero if either failed.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
const steps = [
  [biome, 'check', 'src', 'test', 'scripts', 'vitest.config.ts'],
  [join(ROOT, 'scripts', 'check-line-length.mjs'), 'src'],
];
let failed = 0;
for (const args of steps) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) failed += 1;
}
if (failed > 0) {
  console.error('lint failed: `npm run format` (biome format --write) fixes the formatting;');
  console.error('lines still over 120 characters after it (long strings, comments) need wrapping by hand.');
  process.exit(1);
}
