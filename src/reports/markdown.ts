// The first Markdown view: capture facts, then per session its commands and transfers as tables.

import type { Command, Report, Session, Transfer } from '../model.js';
import { mdCell } from './escape.js';

const addr = (a: { ip: string; port: number }) => (a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`);

function table(head: string[], rows: (string | number | boolean | null)[][]): string {
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map((c) => mdCell(c)).join(' | ')} |`);
  return lines.join('\n');
}

function commandRow(c: Command): (string | number | null)[] {
  return [c.frame, c.t.toFixed(6), c.command, c.arg, c.reply?.code ?? null, c.reply ? c.reply.text.split('\n')[0]! : null, c.reply?.frame ?? null, c.reply?.latencyMs ?? null];
}

function transferRow(t: Transfer): (string | number | boolean | null)[] {
  return [
    t.id,
    `${t.command}${t.arg ? ` ${t.arg}` : ''}`,
    t.mode,
    `${t.setup.command} → ${addr(t.setup.announced)}`,
    t.data ? `${t.data.initiator} ${addr(t.data.src)} → ${addr(t.data.dst)}` : null,
    t.data?.openedBeforeCommand === null || t.data === null ? null : t.data.openedBeforeCommand ? 'before' : 'after',
    t.bytes,
    t.status,
    t.replyCodes.join(', '),
    t.timing.transferMs,
  ];
}

function renderSession(s: Session): string {
  const parts: string[] = [];
  parts.push(`## Session ${s.id}: ${addr(s.client)} → ${addr(s.server)}`);
  const facts = [
    `- TCP stream ${s.tcpStream} (Wireshark filter \`tcp.stream eq ${s.tcpStream}\`), ${s.startT.toFixed(6)} s – ${s.endT.toFixed(6)} s`,
    s.handshake
      ? `- Handshake: SYN frame ${s.handshake.synFrame}, SYN/ACK ${s.handshake.synAckFrame}, ACK ${s.handshake.ackFrame}; RTT ${s.handshake.rttMs} ms`
      : '- Handshake: not in the capture (the session was already open)',
    `- Banner: ${s.banner === null ? '–' : mdCell(s.banner)}`,
    `- Login: ${s.login.outcome}${s.login.user !== null ? ` as ${mdCell(s.login.user)}` : ''}${s.login.anonymous ? ' (anonymous)' : ''}, ${s.login.attempts.length} attempt(s)`,
    `- TLS: ${s.tls.accepted ? 'accepted' : s.tls.requested ? 'requested, not accepted' : 'not requested'}`,
    `- Closed by: ${s.close.by}`,
  ];
  parts.push(facts.join('\n'));
  parts.push('### Commands');
  parts.push(
    s.commands.length === 0
      ? '_No commands seen._'
      : table(['Frame', 'Time', 'Command', 'Argument', 'Reply', 'Reply text', 'Reply frame', 'Latency (ms)'], s.commands.map(commandRow)),
  );
  parts.push('### Transfers');
  parts.push(
    s.transfers.length === 0
      ? '_No transfers._'
      : table(['Id', 'Command', 'Mode', 'Setup', 'Data connection', 'Opened', 'Bytes', 'Status', 'Replies', 'Transfer (ms)'], s.transfers.map(transferRow)),
  );
  if (s.findings.length > 0) {
    parts.push('### Findings');
    parts.push(s.findings.map((f) => `- **${f.severity}** ${mdCell(f.message)} (frames ${f.frames.join(', ')})`).join('\n'));
  }
  return parts.join('\n\n');
}

export function renderMarkdown(report: Report): string {
  const c = report.capture;
  const parts: string[] = [];
  parts.push(`# FTP report: ${mdCell(c.file)}`);
  parts.push(
    [
      `- Format: ${c.format}, ${c.packets} packets, ${c.firstAt ?? '–'} – ${c.lastAt ?? '–'} (${(c.durationMs / 1000).toFixed(3)} s)`,
      `- FTP control ports: ${c.ftpPorts.join(', ')}; tshark ${c.tsharkVersion ?? '– (EK input)'}`,
      `- ${report.sessions.length} session(s), ${report.sessions.reduce((n, s) => n + s.transfers.length, 0)} transfer(s), ${report.unmatchedDataConnections.length} unmatched data connection(s)`,
    ].join('\n'),
  );
  if (report.sessions.length === 0) parts.push('No FTP sessions were found in this capture.');
  for (const s of report.sessions) parts.push(renderSession(s));
  if (report.findings.length > 0) {
    parts.push('## Capture findings');
    parts.push(report.findings.map((f) => `- **${f.severity}** ${mdCell(f.message)}`).join('\n'));
  }
  if (report.warnings.length > 0) {
    parts.push('## Warnings');
    parts.push(report.warnings.map((w) => `- ${mdCell(w)}`).join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}
