// --no-secrets: a copy of the report with every password replaced by one fixed mask, for every view to read.
// Masking the model once, before any view runs, is what makes every output (tables, JSON, JSON Lines, ftp.log,
// Markdown, ladder) agree: no view has to remember to mask, and none can forget.

import type { Command, Finding, PacketRow, Report, Reply, Session } from '../model.js';

/** What a password reads as under --no-secrets: always this, whatever the password's length. */
export const SECRET_MASK = '••••••';

/** Commands whose argument is a secret (RFC 959 §4.1.1: PASS; ACCT is account information). */
const SECRET_COMMANDS: ReadonlySet<string> = new Set(['PASS', 'ACCT']);

/**
 * Passwords shorter than this are masked where the model names them (login, PASS argument, PASS packets) but not
 * searched for in free text (reply text, banners, Info): a one-character password would mask every "1" there.
 */
const MIN_SEARCHED_LENGTH = 4;

/** The report with every password masked: login fields, PASS/ACCT arguments, packet Info of the segments that
 *  carried a PASS line (typed one character per segment included), and any echo of a password in server text. */
export function maskSecrets(report: Report): Report {
  const mask = secretMasker(report.sessions.flatMap(sessionSecrets));
  return { ...report, sessions: report.sessions.map(mask.session), findings: report.findings.map(mask.finding) };
}

/** The passwords one session holds (its login attempts', its PASS/ACCT arguments), in the order met. */
export function sessionSecrets(s: Session): string[] {
  const secrets: string[] = [];
  for (const a of s.login.attempts) if (a.password) secrets.push(a.password);
  for (const c of s.commands) if (SECRET_COMMANDS.has(c.command) && c.arg) secrets.push(c.arg);
  return secrets;
}

/**
 * Masks sessions and report findings one by one, given every password of the report (each session's sessionSecrets,
 * sessions in id order): a session streamed before the last one was read is masked exactly as maskSecrets masks it.
 */
export function secretMasker(passwords: Iterable<string>): {
  session: (s: Session) => Session;
  finding: (f: Finding) => Finding;
} {
  const secrets = new Set(passwords);
  const searched = [...secrets].filter((p) => p.length >= MIN_SEARCHED_LENGTH).sort((a, b) => b.length - a.length);
  // most texts hold no password: one search for any of them first (a capture of a password-guessing attack has
  // hundreds, and every packet's Info is a text); a text that holds none is left as the loop below would leave it
  const any = searched.length === 0 ? null : anyOf(searched);
  const scrub = (text: string): string => {
    if (searched.length === 0 || (any !== null && !any.test(text))) return text;
    let out = text;
    for (const p of searched) if (out.includes(p)) out = out.split(p).join(SECRET_MASK);
    return out;
  };
  const scrubOrNull = (text: string | null): string | null => (text === null ? null : scrub(text));
  return { session: (s) => maskSession(s, scrub, scrubOrNull), finding: (f) => maskFinding(f, scrub) };
}

type Scrub = (text: string) => string;

/** A regular expression matching any of these texts; null when it cannot be made (too large for the engine). */
function anyOf(texts: readonly string[]): RegExp | null {
  try {
    return new RegExp(texts.map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
  } catch {
    return null;
  }
}

function maskSession(s: Session, scrub: Scrub, scrubOrNull: (t: string | null) => string | null): Session {
  const mask = (p: string | null) => (p === null ? null : SECRET_MASK);
  const secretFrames = secretFramesOf(s);
  return {
    ...s,
    banner: scrubOrNull(s.banner),
    greeting: s.greeting && { ...s.greeting, text: scrub(s.greeting.text), lines: s.greeting.lines.map(scrub) },
    login: {
      ...s.login,
      password: mask(s.login.password),
      attempts: s.login.attempts.map((a) => ({ ...a, password: mask(a.password) })),
    },
    commands: s.commands.map((c) => maskCommand(c, scrub)),
    transfers: s.transfers.map((t) => ({ ...t, setup: { ...t.setup, replyText: scrubOrNull(t.setup.replyText) } })),
    findings: s.findings.map((f) => maskFinding(f, scrub)),
    packets: s.packets.map((p) => maskPacket(p, secretFrames.has(p.frame), scrub)),
  };
}

function maskCommand(c: Command, scrub: Scrub): Command {
  const arg = SECRET_COMMANDS.has(c.command) && c.arg !== null ? SECRET_MASK : c.arg === null ? null : scrub(c.arg);
  return { ...c, arg, reply: c.reply && maskReply(c.reply, scrub) };
}

function maskReply(r: Reply, scrub: Scrub): Reply {
  return { ...r, text: scrub(r.text), intermediate: r.intermediate.map((i) => ({ ...i, text: scrub(i.text) })) };
}

/**
 * The client segments of a session's control connection that carry part of a PASS or ACCT line: from the frame
 * of its first byte to the frame of its CRLF, so a password typed one character per segment is masked whole.
 */
export function secretFramesOf(s: Session): Set<number> {
  const frames = new Set<number>();
  for (const c of s.commands) {
    if (!SECRET_COMMANDS.has(c.command)) continue;
    for (const p of s.packets) {
      const fromClient = p.tcpStream === s.tcpStream && p.src.port === s.client.port && p.src.ip === s.client.ip;
      if (fromClient && p.payloadBytes > 0 && p.frame >= c.firstFrame && p.frame <= c.frame) frames.add(p.frame);
    }
  }
  return frames;
}

function maskPacket(p: PacketRow, secret: boolean, scrub: Scrub): PacketRow {
  if (p.info === null) return p;
  if (!secret) return { ...p, info: scrub(p.info) };
  // Wireshark's Info of a PASS segment is "Request: PASS <password>"; a segment holding a piece of a typed line is
  // "Request: <piece>". Either way only the verb (when the segment shows it) survives.
  const verb = /^Request:\s*(PASS|ACCT)\b/i.exec(p.info)?.[1];
  return { ...p, info: verb === undefined ? `Request: ${SECRET_MASK}` : `Request: ${verb} ${SECRET_MASK}` };
}

function maskFinding(f: Finding, scrub: Scrub): Finding {
  if (f.id === 'connection-refused') return { ...f, data: { ...f.data, text: scrub(f.data.text) } };
  if (f.id === 'not-ftp' && f.data.firstServerLine !== null) {
    return { ...f, data: { ...f.data, firstServerLine: scrub(f.data.firstServerLine) } };
  }
  return f;
}
