// The model carries each fact a view needs, so no view parses reply text or Info again.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { PacketRecord } from '../../src/records/types.js';
import { Ftp } from './builder.js';

function run(records: PacketRecord[]) {
  const engine = new Engine({ ftpPorts: [21] });
  for (const r of records) engine.push(r);
  return engine.finish();
}

describe('the greeting', () => {
  it('keeps the banner with the frames of its first and last segment and its lines', () => {
    const f = new Ftp();
    const first = f.ctl.send(false, '220-Welcome\r\n220-to the');
    const last = f.ctl.send(false, ' archive\r\n220 ready\r\n');
    const s = run(f.records).sessions[0]!;
    expect(s.greeting).toMatchObject({ code: 220, firstFrame: first.frame, frame: last.frame });
    expect(s.greeting!.lines).toEqual(['Welcome', 'to the archive', 'ready']);
    expect(s.banner).toBe(s.greeting!.text);
  });

  it('is null when the server refused the connection with 421', () => {
    const f = new Ftp().reply('421 Too many connections');
    const s = run(f.records).sessions[0]!;
    expect(s.greeting).toBeNull();
    expect(s.findings.find((x) => x.id === 'connection-refused')?.data).toEqual({
      code: 421,
      text: 'Too many connections',
    });
  });
});

describe('announced addresses', () => {
  it('decodes PORT on the command and PASV on the command whose reply announced it, with the wire numbers', () => {
    const f = new Ftp().banner().port(45145).pasv(39272);
    const [port, pasv] = run(f.records).sessions[0]!.commands;
    expect(port!.announced).toEqual({ ip: '192.168.0.106', port: 45145, numbers: [192, 168, 0, 106, 176, 89] });
    expect(pasv!.announced).toEqual({ ip: '193.166.3.2', port: 39272, numbers: [193, 166, 3, 2, 153, 104] });
  });

  it('decodes EPSV against the server address and leaves other commands without one', () => {
    const f = new Ftp()
      .banner()
      .cmd('EPSV')
      .reply('229 Entering Extended Passive Mode (|||50251|)')
      .cmd('NOOP')
      .reply('200 ok');
    const [epsv, noop] = run(f.records).sessions[0]!.commands;
    expect(epsv!.announced).toEqual({ ip: '193.166.3.2', port: 50251, numbers: null });
    expect(noop!.announced).toBeNull();
  });

  it('leaves an undecodable PORT without an address and says so', () => {
    const f = new Ftp().banner().cmd('PORT 1,2,3').reply('501 Illegal PORT command.');
    const r = run(f.records);
    expect(r.sessions[0]!.commands[0]!.announced).toBeNull();
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ code: 'protocol-oddity', kind: 'bad-address', count: 1 }),
    );
  });
});

describe('replies', () => {
  it('carry what their digits mean and the frame of their first segment', () => {
    const f = new Ftp().banner().cmd('USER bob');
    const first = f.ctl.send(false, '331 Please');
    const last = f.ctl.send(false, ' specify the password.\r\n');
    const reply = run(f.records).sessions[0]!.commands[0]!.reply!;
    expect(reply).toMatchObject({ code: 331, kind: 'intermediate', area: 'authentication' });
    expect([reply.firstFrame, reply.frame]).toEqual([first.frame, last.frame]);
  });
});

describe('transfers link their commands', () => {
  it('by index into the session commands, with the setup reply and the final reply frame', () => {
    const f = new Ftp().banner().pasv(39272);
    const data = f.clientConnects(39272);
    f.cmd('RETR a.txt').reply('150 Opening BINARY mode data connection.');
    data.sendBytes(false, 77).fin(false).fin(true);
    f.reply('226 Transfer complete.');
    const s = run(f.records).sessions[0]!;
    const t = s.transfers[0]!;
    expect(s.commands[t.setup.commandIndex]!.command).toBe('PASV');
    expect(s.commands[t.commandIndex]!.command).toBe('RETR');
    expect(t.setup.replyFrame).toBe(s.commands[t.setup.commandIndex]!.reply!.frame);
    expect(t.setup.replyText).toBe('Entering Passive Mode (193,166,3,2,153,104).');
    expect(t.setup.announced.numbers).toEqual([193, 166, 3, 2, 153, 104]);
    expect(t.completeFrame).toBe(s.commands[t.commandIndex]!.reply!.frame);
  });
});

describe('login attempts', () => {
  it('carry their time, the USER and reply frames and an outcome decided once', () => {
    const f = new Ftp().banner().login('bob', 'wrong', 530).login('bob', 'right', 230);
    const s = run(f.records).sessions[0]!;
    const [bad, good] = s.login.attempts;
    const user = s.commands.filter((c) => c.command === 'USER');
    const pass = s.commands.filter((c) => c.command === 'PASS');
    expect(bad).toMatchObject({ outcome: 'failed', replyCode: 530, userFrame: user[0]!.frame, frame: pass[0]!.frame });
    expect(bad!.replyFrame).toBe(pass[0]!.reply!.frame);
    expect(bad!.t).toBe(pass[0]!.t);
    expect(good).toMatchObject({ outcome: 'success', replyCode: 230, userFrame: user[1]!.frame });
    expect(s.login.outcome).toBe('success');
  });

  it('is unknown when the capture ends before the reply', () => {
    const f = new Ftp().banner().cmd('USER bob').reply('331 Password required').cmd('PASS x');
    const attempt = run(f.records).sessions[0]!.login.attempts[0]!;
    expect(attempt).toMatchObject({ outcome: 'unknown', replyCode: null, replyFrame: null });
  });
});

describe('findings and warnings are data', () => {
  it('names cleartext credentials with the users and the count, no sentence', () => {
    const f = new Ftp().banner().login('bob', 'secret');
    const finding = run(f.records).sessions[0]!.findings.find((x) => x.id === 'cleartext-credentials')!;
    expect(finding.data).toEqual({ passwords: 1, users: ['bob'] });
    expect(finding).not.toHaveProperty('message');
  });
});
