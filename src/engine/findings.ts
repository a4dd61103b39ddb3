// Findings: named observations about security and protocol use, each with the frames that show it.

import type { DataConnection, Finding, Session } from '../model.js';
import type { SessionState } from './session.js';

/** Failed logins in one session from which on the finding is brute force rather than typos. */
export const BRUTE_FORCE_THRESHOLD = 5;

const quote = (s: string | null) => (s === null ? '(none)' : `"${s}"`);

/** Findings that belong to one session. */
export function sessionFindings(session: Session, state: SessionState): Finding[] {
  const out: Finding[] = [];
  const id = session.id;
  const add = (fid: string, severity: Finding['severity'], frames: number[], message: string) =>
    out.push({ id: fid, severity, sessionId: id, frames, message });

  if (state.refusal) {
    add(
      'connection-refused',
      'low',
      [state.refusal.frame],
      `${id}: the server refused the connection at once with ${state.refusal.code} "${state.refusal.text.split('\n')[0]}" instead of a greeting.`,
    );
  }
  if (!session.handshake) {
    add('capture-starts-mid-session', 'info', [state.conn.firstFrame], `${id} was already open when the capture started: its TCP handshake, and possibly its login, are missing.`);
  }
  const sentInClear = session.login.attempts.filter((a) => a.password !== null);
  if (sentInClear.length > 0) {
    const users = [...new Set(sentInClear.map((a) => quote(a.user)))].join(', ');
    add(
      'cleartext-credentials',
      'high',
      sentInClear.map((a) => a.frame),
      `${id} sent ${sentInClear.length === 1 ? 'a password' : `${sentInClear.length} passwords`} for user ${users} in cleartext: anyone on the path can read ${sentInClear.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (session.login.outcome === 'success' && session.login.anonymous) {
    const ok = session.login.attempts.find((a) => a.replyCode !== null && a.replyCode >= 200 && a.replyCode < 300)!;
    add('anonymous-login', 'info', [ok.frame], `${id} logged in anonymously as ${quote(session.login.user)}.`);
  }
  const failed = session.login.attempts.filter((a) => a.replyCode !== null && a.replyCode >= 400);
  if (failed.length > 0) {
    add(
      'failed-logins',
      failed.length >= BRUTE_FORCE_THRESHOLD ? 'medium' : 'low',
      failed.map((a) => a.frame),
      `${id} had ${failed.length} failed login attempt${failed.length === 1 ? '' : 's'} (${[...new Set(failed.map((a) => a.replyCode))].join(', ')}).`,
    );
  }
  if (failed.length >= BRUTE_FORCE_THRESHOLD) {
    add('brute-force', 'high', failed.map((a) => a.frame), `${id} tried ${failed.length} logins that failed: a password-guessing pattern.`);
  }
  if (session.tls.implicit) {
    add('tls-implicit', 'info', [state.conn.firstFrame], `${id} is implicit FTPS on port ${session.server.port}: TLS from the first byte, so nothing of it can be read.`);
  } else if (session.tls.accepted) {
    add('tls-upgrade', 'info', session.tls.frame === null ? [] : [session.tls.frame], `${id} switched the control channel to TLS (AUTH answered 234); what follows is encrypted and not analysed.`);
  } else if (session.tls.requested) {
    add('tls-refused', 'medium', session.tls.frame === null ? [] : [session.tls.frame], `${id} asked for TLS but the server did not accept it: the session went on in cleartext.`);
  }
  // Payload on an FTP port, but not one valid reply and no FTP command: another protocol (SSH, HTTP, binary).
  if (!state.implicitTls && state.validReplies === 0 && (state.firstServerLine !== null || state.oddities.length > 0) && !session.commands.some((c) => c.reply !== null)) {
    add(
      'not-ftp',
      'medium',
      [state.conn.firstFrame],
      `${id} on port ${session.server.port} does not speak FTP${state.firstServerLine === null ? '' : ` (the server's first line: "${state.firstServerLine}")`}.`,
    );
  }
  for (const setup of state.setups) {
    const ann = setup.announced;
    if (!ann) continue;
    if (setup.mode === 'passive' && ann.ip !== state.server.ip) {
      add(
        'pasv-address-mismatch',
        'medium',
        [setup.replyFrame ?? setup.frame],
        `${id}: the server announced ${ann.ip}:${ann.port} in its ${setup.command} reply but is reached at ${state.server.ip}: it sits behind NAT or is misconfigured.`,
      );
    }
    if (setup.mode === 'active' && ann.ip !== state.client.ip) {
      add(
        'ftp-bounce',
        'high',
        [setup.frame],
        `${id}: ${setup.command} asked the server to connect to ${ann.ip}:${ann.port}, not to the client ${state.client.ip}: an FTP bounce, or a client behind NAT.`,
      );
    }
  }
  return out;
}

/** Findings about the capture as a whole. */
export function captureFindings(unmatched: DataConnection[]): Finding[] {
  if (unmatched.length === 0) return [];
  return [
    {
      id: 'data-connection-unmatched',
      severity: 'low',
      sessionId: null,
      frames: unmatched.map((d) => d.synFrame).filter((f): f is number => f !== null),
      message: `${unmatched.length} data connection${unmatched.length === 1 ? '' : 's'} carried no transfer that a command in the capture explains.`,
    },
  ];
}
