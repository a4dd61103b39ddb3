// The layers hold in the imports: cli → api → driver → capture/records → engine → reports, with src/protocol/ and
// src/model.ts as leaves everyone may import. Read from the sources, so a new import that breaks a rule fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Every .ts file below src/, as paths relative to src/. */
function sources(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** The top-level part of a source file: its folder under src/, or its own name for files directly in src/. */
const partOf = (file: string): string =>
  file.includes('/') ? file.slice(0, file.indexOf('/')) : file.replace(/\.ts$/, '');

/** The project files a source file imports (type-only imports included: they are dependencies of the design too). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/g)) {
    found.push(relative(SRC, resolve(SRC, dirname(file), m[1]!)).replace(/\.js$/, '.ts'));
  }
  for (const m of text.matchAll(/import\('(\.[^']+)'\)/g)) {
    found.push(relative(SRC, resolve(SRC, dirname(file), m[1]!)).replace(/\.js$/, '.ts'));
  }
  return found;
}

const files = sources();
const edges = files.flatMap((from) => importsOf(from).map((to) => ({ from, to })));
const crossing = edges.filter((e) => partOf(e.from) !== partOf(e.to));

/** Which parts each part may import besides the leaves (model, protocol, errors). */
const ALLOWED: Record<string, string[]> = {
  cli: ['api', 'index', 'grade', 'reports', 'driver', 'temp-folders'],
  index: ['api', 'grade', 'reports'],
  api: ['driver', 'capture', 'records', 'engine', 'reports', 'files'],
  files: ['capture', 'temp-folders'],
  grade: ['api', 'reports'],
  driver: ['capture', 'records', 'temp-folders'],
  capture: [],
  records: [],
  engine: ['records'],
  reports: [],
  synth: [],
  protocol: ['model'],
  model: [],
  errors: ['model'],
  // src/temp-folders.ts, the one maker of temporary folders (tshark's, --files', the --json spool's)
  'temp-folders': [],
};
const LEAVES = new Set(['model', 'protocol', 'errors']);

describe('imports between the parts of src/', () => {
  it('finds the sources and their imports', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(crossing.length).toBeGreaterThan(50);
  });

  it('follow the allowed directions only', () => {
    const wrong = crossing
      .filter((e) => {
        const [from, to] = [partOf(e.from), partOf(e.to)];
        // the leaves: anyone may import them, and they import nothing but the model (types)
        if (LEAVES.has(to) && !LEAVES.has(from)) return false;
        return !(ALLOWED[from] ?? []).includes(to);
      })
      .map((e) => `${e.from} -> ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('leave the engine free of driver, cli, api, reports and grade code', () => {
    const bad = crossing.filter(
      (e) => partOf(e.from) === 'engine' && /^(driver|cli|api|reports|grade|capture)/.test(e.to),
    );
    expect(bad.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('let reports import only the model and the protocol leaf', () => {
    const bad = crossing.filter((e) => partOf(e.from) === 'reports' && !['model', 'protocol'].includes(partOf(e.to)));
    expect(bad.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('have no two parts importing each other', () => {
    const pairs = new Set(crossing.map((e) => `${partOf(e.from)} ${partOf(e.to)}`));
    const both = [...pairs].filter((p) => pairs.has(p.split(' ').reverse().join(' ')));
    expect(both).toEqual([]);
  });

  it('keep the synthesizer (a test tool) out of the product', () => {
    const bad = crossing.filter((e) => partOf(e.to) === 'synth');
    expect(bad.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });
});
