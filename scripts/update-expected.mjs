#!/usr/bin/env node
// Writes samples/<name>.expected.json, .expected.md and the report in every other language (.expected.ru.md,
// .expected.zh.md, .expected.vi.md) from the current build, for a person to review with `git diff`. CI never runs
// this: the tests compare against what was reviewed. The JSON goldens are schema version 1 (every field): they are what
// `--schema-version 1` writes, and test/reports/json-schema.test.ts holds version 2 to them by the migration rules.
import { readdirSync, writeFileSync } from 'node:fs';
import { runReport } from '../dist/api.js';
import { reportJson } from '../dist/reports/json.js';
import { CATALOGS } from '../dist/reports/lab/render.js';
import { renderMarkdown } from '../dist/reports/markdown.js';
import { maskReport } from './mask-report.mjs';

process.chdir(new URL('..', import.meta.url).pathname);
const only = process.argv.slice(2);
for (const name of readdirSync('samples')
  .filter((f) => /\.pcapng?(\.gz)?$/.test(f))
  .sort()) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  const base = `samples/${name.replace(/\.pcapng?(\.gz)?$/, '')}`;
  const report = maskReport(await runReport({ capture: `samples/${name}` }));
  writeFileSync(`${base}.expected.json`, `${JSON.stringify(reportJson(report, { schemaVersion: 1 }), null, 2)}\n`);
  writeFileSync(`${base}.expected.md`, renderMarkdown(report));
  for (const lang of Object.keys(CATALOGS).filter((l) => l !== 'en'))
    writeFileSync(`${base}.expected.${lang}.md`, renderMarkdown(report, { lang }));
  process.stderr.write(`wrote ${base}.expected.*\n`);
}
