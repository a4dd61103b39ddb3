#!/usr/bin/env node
// Writes samples/<name>.expected.json and .expected.md (and one Russian .expected.ru.md) from the current
// build, for a person to review with `git diff`. CI never runs this: the tests compare against what was reviewed.
import { readdirSync, writeFileSync } from 'node:fs';
import { runReport } from '../dist/api.js';
import { reportJson } from '../dist/reports/json.js';
import { renderMarkdown } from '../dist/reports/markdown.js';
import { maskReport } from './mask-report.mjs';

/** Samples whose Russian report is kept as a golden file too (the first write-up is Russian). */
export const RUSSIAN_GOLDEN = ['active-list-retr'];

process.chdir(new URL('..', import.meta.url).pathname);
const only = process.argv.slice(2);
for (const name of readdirSync('samples')
  .filter((f) => /\.pcapng?(\.gz)?$/.test(f))
  .sort()) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  const base = `samples/${name.replace(/\.pcapng?(\.gz)?$/, '')}`;
  const report = maskReport(await runReport({ capture: `samples/${name}` }));
  writeFileSync(`${base}.expected.json`, `${JSON.stringify(reportJson(report), null, 2)}\n`);
  writeFileSync(`${base}.expected.md`, renderMarkdown(report));
  if (RUSSIAN_GOLDEN.some((r) => base.endsWith(r)))
    writeFileSync(`${base}.expected.ru.md`, renderMarkdown(report, { lang: 'ru' }));
  process.stderr.write(`wrote ${base}.expected.*\n`);
}
