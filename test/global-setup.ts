// Builds dist/ before the tests that run the built command (the `built` project in vitest.config.ts), unless it is
// current already (`npm test` builds in its pretest step): a run of unit tests alone never builds.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const build = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [build, '--if-stale'], { stdio: 'inherit' });
}
