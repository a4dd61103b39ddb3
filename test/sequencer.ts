// The order test files start in: the longest first, whatever their project, so that the workers finish together
// instead of one running a 90-second file alone at the end. Vitest's own order puts every `built` file before every
// `sources` file and, on a fresh clone (CI: no results cache), sorts by file size, which started the two longest
// files (integration/selective, integration/realworld) last.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files, longest first (per-file durations of a full CI-style run on the 2-core machine; re-measure with
 * the JSON reporter, test-results/vitest.json, when a file grows). Every other file starts after these, in Vitest's
 * own order. A file listed here that no longer exists is ignored.
 */
export const SLOW_FIRST = [
  'test/integration/selective.test.ts',
  'test/robustness/floods.test.ts',
  'test/robustness/fuzz.test.ts',
  'test/cli/export-options.test.ts',
  'test/cli/analyst.test.ts',
  'test/grade/grade-captures.test.ts',
  'test/integration/realworld.test.ts',
  'test/integration/wireshark-time.test.ts',
  'test/driver/stream-names.test.ts',
  'test/cli/readme-examples.test.ts',
  'test/cli/temp-folders.test.ts',
  'test/cli/tshark-user.test.ts',
  'test/integration/ftps-keylog.test.ts',
  'test/reports/lab.test.ts',
  'test/files/bundled-captures.test.ts',
  'test/reports/hostile.test.ts',
  'test/cli/packet-rows.test.ts',
  'test/engine/source-findings.test.ts',
  'test/files/transfer-files.test.ts',
  'test/cli/stdin-capture.test.ts',
  'test/cli/live-errors.test.ts',
  'test/cli/tls-keylog.test.ts',
  'test/synth/synth-tshark.test.ts',
  'test/cli/live-capture.test.ts',
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const rank = (f: TestSpecification): number => {
      const i = SLOW_FIRST.indexOf(relative(root, f.moduleId));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    const slow = files.filter((f) => rank(f) < SLOW_FIRST.length).sort((a, b) => rank(a) - rank(b));
    const rest = await super.sort(files.filter((f) => rank(f) === SLOW_FIRST.length));
    return [...slow, ...rest];
  }
}
