// Every display filter the Markdown report prints must be one the installed tshark accepts (issue 12: tshark 4.0.17
// rejected `frame.number in {50 52 53}`), checked with `tshark -Y FILTER -r CAPTURE` on the capture it was made from.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { sharedReport } from '../shared-report.js';

const REALWORLD = new URL('../../../shared/realworld/', import.meta.url).pathname;

const captures = [
  ...readdirSync('samples')
    .filter((f) => f.endsWith('.pcapng'))
    .map((f) => `samples/${f}`),
  'test/fixtures/robustness/loss-both-sides.pcapng',
  'test/fixtures/robustness/concurrent-sessions.pcapng',
  ...(existsSync(REALWORLD) ? ['liyihao_ftp1.pcap', 'ndpi_ftp.pcap'].map((f) => REALWORLD + f) : []),
];

/** The display filters a Markdown report prints: its code spans that test frame or stream numbers. */
function filtersOf(markdown: string): string[] {
  const spans = markdown.match(/`[^`\n]*(?:frame\.number|tcp\.stream)[^`\n]*`/g) ?? [];
  return [...new Set(spans.map((s) => s.slice(1, -1)))];
}

/** tshark's verdict on one filter: null when accepted, else its complaint. */
function tsharkRejects(capture: string, filter: string): string | null {
  try {
    execFileSync('tshark', ['-n', '-r', capture, '-c', '1', '-Y', filter], { stdio: ['ignore', 'ignore', 'pipe'] });
    return null;
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err).replace(/^Running as user.*\n/m, '');
  }
}

describe('display filters in the Markdown report', () => {
  it.each(captures)('are all accepted by the installed tshark (%s)', async (capture) => {
    const report = await sharedReport({ capture });
    const filters = [...filtersOf(renderMarkdown(report)), ...filtersOf(renderMarkdown(report, { lang: 'ru' }))];
    expect(filters.length).toBeGreaterThan(0);
    const unique = [...new Set(filters)];
    // one tshark run for all of them; only when it fails, one per filter to name the culprit
    if (tsharkRejects(capture, unique.map((f) => `(${f})`).join(' || ')) === null) return;
    const rejected = unique.map((f) => [f, tsharkRejects(capture, f)]).filter(([, why]) => why !== null);
    expect(rejected).toEqual([]);
  });
});
