import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/sequencer.js';

/**
 * Test files that run the built command (dist/cli/main.js, dist/synth/cli.js or dist/api.js in a child process). Only
 * their project has the global setup that builds dist/ when it is stale; every other test runs on the sources, so
 * `npx vitest run test/engine` needs no build. A new test that spawns something from dist/ belongs here.
 */
const NEEDS_DIST = [
  'test/cli/**/*.test.ts',
  'test/grade/grade-captures.test.ts',
  'test/robustness/cut-captures.test.ts',
  'test/robustness/floods.test.ts',
  'test/robustness/fuzz.test.ts',
  'test/synth/synth-units.test.ts',
];

/** Source tests that replace a module (vi.mock): each needs a fresh module registry. */
const MOCKING = ['test/grade/run-batch.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vitest's default is one worker per core less one: one on 2 cores. But most tests wait on tshark and node child
    // processes, so a worker per core and one more keep the cores busy: 3 workers ran the suite in 184 s against 249 s
    // for 2 and 335 s for 1 on a busy 2-core machine. FTP_REPORT_TEST_WORKERS overrides it.
    maxWorkers: Number(process.env.FTP_REPORT_TEST_WORKERS) || availableParallelism() + 1,
    // the longest files start first, across both projects (test/sequencer.ts)
    sequence: { sequencer: SlowFirstSequencer },
    // The JSON report is what .ci/run turns into its "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'sources',
          include: ['test/**/*.test.ts'],
          exclude: [...NEEDS_DIST, ...MOCKING],
          // a folder for the reports test/shared-report.ts makes once per run for every file that reads them
          globalSetup: ['test/report-cache-setup.ts'],
          // A worker's files share its loaded modules instead of loading them again for each file (27 s less on the
          // sources alone, on 2 cores). Files that change process-wide state (TMPDIR, the working folder) put it
          // back when done; those that mock a module run in their own project, isolated.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'mocking', include: MOCKING },
      },
      {
        extends: true,
        test: { name: 'built', include: NEEDS_DIST, globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});
