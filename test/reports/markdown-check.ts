// Checks generated GitHub-flavoured Markdown: markdownlint's rules (lintMarkdown), the shape of every
// table as a real GFM parser sees it (tableShapes), and the ```mermaid blocks to hand to
// assertMermaidParses from mermaid-check.ts (mermaidBlocks).
//
// markdownlint 0.40.0 is the newest release that supports Node 20 (0.41+ needs Node 22). The parser is
// micromark with its GFM extension (the parser markdownlint itself and remark use; it follows the GFM
// spec that github.com renders with), turned into a syntax tree with positions by mdast-util-from-markdown.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Configuration, LintError } from 'markdownlint';
import { lint } from 'markdownlint/sync';

/**
 * markdownlint's configuration for generated reports: every rule on, with these exceptions.
 * Rules kept on on purpose, though a generator may trip on them: MD033 (inline HTML) catches captured
 * text that slipped through unescaped, e.g. a file named `<script>.txt`, or `<b>` in an FTP reply;
 * MD034 (bare URLs, e-mail addresses such as an anonymous-FTP password) and MD010 (hard tabs) catch
 * captured text outside code spans; MD056 (table column count) and MD058 (blank lines around tables)
 * catch real table breakage; MD041 (first line a top-level heading), MD025 (one H1), MD047 (final newline).
 */
export const reportLintConfig: Configuration = {
  default: true,
  // MD013 line-length: a generated table row or Mermaid line is as long as its data; wrapping it would
  // break the table or the diagram, and GitHub does not care about source line length.
  MD013: false,
  // MD024 no-duplicate-heading: every session repeats the same sub-headings ("Commands", "Data
  // connections") under its own session heading. siblings_only still flags two identical headings
  // under the same parent, whose anchors (#commands, #commands-1) a reader could not tell apart.
  MD024: { siblings_only: true },
  // MD033 no-inline-html: on (see above), but `<br>` is how a GFM table cell holds a line break.
  MD033: { allowed_elements: ['br'] },
  // MD060 table-column-style: only how pipes are padded in the source (aligned / compact / tight). A
  // generator cannot align columns whose widths depend on the data (CJK and emoji are double width),
  // and "compact" flags an empty cell written as `|  |`. It changes nothing in the rendered table.
  MD060: false,
};

/** markdownlint's problems with `md`, one line each ("12: MD056/table-column-count ..."); [] when clean. */
export function lintMarkdown(md: string): string[] {
  const results = lint({ strings: { report: md }, config: reportLintConfig });
  const errors: LintError[] = results.report ?? [];
  return errors
    .slice()
    .sort((a, b) => a.lineNumber - b.lineNumber)
    .map((e) => {
      const detail = e.errorDetail ? ` [${e.errorDetail}]` : '';
      const context = e.errorContext ? ` [Context: "${e.errorContext}"]` : '';
      return `${e.lineNumber}: ${e.ruleNames.join('/')} ${e.ruleDescription}${detail}${context}`;
    });
}

interface MdNode {
  type: string;
  lang?: string | null;
  value?: string;
  children?: MdNode[];
  position?: { start: { line: number }; end: { line: number } };
}

// GFM parsing costs 15-20 ms per KB of report on the busy 2-core machine (the table extension takes
// most of it; markdownlint, which parses on its own, about as much), so tableShapes and mermaidBlocks on
// the same text share one parse.
let lastParse: { md: string; tree: MdNode } | undefined;

function parseGfm(md: string): MdNode {
  if (lastParse?.md !== md) {
    const tree = fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as unknown as MdNode;
    lastParse = { md, tree };
  }
  return lastParse.tree;
}

function walk(node: MdNode, visit: (node: MdNode) => void): void {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

/**
 * Problems with the tables of `md` as a GFM parser reads them, [] when every table is whole:
 * - a row whose cell count differs from its header's (GitHub pads or drops cells silently). An unescaped
 *   `|` in a cell, even inside `code`, adds a cell; `\|` does not. A line break inside a cell cuts the
 *   row in two, and the next line (even one without any pipe) becomes a short row of its own.
 * - a line that starts with `|` (after indentation or `>`) but is not part of any table: a header and
 *   delimiter row that disagree, a blank line inside a table, a table row swallowed by a blockquote.
 * Lines inside code blocks (e.g. ```mermaid) and HTML blocks are not looked at.
 */
export function tableShapes(md: string): string[] {
  const lines = md.split(/\r\n|\r|\n/);
  const source = (line: number): string => JSON.stringify(lines[line - 1] ?? '');
  const problems: { line: number; text: string }[] = [];
  const covered = new Set<number>();

  walk(parseGfm(md), (node) => {
    const { position } = node;
    if (!position) return;
    if (node.type === 'table' || node.type === 'code' || node.type === 'html') {
      for (let line = position.start.line; line <= position.end.line; line++) covered.add(line);
    }
    if (node.type !== 'table') return;
    const rows = node.children ?? [];
    const columns = rows[0]?.children?.length ?? 0;
    for (const row of rows.slice(1)) {
      const cells = row.children?.length ?? 0;
      const line = row.position?.start.line ?? position.start.line;
      if (cells !== columns) {
        problems.push({
          line,
          text: `line ${line}: the table at line ${position.start.line} has ${columns} columns, this row has ${cells} cells: ${source(line)}`,
        });
      }
    }
  });

  lines.forEach((text, i) => {
    const line = i + 1;
    if (/^\s*(?:>\s*)*\|/.test(text) && !covered.has(line)) {
      problems.push({
        line,
        text: `line ${line}: starts like a table row but is not part of any table: ${source(line)}`,
      });
    }
  });

  return problems.sort((a, b) => a.line - b.line).map((p) => p.text);
}

/** The text of every ```mermaid fenced block in `md` (without the fences), in order. */
export function mermaidBlocks(md: string): string[] {
  const blocks: string[] = [];
  walk(parseGfm(md), (node) => {
    if (node.type === 'code' && node.lang === 'mermaid') blocks.push(node.value ?? '');
  });
  return blocks;
}
