#!/usr/bin/env node
// Writes samples/<name>.expected.json from the current build, for a person to review with `git diff`.
// CI never runs this: the integration tests compare against what was reviewed.
import { readdirSync, writeFileSync } from 'node:fs';
import { runReport } from '../dist/api.js';
import { maskReport } from './mask-report.mjs';

process.chdir(new URL('..', import.meta.url).pathname);
const only = process.argv.slice(2);
for (const name of readdirSync('samples').filter((f) => /\.pcapng?(\.gz)?$/.test(f)).sort()) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  const report = await runReport({ capture: `samples/${name}` });
  const out = `samples/${name.replace(/\.pcapng?(\.gz)?$/, '')}.expected.json`;
  writeFileSync(out, `${JSON.stringify(maskReport(report), null, 2)}\n`);
  process.stderr.write(`wrote ${out}\n`);
}
