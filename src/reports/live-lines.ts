// The live view: one compact line per LiveEvent while a capture runs, and the status line shown on a terminal.

import type { Addr, LiveEvent } from '../model.js';
import { escapeControl } from './escape.js';

const addr = (a: Addr): string => (a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`);

/** Bytes as people read them: 5 B, 12.3 KB, 4.5 MB. */
function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Milliseconds to three significant places at most: 0.4 ms, 12.5 ms, 1520 ms. */
function msText(v: number): string {
  return `${v < 10 ? Number(v.toFixed(2)) : v < 100 ? Number(v.toFixed(1)) : Math.round(v)} ms`;
}

/** What the event says, after its time and session. */
function describe(e: LiveEvent): string {
  switch (e.kind) {
    case 'session-opened':
      return `session opened: client ${addr(e.client)} → server ${addr(e.server)}`;
    case 'login': {
      const word = e.outcome === 'success' ? 'ok' : e.outcome === 'failed' ? 'failed' : 'unanswered';
      const code = e.replyCode === null ? '' : ` (${e.replyCode})`;
      return `login ${word}: ${e.user === null ? '(no user)' : escapeControl(e.user)}${code}`;
    }
    case 'data-setup':
      return `${e.command} → ${addr(e.address)}`;
    case 'data-opened':
      return `data connection opened by ${e.initiator} from port ${e.from.port} to ${addr(e.to)}`;
    case 'transfer': {
      const what = e.arg === null ? e.command : `${e.command} ${escapeControl(e.arg)}`;
      if (e.status === 'incomplete') return `${what}: INCOMPLETE at stop, ${bytesText(e.bytes)} seen`;
      const time = e.transferMs === null ? '' : e.transferMs === 0 ? ' in one segment' : ` in ${msText(e.transferMs)}`;
      const code = e.replyCode === null ? '' : ` (${e.replyCode})`;
      const status = e.status === 'complete' ? '' : ` ${e.status}`;
      return `${what}:${status} ${bytesText(e.bytes)}${time}${code}`;
    }
    case 'session-closed':
      return e.by === 'none' ? 'session closed' : `session closed by ${e.by}`;
  }
}

/** One event as a line: capture-relative time, session, what happened. */
export function renderLiveLine(e: LiveEvent): string {
  return `${e.t.toFixed(3).padStart(9)}  ${e.session}  ${describe(e)}\n`;
}

/** The terminal's status line (no newline): what the capture has seen so far. */
export function renderLiveStatus(iface: string, packets: number, sessions: number, seconds: number): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  const time = `${seconds.toFixed(0)} s`;
  return `capturing on ${iface}: ${n(packets)} packets, ${n(sessions)} FTP sessions, ${time} (Ctrl-C stops)`;
}
