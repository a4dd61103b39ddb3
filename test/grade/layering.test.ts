// The grading library stands on its own: nothing under src/grade imports the command line, prints or exits.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const GRADE = 'src/grade';
const sources = readdirSync(GRADE)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: join(GRADE, f), text: readFileSync(join(GRADE, f), 'utf8') }));

/** The module specifiers a source imports or re-exports. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

describe('src/grade as a library', () => {
  it('has sources to check', () => {
    expect(sources.map((s) => s.file)).toContain(join(GRADE, 'index.ts'));
  });

  it.each(sources.map((s) => [s.file, s.text]))('%s imports nothing from src/cli', (_file, text) => {
    expect(importsOf(text).filter((spec) => /(^|\/)cli\//.test(spec))).toEqual([]);
  });

  it.each(sources.map((s) => [s.file, s.text]))('%s neither prints nor exits', (_file, text) => {
    expect(text).not.toMatch(/\bconsole\.|process\.(exit|stdout|stderr|argv)\b/);
  });
});
