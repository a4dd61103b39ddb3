// Common mistakes in a student's capture, read from the report model: what went wrong, not just what is missing.

import type { Report, Transfer } from '../model.js';

export const MISTAKE_TEXT = {
  'active-refused': 'active mode attempted but the server could not connect (425 or no data connection)',
  'passive-failed': 'passive mode attempted but the data connection failed (425 or no data connection)',
  'no-active': 'no active-mode transfer attempted (no PORT/EPRT)',
  'no-passive': 'no passive-mode transfer attempted (no PASV/EPSV)',
  'login-failed-only': 'login failed only: no login attempt succeeded',
  'no-login': 'no login in the capture (no USER/PASS)',
  'mid-session': 'capture started mid-session: the control connection handshake is missing',
  'data-not-captured':
    'data connections missing from the capture although the server answered the transfer (capture filter on port 21 ' +
    'only?)',
  'teardown-missing': 'data connection teardown missing: no FIN of a data connection in the capture',
  'no-transfer': 'no data transfer (no LIST, RETR or STOR)',
  'capture-ended-early': 'capture stopped before a transfer finished (no final reply)',
  'tls-encrypted': 'the control channel switched to TLS (AUTH TLS): commands and replies cannot be read',
} as const;

export type MistakeId = keyof typeof MISTAKE_TEXT;

export const MISTAKE_IDS = Object.keys(MISTAKE_TEXT) as MistakeId[];

export interface Mistake {
  id: MistakeId;
  /** One line a student can read. */
  message: string;
  /** Frames that show it (may be empty, e.g. for something missing). */
  frames: number[];
}

const ACTIVE_SETUPS = new Set(['PORT', 'EPRT', 'LPRT']);
const PASSIVE_SETUPS = new Set(['PASV', 'EPSV', 'LPSV']);
/** Replies that say the server started or finished the transfer, so its data connection existed. */
const TRANSFER_HAPPENED = new Set([125, 150, 226, 250]);

/** A transfer attempt whose data connection never worked: a 425, or no data connection and no success. */
function dataConnectionFailed(t: Transfer): boolean {
  if (t.replyCodes.includes(425)) return true;
  return t.data === null && t.status === 'failed';
}

const sortedFrames = (frames: (number | null | undefined)[]): number[] =>
  [...new Set(frames.filter((f): f is number => typeof f === 'number'))].sort((a, b) => a - b);

/** The mistakes a capture shows, in MISTAKE_TEXT's order. */
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
    if (s.tls.accepted) add('tls-encrypted', [s.tls.frame]);
  }

  return MISTAKE_IDS.filter((id) => found.has(id)).map((id) => ({
    id,
    message: MISTAKE_TEXT[id],
    frames: found.get(id)!,
  }));
}
