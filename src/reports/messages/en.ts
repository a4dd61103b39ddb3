// English sentences for findings and warnings: the JSON contract's `message` and `warnings`, the tables, the terminal.
// The model keeps codes and facts only; these are the sentences the report has always printed, word for word.

import type { OddityKind, Finding, Warning } from '../../model.js';
import type { FindingLine } from '../fold.js';
import {
  type FindingSentences,
  type WarningSentences,
  distinct,
  firstLine,
  frameList,
  sayFinding,
  sayWarning,
} from './sentences.js';

/** A user name in quotes, "(none)" when the capture shows none. */
const quote = (s: string | null) => (s === null ? '(none)' : `"${s}"`);
const addr = (a: { ip: string; port: number }) => `${a.ip}:${a.port}`;
/** The first `n` items, and "…" when there were more. */
const cut = (items: readonly number[], n: number) => `${items.slice(0, n).join(', ')}${items.length > n ? ', …' : ''}`;

export const FINDING_SENTENCES: FindingSentences = {
  'connection-refused': (d, id) =>
    `${id}: the server refused the connection at once with ${d.code} "${firstLine(d.text)}" instead of a greeting.`,
  'capture-starts-mid-session': (_d, id) =>
    `${id} was already open when the capture started: its TCP handshake, and possibly its login, are missing.`,
  'cleartext-credentials': (d, id) => {
    const one = d.passwords === 1;
    const users = distinct(d.users.map(quote)).join(', ');
    return (
      `${id} sent ${one ? 'a password' : `${d.passwords} passwords`} for user ${users} in cleartext: ` +
      `anyone on the path can read ${one ? 'it' : 'them'}.`
    );
  },
  'anonymous-login': (d, id) => `${id} logged in anonymously as ${quote(d.user)}.`,
  'failed-logins': (d, id) =>
    `${id} had ${d.count} failed login attempt${d.count === 1 ? '' : 's'} (${distinct(d.codes).join(', ')}).`,
  'brute-force': (d, id) => `${id} tried ${d.count} logins that failed: a password-guessing pattern.`,
  'tls-implicit': (d, id) =>
    d.decrypted
      ? `${id} is implicit FTPS on port ${d.port}: TLS from the first byte, read here with the TLS key log.`
      : `${id} is implicit FTPS on port ${d.port}: TLS from the first byte, so nothing of it can be read.`,
  'tls-upgrade': (d, id) =>
    d.decrypted
      ? `${id} switched the control channel to TLS (AUTH answered 234); what follows is read with the TLS key log.`
      : `${id} switched the control channel to TLS (AUTH answered 234); what follows is encrypted and not analysed.`,
  'tls-refused': (_d, id) => `${id} asked for TLS but the server did not accept it: the session went on in cleartext.`,
  'not-ftp': (d, id) =>
    `${id} on port ${d.port} does not speak FTP` +
    `${d.firstServerLine === null ? '' : ` (the server's first line: "${d.firstServerLine}")`}.`,
  'pasv-address-mismatch': (d, id) =>
    `${id}: the server announced ${addr(d.announced)} in its ${d.command} reply but is reached at ${d.serverIp}: ` +
    'it sits behind NAT or is misconfigured.',
  'ftp-bounce': (d, id) =>
    `${id}: ${d.command} asked the server to connect to ${addr(d.announced)}, not to the client ${d.clientIp}: ` +
    'an FTP bounce, or a client behind NAT.',
  'ftp-nonstandard-port': (d, id) =>
    `${id} speaks FTP on port ${d.port}, recognised by its first payload; run with --ftp-port ${d.port} ` +
    'so tshark also dissects it as FTP (Info column, data-connection links).',
  'data-connection-unmatched': (d) =>
    `${d.count} data connection${d.count === 1 ? '' : 's'} carried no transfer that a command in the capture explains.`,
  'source-brute-force': (d) =>
    `${d.clientIp} failed ${d.failures} logins over ${d.sessions} connection${d.sessions === 1 ? '' : 's'} ` +
    `(${d.inWindow} within ${d.windowSeconds} s, ${d.users} user name${d.users === 1 ? '' : 's'}): ` +
    `password guessing${d.succeeded ? ', and a login from that address succeeded' : ''}.`,
  'password-spraying': (d) =>
    `${d.clientIp} tried one password for ${d.users} user names (${d.userNames.slice(0, 5).join(', ')}` +
    `${d.users > 5 ? ', …' : ''}): password spraying${d.succeeded > 0 ? `; ${d.succeeded} login(s) succeeded` : ''}.`,
  'port-scan': (d) => {
    const kind = d.bounce ? 'an FTP bounce scan' : 'a port scan through the FTP server';
    const reached = d.reachedPorts.length > 0 ? ` (reached: ${cut(d.reachedPorts, 10)})` : '';
    const named = `${d.clientIp} named ${d.ports} ports of ${d.targetIp} in ${d.setups} PORT/EPRT commands`;
    return `${named} to ${d.serverIp}: ${kind}${reached}.`;
  },
  'vsftpd-backdoor': (d, id) => {
    const shell =
      d.shellTcpStream === null
        ? '; no connection to port 6200 followed in the capture'
        : `, and ${d.shellClientIp} then connected to port 6200 of ${d.serverIp} (TCP stream ${d.shellTcpStream}): ` +
          'a root shell';
    const trigger = 'the trigger of the vsftpd 2.3.4 backdoor (CVE-2011-2523)';
    return `${id}: user name "${d.user}" ends in ":)", ${trigger}${shell}.`;
  },
  'connection-attempts': (d) =>
    `${d.count} connection${d.count === 1 ? '' : 's'} to FTP port${d.ports.length === 1 ? '' : 's'} ` +
    `${d.ports.join(', ')} never opened (${d.refused} refused with RST, ${d.unanswered} unanswered): ` +
    'attempts, not sessions.',
  'syn-scan': (d) => `${d.source} sent connection requests (SYN) to ${d.ports} ports of ${d.target}: a port scan.`,
};

/** What each kind of unreadable control line is, as a plural noun phrase. */
export const ODDITY_NOUNS: Record<OddityKind, string> = {
  'line-too-long': 'control lines longer than 8192 bytes, cut',
  'empty-command': 'empty command lines',
  'malformed-command': 'client lines that are not FTP commands',
  'bad-address': 'data-channel addresses that could not be decoded',
  'transfer-without-setup': 'transfer commands with no PORT/PASV before them in the capture',
  'reply-invalid-code': 'server lines without a reply code',
  'reply-missing-space': 'replies without a space after the code',
  'reply-code-out-of-range': 'replies with a code outside 100-699',
  'reply-unterminated': 'multi-line replies cut off by the end of the capture',
  'reply-lost': 'commands whose reply the capture lost (replies after the gap were matched by their codes)',
  'reply-cut-by-gap': 'multi-line replies whose end the capture lost (closed at the gap)',
  'command-lost': 'replies to commands the capture lost (they answer no command it holds)',
};

export const WARNING_SENTENCES: WarningSentences = {
  'partial-report': (w) =>
    `PARTIAL REPORT: tshark stopped after ${w.packets} packets, before the end of the capture (${w.reason}); ` +
    'nothing after that point is in this report.',
  'ek-lines-skipped': (w) => `${w.lines} lines of tshark output were not packet records and were skipped.`,
  'timestamps-out-of-range': () =>
    'Some packet timestamps are outside any date (a damaged capture?): firstAt/lastAt are left null.',
  'no-ftp-session': () => 'No FTP control session was found in the capture.',
  'handshake-missing': (w) => `Capture starts mid-session in ${w.sessionId}: its TCP handshake was not captured.`,
  'control-bytes-missing': (w) =>
    `${w.sessionId}: ${w.bytes} bytes of the control channel were not captured; ` +
    'lines around the gap may be incomplete.',
  'replies-unanswered': (w) => `${w.sessionId}: ${w.count} replies arrived with no command waiting for them.`,
  'protocol-oddity': (w) =>
    `${w.sessionId}: ${w.count} ${ODDITY_NOUNS[w.kind]} (frames ${frameList(w.frames, w.count)}).`,
  'transfer-bytes-missing': (w) =>
    `${w.transferId}: at least ${w.bytes} bytes of the ${w.command} data connection were not captured; ` +
    'bytes counts only what was seen.',
  'expectations-dropped': (w) =>
    `${w.count} data-channel expectation${w.count === 1 ? ' was' : 's were'} dropped because more than ${w.max} ` +
    'were open at once; their data connections may show as unmatched.',
  'expectations-expired': (w) =>
    `${w.count} data-channel expectation${w.count === 1 ? ' was' : 's were'} not used within ${w.seconds} s ` +
    'of capture time after being announced and expired; a data connection opened later shows as unmatched.',
  'other-protocol': (w) =>
    `TCP stream ${w.tcpStream} (port ${w.port}) is not FTP: its greeting or its client's commands ` +
    `(${distinct(w.commands).slice(0, 5).join(', ')}) are another protocol's; not reported as a session.`,
  'tls-not-decrypted': (w) =>
    `${w.sessionId}: no key in the TLS key log matched its TLS session, so what followed the upgrade stays ` +
    'encrypted (a key log from another capture or client?).',
  'tls-cleartext-again': (w) =>
    `${w.sessionId}: the control channel is in clear text again from frame ${w.frame} on (after CCC, or after ` +
    'the TLS session closed); it is read from there.',
  'tls-mid-session': (w) =>
    `${w.sessionId} was already encrypted (TLS records from frame ${w.frame} on) when the capture started: ` +
    'its control channel cannot be read.',
};

/** The finding in one English sentence: the JSON contract's `message`. */
export function findingMessage(f: Finding): string {
  return sayFinding(FINDING_SENTENCES, f);
}

/** A line of the findings table or summary: the finding's sentence, or for a folded line how many it stands for. */
export function findingLineMessage(line: FindingLine): string {
  if (line.clientIp === null) return findingMessage(line.finding);
  const s = line.sessions;
  const span = s.length === 1 ? s[0] : `${s[0]} … ${s[s.length - 1]}`;
  return (
    `${line.count} findings like this from ${line.clientIp} in ${s.length} session${s.length === 1 ? '' : 's'} ` +
    `(${span}); the first: ${findingMessage(line.finding)}`
  );
}

/** The warning in one English sentence: an entry of the JSON contract's `warnings`. */
export function warningMessage(w: Warning): string {
  return sayWarning(WARNING_SENTENCES, w);
}
