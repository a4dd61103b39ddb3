// The comparison section: active against passive mode, one row per transfer (signed times, never averaged),
// within one report or across several captures (`ftp-report A B --md`).

import type { Report } from '../../model.js';
import { mdCell } from '../escape.js';
import type { Catalog } from './catalog.js';
import { type ComparedTransfer, comparedTransfers, exampleOf, hasBothModes } from './compare-facts.js';

const addr = (a: { ip: string; port: number }) => (a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`);

function table(head: string[], rows: (string | number | null)[][], right: number[]): string {
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (right.includes(i) ? ' ---: ' : ' --- ')).join('|')}|`,
  ];
  for (const r of rows) lines.push(`| ${r.map((c) => mdCell(c)).join(' | ')} |`);
  return lines.join('\n');
}

/** The section's body (no heading): the table, the sign note and the sentences drawn from the examples. */
export function renderComparison(t: Catalog, transfers: readonly ComparedTransfer[], withCapture: boolean): string {
  const c = t.comparison;
  const head = withCapture ? c.columns : c.columns.slice(1);
  const rows = transfers.map((x) => {
    const who =
      x.connector === null || x.src === null || x.dst === null
        ? '–'
        : `${c.side(x.connector)} ${addr(x.src)} → ${c.side(x.connector === 'client' ? 'server' : 'client')} ` +
          addr(x.dst);
    const row: (string | number | null)[] = [
      x.transferId,
      `${t.mode(x.mode)} (${x.setupCommand})`,
      `${x.command}${x.arg ? ` ${x.arg}` : ''}`,
      who,
      c.beforeAfter(x.synBeforeCommand),
      t.fmt.signed(x.commandToSynMs),
      t.fmt.duration(x.setupToFirstByteMs),
      t.fmt.duration(x.transferMs),
      x.connector === null ? '–' : t.fmt.count(x.bytes),
    ];
    return withCapture ? [x.capture, ...row] : row;
  });
  const off = withCapture ? 1 : 0;
  const out = [
    c.intro(new Set(transfers.map((x) => x.capture)).size),
    table(head, rows, [5 + off, 6 + off, 7 + off, 8 + off]),
    c.signNote,
  ];
  const active = exampleOf(transfers, 'active');
  const passive = exampleOf(transfers, 'passive');
  if (active) out.push(c.example(active));
  if (passive) out.push(c.example(passive));
  if (active && passive) out.push(c.contrast(active, passive));
  return out.join('\n\n');
}

/**
 * The document that follows the reports of several captures: only when they hold both modes between them,
 * else null (nothing to compare).
 */
export function renderCapturesComparison(t: Catalog, reports: readonly Report[]): string | null {
  if (reports.length < 2) return null;
  const transfers = comparedTransfers(reports);
  if (!hasBothModes(transfers)) return null;
  return `# ${t.comparison.title}\n\n${renderComparison(t, transfers, true)}\n`;
}
