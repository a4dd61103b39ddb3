// Whether a stream's dialogue is FTP's: a greeting like 220 is not enough (SMTP greets with 220 too); the commands the
// client sends and the greeting's words decide (RFC 5321 SMTP, RFC 1939 POP3, RFC 9051 IMAP, RFC 9112 HTTP).

import { FTP_VERBS } from '../protocol/ftp.js';

/** Verbs only other protocols send (FTP has none of them). */
const OTHER_VERBS: Record<string, string> = {
  EHLO: 'SMTP',
  HELO: 'SMTP',
  MAIL: 'SMTP',
  RCPT: 'SMTP',
  DATA: 'SMTP',
  STARTTLS: 'SMTP',
  GET: 'HTTP',
  POST: 'HTTP',
  HEAD: 'HTTP',
  CONNECT: 'HTTP',
  CAPA: 'POP3',
  UIDL: 'POP3',
  APOP: 'POP3',
  TOP: 'POP3',
};

/** FTP verbs that SMTP or POP3 send too: they do not make a dialogue FTP's. */
const SHARED_VERBS = new Set(['USER', 'PASS', 'QUIT', 'NOOP', 'HELP', 'LIST', 'RETR', 'STAT']);

/** A greeting that names another protocol ("220 mail.example ESMTP Postfix"). */
const OTHER_GREETING = /\b(E?SMTP|POP3|IMAP4?(rev1)?)\b/i;

/**
 * The protocol a stream speaks when its dialogue is not FTP's, or null when it is (or cannot be told): a greeting
 * naming SMTP/POP3/IMAP, or client verbs only another protocol uses outnumbering the FTP ones.
 */
export function otherProtocolOf(greeting: string | null, verbs: readonly string[]): string | null {
  const named = greeting === null ? null : OTHER_GREETING.exec(greeting);
  const ftpOnly = verbs.some((v) => FTP_VERBS.has(v) && !SHARED_VERBS.has(v));
  if (named && !ftpOnly) return named[1]!.toUpperCase().replace(/^ESMTP$/, 'SMTP');
  let ftp = 0;
  let other: string | null = null;
  let others = 0;
  for (const v of verbs) {
    if (OTHER_VERBS[v]) {
      others += 1;
      other ??= OTHER_VERBS[v]!;
    } else if (FTP_VERBS.has(v)) ftp += 1;
  }
  if (others > 0 && others >= ftp) return other;
  if (verbs.length > 0 && ftp === 0) return 'unknown';
  return null;
}
