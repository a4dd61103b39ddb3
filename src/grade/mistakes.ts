// Common mistakes in a student's capture, read from the report model: what went wrong, not just what is missing.

import type { Report, Session, Transfer } from '../model.js';
import type { Criterion } from './rubric.js';

/**
 * The built-in mistakes, in the order they are listed. Their words are in the catalogs (messages/*.ts); the
 * gradebook lists one only when it explains a failed criterion of the rubric, except the anomalies, which are
 * always listed and cost nothing (ANOMALIES).
 */
export const MISTAKE_IDS = [
  'active-refused',
  'passive-failed',
  'no-active',
  'no-passive',
  'login-failed-only',
  'no-login',
  'mid-session',
  'data-not-captured',
  'teardown-missing',
  'no-transfer',
  'capture-ended-early',
  'tls-encrypted',
  'ftp-bounce',
  'pasv-address-mismatch',
] as const;

export type MistakeId = (typeof MISTAKE_IDS)[number];

/**
 * NAT and bounce: the report's findings of the same ids. Marked as mistakes (what a student should notice and
 * explain), never scored: a rubric that wants to reward them adds a bonus `finding` criterion.
 */
export const ANOMALIES: ReadonlySet<MistakeId> = new Set<MistakeId>(['ftp-bounce', 'pasv-address-mismatch']);

/** A built-in mistake seen in a capture. */
export interface Mistake {
  id: MistakeId;
  /** Frames that show it (may be empty, e.g. for something missing). */
  frames: number[];
}

/** Whether a built-in mistake explains why a criterion failed (so the gradebook lists it for that criterion). */
export function mistakeExplains(id: MistakeId, c: Criterion): boolean {
  const mode = c.check === 'transfer' || c.check === 'data-teardown' ? c.where.mode : undefined;
  const setups = c.check === 'transfer' ? (c.where.setup ?? []) : [];
  const wantsActive = mode === 'active' || setups.some((x) => ACTIVE_SETUPS.has(x));
  const wantsPassive = mode === 'passive' || setups.some((x) => PASSIVE_SETUPS.has(x));
  const dataCheck = c.check === 'transfer' || c.check === 'data-teardown';
  switch (id) {
    case 'active-refused':
    case 'no-active':
      return dataCheck && wantsActive;
    case 'passive-failed':
    case 'no-passive':
      return dataCheck && wantsPassive;
    case 'login-failed-only':
    case 'no-login':
      return c.check === 'login' && c.where.outcome === 'success';
    case 'mid-session':
      return c.check === 'control-handshake' || c.check === 'login';
    case 'data-not-captured':
    case 'no-transfer':
    case 'capture-ended-early':
      return dataCheck;
    case 'teardown-missing':
      return c.check === 'data-teardown';
    case 'tls-encrypted':
      return c.check !== 'control-handshake';
    case 'ftp-bounce':
    case 'pasv-address-mismatch':
      return false;
  }
}

const ACTIVE_SETUPS = new Set(['PORT', 'EPRT', 'LPRT']);
const PASSIVE_SETUPS = new Set(['PASV', 'EPSV', 'LPSV']);
/** Replies that say the server started or finished the transfer, so its data connection existed. */
const TRANSFER_HAPPENED = new Set([125, 150, 226, 250]);

/** The control channel switched to TLS and no key log decrypted it, so nothing after AUTH can be read. */
export function controlUnreadable(s: Session): boolean {
  return s.tls.accepted && s.tls.decrypted !== true;
}

/** A transfer attempt whose data connection never worked: a 425, or no data connection and no success. */
function dataConnectionFailed(t: Transfer): boolean {
  if (t.replyCodes.includes(425)) return true;
  return t.data === null && t.status === 'failed';
}

const sortedFrames = (frames: (number | null | undefined)[]): number[] =>
  [...new Set(frames.filter((f): f is number => typeof f === 'number'))].sort((a, b) => a - b);

/** The built-in mistakes a capture shows, in MISTAKE_IDS' order, whatever the rubric. */
export function detectMistakes(report: Report): Mistake[] {
  const found = new Map<MistakeId, number[]>();
  const add = (id: MistakeId, frames: (number | null | undefined)[]) => {
    found.set(id, sortedFrames([...(found.get(id) ?? []), ...frames]));
  };
  const sessions = report.sessions;
  const transfers = sessions.flatMap((s) => s.transfers);
  const commands = sessions.flatMap((s) => s.commands);

  // A mode whose data connection failed counts as a mistake only when no transfer in that mode worked in the end.
  const activeWorked = transfers.some(
    (t) => t.mode === 'active' && t.status === 'complete' && t.data?.initiator === 'server',
  );
  const passiveWorked = transfers.some(
    (t) => t.mode === 'passive' && t.status === 'complete' && t.data?.initiator === 'client',
  );
  for (const s of sessions) {
    for (const t of s.transfers) {
      if (!dataConnectionFailed(t)) continue;
      const frames = [t.setup.frame, t.data?.synFrame, t.commandFrame, t.completeFrame];
      if (t.mode === 'active' && !activeWorked) add('active-refused', frames);
      if (t.mode === 'passive' && !passiveWorked) add('passive-failed', frames);
    }
  }
  // Some servers connect as soon as they read PORT and answer the PORT itself with 425.
  if (!activeWorked) {
    for (const c of commands) {
      if (ACTIVE_SETUPS.has(c.command) && c.reply?.code === 425) add('active-refused', [c.frame, c.reply.frame]);
    }
  }
  if (sessions.length > 0) {
    if (!commands.some((c) => ACTIVE_SETUPS.has(c.command))) add('no-active', []);
    if (!commands.some((c) => PASSIVE_SETUPS.has(c.command))) add('no-passive', []);
  }

  const attempts = sessions.flatMap((s) => s.login.attempts);
  const succeeded = attempts.some((a) => a.outcome === 'success');
  const failed = attempts.filter((a) => a.outcome === 'failed');
  if (!succeeded && failed.length > 0)
    add(
      'login-failed-only',
      failed.map((a) => a.frame),
    );
  if (sessions.length > 0 && attempts.length === 0) add('no-login', []);

  for (const s of sessions) {
    if (!s.handshake) add('mid-session', [s.packets[0]?.frame ?? s.commands[0]?.firstFrame]);
  }

  const uncaptured = transfers.filter((t) => t.data === null && t.replyCodes.some((c) => TRANSFER_HAPPENED.has(c)));
  if (uncaptured.length > 0)
    add(
      'data-not-captured',
      uncaptured.map((t) => t.commandFrame),
    );
  const withData = transfers.filter((t) => t.data !== null);
  if (withData.length > 0 && !withData.some((t) => t.data!.closedBy === 'client' || t.data!.closedBy === 'server')) {
    add('teardown-missing', []);
  }
  if (sessions.length > 0 && transfers.length === 0) add('no-transfer', []);
  const unfinished = transfers.filter((t) => t.status === 'incomplete');
  if (unfinished.length > 0)
    add(
      'capture-ended-early',
      unfinished.map((t) => t.commandFrame),
    );
  for (const s of sessions) {
    if (controlUnreadable(s)) add('tls-encrypted', [s.tls.frame]);
  }
  for (const f of [...sessions.flatMap((s) => s.findings), ...report.findings]) {
    if (f.id === 'ftp-bounce' || f.id === 'pasv-address-mismatch') add(f.id, f.frames);
  }

  return MISTAKE_IDS.filter((id) => found.has(id)).map((id) => ({ id, frames: found.get(id)! }));
}
