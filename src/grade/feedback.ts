// Why a criterion failed, as facts of the capture (what it shows instead, with frames) and what to redo; the
// catalogs (messages/*.ts) turn these facts into sentences in the gradebook's language.

import { TCP_FIN, TCP_RST } from '../protocol/tcp.js';
import type { Report, Transfer, TransferStatus } from '../model.js';
import { transferMatches } from './checks.js';
import { controlUnreadable } from './mistakes.js';
import type { Criterion, TransferWhere } from './rubric.js';

/** One condition of a transfer criterion that the closest transfer did not meet, with what it had instead. */
export type UnmetCondition =
  | { key: 'mode'; actual: 'active' | 'passive' }
  | { key: 'setup'; actual: string }
  | { key: 'command'; actual: string }
  | { key: 'direction'; actual: 'download' | 'upload' | 'listing' }
  /** null: its data connection is not in the capture. */
  | { key: 'initiator'; actual: 'client' | 'server' | null }
  | { key: 'status'; actual: TransferStatus; replyCodes: number[] }
  | { key: 'minBytes'; actual: number; wanted: number }
  | { key: 'replyCode'; actual: number[]; wanted: number }
  | { key: 'dataSrcPort'; actual: number | null; wanted: number }
  | { key: 'openedBeforeCommand'; actual: boolean | null };

/** What the capture shows instead of what a criterion asked for. */
export type Observation =
  /** The control channel switched to TLS (AUTH TLS, 234): nothing after it can be read. */
  | { kind: 'tls-encrypted'; frames: number[] }
  /** The sessions' first frames: the capture started after the connection was set up. */
  | { kind: 'no-handshake'; frames: number[] }
  | { kind: 'no-login' }
  /** Every attempt failed: the frames of the failed PASS commands and their reply codes. */
  | { kind: 'login-failed'; frames: number[]; codes: number[] }
  /** A login is there but not the one asked for (another user, code or outcome). */
  | { kind: 'login-other'; frames: number[]; user: string | null; code: number | null }
  | { kind: 'no-transfer' }
  /** The mode asked for is absent: every transfer used the other mode (their set-up frames). */
  | { kind: 'other-mode'; wanted: 'active' | 'passive'; frames: number[] }
  /** The closest transfer and the conditions it missed. */
  | { kind: 'transfer-unmet'; command: string; setup: string; frames: number[]; unmet: UnmetCondition[] }
  | { kind: 'no-data-connection' }
  /** Data connections that never close in the capture (their SYN frames). */
  | { kind: 'data-not-closed'; frames: number[] }
  /** Data connections ended by a reset, not a FIN. */
  | { kind: 'data-reset'; frames: number[] }
  | { kind: 'no-command'; commands: string[] }
  /** The command was sent but got another reply (null: none seen). */
  | { kind: 'command-reply'; command: string; code: number | null; frames: number[] }
  | { kind: 'no-finding'; ids: string[] };

/** What a student should do again, by the criterion's check. */
export type Redo =
  | { kind: 'handshake' }
  | { kind: 'login' }
  | { kind: 'failed-login' }
  | { kind: 'transfer'; mode?: 'active' | 'passive'; direction?: 'download' | 'upload' | 'listing' }
  | { kind: 'teardown' }
  | { kind: 'command'; commands: string[] }
  | { kind: 'finding'; ids: string[] };

/** One lost criterion: which, what the capture shows instead, and what to redo. */
export interface Shortfall {
  /** The criterion's id. */
  criterion: string;
  observation: Observation;
  redo: Redo;
  /** Frames of the observation, ascending (empty when the fact is an absence). */
  frames: number[];
}

const sorted = (frames: (number | null | undefined)[]): number[] =>
  [...new Set(frames.filter((f): f is number => typeof f === 'number'))].sort((a, b) => a - b);

/** The conditions of `where` one transfer misses, with its own facts. */
function unmetOf(t: Transfer, where: TransferWhere): UnmetCondition[] {
  const out: UnmetCondition[] = [];
  const keys = Object.keys(where) as (keyof TransferWhere)[];
  for (const key of keys) {
    if (transferMatches(t, { [key]: where[key] } as TransferWhere)) continue;
    switch (key) {
      case 'mode':
        out.push({ key, actual: t.mode });
        break;
      case 'setup':
        out.push({ key, actual: t.setup.command });
        break;
      case 'command':
        out.push({ key, actual: t.command });
        break;
      case 'direction':
        out.push({ key, actual: t.direction });
        break;
      case 'initiator':
        out.push({ key, actual: t.data?.initiator ?? null });
        break;
      case 'status':
        out.push({ key, actual: t.status, replyCodes: t.replyCodes });
        break;
      case 'minBytes':
        out.push({ key, actual: t.bytes ?? 0, wanted: where.minBytes! });
        break;
      case 'replyCode':
        out.push({ key, actual: t.replyCodes, wanted: where.replyCode! });
        break;
      case 'dataSrcPort':
        out.push({ key, actual: t.data?.src.port ?? null, wanted: where.dataSrcPort! });
        break;
      case 'openedBeforeCommand':
        out.push({ key, actual: t.data?.openedBeforeCommand ?? null });
        break;
    }
  }
  return out;
}

function observeTransfer(report: Report, where: TransferWhere): Observation {
  const transfers = report.sessions.flatMap((s) => s.transfers);
  if (transfers.length === 0) return { kind: 'no-transfer' };
  const inMode = where.mode === undefined ? transfers : transfers.filter((t) => t.mode === where.mode);
  if (inMode.length === 0 && where.mode !== undefined) {
    return { kind: 'other-mode', wanted: where.mode, frames: sorted(transfers.map((t) => t.setup.frame)) };
  }
  // the transfer that missed the fewest conditions (the first of those): the student's closest attempt
  let best: { t: Transfer; unmet: UnmetCondition[] } | null = null;
  for (const t of inMode) {
    const unmet = unmetOf(t, where);
    if (best === null || unmet.length < best.unmet.length) best = { t, unmet };
  }
  const { t, unmet } = best!;
  const frames = sorted([t.setup.frame, t.setup.replyFrame, t.data?.synFrame, t.commandFrame, t.completeFrame]);
  return { kind: 'transfer-unmet', command: t.command, setup: t.setup.command, frames, unmet };
}

function observe(report: Report, c: Criterion): Observation {
  const sessions = report.sessions;
  switch (c.check) {
    case 'control-handshake':
      return { kind: 'no-handshake', frames: sorted(sessions.map((s) => s.packets[0]?.frame)) };
    case 'login': {
      const attempts = sessions.flatMap((s) => s.login.attempts);
      if (attempts.length === 0) return { kind: 'no-login' };
      const failed = attempts.filter((a) => a.outcome === 'failed');
      if (c.where.outcome === 'success' && failed.length === attempts.length) {
        const codes = [...new Set(failed.map((a) => a.replyCode).filter((x): x is number => x !== null))];
        return { kind: 'login-failed', frames: sorted(failed.flatMap((a) => [a.frame, a.replyFrame])), codes };
      }
      const a = attempts[0]!;
      return {
        kind: 'login-other',
        frames: sorted([a.userFrame, a.frame, a.replyFrame]),
        user: a.user,
        code: a.replyCode,
      };
    }
    case 'transfer':
      return observeTransfer(report, c.where);
    case 'data-teardown': {
      const withData = sessions.flatMap((s) => s.transfers.filter((t) => t.data !== null));
      if (withData.length === 0) return { kind: 'no-data-connection' };
      const reset = withData.filter((t) => t.data!.closedBy === 'reset');
      if (reset.length > 0 && !c.where.closedBy.includes('reset')) {
        const streams = new Set(reset.map((t) => t.data!.tcpStream));
        const frames = sessions.flatMap((s) =>
          s.packets.filter((p) => streams.has(p.tcpStream) && (p.tcpFlags & TCP_RST) !== 0).map((p) => p.frame),
        );
        return { kind: 'data-reset', frames: sorted(frames) };
      }
      const open = withData.filter((t) => t.data!.closedBy === 'none');
      if (open.length > 0) return { kind: 'data-not-closed', frames: sorted(open.map((t) => t.data!.synFrame)) };
      // closed, but not in the mode asked for: the closes there are
      const streams = new Set(withData.map((t) => t.data!.tcpStream));
      const frames = sessions.flatMap((s) =>
        s.packets.filter((p) => streams.has(p.tcpStream) && (p.tcpFlags & (TCP_FIN | TCP_RST)) !== 0),
      );
      return { kind: 'data-not-closed', frames: sorted(frames.map((p) => p.frame)) };
    }
    case 'command': {
      const sent = sessions.flatMap((s) => s.commands).find((x) => c.where.command.includes(x.command));
      if (!sent) return { kind: 'no-command', commands: c.where.command };
      return {
        kind: 'command-reply',
        command: sent.command,
        code: sent.reply?.code ?? null,
        frames: sorted([sent.frame, sent.reply?.frame]),
      };
    }
    case 'finding':
      return { kind: 'no-finding', ids: c.where.id };
  }
}

function redoOf(c: Criterion): Redo {
  switch (c.check) {
    case 'control-handshake':
      return { kind: 'handshake' };
    case 'login':
      return c.where.outcome === 'failed' ? { kind: 'failed-login' } : { kind: 'login' };
    case 'transfer': {
      const dir = c.where.direction?.length === 1 ? c.where.direction[0] : undefined;
      return {
        kind: 'transfer',
        ...(c.where.mode ? { mode: c.where.mode } : {}),
        ...(dir ? { direction: dir } : {}),
      };
    }
    case 'data-teardown':
      return { kind: 'teardown' };
    case 'command':
      return { kind: 'command', commands: c.where.command };
    case 'finding':
      return { kind: 'finding', ids: c.where.id };
  }
}

/** Why a criterion failed on this report, and what to redo. */
export function shortfallOf(report: Report, c: Criterion): Shortfall {
  // after AUTH TLS nothing but the handshake can be read: that is the reason, whatever the check
  const tls = report.sessions.filter(controlUnreadable);
  const observation: Observation =
    tls.length > 0 && c.check !== 'control-handshake'
      ? { kind: 'tls-encrypted', frames: sorted(tls.map((s) => s.tls.frame)) }
      : observe(report, c);
  const frames = 'frames' in observation ? observation.frames : [];
  return { criterion: c.id, observation, redo: redoOf(c), frames };
}
