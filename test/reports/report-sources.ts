// Reports the table and Zeek tests run on: the saved EK stream (no tshark needed) and every bundled sample.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/model.js';
import { ROOT } from '../cli/run-cli.js';
import { sharedReport } from '../shared-report.js';

export const EK_FIXTURE = join(ROOT, 'test', 'fixtures', 'zeek-ipv4.ek.jsonl');
export const HOSTILE = join(ROOT, 'samples', 'hostile-names.pcapng');

/** Every capture in samples/, as a path relative to the repository (what the capture column then shows). */
export const SAMPLE_CAPTURES = readdirSync(join(ROOT, 'samples'))
  .filter((f) => /\.pcapng?(\.gz)?$/.test(f))
  .sort()
  .map((f) => `samples/${f}`);

const cache = new Map<string, Promise<Report>>();

/** The report of a sample capture (relative path) or of the EK fixture, made once per test run (shared-report.ts). */
export function reportOf(source: string): Promise<Report> {
  let p = cache.get(source);
  if (!p) {
    p =
      source === EK_FIXTURE
        ? sharedReport({ ek: source })
        : sharedReport({ capture: join(ROOT, source) }).then((r) => relabel(r, source));
    cache.set(source, p);
  }
  return p;
}

/** Names the capture as the user typed it (relative), like the CLI run from the repository root would. */
function relabel(report: Report, file: string): Report {
  return { ...report, capture: { ...report.capture, file } };
}
