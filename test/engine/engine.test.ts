import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { PacketRecord } from '../../src/records/types.js';
import { Ftp, Net } from './builder.js';

function run(records: PacketRecord[], ftpPorts = [21]) {
  const engine = new Engine({ ftpPorts });
  for (const r of records) engine.push(r);
  return engine.finish();
}

function passiveList(f: Ftp, options: { connectBeforeCommand: boolean; bytes?: number }) {
  f.pasv(39272);
  let data;
  if (options.connectBeforeCommand) data = f.clientConnects(39272);
  f.cmd('LIST');
  if (!options.connectBeforeCommand) data = f.clientConnects(39272);
  f.reply('150 Here comes the directory listing.');
  data!
    .sendBytes(false, options.bytes ?? 625)
    .fin(false)
    .fin(true);
  f.reply('226 Directory send OK.');
  return data!;
}

describe('control channel', () => {
  it('joins a command typed one character per segment into one line', () => {
    const f = new Ftp().banner();
    f.typed('user anonymous');
    f.reply('331 Anonymous access allowed, send identity (e-mail name) as password.');
    f.typed('pass 1');
    f.reply('230 User logged in.');
    const { sessions } = run(f.records);
    const [user, pass] = sessions[0]!.commands;
    expect(user).toMatchObject({ command: 'USER', arg: 'anonymous', reply: { code: 331 } });
    expect(pass).toMatchObject({ command: 'PASS', arg: '1', reply: { code: 230 } });
    // the command counts from the segment carrying CRLF; its first character came 14 segments earlier
    expect(user!.firstFrame).toBe(user!.frame - 14);
  });

  it('splits several commands that arrive in one segment', () => {
    const f = new Ftp().banner();
    f.ctl.send(true, 'USER bob\r\nPASS secret\r\n');
    f.reply('331 Password required', '230 Logged in');
    const s = run(f.records).sessions[0]!;
    expect(s.commands.map((c) => [c.command, c.arg, c.reply?.code])).toEqual([
      ['USER', 'bob', 331],
      ['PASS', 'secret', 230],
    ]);
  });

  it('reads commands case-insensitively and upper-cases the verb', () => {
    const f = new Ftp()
      .banner()
      .cmd('pasv')
      .reply('227 Entering Passive Mode (193,166,3,2,153,104)')
      .cmd('retr hehe.txt');
    const s = run(f.records).sessions[0]!;
    expect(s.commands.map((c) => c.command)).toEqual(['PASV', 'RETR']);
    expect(s.transfers[0]).toMatchObject({
      command: 'RETR',
      arg: 'hehe.txt',
      setup: { command: 'PASV', announced: { ip: '193.166.3.2', port: 39272 } },
    });
  });

  it('keeps a multi-line reply whole and matches it to its command', () => {
    const f = new Ftp().banner().cmd('USER anonymous');
    f.reply(
      '331-welcome to the FUNET anonymous ftp archive',
      '331- ',
      '331-Serving freely distributable files with FTP since 1990',
      '331 Any password will work',
    );
    const c = run(f.records).sessions[0]!.commands[0]!;
    expect(c.reply?.code).toBe(331);
    expect(c.reply?.text.split('\n')).toEqual([
      'welcome to the FUNET anonymous ftp archive',
      ' ',
      'Serving freely distributable files with FTP since 1990',
      'Any password will work',
    ]);
  });

  it('keeps a multi-line banner split across segments as one banner', () => {
    const f = new Ftp();
    f.ctl.send(false, '220-Welcome\r\n220-to the ');
    f.ctl.send(false, 'archive\r\n220 ready\r\n');
    f.cmd('USER elly').reply('331 Password required for elly.');
    const s = run(f.records).sessions[0]!;
    expect(s.banner).toBe('Welcome\nto the archive\nready');
    expect(s.commands[0]!.reply?.code).toBe(331);
  });

  it('puts segments that arrive out of order back in sequence order', () => {
    const f = new Ftp().banner();
    const seq = f.ctl.a.seq;
    f.ctl.sendAt(true, seq + 5, 'anonymous\r\n');
    f.ctl.sendAt(true, seq, 'USER ');
    f.ctl.a.seq += 'USER anonymous\r\n'.length;
    f.reply('331 ok');
    const s = run(f.records).sessions[0]!;
    expect(s.commands[0]).toMatchObject({ command: 'USER', arg: 'anonymous', reply: { code: 331 } });
  });

  it('reads a retransmitted command once', () => {
    const f = new Ftp().banner();
    const rec = f.ctl.send(true, 'NOOP\r\n');
    f.ctl.retransmit(rec);
    f.reply('200 NOOP ok.');
    expect(run(f.records).sessions[0]!.commands.map((c) => c.command)).toEqual(['NOOP']);
  });

  it('records intermediate replies before the final one', () => {
    const f = new Ftp().banner().login();
    passiveList(f, { connectBeforeCommand: true });
    const list = run(f.records).sessions[0]!.commands.find((c) => c.command === 'LIST')!;
    expect(list.reply?.code).toBe(226);
    expect(list.reply?.intermediate.map((i) => i.code)).toEqual([150]);
  });

  it('survives malformed replies and binary lines without throwing', () => {
    const f = new Ftp();
    f.ctl.send(false, 'SSH-2.0-OpenSSH_9.2\r\n');
    f.ctl.send(true, Buffer.from([0, 1, 2, 255, 254, 13, 10]));
    f.ctl.send(false, '2x0 odd\r\n999 out of range\r\n230Login ok\r\n');
    const { sessions, warnings } = run(f.records);
    expect(sessions).toHaveLength(1);
    const kinds = warnings.flatMap((w) => (w.code === 'protocol-oddity' ? [w.kind] : []));
    expect(kinds).toContain('reply-invalid-code');
    expect(kinds).toContain('malformed-command');
  });

  it('cuts over-long lines and says so', () => {
    const f = new Ftp().banner();
    f.ctl.sendBytes(true, 20_000);
    f.cmd('');
    const { sessions, warnings } = run(f.records);
    expect(sessions).toHaveLength(1);
    expect(warnings).toContainEqual(
      expect.objectContaining({ code: 'protocol-oddity', kind: 'line-too-long', count: 1 }),
    );
  });
});

describe('login', () => {
  it('records a failed then a successful attempt', () => {
    const f = new Ftp().banner().login('alice', 'wrong', 530).login('alice', 'right', 230);
    const s = run(f.records).sessions[0]!;
    expect(s.login.outcome).toBe('success');
    expect(s.login.user).toBe('alice');
    expect(s.login.password).toBe('right');
    expect(s.login.anonymous).toBe(false);
    expect(s.login.attempts.map((a) => [a.user, a.password, a.replyCode])).toEqual([
      ['alice', 'wrong', 530],
      ['alice', 'right', 230],
    ]);
    expect(s.findings.map((x) => x.id)).toEqual(expect.arrayContaining(['cleartext-credentials', 'failed-logins']));
  });

  it('calls five failed logins brute force', () => {
    const f = new Ftp().banner();
    for (let i = 0; i < 5; i++) f.login('root', `guess${i}`, 530);
    const s = run(f.records).sessions[0]!;
    expect(s.login.outcome).toBe('failed');
    expect(s.findings.find((x) => x.id === 'brute-force')?.frames).toHaveLength(5);
  });

  it('marks anonymous logins', () => {
    const f = new Ftp().banner().login('anonymous', 'x@x.com');
    const s = run(f.records).sessions[0]!;
    expect(s.login).toMatchObject({ anonymous: true, outcome: 'success', user: 'anonymous' });
    expect(s.findings.map((x) => x.id)).toContain('anonymous-login');
  });

  it('treats AUTH TLS answered 234 as the end of readable traffic', () => {
    const f = new Ftp().banner().cmd('AUTH TLS').reply('234 Proceed with negotiation.');
    f.ctl.send(true, Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x0d, 0x0a]));
    const s = run(f.records).sessions[0]!;
    expect(s.tls).toEqual({ requested: true, accepted: true, frame: s.commands[0]!.frame, implicit: false });
    expect(s.commands).toHaveLength(1);
  });
});

describe('data connections', () => {
  it('binds a passive LIST whose data connection opened before the command', () => {
    const f = new Ftp().banner().login();
    passiveList(f, { connectBeforeCommand: true });
    const t = run(f.records).sessions[0]!.transfers[0]!;
    expect(t).toMatchObject({
      command: 'LIST',
      direction: 'listing',
      mode: 'passive',
      bytes: 625,
      status: 'complete',
      replyCodes: [150, 226],
    });
    expect(t.data).toMatchObject({
      initiator: 'client',
      openedBeforeCommand: true,
      bytesToClient: 625,
      bytesToServer: 0,
      dst: { port: 39272 },
    });
  });

  it('binds an active LIST whose data connection the server opened from port 20 after the command', () => {
    const f = new Ftp().banner().login().port(52687).cmd('LIST');
    const data = f.serverConnects(52687);
    f.reply('150 Connecting to port 52687');
    data.sendBytes(true, 625).fin(true).fin(false);
    f.reply('226-Options: -l', '226 1 matches total');
    const t = run(f.records).sessions[0]!.transfers[0]!;
    expect(t.mode).toBe('active');
    expect(t.setup).toMatchObject({ command: 'PORT', replyCode: 200, announced: { ip: '192.168.0.106', port: 52687 } });
    expect(t.data).toMatchObject({
      initiator: 'server',
      src: { port: 20 },
      dst: { port: 52687 },
      openedBeforeCommand: false,
      closedBy: 'server',
    });
    expect(t.bytes).toBe(625);
    expect(t.replyCodes).toEqual([150, 226]);
  });

  it('binds an active RETR whose data connection the server opened right after PORT, before its reply', () => {
    const f = new Ftp().banner().login().cmd('PORT 192,168,0,106,249,156');
    const data = f.serverConnects(63900);
    f.reply('200 PORT command successful.')
      .cmd('RETR hehe.txt')
      .reply('125 Data connection already open; Transfer starting.');
    data.send(true, 'heheh');
    data.fin(true).fin(false);
    f.reply('226 Transfer complete.');
    const t = run(f.records).sessions[0]!.transfers[0]!;
    expect(t.data).toMatchObject({ initiator: 'server', openedBeforeCommand: true, dst: { port: 63900 } });
    expect(t.bytes).toBe(5);
    expect(t.replyCodes).toEqual([125, 226]);
    expect(t.timing.setupToSynMs).toBeLessThan(0); // the SYN came before the 200 reply
  });

  it('matches a data connection from a port other than 20 in active mode', () => {
    const f = new Ftp().banner().login().port(33582).cmd('RETR robots.txt');
    const data = f.serverConnects(33582, 61918);
    f.reply('150 Opening');
    data.sendBytes(true, 77).fin(true).fin(false);
    f.reply('226 Transfer complete.');
    const t = run(f.records).sessions[0]!.transfers[0]!;
    expect(t.data?.src.port).toBe(61918);
    expect(t.bytes).toBe(77);
  });

  it('matches EPSV and EPRT over IPv6', () => {
    const f = new Ftp({ client: '2001:db8::1', server: '2001:db8::21' }).banner().login();
    f.cmd('EPSV').reply('229 Entering Extended Passive Mode (|||57086|)');
    const d1 = f.clientConnects(57086);
    f.cmd('LIST').reply('150 Here');
    d1.sendBytes(false, 342).fin(false).fin(true);
    f.reply('226 Done');
    f.cmd('EPRT |2|2001:0db8:0000::1|49189|').reply('200 EPRT command successful.').cmd('RETR robots.txt');
    const d2 = f.serverConnects(49189, 55785);
    f.reply('150 Opening');
    d2.sendBytes(true, 77).fin(true).fin(false);
    f.reply('226 Done');
    const [t1, t2] = run(f.records).sessions[0]!.transfers;
    expect(t1).toMatchObject({
      mode: 'passive',
      setup: { command: 'EPSV', announced: { ip: '2001:db8::21', port: 57086 } },
      bytes: 342,
    });
    expect(t2).toMatchObject({
      mode: 'active',
      setup: { command: 'EPRT', announced: { ip: '2001:db8::1', port: 49189 } },
      bytes: 77,
    });
    expect(t2!.data?.initiator).toBe('server');
  });

  it('matches a NATed PASV address and reports the mismatch', () => {
    const f = new Ftp().banner().login().pasv(40000, '10.0.0.5');
    const d = f.clientConnects(40000);
    f.cmd('RETR a.txt').reply('150 ok');
    d.sendBytes(false, 100).fin(false).fin(true);
    f.reply('226 ok');
    const s = run(f.records).sessions[0]!;
    expect(s.transfers[0]!.data).not.toBeNull();
    expect(s.findings.find((x) => x.id === 'pasv-address-mismatch')?.severity).toBe('medium');
  });

  it('reports PORT to a third host as a possible bounce', () => {
    const f = new Ftp().banner().login().port(8080, '10.9.9.9');
    expect(run(f.records).sessions[0]!.findings.map((x) => x.id)).toContain('ftp-bounce');
  });

  it('counts retransmitted and overlapping data bytes once', () => {
    const f = new Ftp().banner().login().pasv(40001);
    const d = f.clientConnects(40001);
    f.cmd('RETR big.bin').reply('150 ok');
    const first = d.send(false, new Uint8Array(1448));
    d.send(false, new Uint8Array(1448));
    d.retransmit(first);
    d.fin(false).fin(true);
    f.reply('226 ok');
    const t = run(f.records).sessions[0]!.transfers[0]!;
    expect(t.bytes).toBe(2896);
    expect(t.data?.bytesToClient).toBe(2896);
  });

  it('sets the status from the replies: failed, aborted and incomplete', () => {
    const f = new Ftp().banner().login();
    f.pasv(40010).cmd('RETR missing.txt').reply('550 Failed to open file.');
    f.pasv(40011);
    const d = f.clientConnects(40011);
    f.cmd('RETR big.iso').reply('150 ok');
    d.sendBytes(false, 3000);
    f.cmd('ABOR').reply('426 Connection closed; transfer aborted.', '226 Abort successful');
    f.pasv(40012);
    const d3 = f.clientConnects(40012);
    f.cmd('RETR last.bin').reply('150 ok');
    d3.sendBytes(false, 1000);
    const ts = run(f.records).sessions[0]!.transfers;
    expect(ts.map((t) => t.status)).toEqual(['failed', 'aborted', 'incomplete']);
    expect(ts[1]!.bytes).toBe(3000);
    expect(ts[2]!.bytes).toBe(1000);
    expect(ts[0]!.data).toBeNull();
  });

  it('times each phase of a transfer', () => {
    const f = new Ftp().banner().login();
    f.net.step = 1000; // 1 ms between packets
    const d = passiveList(f, { connectBeforeCommand: false, bytes: 2000 });
    const t = run(f.records).sessions[0]!.transfers[0]!;
    expect(t.timing.setupToSynMs).toBeGreaterThan(0);
    expect(t.timing.commandToFirstByteMs).toBeGreaterThan(0);
    expect(t.timing.transferMs).toBe(1); // two segments, 1 ms apart
    expect(t.timing.throughputBps).toBe(2_000_000);
    expect(d.stream).toBe(t.data?.tcpStream);
  });

  it('lists a data connection that no command explains', () => {
    const f = new Ftp().banner().login();
    const d = f.clientConnects(41000);
    d.sendBytes(false, 10).fin(false).fin(true);
    const r = run(f.records);
    expect(r.unmatchedDataConnections).toHaveLength(1);
    expect(r.findings.map((x) => x.id)).toContain('data-connection-unmatched');
  });
});

describe('capture level', () => {
  it('says so when a capture has no FTP', () => {
    const net = new Net();
    const c = net.connect({ ip: '10.0.0.1', port: 40000 }, { ip: '10.0.0.2', port: 80 });
    c.send(true, 'GET / HTTP/1.1\r\n\r\n');
    const r = run(net.records);
    expect(r.sessions).toEqual([]);
    expect(r.warnings).toEqual([{ code: 'no-ftp-session' }]);
  });

  it('parses a session whose handshake was not captured and warns', () => {
    const f = new Ftp({ handshake: false });
    f.cmd('PASV').reply('227 Entering Passive Mode (193,166,3,2,153,104)');
    const d = f.clientConnects(39272);
    f.cmd('LIST').reply('150 ok');
    d.sendBytes(false, 10).fin(false).fin(true);
    f.reply('226 ok');
    const r = run(f.records);
    const s = r.sessions[0]!;
    expect(s.handshake).toBeNull();
    expect(s.client.ip).toBe('192.168.0.106');
    expect(s.transfers[0]!.bytes).toBe(10);
    expect(r.warnings).toContainEqual({ code: 'handshake-missing', sessionId: 'S1' });
  });

  it('orders sessions by first packet and numbers them S1, S2', () => {
    const net = new Net();
    const a = new Ftp({ net, clientPort: 50001 }).banner();
    const b = new Ftp({ net, clientPort: 50002 }).banner();
    a.cmd('QUIT');
    b.cmd('QUIT');
    const r = run(net.records);
    expect(r.sessions.map((s) => [s.id, s.client.port])).toEqual([
      ['S1', 50001],
      ['S2', 50002],
    ]);
  });

  it('finds FTP on a port given as an FTP port, and on any port by its greeting unless told not to', () => {
    const f = new Ftp({ serverPort: 2121 }).banner().login();
    const given = new Engine({ ftpPorts: [21, 2121] });
    for (const r of f.records) given.push(r);
    expect(given.finish().sessions[0]!.findings.map((x) => x.id)).not.toContain('ftp-nonstandard-port');
    const detected = run(f.records, [21]).sessions;
    expect(detected).toHaveLength(1);
    expect(detected[0]!.server.port).toBe(2121);
    expect(detected[0]!.handshake).not.toBeNull();
    expect(detected[0]!.login.user).toBe('anonymous');
    expect(detected[0]!.findings.map((x) => x.id)).toContain('ftp-nonstandard-port');
    const off = new Engine({ ftpPorts: [21], detectFtp: false });
    for (const r of f.records) off.push(r);
    expect(off.finish().sessions).toHaveLength(0);
  });

  it('does not take other protocols for FTP', () => {
    const net = new Net();
    const http = net.connect({ ip: '10.0.0.1', port: 40000 }, { ip: '10.0.0.2', port: 8080 }, { ctl: true });
    http.send(true, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    http.send(false, 'HTTP/1.1 200 OK\r\n\r\n');
    const smtp = net.connect({ ip: '10.0.0.1', port: 40001 }, { ip: '10.0.0.2', port: 25 }, { ctl: true });
    smtp.send(false, '220 mail.example ESMTP\r\n');
    smtp.send(true, 'EHLO x\r\n');
    const r = run(net.records);
    // an SMTP greeting looks like FTP's (220), but its client's EHLO is no FTP command
    expect(r.sessions).toEqual([]);
    expect(r.warnings).toContainEqual({ code: 'other-protocol', tcpStream: 1, port: 25, commands: ['EHLO'] });
  });
});

describe('packet rows', () => {
  it("keeps every control packet and a long data connection's handshake, first and last segments and teardown", () => {
    const f = new Ftp().banner().login().pasv(40100);
    const d = f.clientConnects(40100);
    f.cmd('RETR big.bin').reply('150 ok');
    d.sendBytes(false, 1448 * 100)
      .fin(false)
      .fin(true);
    f.reply('226 ok');
    const engine = new Engine({ ftpPorts: [21], dataRows: { head: 3, tail: 2 } });
    for (const r of f.records) engine.push(r);
    const s = engine.finish().sessions[0]!;
    const data = s.packets.filter((p) => p.tcpStream === d.stream);
    // SYN, SYN/ACK, ACK + 3 first + 2 last segments + FIN, FIN
    expect(data).toHaveLength(3 + 3 + 2 + 2);
    expect(s.collapsedPackets).toEqual([
      {
        tcpStream: d.stream,
        firstFrame: data[5]!.frame + 1,
        lastFrame: data[6]!.frame - 1,
        packets: 95,
        payloadBytes: 95 * 1448,
      },
    ]);
    const control = s.packets.filter((p) => p.tcpStream === f.ctl.stream);
    expect(control).toHaveLength(f.records.filter((r) => r.tcp!.stream === f.ctl.stream).length);
    expect(s.packets.map((p) => p.frame)).toEqual([...s.packets.map((p) => p.frame)].sort((a, b) => a - b));
  });
});

describe('encryption and other protocols on FTP ports', () => {
  it('reports implicit FTPS on port 990 as encrypted from the first byte', () => {
    const f = new Ftp({ serverPort: 990 });
    f.ctl.send(true, Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5]));
    f.ctl.send(false, Buffer.from([0x16, 0x03, 0x03, 0x00, 0x02, 9, 9]));
    const s = run(f.records).sessions[0]!;
    expect(s.tls).toEqual({ requested: true, accepted: true, frame: null, implicit: true });
    expect(s.commands).toEqual([]);
    expect(s.findings.map((x) => x.id)).toEqual(['tls-implicit']);
  });

  it('marks a session on port 21 that does not speak FTP (an SSH server)', () => {
    const f = new Ftp();
    f.ctl.send(false, 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
    f.ctl.send(true, 'SSH-2.0-OpenSSH_9.2\r\n');
    f.ctl.send(false, Buffer.from([0, 0, 1, 0x14, 0x0a, 0x14, 0xff, 0x00]));
    const s = run(f.records).sessions[0]!;
    const finding = s.findings.find((x) => x.id === 'not-ftp');
    expect(finding?.data).toEqual({ port: 21, firstServerLine: 'SSH-2.0-OpenSSH_9.2p1 Debian-2' });
    expect(s.commands).toEqual([]);
  });

  it('does not mark a real FTP session', () => {
    const f = new Ftp().banner().login();
    expect(run(f.records).sessions[0]!.findings.map((x) => x.id)).not.toContain('not-ftp');
  });
});
