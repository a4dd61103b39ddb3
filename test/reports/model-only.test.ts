// The views read facts from the model only: no Wireshark Info text, no re-decided login outcome, no command looked
// up by frame, and src/reports imports nothing but the model, the protocol leaf and itself (issue 11).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run-cli.js';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const REPORTS = tsFiles(join(ROOT, 'src/reports'));
const GRADING = ['src/grade/checks.ts', 'src/grade/mistakes.ts'].map((f) => join(ROOT, f));
const VIEWS = [...REPORTS, ...GRADING];
const rel = (file: string) => relative(ROOT, file);

/** Lines of a file that match a pattern, as "file:line: text". */
function hits(files: string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${rel(file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

/** Relative import specifiers of a file, resolved to paths under the repository. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
    rel(resolve(dirname(file), m[1]!)),
  );
}

describe('views read the model, not Wireshark text', () => {
  it('only the packet tables read PacketRow.info: CSV/JSONL and Markdown copy it, --no-secrets masks it', () => {
    expect(hits(VIEWS, /\.info\b/)).toEqual([
      // the lab's table shows it as it is: a --no-secrets report was masked before (maskSecrets)
      expect.stringMatching(/^src\/reports\/lab\/packet-table\.ts:\d+: r\.info,$/),
      // --no-secrets masks the Info of PASS segments (and echoes of a password), for display only
      expect.stringMatching(/^src\/reports\/mask\.ts:\d+: if \(p\.info === null\) return p;$/),
      expect.stringMatching(
        /^src\/reports\/mask\.ts:\d+: if \(!secret\) return \{ \.\.\.p, info: scrub\(p\.info\) \};$/,
      ),
      expect.stringMatching(/^src\/reports\/mask\.ts:\d+: .*\.exec\(p\.info\)/),
      expect.stringMatching(/^src\/reports\/tables\.ts:\d+: info: p\.info,$/),
    ]);
  });

  it('no view looks for a "Response: …" Info text', () => {
    expect(hits(VIEWS, /['`]Response:|info\??\.(startsWith|includes|match)/)).toEqual([]);
  });

  it('no view decides a login outcome from reply-code ranges (LoginAttempt.outcome does)', () => {
    expect(hits(VIEWS, /replyCode\s*(!==\s*null\s*&&\s*\w+\.replyCode\s*)?[<>]=?\s*\d/)).toEqual([]);
    expect(hits(VIEWS, /replyCode\s*[<>]/)).toEqual([]);
  });

  it('no view finds a command by its frame (commandIndex, replyFrame and completeFrame say it)', () => {
    expect(hits(VIEWS, /commands\.find\(\((c|x)\) => \1\.frame ===/)).toEqual([]);
  });

  it('no view re-parses PORT/PASV numbers', () => {
    expect(hits(VIEWS, /\\d\{1,3\}\),\(|parse(Port|Pasv|Eprt|Epsv)/)).toEqual([]);
  });
});

describe('imports flow one way', () => {
  it('src/reports imports only the model, the protocol leaf and src/reports itself', () => {
    const bad = REPORTS.flatMap((file) =>
      imports(file)
        .filter((to) => to !== 'src/model.js' && !to.startsWith('src/protocol/') && !to.startsWith('src/reports/'))
        .map((to) => `${rel(file)} → ${to}`),
    );
    expect(bad).toEqual([]);
  });

  it('the grading checks import only the model, the protocol leaf, the views and the rubric', () => {
    const bad = GRADING.flatMap((file) =>
      imports(file)
        .filter((to) => !/^src\/(model\.js|protocol\/|reports\/|grade\/rubric\.js)/.test(to))
        .map((to) => `${rel(file)} → ${to}`),
    );
    expect(bad).toEqual([]);
  });

  it('the import check sees imports at all', () => {
    expect(imports(join(ROOT, 'src/reports/zeek.ts'))).toContain('src/protocol/ftp.js');
  });
});
