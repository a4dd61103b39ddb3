import { describe, expect, it } from 'vitest';
import { lintMarkdown, mermaidBlocks, tableShapes } from './markdown-check.js';

const md = (...lines: string[]): string => lines.join('\n') + '\n';

// What a generated report looks like: repeated sub-headings per session, long table rows, an empty
// cell written as `|  |`, escaped pipes, <br> in a cell, unicode, and a Mermaid block.
const goodReport = md(
  '# FTP report: passive-list-retr.pcapng',
  '',
  '## Session 1: 127.0.0.1:60202 → 127.0.0.1:21',
  '',
  '### Commands',
  '',
  '| # | Time (s) | Command | Argument | Reply | Notes about this command that make the row far longer than eighty characters |',
  '| ---: | ---: | --- | --- | --- | --- |',
  '| 1 | 0.000 | USER | `demo` | 331 Password required |  |',
  '| 2 | 0.010 | PASS | `****` | 230 Login successful. | password hidden |',
  '| 3 | 0.020 | RETR | `a\\|b.txt` | 150 Opening<br>226 Transfer complete | pipe in a name, escaped |',
  '| 4 | 0.030 | STOR | `日本語 🙂.txt` | 226 Done | a\\|b outside code too |',
  '',
  '```mermaid',
  'sequenceDiagram',
  '  participant C as Client 127.0.0.1:60202',
  '  C->>S: USER demo',
  '```',
  '',
  '## Session 2: 127.0.0.1:60203 → 127.0.0.1:21',
  '',
  '### Commands',
  '',
  '| # | Command | Reply |',
  '| ---: | --- | --- |',
  '| 1 | QUIT | 221 Goodbye. |',
);

describe('lintMarkdown', () => {
  it('accepts a generated report: long lines, repeated sub-headings, <br> in cells, padded empty cells', () => {
    expect(lintMarkdown(goodReport)).toEqual([]);
  });

  it('reports markdownlint problems with line, rule and detail', () => {
    const bad = md(
      '## Not a top-level heading first',
      '### Commands',
      '### Commands',
      'Text right before a table:',
      '| a | b |',
      '| --- | --- |',
      '| x | y | z |',
      '',
      'Reply from <script>alert(1)</script> and a bare https://example.com/x',
      '```',
      'no language',
      '```',
    ); // and no blank lines around the headings, before the table or around the fence
    const problems = lintMarkdown(bad);
    const rules = new Set(problems.map((p) => p.split(' ')[1]!.split('/')[0]));
    expect([...rules].sort()).toEqual(
      ['MD022', 'MD024', 'MD031', 'MD033', 'MD034', 'MD040', 'MD041', 'MD056', 'MD058'].sort(),
    );
    expect(problems).toContain(
      '7: MD056/table-column-count Table column count [Expected: 2; Actual: 3; Too many cells, extra data will be missing]',
    );
    expect(problems.find((p) => p.startsWith('3: MD024/'))).toBeDefined(); // identical siblings still flagged
    expect(problems.find((p) => p.includes('MD033') && p.includes('Element: script'))).toBeDefined();
  });

  it('does not flag the rules turned off for reports (MD013, MD060) nor repeated headings under different parents', () => {
    const text = md(
      '# Report',
      '',
      '## Session 1',
      '',
      '### Commands',
      '',
      `A very long generated line: ${'USER demo, '.repeat(30)}end.`,
      '',
      '## Session 2',
      '',
      '### Commands',
      '',
      '|a|b|',
      '| --- | --- |',
      '|  x  |   y |',
    );
    expect(lintMarkdown(text)).toEqual([]);
  });
});

describe('tableShapes', () => {
  it('finds nothing wrong in a report whose tables are whole', () => {
    expect(tableShapes(goodReport)).toEqual([]);
  });

  it('reports an unescaped | in a cell (it adds a cell, even inside `code`); an escaped \\| does not', () => {
    const text = md(
      '| File | Size |',
      '| --- | --- |',
      '| a\\|b.txt | 1 |',
      '| `c\\|d.txt` | 2 |',
      '| a|b.txt | 3 |',
      '| `c|d.txt` | 4 |',
    );
    expect(tableShapes(text)).toEqual([
      'line 5: the table at line 1 has 2 columns, this row has 3 cells: "| a|b.txt | 3 |"',
      'line 6: the table at line 1 has 2 columns, this row has 3 cells: "| `c|d.txt` | 4 |"',
    ]);
  });

  it('reports too few cells', () => {
    expect(tableShapes(md('| a | b | c |', '| --- | --- | --- |', '| x | y |'))).toEqual([
      'line 3: the table at line 1 has 3 columns, this row has 2 cells: "| x | y |"',
    ]);
  });

  it('reports a line break inside a cell: the row is cut and the rest becomes a short row', () => {
    const text = md(
      '| Command | Reply |',
      '| --- | --- |',
      '| RETR | 150 Opening',
      'data connection |',
      '| QUIT | 221 |',
    );
    expect(tableShapes(text)).toEqual([
      'line 4: the table at line 1 has 2 columns, this row has 1 cells: "data connection |"',
    ]);
  });

  it('reports rows that are not part of any table', () => {
    const text = md(
      '| a | b | c |',
      '| --- | --- |', // delimiter disagrees with the header: no table at all
      '| x | y | z |',
      '',
      '| a | b |',
      '| --- | --- |',
      '| x | y |',
      '',
      '| after | a blank line |', // a blank line ends a table
      '',
      '> quoted',
      '| swallowed | by the quote |',
    );
    expect(tableShapes(text)).toEqual([
      'line 1: starts like a table row but is not part of any table: "| a | b | c |"',
      'line 2: starts like a table row but is not part of any table: "| --- | --- |"',
      'line 3: starts like a table row but is not part of any table: "| x | y | z |"',
      'line 9: starts like a table row but is not part of any table: "| after | a blank line |"',
      'line 12: starts like a table row but is not part of any table: "| swallowed | by the quote |"',
    ]);
  });

  it('checks tables nested in lists and quotes, and ignores pipes in code blocks', () => {
    const text = md(
      '- session 1',
      '',
      '  | a | b |',
      '  | --- | --- |',
      '  | x | y | z |',
      '',
      '> | a | b |',
      '> | --- | --- |',
      '> | x | y |',
      '',
      '```text',
      '| not | a | table |',
      '```',
    );
    expect(tableShapes(text)).toEqual([
      'line 5: the table at line 3 has 2 columns, this row has 3 cells: "  | x | y | z |"',
    ]);
  });
});

describe('mermaidBlocks', () => {
  it('returns the text of each ```mermaid block without its fences', () => {
    expect(mermaidBlocks(goodReport)).toEqual([
      'sequenceDiagram\n  participant C as Client 127.0.0.1:60202\n  C->>S: USER demo',
    ]);
    expect(mermaidBlocks(md('```text', 'x', '```'))).toEqual([]);
  });
});
