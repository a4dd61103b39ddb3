// Finding and warning sentences: every id and code has one in English and in Russian, and the English ones are
// word for word what the report printed when the model still carried sentences (the golden files hold them).
import { describe, expect, it } from 'vitest';
import type { Finding, FindingId, Warning, WarningCode } from '../../src/model.js';
import * as en from '../../src/reports/messages/en.js';
import * as ru from '../../src/reports/messages/ru.js';

/** One finding of every id, with the sentence the report has always given it. */
const FINDINGS: Record<FindingId, [Finding, string]> = {
  'connection-refused': [
    {
      id: 'connection-refused',
      severity: 'low',
      sessionId: 'S1',
      frames: [4],
      data: { code: 421, text: 'Too many\nbye' },
    },
    'S1: the server refused the connection at once with 421 "Too many" instead of a greeting.',
  ],
  'capture-starts-mid-session': [
    { id: 'capture-starts-mid-session', severity: 'info', sessionId: 'S2', frames: [1], data: {} },
    'S2 was already open when the capture started: its TCP handshake, and possibly its login, are missing.',
  ],
  'cleartext-credentials': [
    {
      id: 'cleartext-credentials',
      severity: 'high',
      sessionId: 'S1',
      frames: [8, 12, 16],
      data: { passwords: 3, users: ['alice', null, 'alice'] },
    },
    'S1 sent 3 passwords for user "alice", (none) in cleartext: anyone on the path can read them.',
  ],
  'anonymous-login': [
    { id: 'anonymous-login', severity: 'info', sessionId: 'S1', frames: [9], data: { user: 'anonymous' } },
    'S1 logged in anonymously as "anonymous".',
  ],
  'failed-logins': [
    {
      id: 'failed-logins',
      severity: 'low',
      sessionId: 'S1',
      frames: [9, 13],
      data: { count: 2, codes: [530, 530, 421] },
    },
    'S1 had 2 failed login attempts (530, 421).',
  ],
  'brute-force': [
    { id: 'brute-force', severity: 'high', sessionId: 'S3', frames: [1, 2, 3, 4, 5], data: { count: 5 } },
    'S3 tried 5 logins that failed: a password-guessing pattern.',
  ],
  'tls-implicit': [
    { id: 'tls-implicit', severity: 'info', sessionId: 'S1', frames: [1], data: { port: 990 } },
    'S1 is implicit FTPS on port 990: TLS from the first byte, so nothing of it can be read.',
  ],
  'tls-upgrade': [
    { id: 'tls-upgrade', severity: 'info', sessionId: 'S1', frames: [5], data: {} },
    'S1 switched the control channel to TLS (AUTH answered 234); what follows is encrypted and not analysed.',
  ],
  'tls-refused': [
    { id: 'tls-refused', severity: 'medium', sessionId: 'S1', frames: [5], data: {} },
    'S1 asked for TLS but the server did not accept it: the session went on in cleartext.',
  ],
  'not-ftp': [
    {
      id: 'not-ftp',
      severity: 'medium',
      sessionId: 'S1',
      frames: [1],
      data: { port: 21, firstServerLine: 'SSH-2.0-OpenSSH_9.6' },
    },
    'S1 on port 21 does not speak FTP (the server\'s first line: "SSH-2.0-OpenSSH_9.6").',
  ],
  'pasv-address-mismatch': [
    {
      id: 'pasv-address-mismatch',
      severity: 'medium',
      sessionId: 'S1',
      frames: [17],
      data: { command: 'PASV', announced: { ip: '127.0.0.9', port: 40000 }, serverIp: '10.0.0.1' },
    },
    'S1: the server announced 127.0.0.9:40000 in its PASV reply but is reached at 10.0.0.1: ' +
      'it sits behind NAT or is misconfigured.',
  ],
  'ftp-bounce': [
    {
      id: 'ftp-bounce',
      severity: 'high',
      sessionId: 'S1',
      frames: [10],
      data: { command: 'PORT', announced: { ip: '10.9.9.9', port: 25 }, clientIp: '10.0.0.2' },
    },
    'S1: PORT asked the server to connect to 10.9.9.9:25, not to the client 10.0.0.2: ' +
      'an FTP bounce, or a client behind NAT.',
  ],
  'ftp-nonstandard-port': [
    { id: 'ftp-nonstandard-port', severity: 'info', sessionId: 'S1', frames: [1], data: { port: 2121 } },
    'S1 speaks FTP on port 2121, recognised by its first payload; run with --ftp-port 2121 ' +
      'so tshark also dissects it as FTP (Info column, data-connection links).',
  ],
  'data-connection-unmatched': [
    { id: 'data-connection-unmatched', severity: 'low', sessionId: null, frames: [30], data: { count: 1 } },
    '1 data connection carried no transfer that a command in the capture explains.',
  ],
  'source-brute-force': [
    {
      id: 'source-brute-force',
      severity: 'high',
      sessionId: null,
      frames: [9, 13, 17],
      data: {
        clientIp: '10.0.0.9',
        failures: 703,
        inWindow: 703,
        sessions: 703,
        users: 1,
        firstT: 0.5,
        lastT: 44.6,
        windowSeconds: 300,
        threshold: 10,
        succeeded: false,
      },
    },
    '10.0.0.9 failed 703 logins over 703 connections (703 within 300 s, 1 user name): password guessing.',
  ],
  'password-spraying': [
    {
      id: 'password-spraying',
      severity: 'high',
      sessionId: null,
      frames: [8, 20, 32, 44, 56, 68],
      data: {
        clientIp: '10.0.0.3',
        users: 6,
        userNames: ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'],
        attempts: 6,
        sessions: 6,
        succeeded: 1,
        threshold: 5,
      },
    },
    '10.0.0.3 tried one password for 6 user names (alice, bob, carol, dave, erin, …): password spraying; ' +
      '1 login(s) succeeded.',
  ],
  'connection-attempts': [
    {
      id: 'connection-attempts',
      severity: 'info',
      sessionId: null,
      frames: [1],
      data: { count: 1, refused: 0, unanswered: 1, ports: [21] },
    },
    '1 connection to FTP port 21 never opened (0 refused with RST, 1 unanswered): attempts, not sessions.',
  ],
  'port-scan': [
    {
      id: 'port-scan',
      severity: 'high',
      sessionId: null,
      frames: [12, 20],
      data: {
        clientIp: '10.0.0.5',
        serverIp: '10.0.0.25',
        targetIp: '10.0.0.77',
        ports: 999,
        setups: 1000,
        reachedPorts: [21, 22],
        bounce: true,
        threshold: 20,
      },
    },
    '10.0.0.5 named 999 ports of 10.0.0.77 in 1000 PORT/EPRT commands to 10.0.0.25: an FTP bounce scan ' +
      '(reached: 21, 22).',
  ],
  'syn-scan': [
    {
      id: 'syn-scan',
      severity: 'medium',
      sessionId: null,
      frames: [1, 2],
      data: { source: '172.16.0.8', target: '64.13.134.52', ports: 1000 },
    },
    '172.16.0.8 sent connection requests (SYN) to 1000 ports of 64.13.134.52: a port scan.',
  ],
  'vsftpd-backdoor': [
    {
      id: 'vsftpd-backdoor',
      severity: 'high',
      sessionId: 'S1',
      frames: [6, 12],
      data: {
        user: 'x:)',
        clientIp: '10.0.0.1',
        serverIp: '10.0.0.2',
        shellTcpStream: 1,
        shellClientIp: '10.0.0.1',
        shellBytesToClient: 39,
      },
    },
    'S1: user name "x:)" ends in ":)", the trigger of the vsftpd 2.3.4 backdoor (CVE-2011-2523), and 10.0.0.1 ' +
      'then connected to port 6200 of 10.0.0.2 (TCP stream 1): a root shell.',
  ],
};

/** One warning of every code, with the sentence the report has always given it. */
const WARNINGS: Record<WarningCode, [Warning, string]> = {
  'partial-report': [
    { code: 'partial-report', packets: 120, reason: 'the capture is cut short' },
    'PARTIAL REPORT: tshark stopped after 120 packets, before the end of the capture (the capture is cut short); ' +
      'nothing after that point is in this report.',
  ],
  'ek-lines-skipped': [
    { code: 'ek-lines-skipped', lines: 3 },
    '3 lines of tshark output were not packet records and were skipped.',
  ],
  'timestamps-out-of-range': [
    { code: 'timestamps-out-of-range' },
    'Some packet timestamps are outside any date (a damaged capture?): firstAt/lastAt are left null.',
  ],
  'no-ftp-session': [{ code: 'no-ftp-session' }, 'No FTP control session was found in the capture.'],
  'handshake-missing': [
    { code: 'handshake-missing', sessionId: 'S1' },
    'Capture starts mid-session in S1: its TCP handshake was not captured.',
  ],
  'control-bytes-missing': [
    { code: 'control-bytes-missing', sessionId: 'S1', bytes: 35 },
    'S1: 35 bytes of the control channel were not captured; lines around the gap may be incomplete.',
  ],
  'replies-unanswered': [
    { code: 'replies-unanswered', sessionId: 'S1', count: 1 },
    'S1: 1 replies arrived with no command waiting for them.',
  ],
  'protocol-oddity': [
    {
      code: 'protocol-oddity',
      sessionId: 'S1',
      kind: 'reply-missing-space',
      count: 12,
      frames: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    },
    'S1: 12 replies without a space after the code (frames 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …).',
  ],
  'transfer-bytes-missing': [
    { code: 'transfer-bytes-missing', sessionId: 'S1', transferId: 'S1-T2', command: 'RETR', bytes: 1448 },
    'S1-T2: at least 1448 bytes of the RETR data connection were not captured; bytes counts only what was seen.',
  ],
  'expectations-dropped': [
    { code: 'expectations-dropped', count: 1, max: 100 },
    '1 data-channel expectation was dropped because more than 100 were open at once; ' +
      'their data connections may show as unmatched.',
  ],
  'expectations-expired': [
    { code: 'expectations-expired', count: 2, seconds: 300 },
    '2 data-channel expectations were not used within 300 s of capture time after being announced and expired; ' +
      'a data connection opened later shows as unmatched.',
  ],
  'tls-mid-session': [
    { code: 'tls-mid-session', sessionId: 'S1', frame: 1 },
    'S1 was already encrypted (TLS records from frame 1 on) when the capture started: ' +
      'its control channel cannot be read.',
  ],
  'tls-cleartext-again': [
    { code: 'tls-cleartext-again', sessionId: 'S1', frame: 45 },
    'S1: the control channel is in clear text again from frame 45 on (after CCC, or after the TLS session closed); ' +
      'it is read from there.',
  ],
  'other-protocol': [
    {
      code: 'other-protocol',
      tcpStream: 4,
      port: 2525,
      commands: ['EHLO', 'MAIL', 'EHLO', 'RCPT', 'DATA', 'QUIT', 'RSET'],
    },
    "TCP stream 4 (port 2525) is not FTP: its greeting or its client's commands (EHLO, MAIL, RCPT, DATA, QUIT) " +
      "are another protocol's; not reported as a session.",
  ],
  'tls-not-decrypted': [
    { code: 'tls-not-decrypted', sessionId: 'S1' },
    'S1: no key in the TLS key log matched its TLS session, so what followed the upgrade stays encrypted ' +
      '(a key log from another capture or client?).',
  ],
};

const sorted = (o: object) => Object.keys(o).sort();

describe('finding sentences', () => {
  it('every finding id of the model has an English and a Russian sentence, and nothing else has one', () => {
    expect(sorted(en.FINDING_SENTENCES)).toEqual(sorted(FINDINGS));
    expect(sorted(ru.FINDING_SENTENCES)).toEqual(sorted(FINDINGS));
  });

  it.each(Object.entries(FINDINGS))(
    '%s: the English sentence is the one the report always printed',
    (_id, [f, text]) => {
      expect(en.findingMessage(f)).toBe(text);
    },
  );

  it.each(Object.entries(FINDINGS))('%s: the Russian sentence is Russian and carries the facts', (_id, [f]) => {
    const text = ru.findingMessage(f);
    expect(text).toMatch(/[а-яё]/i);
    expect(text).not.toMatch(/undefined|null|\[object/);
    if (f.sessionId !== null) expect(text).toContain(f.sessionId);
  });

  it('a single password and a single failed login read in the singular', () => {
    const one: Finding = {
      id: 'cleartext-credentials',
      severity: 'high',
      sessionId: 'S1',
      frames: [8],
      data: { passwords: 1, users: ['bob'] },
    };
    expect(en.findingMessage(one)).toBe(
      'S1 sent a password for user "bob" in cleartext: anyone on the path can read it.',
    );
    const failed: Finding = {
      id: 'failed-logins',
      severity: 'low',
      sessionId: 'S1',
      frames: [9],
      data: { count: 1, codes: [530] },
    };
    expect(en.findingMessage(failed)).toBe('S1 had 1 failed login attempt (530).');
    const unmatched: Finding = {
      id: 'data-connection-unmatched',
      severity: 'low',
      sessionId: null,
      frames: [],
      data: { count: 600 },
    };
    expect(en.findingMessage(unmatched)).toBe(
      '600 data connections carried no transfer that a command in the capture explains.',
    );
    expect(ru.findingMessage(unmatched)).toBe('600 соединений данных не объясняются ни одной командой из захвата.');
    expect(ru.findingMessage({ ...unmatched, data: { count: 21 } })).toBe(
      '21 соединение данных не объясняется ни одной командой из захвата.',
    );
  });

  it('a TLS upgrade or implicit FTPS a key log decrypted says it was read with the key log, in both languages', () => {
    const upgrade: Finding = { id: 'tls-upgrade', severity: 'info', sessionId: 'S1', frames: [6], data: {} };
    const decrypted: Finding = { ...upgrade, data: { decrypted: true } };
    expect(en.findingMessage(upgrade)).toContain('encrypted and not analysed');
    expect(en.findingMessage(decrypted)).toBe(
      'S1 switched the control channel to TLS (AUTH answered 234); what follows is read with the TLS key log.',
    );
    expect(ru.findingMessage(decrypted)).toContain('журнала ключей TLS');
    const implicit: Finding = {
      id: 'tls-implicit',
      severity: 'info',
      sessionId: 'S2',
      frames: [1],
      data: { port: 990, decrypted: true },
    };
    expect(en.findingMessage(implicit)).toBe(
      'S2 is implicit FTPS on port 990: TLS from the first byte, read here with the TLS key log.',
    );
    expect(ru.findingMessage(implicit)).toContain('журнала ключей TLS');
  });

  it('a server line of a refused connection is cut at its first line; not-ftp without a server line says so', () => {
    const f: Finding = {
      id: 'not-ftp',
      severity: 'medium',
      sessionId: 'S4',
      frames: [1],
      data: { port: 21, firstServerLine: null },
    };
    expect(en.findingMessage(f)).toBe('S4 on port 21 does not speak FTP.');
  });
});

describe('warning sentences', () => {
  it('every warning code of the model has an English and a Russian sentence, and nothing else has one', () => {
    expect(sorted(en.WARNING_SENTENCES)).toEqual(sorted(WARNINGS));
    expect(sorted(ru.WARNING_SENTENCES)).toEqual(sorted(WARNINGS));
  });

  it.each(Object.entries(WARNINGS))(
    '%s: the English sentence is the one the report always printed',
    (_code, [w, text]) => {
      expect(en.warningMessage(w)).toBe(text);
    },
  );

  it.each(Object.entries(WARNINGS))('%s: the Russian sentence is Russian and carries the facts', (_code, [w]) => {
    const text = ru.warningMessage(w);
    expect(text).toMatch(/[а-яё]/i);
    expect(text).not.toMatch(/undefined|null\b(?!\))|\[object/);
    if ('sessionId' in w) expect(text).toContain(w.sessionId);
  });

  it('every kind of protocol oddity has a noun in both languages', () => {
    expect(sorted(ru.ODDITY_NOUNS)).toEqual(sorted(en.ODDITY_NOUNS));
    expect(Object.keys(en.ODDITY_NOUNS)).toHaveLength(12);
  });

  it('an oddity with ten frames or fewer lists them all, without an ellipsis', () => {
    const w: Warning = { code: 'protocol-oddity', sessionId: 'S1', kind: 'line-too-long', count: 2, frames: [7, 9] };
    expect(en.warningMessage(w)).toBe('S1: 2 control lines longer than 8192 bytes, cut (frames 7, 9).');
    expect(ru.warningMessage(w)).toBe('S1: управляющие строки длиннее 8192 байт (обрезаны) — 2 (кадры 7, 9).');
  });

  it('one dropped expectation reads in the singular', () => {
    expect(en.warningMessage({ code: 'expectations-dropped', count: 2, max: 5 })).toBe(
      '2 data-channel expectations were dropped because more than 5 were open at once; ' +
        'their data connections may show as unmatched.',
    );
  });
});
