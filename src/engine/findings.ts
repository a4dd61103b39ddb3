// Findings: named observations about security and protocol use, each with its frames and the facts behind it.

import type { DataConnection, Finding, FindingData, FindingId, Session, Severity } from '../model.js';
import type { SessionState } from './session.js';
import type { TcpConnection } from './tcp.js';

/** Failed logins in one session from which on the finding is brute force rather than typos. */
export const BRUTE_FORCE_THRESHOLD = 5;

/** Findings that belong to one session. */
export function sessionFindings(session: Session, state: SessionState): Finding[] {
  const out: Finding[] = [];
  const add = <K extends FindingId>(id: K, severity: Severity, frames: number[], data: FindingData[K]) =>
    out.push({ id, severity, sessionId: session.id, frames, data } as Finding);

  if (state.refusal) {
    const { code, text, frame } = state.refusal;
    add('connection-refused', 'low', [frame], { code, text: text.split('\n')[0] ?? '' });
  }
  if (!session.handshake) add('capture-starts-mid-session', 'info', [state.conn.firstFrame], {});
  // A key log can show passwords sent after the TLS upgrade: those crossed the wire encrypted.
  const encryptedFrom = session.tls.implicit ? 0 : session.tls.accepted ? upgradeFrame(session) : null;
  const sentInClear = session.login.attempts.filter(
    (a) => a.password !== null && (encryptedFrom === null || a.frame < encryptedFrom),
  );
  if (sentInClear.length > 0) {
    const users = [...new Set(sentInClear.map((a) => a.user))];
    add(
      'cleartext-credentials',
      'high',
      sentInClear.map((a) => a.frame),
      { passwords: sentInClear.length, users },
    );
  }
  if (session.login.outcome === 'success' && session.login.anonymous) {
    const ok = session.login.attempts.find((a) => a.outcome === 'success')!;
    add('anonymous-login', 'info', [ok.frame], { user: session.login.user });
  }
  const failed = session.login.attempts.filter((a) => a.outcome === 'failed');
  if (failed.length > 0) {
    const codes = [...new Set(failed.map((a) => a.replyCode!))];
    const severity = failed.length >= BRUTE_FORCE_THRESHOLD ? 'medium' : 'low';
    add(
      'failed-logins',
      severity,
      failed.map((a) => a.frame),
      { count: failed.length, codes },
    );
  }
  if (failed.length >= BRUTE_FORCE_THRESHOLD) {
    add(
      'brute-force',
      'high',
      failed.map((a) => a.frame),
      { count: failed.length },
    );
  }
  const tlsFrames = session.tls.frame === null ? [] : [session.tls.frame];
  const decrypted = session.tls.decrypted ? { decrypted: true as const } : {};
  if (session.tls.implicit) {
    add('tls-implicit', 'info', [state.conn.firstFrame], { port: session.server.port, ...decrypted });
  } else if (session.tls.accepted) add('tls-upgrade', 'info', tlsFrames, decrypted);
  else if (session.tls.requested) add('tls-refused', 'medium', tlsFrames, {});
  // Payload on an FTP port, but not one valid reply and no FTP command: another protocol (SSH, HTTP, binary).
  const spokeSomething = state.firstServerLine !== null || state.oddities.length > 0;
  const answered = session.commands.some((c) => c.reply !== null);
  const tls = state.implicitTls || state.tlsMidSessionFrame !== null;
  if (!tls && state.validReplies === 0 && spokeSomething && !answered) {
    add('not-ftp', 'medium', [state.conn.firstFrame], {
      port: session.server.port,
      firstServerLine: state.firstServerLine,
    });
  }
  for (const setup of state.setups) {
    const ann = setup.announced;
    if (!ann) continue;
    const announced = { ip: ann.ip, port: ann.port };
    if (setup.mode === 'passive' && ann.ip !== state.server.ip) {
      const data = { command: setup.command, announced, serverIp: state.server.ip };
      add('pasv-address-mismatch', 'medium', [setup.replyFrame ?? setup.frame], data);
    }
    if (setup.mode === 'active' && ann.ip !== state.client.ip) {
      add('ftp-bounce', 'high', [setup.frame], { command: setup.command, announced, clientIp: state.client.ip });
    }
  }
  return out;
}

/** Frame of the 234 that accepted AUTH (TLS from the next frame on); the AUTH frame when that reply is unknown. */
function upgradeFrame(session: Session): number | null {
  const auth = session.commands.find((c) => c.command === 'AUTH' && c.reply?.code === 234);
  return auth?.reply?.frame ?? session.tls.frame;
}

/** FTP recognised by its first payload on a port that is not an FTP port. */
export function nonstandardPortFinding(session: Session, firstFrame: number, port: number): Finding {
  return { id: 'ftp-nonstandard-port', severity: 'info', sessionId: session.id, frames: [firstFrame], data: { port } };
}

/** Findings about the capture as a whole. */
export function captureFindings(unmatched: DataConnection[]): Finding[] {
  if (unmatched.length === 0) return [];
  const frames = unmatched.map((d) => d.synFrame).filter((f): f is number => f !== null);
  const finding: Finding = {
    id: 'data-connection-unmatched',
    severity: 'low',
    sessionId: null,
    frames,
    data: { count: unmatched.length },
  };
  return [finding];
}

/** Distinct ports one source tried on one target with SYNs from which on the attempts are a port scan. */
export const SCAN_PORTS_THRESHOLD = 20;

/** Connections to an FTP port that never opened: SYNs unanswered or answered by RST, as one capture-wide finding. */
export function attemptFindings(conns: readonly Pick<TcpConnection, 'rstFrame' | 'b' | 'firstFrame'>[]): Finding[] {
  if (conns.length === 0) return [];
  const refused = conns.filter((c) => c.rstFrame !== null).length;
  const ports = [...new Set(conns.map((c) => c.b.port))].sort((x, y) => x - y);
  const frames = conns.map((c) => c.firstFrame);
  const data = { count: conns.length, refused, unanswered: conns.length - refused, ports };
  return [{ id: 'connection-attempts', severity: 'info', sessionId: null, frames, data }];
}

/** One source sending SYNs to many ports of one target: a port scan, one finding per source and target. */
export function scanFindings(
  targets: ReadonlyMap<string, { source: string; target: string; ports: ReadonlySet<number>; frames: number[] }>,
): Finding[] {
  const out: Finding[] = [];
  for (const e of targets.values()) {
    if (e.ports.size < SCAN_PORTS_THRESHOLD) continue;
    const data = { source: e.source, target: e.target, ports: e.ports.size };
    out.push({ id: 'syn-scan', severity: 'medium', sessionId: null, frames: e.frames, data });
  }
  return out;
}
