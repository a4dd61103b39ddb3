// The facts the lab write-ups state, checked on real captures made by scripts/make-samples
// (frame numbers per samples/README.md, read there with tshark).
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedReport } from '../shared-report.js';
import type { Report, Session, Transfer } from '../../src/model.js';

const reports = new Map<string, Report>();
async function report(name: string): Promise<Report> {
  if (!reports.has(name)) reports.set(name, await sharedReport({ capture: `samples/${name}.pcapng` }));
  return reports.get(name)!;
}
const only = (r: Report): Session => {
  expect(r.sessions).toHaveLength(1);
  return r.sessions[0]!;
};
const cmd = (s: Session, verb: string, n = 0) => s.commands.filter((c) => c.command === verb)[n]!;

describe('passive LIST and RETR (pyftpdlib + curl): the client connects before the command', () => {
  let s: Session;
  beforeAll(async () => {
    s = only(await report('passive-list-retr'));
  });

  it('rebuilds the control handshake and the login', () => {
    expect(s.handshake).toMatchObject({ synFrame: 1, synAckFrame: 2, ackFrame: 3 });
    expect(s.client.port).toBe(60202);
    expect(s.server.port).toBe(21);
    expect(cmd(s, 'USER')).toMatchObject({ frame: 6, arg: 'demo', reply: { code: 331, frame: 8 } });
    expect(cmd(s, 'PASS')).toMatchObject({ frame: 9, arg: 'demo123', reply: { code: 230, frame: 10 } });
    expect(s.login).toMatchObject({ user: 'demo', password: 'demo123', outcome: 'success', anonymous: false });
  });

  it('binds each transfer to its PASV and the data connection the client opened before the command', () => {
    const [list, retr] = s.transfers as [Transfer, Transfer];
    expect(list).toMatchObject({
      command: 'LIST',
      mode: 'passive',
      setup: { command: 'PASV', frame: 13, replyCode: 227, announced: { ip: '127.0.0.1', port: 55037 } },
      data: { initiator: 'client', synFrame: 15, dst: { port: 55037 }, openedBeforeCommand: true },
      bytes: 132,
      status: 'complete',
    });
    expect(cmd(s, 'LIST').frame).toBe(20);
    expect(retr).toMatchObject({
      command: 'RETR',
      arg: 'readme.txt',
      direction: 'download',
      setup: { frame: 29, announced: { port: 38995 } },
      data: { synFrame: 31, openedBeforeCommand: true, bytesToClient: 3072 },
      bytes: 3072,
      status: 'complete',
    });
    expect(cmd(s, 'RETR').reply).toMatchObject({ code: 226, frame: 47 });
  });

  it('times the phases in order', () => {
    const t = s.transfers[1]!.timing;
    expect(t.dataSynT! < t.commandT).toBe(true);
    expect(t.commandT < t.firstByteT!).toBe(true);
    expect(t.firstByteT! <= t.lastByteT!).toBe(true);
    expect(t.lastByteT! <= t.completeT!).toBe(true);
    expect(t.commandToFirstByteMs).toBeGreaterThan(0);
  });
});

describe('active LIST and RETR (vsftpd + lftp): the server connects from port 20 after the command', () => {
  let s: Session;
  beforeAll(async () => {
    s = only(await report('active-list-retr'));
  });

  it('keeps the multi-line FEAT reply, sent one line per segment, whole', () => {
    const feat = cmd(s, 'FEAT');
    expect(feat.frame).toBe(6);
    expect(feat.reply?.code).toBe(211);
    expect(feat.reply?.frame).toBe(16);
    expect(feat.reply!.text.split('\n').length).toBeGreaterThan(3);
    expect(cmd(s, 'USER')).toMatchObject({ frame: 18, reply: { code: 331, frame: 19 } });
  });

  it('decodes PORT and sees the server open the data connection from port 20 after LIST', () => {
    const list = s.transfers[0]!;
    expect(list).toMatchObject({
      command: 'LIST',
      mode: 'active',
      setup: { command: 'PORT', frame: 24, replyCode: 200, announced: { ip: '127.0.0.1', port: 45145 } },
      data: { initiator: 'server', synFrame: 27, src: { port: 20 }, dst: { port: 45145 }, openedBeforeCommand: false },
      bytes: 134,
      replyCodes: [150, 226],
      status: 'complete',
    });
    expect(cmd(s, 'LIST').frame).toBe(26);
  });

  it('counts the RETR bytes once and ends it with 226', () => {
    expect(s.transfers[1]).toMatchObject({
      command: 'RETR',
      setup: { frame: 44, announced: { port: 37599 } },
      data: { synFrame: 47, src: { port: 20 }, openedBeforeCommand: false },
      bytes: 3072,
      replyCodes: [150, 226],
    });
    expect(cmd(s, 'RETR').reply?.frame).toBe(60);
  });
});

describe('active RETR (pyftpdlib + curl): the server connects right after PORT and replies 125', () => {
  it('sees the data connection open before the 200 reply and before RETR, not from port 20', async () => {
    const s = only(await report('active-retr-125'));
    const t = s.transfers[0]!;
    expect(t).toMatchObject({
      command: 'RETR',
      mode: 'active',
      setup: { command: 'PORT', frame: 13, replyCode: 200, announced: { port: 51827 } },
      data: { initiator: 'server', synFrame: 14, src: { port: 40563 }, openedBeforeCommand: true },
      replyCodes: [125, 226],
      bytes: 3072,
      status: 'complete',
    });
    expect(cmd(s, 'PORT').reply?.frame).toBe(17);
    expect(cmd(s, 'RETR').frame).toBe(22);
    expect(t.timing.setupToSynMs).toBeLessThan(0); // SYN before the 200 reply
  });
});

describe('EPSV and EPRT over IPv6 (pyftpdlib + ftplib on ::1)', () => {
  it('matches both data connections', async () => {
    const s = only(await report('ipv6-epsv-eprt'));
    expect(s.client.ip).toBe('::1');
    const [epsv, eprt] = s.transfers as [Transfer, Transfer];
    expect(epsv).toMatchObject({
      command: 'LIST',
      mode: 'passive',
      setup: { command: 'EPSV', frame: 13, replyCode: 229, announced: { ip: '::1', port: 33117 } },
      data: { initiator: 'client', synFrame: 15, openedBeforeCommand: true },
      bytes: 132,
    });
    expect(eprt).toMatchObject({
      command: 'RETR',
      mode: 'active',
      setup: { command: 'EPRT', frame: 29, announced: { ip: '::1', port: 44371 } },
      data: { initiator: 'server', synFrame: 30, src: { port: 55387 }, openedBeforeCommand: true },
      bytes: 3072,
      replyCodes: [125, 226],
    });
  });
});

describe('a failed then a successful login in one session (pyftpdlib + ftplib)', () => {
  it('records both attempts with their codes', async () => {
    const s = only(await report('login-failed-then-ok'));
    expect(s.login.attempts).toEqual([
      {
        user: 'alice',
        password: 'wrongpass',
        replyCode: 530,
        frame: 9,
        t: 0.00075,
        userFrame: 6,
        replyFrame: 11,
        outcome: 'failed',
        anonymous: false,
      },
      {
        user: 'alice',
        password: 's3cret',
        replyCode: 230,
        frame: 15,
        t: 0.502019,
        userFrame: 12,
        replyFrame: 16,
        outcome: 'success',
        anonymous: false,
      },
    ]);
    expect(s.login).toMatchObject({ user: 'alice', password: 's3cret', outcome: 'success' });
    expect(cmd(s, 'PASS').reply?.frame).toBe(11);
    expect(s.findings.find((f) => f.id === 'failed-logins')?.frames).toEqual([9]);
    expect(s.findings.find((f) => f.id === 'cleartext-credentials')?.frames).toEqual([9, 15]);
  });
});

describe('uploads (pyftpdlib; curl passive, ftplib active)', () => {
  it('counts the bytes that went to the server', async () => {
    const r = await report('upload-stor');
    expect(r.sessions).toHaveLength(2);
    expect(r.sessions[0]!.transfers[0]).toMatchObject({
      command: 'STOR',
      arg: 'report.txt',
      direction: 'upload',
      mode: 'passive',
      bytes: 2560,
      data: { initiator: 'client', bytesToServer: 2560, bytesToClient: 0 },
      status: 'complete',
    });
    expect(r.sessions[1]!.transfers[0]).toMatchObject({
      command: 'STOR',
      arg: 'notes.txt',
      mode: 'active',
      setup: { frame: 48, announced: { port: 36295 } },
      data: { initiator: 'server', synFrame: 49, src: { port: 35903 }, openedBeforeCommand: true, bytesToServer: 1600 },
      bytes: 1600,
    });
  });
});

describe('a telnet client typing one character per segment (seed 002)', () => {
  let s: Session;
  beforeAll(async () => {
    s = only(await report('telnet-char-per-segment'));
  });

  it('rebuilds whole lower-case commands from one-byte segments', () => {
    expect(s.commands.map((c) => [c.command, c.arg])).toEqual([
      ['USER', 'anonymous'],
      ['PASS', '1'],
      ['PASV', null],
      ['RETR', 'hehe.txt'],
      ['QUIT', null],
    ]);
    expect(cmd(s, 'USER')).toMatchObject({ firstFrame: 6, frame: 34, reply: { code: 331, frame: 36 } });
    expect(cmd(s, 'PASV').reply?.frame).toBe(55);
  });

  it('binds the RETR to the data connection the client opened before typing it', () => {
    expect(s.transfers[0]).toMatchObject({
      command: 'RETR',
      arg: 'hehe.txt',
      mode: 'passive',
      setup: { announced: { port: 34029 } },
      data: { initiator: 'client', synFrame: 56, openedBeforeCommand: true },
      bytes: 5,
      replyCodes: [125, 226],
      status: 'complete',
    });
    expect(cmd(s, 'RETR').firstFrame).toBe(60);
  });
});
