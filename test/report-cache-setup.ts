// Global set-up of the `sources` project: a folder for the reports test/shared-report.ts shares between test files
// during one run, removed when the run ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'ftp-report-test-reports-'));
  project.provide('reportCache', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
