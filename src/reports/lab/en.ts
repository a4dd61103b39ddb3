// English sentences of the lab report.

import type { FindingId, ReplyArea, ReplyKind, Severity } from '../../model.js';
import { warningMessage } from '../messages/en.js';
import type { Anomaly } from './anomalies.js';
import type { Catalog, CloseFacts, DataResultFacts } from './catalog.js';
import type { ComparedTransfer } from './compare-facts.js';
import { numberFormat } from './units.js';

const LOGIN = { success: 'succeeded', failed: 'failed', unknown: 'unknown' };

const fmt = numberFormat({
  locale: 'en-US',
  s: 's',
  ms: 'ms',
  us: 'µs',
  bytesPerSecond: 'B/s',
  kilobytesPerSecond: 'kB/s',
  megabytesPerSecond: 'MB/s',
});

const list = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
const frames = (f: number[]) => (f.length === 1 ? `frame ${f[0]}` : `frames ${list(f.map(String))}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** RFC 959 §4.2 reply codes (and RFC 2228/2428 additions), in plain words. */
const CODES: Record<number, string> = {
  110: 'restart marker reply',
  120: 'service ready in a few minutes',
  125: 'data connection already open; transfer starting',
  150: 'file status okay; about to open data connection',
  200: 'command okay',
  202: 'command not implemented, superfluous at this site',
  211: 'system status, or system help reply',
  212: 'directory status',
  213: 'file status',
  214: 'help message',
  215: 'system type',
  220: 'service ready for new user',
  221: 'service closing control connection',
  225: 'data connection open; no transfer in progress',
  226: 'closing data connection; requested file action successful',
  227: 'entering passive mode (h1,h2,h3,h4,p1,p2)',
  228: 'entering long passive mode',
  229: 'entering extended passive mode (|||port|)',
  230: 'user logged in, proceed',
  232: 'user logged in, authorized by security data exchange',
  234: 'security data exchange complete (TLS follows)',
  250: 'requested file action okay, completed',
  257: 'pathname created',
  331: 'user name okay, need password',
  332: 'need account for login',
  350: 'requested file action pending further information',
  421: 'service not available, closing control connection',
  425: "can't open data connection",
  426: 'connection closed; transfer aborted',
  430: 'invalid username or password',
  450: 'requested file action not taken: file unavailable',
  451: 'requested action aborted: local error in processing',
  452: 'requested action not taken: insufficient storage space',
  500: 'syntax error, command unrecognized',
  501: 'syntax error in parameters or arguments',
  502: 'command not implemented',
  503: 'bad sequence of commands',
  504: 'command not implemented for that parameter',
  522: 'network protocol not supported (use another address family)',
  530: 'not logged in',
  532: 'need account for storing files',
  534: 'request denied for policy reasons',
  550: 'requested action not taken: file unavailable',
  551: 'requested action aborted: page type unknown',
  552: 'requested file action aborted: exceeded storage allocation',
  553: 'requested action not taken: file name not allowed',
};

const FIRST: Record<ReplyKind, string> = {
  preliminary: 'positive preliminary: the action is starting, expect another reply',
  completion: 'positive completion: the action succeeded',
  intermediate: 'positive intermediate: more information is needed',
  transient: 'transient negative: failed this time, may work if retried',
  permanent: 'permanent negative: failed, do not retry as is',
  protected: 'protected reply (RFC 2228): its text is encrypted or integrity-protected',
};
const SECOND: Record<ReplyArea, string> = {
  syntax: 'syntax',
  information: 'information (status, help)',
  connections: 'connections (control and data)',
  authentication: 'authentication and accounting',
  unspecified: 'unspecified',
  'file-system': 'file system',
};

const FINDINGS: Record<FindingId, string> = {
  'connection-refused': 'The server refused the connection instead of greeting it (421).',
  'tls-implicit': 'The session is implicit FTPS: encrypted from the first byte.',
  'not-ftp': 'Something other than FTP answered on an FTP port.',
  'ftp-nonstandard-port': 'FTP runs on a port other than 21; it was recognised by its first payload.',
  'cleartext-credentials': 'The user name and password crossed the network unencrypted.',
  'anonymous-login': 'The server allowed an anonymous login.',
  'failed-logins': 'Some login attempts failed.',
  'brute-force': 'Many failed logins in one session: a password-guessing pattern.',
  'tls-upgrade': 'The control channel switched to TLS (AUTH TLS, 234).',
  'tls-refused': 'The client asked for TLS but the session stayed in cleartext.',
  'pasv-address-mismatch': 'The server announced a passive address that is not its own (NAT or misconfiguration).',
  'ftp-bounce': 'PORT/EPRT named a host other than the client: an FTP bounce, or a client behind NAT.',
  'capture-starts-mid-session': 'The capture started after the session had begun.',
  'data-connection-unmatched': 'Some data connections carried data that no command in the capture explains.',
  'source-brute-force': 'Many failed logins from one address over several connections: password guessing.',
  'password-spraying': 'One password tried for many user names from one address: password spraying.',
  'port-scan': 'PORT/EPRT named many ports of one host: a port scan through the FTP server (FTP bounce scan).',
  'vsftpd-backdoor': 'A user name ending in ":)": the trigger of the vsftpd 2.3.4 backdoor (shell on TCP 6200).',
  'connection-attempts': 'Some connections to an FTP port never opened (no answer, or refused with RST).',
  'syn-scan': 'One host sent connection requests to many ports of another: a port scan.',
};

/** What each command seen does (RFC 959, 2389, 2428, 3659, 4217), in a few words. */
const COMMANDS: Record<string, string> = {
  USER: 'user name: starts a login',
  PASS: 'password, sent after USER',
  ACCT: 'account information',
  AUTH: 'asks to switch the control connection to TLS',
  PBSZ: 'protection buffer size (TLS)',
  PROT: 'data-connection protection level (TLS)',
  CWD: 'change working directory',
  CDUP: 'change to the parent directory',
  PWD: 'print working directory',
  XPWD: 'print working directory (old form)',
  MKD: 'make a directory',
  XMKD: 'make a directory (old form)',
  RMD: 'remove a directory',
  DELE: 'delete a file',
  RNFR: 'rename from: names the file to rename',
  RNTO: 'rename to: the new name, after RNFR',
  SIZE: 'size of a file in bytes',
  MDTM: 'last modification time of a file',
  REST: 'restart: the next transfer starts at this byte offset',
  TYPE: 'transfer type: A (ASCII text) or I (image, binary)',
  MODE: 'transfer mode (S = stream)',
  STRU: 'file structure (F = file)',
  PORT: 'active mode: the client names its address and port (h1,h2,h3,h4,p1,p2)',
  EPRT: 'active mode, extended: |family|address|port| (IPv4 or IPv6)',
  LPRT: 'active mode, long address form',
  PASV: 'passive mode: asks the server to listen and announce its address and port',
  EPSV: 'passive mode, extended: the server announces only its port',
  LPSV: 'passive mode, long address form',
  LIST: 'directory listing, over a data connection',
  NLST: 'list of file names, over a data connection',
  MLSD: 'machine-readable directory listing, over a data connection',
  MLST: 'machine-readable facts about one file',
  RETR: 'download a file, over a data connection',
  STOR: 'upload a file, over a data connection',
  STOU: 'upload a file under a unique name',
  APPE: 'append to a file, over a data connection',
  ABOR: 'abort the transfer in progress',
  ALLO: 'reserve storage space',
  FEAT: 'list of the server’s extensions',
  OPTS: 'set an option of a command (e.g. OPTS UTF8 ON)',
  SYST: 'operating system type of the server',
  STAT: 'status of the server or of a transfer',
  HELP: 'help text',
  NOOP: 'does nothing: keeps the connection alive',
  SITE: 'server-specific command',
  HOST: 'names the virtual host to use',
  CLNT: 'names the client program',
  QUIT: 'log out and close the control connection',
  REIN: 'reinitialise the login',
};

const SEVERITY: Record<Severity, string> = { info: 'info', low: 'low', medium: 'medium', high: 'high' };
const side = (x: 'client' | 'server') => (x === 'client' ? 'client' : 'server');
const Side = (x: 'client' | 'server') => (x === 'client' ? 'The client' : 'The server');
const hostPort = (a: { ip: string; port: number }) =>
  a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
const replyOf = (code: number | null, frame: number | null) =>
  code === null ? 'no reply in the capture' : `${code}${frame === null ? '' : ` (frame ${frame})`}`;

function anomaly(a: Anomaly): string {
  switch (a.kind) {
    case 'setup-refused':
      return (
        `The server refused ${a.command}${a.arg ? ` ${a.arg}` : ''} (frame ${a.commandFrame}) with ${a.code} ` +
        `(frame ${a.frame}): ${CODES[a.code] ?? 'a negative reply'}. No data connection follows from it: the server ` +
        'will not connect to that address, and a transfer command needs a new PORT/PASV first.'
      );
    case 'connect-refused':
      return (
        `Why the transfer failed: the ${side(a.connector)}'s SYN (frame ${a.synFrame}) to ${hostPort(a.dst)} was ` +
        `answered by RST (frame ${a.rstFrame}): nothing listened on that port, so the data connection could not be ` +
        `opened and the server replied ${replyOf(a.code, a.replyFrame)}` +
        `${a.code === 425 ? ' — 425 "can\'t open data connection" is exactly this' : ''}.`
      );
    case 'connect-unanswered':
      return (
        `${Side(a.connector)} sent a SYN (frame ${a.synFrame}) to ${hostPort(a.dst)} and no SYN/ACK came back: ` +
        `nothing answered at that address; the transfer ended with ${replyOf(a.code, a.replyFrame)}.`
      );
    case 'data-reset':
      return (
        `${Side(a.by)} reset the data connection (RST, frame ${a.rstFrame}) after ${fmt.count(a.bytes)} bytes had ` +
        `moved: the transfer was cut off, and the server reported ${replyOf(a.code, a.replyFrame)}` +
        `${a.code !== null && CODES[a.code] ? ` (${CODES[a.code]})` : ''}.`
      );
    case 'aborted':
      return (
        `The client aborted the transfer with ABOR (frame ${a.aborFrame}) after ${fmt.count(a.bytes)} bytes: the ` +
        `server answered the transfer command with ${replyOf(a.code, a.replyFrame)} and ABOR itself with ` +
        `${a.aborCode ?? 'nothing'} (RFC 959: 426 for the aborted transfer, then 226 for the ABOR).`
      );
    case 'failed':
      return `The server refused ${a.command} with ${a.code} (frame ${a.frame}): ${CODES[a.code] ?? 'a refusal'}.`;
    case 'nat-announced': {
      const where =
        a.connectedTo === null
          ? 'no data connection followed'
          : a.connectedTo.ip === a.announced.ip
            ? `the client sent its SYN to that announced address ${hostPort(a.connectedTo)}`
            : `the client ignored the announced address and connected to ${hostPort(a.connectedTo)}, the address of ` +
              'the control connection, with the announced port';
      return (
        `The passive reply (frame ${a.replyFrame ?? '?'}) announced ${hostPort(a.announced)}, but the server is ` +
        `reached at ${a.serverIp}: the server sits behind NAT (it announced an address the client cannot reach) or ` +
        `is misconfigured; ${where}.`
      );
    }
    case 'rest': {
      const total = a.offset + a.bytes;
      const size =
        a.statedSize === null
          ? ''
          : total === a.statedSize
            ? ` — exactly the file size the server stated (${fmt.count(a.statedSize)} bytes)`
            : ` (the server stated ${fmt.count(a.statedSize)} bytes)`;
      return (
        `REST ${a.offset} (frame ${a.restFrame}, reply ${a.code ?? 'none'}) made the transfer start at byte ` +
        `${fmt.count(a.offset)} of the file instead of 0: the data connection carried ${fmt.count(a.bytes)} bytes, ` +
        `so the file ends at byte ${fmt.count(total)}${size}.`
      );
    }
  }
}

function anomalyNote(a: Anomaly): string {
  switch (a.kind) {
    case 'setup-refused':
      return `${a.command} refused (${a.code}): no data connection`;
    case 'connect-refused':
      return `SYN ${a.synFrame} refused by RST ${a.rstFrame}: nothing listens, hence ${a.code ?? 'no reply'}`;
    case 'connect-unanswered':
      return `SYN ${a.synFrame} to ${hostPort(a.dst)} unanswered`;
    case 'data-reset':
      return `${side(a.by)} reset the data connection after ${a.bytes} B`;
    case 'aborted':
      return `ABOR after ${a.bytes} B: ${a.code ?? '?'} then ${a.aborCode ?? '?'}`;
    case 'failed':
      return `${a.command} failed: ${a.code}`;
    case 'nat-announced':
      return `announced ${hostPort(a.announced)}, server is ${a.serverIp} (NAT)`;
    case 'rest':
      return `REST ${a.offset}: starts at byte ${a.offset}`;
  }
}

function close(f: CloseFacts): string {
  const meaning = f.replyCode === 221 ? ' "closing control connection"' : '';
  const other = f.closedBy === 'client' ? 'server' : 'client';
  const quit =
    f.quitFrame === null
      ? 'The client sent no QUIT in the capture'
      : `The client logged out with QUIT (frame ${f.quitFrame}) and the server answered ` +
        `${f.replyCode === null ? 'nothing the capture shows' : `${f.replyCode}${meaning} (frame ${f.replyFrame})`}`;
  const fin =
    f.closedBy === 'none'
      ? '; the control connection was still open when the capture ended.'
      : f.closedBy === 'reset'
        ? `; the control connection was then reset (RST, frame ${f.closeFrame}).`
        : `; then the ${f.closedBy} closed the control connection first (FIN, frame ${f.closeFrame})` +
          `${f.answerFrame === null ? '' : ` and the ${other} answered with its own FIN (frame ${f.answerFrame})`}.`;
  return `${quit}${fin}`;
}

/** "; 426: connection closed; transfer aborted" after the reply codes of a failed transfer. */
const finalNote = (f: DataResultFacts) =>
  f.finalMeaning ? `; ${f.replyCodes[f.replyCodes.length - 1]}: ${f.finalMeaning}` : '';

const comparison: Catalog['comparison'] = {
  title: 'Active and passive mode compared',
  intro: (captures) =>
    `One row per transfer${captures > 1 ? `, from ${captures} captures` : ''}: who opened the data connection to ` +
    'whom, and when, measured from the transfer command.',
  columns: [
    'Capture',
    'Transfer',
    'Mode',
    'Command',
    'Data connection (SYN sender → receiver)',
    'SYN before/after the command',
    'Command → data SYN',
    'Setup → first byte',
    'First → last byte',
    'Bytes',
  ],
  side: (x) => side(x),
  beforeAfter: (b) => (b === null ? '–' : b ? 'before' : 'after'),
  example: (x: ComparedTransfer) => {
    if (x.connector === null || x.src === null || x.dst === null)
      return `In ${x.mode} mode (${x.transferId}, ${x.command}) no data connection was captured.`;
    const from = x.connector === 'server' ? `from port ${x.src.port}` : `from its port ${x.src.port}`;
    const to = x.connector === 'server' ? `to the client's port ${x.dst.port}` : `to the server's port ${x.dst.port}`;
    const when =
      x.commandToSynMs === null
        ? ''
        : `, ${fmt.duration(x.commandToSynMs)} ${x.commandToSynMs < 0 ? 'before' : 'after'} ${x.command} was sent`;
    return (
      `In ${x.mode} mode (${x.transferId}, ${x.setupCommand} then ${x.command}) the ${x.connector} opened the data ` +
      `connection ${from} ${to}${when}; the first byte came ${fmt.duration(x.setupToFirstByteMs)} after ` +
      `${x.setupCommand}, and ${fmt.count(x.bytes)} bytes moved` +
      `${x.transferMs ? ` in ${fmt.duration(x.transferMs)}` : ''}.`
    );
  },
  contrast: (a, p) => {
    const aAfter = a.commandToSynMs !== null && a.commandToSynMs > 0;
    const pBefore = p.commandToSynMs !== null && p.commandToSynMs < 0;
    const activeEarly =
      ': the active server connected before the transfer command, as soon as it read ' +
      `${a.setupCommand} (the 125 "data connection already open" case)`;
    const passiveLate = ': the passive client sent the transfer command before connecting';
    const textbook =
      aAfter && pBefore
        ? 'The signs tell the modes apart: in active mode the server connects after the transfer command (it waits ' +
          'for something to send), in passive mode the client connects before it (as soon as it has read the port).'
        : 'Here the order is not the textbook one' +
          `${!aAfter && a.commandToSynMs !== null ? activeEarly : ''}` +
          `${!pBefore && p.commandToSynMs !== null ? passiveLate : ''}.`;
    return (
      `${textbook} In active mode the server is the one that connects, so a firewall or NAT in front of the client ` +
      'must let it in; in passive mode every connection goes out from the client.'
    );
  },
  signNote:
    'Command → data SYN is signed: negative when the data connection was opened before the transfer command. ' +
    'Times are not averaged: each row is one transfer.',
};

export const en: Catalog = {
  fmt,
  count: fmt.count,
  ms: fmt.duration,
  client: 'Client',
  server: 'Server',
  port: 'port',
  controlConnection: 'control connection',
  dataConnection: 'data connection',
  packetColumns: [
    'No.',
    'Time',
    'Source',
    'Destination',
    'Protocol',
    'Length',
    'Info',
    'Source port',
    'Destination port',
  ],
  collapsedRow: (packets, bytes, first, last) =>
    `… ${plural(packets, 'packet')} of the data connection (${fmt.count(bytes)} payload bytes), frames ` +
    `${first}–${last} …`,
  filter: (f) => `Wireshark display filter: \`${f}\``,

  title: (file) => `FTP traffic analysis: ${file}`,
  summaryColumns: ['Session', 'Client → server', 'Login', 'Active', 'Passive', 'Bytes', 'Findings'],
  summaryRow: (r) => [
    r.session,
    r.endpoints,
    r.login === 'none' ? '–' : `${LOGIN[r.login]}${r.user === null || r.login === 'failed' ? '' : ` (${r.user})`}`,
    fmt.count(r.active),
    fmt.count(r.passive),
    fmt.count(r.bytes),
    fmt.count(r.findings),
  ],
  total: 'Total',
  summary: (f) =>
    f.sessions === 0
      ? 'The capture holds no FTP control session.'
      : `The capture holds ${plural(f.sessions, 'FTP session')} between ${plural(f.hosts, 'host')}, with ` +
        `${plural(f.logins, 'successful login')}` +
        `${f.failedLogins > 0 ? ` and ${plural(f.failedLogins, 'failed login attempt')}` : ''}` +
        ` and ${plural(f.transfers, 'transfer')} (${f.active} in active mode, ${f.passive} in passive mode).` +
        `${f.findings > 0 ? ` ${plural(f.findings, 'finding')} ${f.findings === 1 ? 'is' : 'are'} listed` : ''}` +
        `${f.findings > 0 ? ' at the end of each session.' : ''}`,
  captureTable: {
    heading: 'Capture',
    field: 'Field',
    value: 'Value',
    file: 'File',
    format: 'Format',
    packets: 'Packets',
    first: 'First packet',
    last: 'Last packet',
    duration: 'Duration',
    hosts: 'Hosts',
    tshark: 'tshark',
    ports: 'FTP control ports',
  },
  noSessions: 'No FTP sessions were found in this capture. If FTP runs on another port, give it with `--ftp-port`.',

  sessionHeading: (id, client, server) => `Session ${id}: ${client} → ${server}`,
  headings: {
    setup: '1. Control connection set-up',
    auth: '2. Authentication',
    modes: '4. Mode negotiation',
    data: '5. Data transfer',
    timing: '6. Timing',
    diagram: '9. Sequence diagram',
    findings: '10. Findings',
    conclusion: 'Conclusion',
    warnings: 'What the capture did not show',
    commands: '3. Commands and replies',
    close: '7. Closing the control connection',
    glossary: '8. Commands seen',
    comparison: 'Active and passive mode compared',
    anomalies: 'What went wrong',
  },

  handshake: (f) =>
    `The client opened the control connection from its ephemeral port ${f.clientPort} to port ${f.serverPort} of the ` +
    `server ${f.serverIp}: ` +
    `SYN (frame ${f.synFrame}), SYN/ACK, ACK (frame ${f.ackFrame}), the TCP three-way handshake every TCP protocol ` +
    `starts with. ` +
    `It took ${fmt.duration(f.rttMs)} from SYN to the final ACK (the round-trip time seen from the capture point).`,
  nonStandardPort: (port) => `The server listens on port ${port}, not on FTP's standard port 21.`,
  noHandshake:
    'The capture started after the control connection was opened: its three-way handshake is not in the capture.',
  banner: (frame) => `The server greeted the client with a 220 reply${frame === null ? '' : ` (frame ${frame})`}:`,
  splitReply: (code, first, last, segments) =>
    `The ${code} reply came in ${segments} TCP segments (frames ${first}–${last}); this report cites it by its first ` +
    `segment. Wireshark dissects each segment on its own: the Info of frame ${first} begins with the code ${code} ` +
    'and the start of the text, the later segments show only the rest of it, because TCP does not keep the ' +
    "server's lines together: a line may be cut anywhere, and the client reads on until the final line.",
  typedCommands: (n, segments, example, first, last) =>
    `${plural(n, 'command')} came one character (or a few) per TCP segment, ${fmt.count(segments)} segments in ` +
    'all — a client such as telnet sends each key as it is typed; the server acts only on a whole line, at its ' +
    'CRLF. ' +
    `Wireshark lists every segment (\`Request: u\`, \`Request: s\` …); the tables here show each command as one ` +
    `row with its segment count, e.g. ${example} (frames ${first}–${last}).`,
  typedRow: (line, segments) => `${line} [typed in ${segments} segments]`,

  authIntro: 'The client sends the user name with USER and the password with PASS; the server answers each.',
  replyIntro:
    'Every reply code of the session: the first digit says how it went, the second what it is about (RFC 959 §4.2).',
  replyColumns: ['Code', 'Meaning', 'First digit', 'Second digit', 'Answered', 'Frames'],
  answered: (command, frame) => (command === null ? `connection (frame ${frame})` : `${command} (frame ${frame})`),
  userNote:
    'The server answers USER with 331 "need password" whether the account exists or not, and decides only after ' +
    'PASS: a different reply to USER would tell an attacker which user names are valid.',
  codeMeaning: (code) => CODES[code] ?? null,
  firstDigit: (kind) => FIRST[kind],
  secondDigit: (area) => SECOND[area],
  cleartext: (users, passwords, f) =>
    `Neither the user name nor the password is encrypted: anyone who can capture this traffic reads user ` +
    `${list(users)}` +
    `${passwords.length > 0 ? ` and password ${list(passwords)}` : ''} in ${frames(f)}.`,
  anonymousLogin: (user) =>
    `The login is anonymous (user ${user}): the server does not check the password, which is usually an e-mail ` +
    `address.`,
  failedLogins: (n, f) =>
    `${plural(n, 'login attempt')} failed (${frames(f)}): the server answers 530 "not logged in" when the user name ` +
    `and password do not match.`,
  bruteForce: (n) => `${n} failed attempts in one session look like password guessing (brute force).`,
  loginOutcome: (outcome, user) =>
    outcome === 'success'
      ? `The login succeeded${user === null ? '' : ` as ${user}`} (230 "user logged in").`
      : outcome === 'failed'
        ? 'No login attempt succeeded.'
        : 'The capture does not show how the login ended.',
  tlsAccepted: (frame) =>
    `The client asked for TLS with AUTH${frame === null ? '' : ` (frame ${frame})`} and the server accepted with ` +
    `234: the rest of the control channel is encrypted and cannot be read.`,
  tlsRefused: (frame) =>
    `The client asked for TLS with AUTH${frame === null ? '' : ` (frame ${frame})`} but the server did not accept ` +
    `it, so the session stayed in cleartext.`,
  tlsKeylog: (f) => {
    const upgrade = f.implicit
      ? `The session is implicit FTPS: the client opened the TLS handshake at once on port ${f.port}, before any ` +
        'FTP was said, and every command and reply travelled inside TLS.'
      : `The client asked for TLS with ${f.auth ?? 'AUTH'}${f.authFrame === null ? '' : ` (frame ${f.authFrame})`} ` +
        `and the server agreed with 234${f.acceptFrame === null ? '' : ` (frame ${f.acceptFrame})`}; the TLS ` +
        'handshake (ClientHello, ServerHello, certificate) followed at once on the same connection, and every later ' +
        'command and reply travelled inside TLS.';
    if (!f.decrypted) {
      return (
        `${upgrade} The TLS key log given to ftp-report holds no key of this session, so the report sees what any ` +
        'observer without the keys sees: TLS records, their sizes and timing, and the data connections opened, but ' +
        'no command, user name, password or file name.'
      );
    }
    const prot =
      f.prot === null
        ? ''
        : ` Inside TLS the client sent PBSZ 0${f.pbszFrame === null ? '' : ` (frame ${f.pbszFrame})`} and ` +
          `PROT ${f.prot}${f.protFrame === null ? '' : ` (frame ${f.protFrame})`} (RFC 4217): PROT P puts every data ` +
          'connection under TLS too, PROT C leaves the data connections in clear.';
    const data =
      f.clearTransfers > 0
        ? ` The data connections (${f.clearTransfers}) crossed the network in clear: such an observer read every ` +
          'listing and file anyway, without knowing which command asked for it.'
        : f.privateTransfers > 0
          ? ' The data connections were TLS as well: such an observer saw only their sizes.'
          : '';
    const inClear = f.implicit
      ? 'nothing of FTP in clear, not even the greeting: only TLS records'
      : `only the greeting and ${f.auth ?? 'AUTH'} with its 234 in clear, then TLS records`;
    return (
      `${upgrade}${prot} The TLS key log given to ftp-report decrypted the control channel, so the commands, ` +
      `replies and login in this report are read from the plaintext. An observer without the keys saw ${inClear}: ` +
      `their sizes and timing and the connections opened, but no command, user name, password or file name.${data}`
    );
  },
  noLogin: 'The capture shows no USER or PASS command in this session.',

  transferHeading: (id, command, arg, mode) =>
    `${id}: ${command}${arg ? ` ${arg}` : ''} (${mode === 'active' ? 'active' : 'passive'} mode)`,
  setupExchange: (command, cf, reply, rf) =>
    `The client sent ${command} (frame ` +
    `${cf})${reply === null ? '; the capture shows no reply.' : ` and the server replied ${reply} (frame ${rf}).`}`,
  decodeSix: (n, ip, port) =>
    `The six numbers \`(${n.join(',')})\` are the address and the port: ` +
    `the first four, \`${n.slice(0, 4).join(',')}\`, ` +
    `with dots instead of commas, are **${ip}**; the last two give port ${n[4]}×256+${n[5]} = **${port}**.`,
  decodeEpsv: (port, ip) =>
    `EPSV announces only the port, \`(|||${port}|)\` → **${port}**, on the address the control connection already ` +
    `uses (**${ip}**).`,
  decodeEprt: (ip, port, raw) =>
    `EPRT names the address family, the address and the port between delimiters${raw ? `: \`${raw}\`` : ''} — ` +
    `family ${ip.includes(':') ? '2 (IPv6)' : '1 (IPv4)'}, address **${ip}**, port **${port}** (RFC 2428).`,
  setupRefused: (command, code, frame, meaning) =>
    `The server refused ${command} with ${code} (frame ${frame})${meaning ? `: ${meaning}` : ''}. No data ` +
    'connection follows from it: nobody connects to the announced address.',
  whoConnects: (mode, announced) =>
    mode === 'passive'
      ? `In passive mode the server listens and the client connects to ${announced}.`
      : `In active mode the client listens on ${announced} and the server connects to it.`,
  natNote: (a, s) =>
    `The announced address ${a} is not the address the server is reached at (${s}): the server is behind NAT or ` +
    `misconfigured; the client connected anyway.`,
  bounceNote: (a, c) =>
    `The announced address ${a} is not the client's (${c}): the server was asked to connect to another host (an FTP ` +
    `bounce), or the client is behind NAT.`,
  noTransfers: 'This session moved no data (no LIST, NLST, MLSD, RETR, STOR, STOU or APPE with a data connection).',

  dataOpened: (f) => {
    const who = f.initiator === 'server' ? 'The server' : 'The client';
    const port =
      f.initiator === 'server'
        ? f.srcPort === 20
          ? ' from port 20 (ftp-data), as RFC 959 describes for active mode'
          : ` from port ${f.srcPort} — not from port 20`
        : ` from its ephemeral port ${f.srcPort}`;
    const when =
      f.before === null
        ? ''
        : f.before
          ? f.mode === 'passive'
            ? `, before it sent ${f.command} (frame ${f.commandFrame}): in passive mode the client connects as soon ` +
              `as it knows the port`
            : `, before the client sent ${f.command} (frame ` +
              `${f.commandFrame})${f.beforeSetupReply ? ': the server connected as soon as it read PORT, ' : ''}` +
              `${f.beforeSetupReply ? 'even before replying to it' : ''}`
          : `, after the client sent ${f.command} (frame ${f.commandFrame}): in active mode the server connects when ` +
            `it has something to send or receive`;
    return (
      `${who} opened the data connection${f.synFrame === null ? '' : ` (SYN in frame ${f.synFrame})`}${port}, ` +
      `${f.src} → ${f.dst}${when}.`
    );
  },
  noDataConnection: (command) => `No data connection for ${command} is in the capture.`,
  fileFacts: (f) => {
    const whole = f.complete
      ? 'every byte was captured'
      : `it is incomplete: ${f.missingBytes.toLocaleString('en-US')} bytes were never seen` +
        (f.bytesAfterGap > 0 ? `, ${f.bytesAfterGap.toLocaleString('en-US')} more after the first gap` : '');
    const where = f.extractedAs === null ? '' : ` Extracted as \`${f.extractedAs}\`.`;
    return (
      `The data connection carried ${f.size.toLocaleString('en-US')} bytes of ${f.mime} (${whole}); ` +
      `SHA-256 \`${f.sha256}\`, MD5 \`${f.md5}\`.${where}`
    );
  },
  listingColumns: ['Name', 'Type', 'Size', 'Modified'],
  listingMore: (n) => `… and ${n.toLocaleString('en-US')} more entries.`,
  dataResult: (f) => {
    const way = f.direction === 'upload' ? 'from the client to the server' : 'from the server to the client';
    const status = {
      complete: 'and the server confirmed the transfer',
      failed: 'but the server reported a failure',
      aborted: 'but the client aborted it (ABOR)',
      incomplete: 'but the capture ends before the server confirmed it',
    }[f.status];
    const missing =
      f.missingBytes > 0
        ? ` At least ${f.missingBytes.toLocaleString('en-US')} bytes in between were not captured.`
        : '';
    const closed =
      f.closedBy === 'none'
        ? ''
        : f.closedBy === 'reset'
          ? ' The data connection was reset (RST).'
          : ` The ${f.closedBy} closed the data connection first (FIN).`;
    return (
      `${f.bytes.toLocaleString('en-US')} bytes moved ${way} ${status} (replies ` +
      `${f.replyCodes.join(', ') || 'none'}${finalNote(f)}).` +
      `${closed}${missing}`
    );
  },

  timingIntro: 'Times are measured at the capture point (s, ms, µs).',
  sessionPhaseColumns: ['Phase', 'From (frame)', 'To (frame)', 'Duration'],
  phases: {
    handshake: 'TCP handshake (SYN → ACK)',
    login: 'Login (USER → final reply to PASS)',
    session: 'Whole control connection',
  },
  transferPhaseColumns: [
    'Transfer',
    'Mode',
    'Setup → reply',
    'Command → data SYN',
    'Command → first byte',
    'First → last byte',
    'Last byte → final reply',
    'Teardown (FIN → last packet)',
    'Throughput',
  ],
  mode: (m) => (m === 'active' ? 'active' : 'passive'),
  rateNote:
    'Command → data SYN is negative when the data connection opened before the command. Throughput is "–" when ' +
    'the data took less than 1 ms (on loopback a whole file can pass in microseconds: a rate from that means ' +
    'nothing) or came in one segment.',
  comparison,
  anomaly,
  anomalyNote,
  close,
  glossaryColumns: ['Command', 'What it does', 'Times'],
  glossary: (c) => COMMANDS[c] ?? null,
  severity: (x) => SEVERITY[x],
  dataLabel: (n) => `data ${n} B`,

  diagramIntro:
    'Key packets of the session (frame numbers first); control connection and each data connection have their own ' +
    'pair of endpoints.',
  finding: (id) => FINDINGS[id],
  warning: warningMessage,
  noFindings: 'Nothing to report.',
  conclusion: (f) => {
    const out: string[] = [];
    if (f.active + f.passive > 0) {
      const modes: string[] = [];
      if (f.passive > 0)
        modes.push(`${plural(f.passive, 'transfer')} in passive mode, where the client opened every data connection`);
      if (f.active > 0) {
        const from =
          f.serverFromPort20 && f.serverFromOtherPort
            ? 'from port 20 and from other ports'
            : f.serverFromPort20
              ? 'from port 20'
              : 'from a port other than 20';
        modes.push(
          `${plural(f.active, 'transfer')} in active mode, where the server opened the data connection to the client ` +
            `${from}`,
        );
      }
      out.push(`The capture shows ${modes.join(', and ')}.`);
      if (f.active > 0) {
        out.push(
          'Active mode needs the client to accept a connection from the server on a port it chose itself: a ' +
            'client-side firewall or NAT drops it unless an FTP helper opens that port, which is why clients behind ' +
            'NAT use passive mode. The usual fix is a fixed port range on the client with a rule allowing it.',
        );
      }
      if (f.passive > 0) {
        out.push(
          'Passive mode keeps every connection outgoing from the client, so it works behind NAT and firewalls; the ' +
            'cost moves to the server, which must allow incoming connections on its passive port range' +
            `${f.natMismatch ? ' and announce its public address — in this capture it announced another one' : ''}.`,
        );
      }
    }
    if (f.cleartextUsers.length > 0) {
      out.push(
        `FTP is not secure: user ${list(f.cleartextUsers)} logged in with the password in ` +
          `cleartext${f.anonymous ? ' (an anonymous login, which is public by design)' : ''}. Use FTPS (FTP over ` +
          `TLS, AUTH TLS) or SFTP (file transfer over SSH) instead.`,
      );
    }
    if (f.tls) out.push('The session used AUTH TLS, so its commands and passwords after the upgrade are protected.');
    if (f.failedLogins > 0)
      out.push(
        `${plural(f.failedLogins, 'failed login')} ${f.failedLogins === 1 ? 'shows' : 'show'} the server's 530 ` +
          `reply; it does not say whether the user name or the password was wrong.`,
      );
    if (f.bounce)
      out.push(
        'A PORT/EPRT command pointed the server at another host: servers should refuse such PORT commands (FTP ' +
          'bounce).',
      );
    return out;
  },
};
