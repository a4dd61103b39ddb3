// The default view: a short readable summary for a terminal.

import type { Report } from '../model.js';
import { escapeControl } from './escape.js';
import { foldFindings } from './fold.js';
import { findingLineMessage, warningMessage } from './messages/en.js';

const addr = (a: { ip: string; port: number }) => (a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`);
const q = (s: string | null) => (s === null ? '-' : escapeControl(s));

export function renderSummary(report: Report, options: { foldMin?: number } = {}): string {
  const c = report.capture;
  const lines: string[] = [];
  lines.push(
    `${escapeControl(c.file)}: ${c.packets} packets, ${(c.durationMs / 1000).toFixed(3)} s, ` +
      `${report.sessions.length} FTP session(s)`,
  );
  if (report.sessions.length === 0) lines.push('No FTP sessions were found.');
  for (const s of report.sessions) {
    const login =
      s.login.user === null
        ? 'no login seen'
        : `login ${s.login.outcome} as ${q(s.login.user)}${s.login.anonymous ? ' (anonymous)' : ''}`;
    lines.push(`${s.id} ${addr(s.client)} -> ${addr(s.server)}: ${s.commands.length} commands, ${login}`);
    for (const t of s.transfers) {
      const d = t.data;
      const conn = d
        ? `${d.initiator} opened ${addr(d.src)} -> ${addr(d.dst)} ` +
          `${d.openedBeforeCommand === null ? '' : d.openedBeforeCommand ? 'before' : 'after'} the command`
        : 'no data connection seen';
      lines.push(
        `  ${t.id} ${t.command}${t.arg ? ` ${q(t.arg)}` : ''}: ${t.mode} (${t.setup.command} ` +
          `${addr(t.setup.announced)}), ${conn}, ${t.bytes ?? 'unknown'} bytes, ${t.status}`,
      );
    }
  }
  for (const line of foldFindings(report, options.foldMin)) {
    lines.push(`[${line.finding.severity}] ${escapeControl(findingLineMessage(line))}`);
  }
  for (const w of report.warnings) lines.push(`warning: ${escapeControl(warningMessage(w))}`);
  return `${lines.join('\n')}\n`;
}
