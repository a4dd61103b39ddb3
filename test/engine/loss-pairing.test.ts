// Pairing replies with commands when the capture lost bytes of either side or both (issue 12): the per-command reply
// table, replies never given to a command sent after them, lost replies and lost commands stated with their frames,
// multi-line replies closed at a gap, a PORT kept by a refused transfer command, and transfer facts from evidence.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { Command, Warning } from '../../src/model.js';
import { canAnswer } from '../../src/protocol/command-replies.js';
import type { PacketRecord } from '../../src/records/types.js';
import { Ftp } from './builder.js';

/** Runs the engine on the records, leaving out the ones the capture "lost". */
function run(records: PacketRecord[], lost: PacketRecord[] = []) {
  const engine = new Engine({ ftpPorts: [21] });
  for (const r of records) if (!lost.includes(r)) engine.push(r);
  return engine.finish();
}

/** The last record sent: the segment of the line just written. */
const last = (f: Ftp): PacketRecord => f.records[f.records.length - 1]!;

const dialogue = (commands: Command[]) => commands.map((c) => `${c.command} -> ${c.reply?.code ?? 'none'}`);

function oddity(warnings: Warning[], kind: string): number[] {
  const w = warnings.find((x) => x.code === 'protocol-oddity' && x.kind === kind);
  return w && w.code === 'protocol-oddity' ? w.frames : [];
}

describe('reply table per command (RFC 959 §5.4)', () => {
  it('lets a positive reply answer only the commands that can get it, and an error reply any command', () => {
    expect(canAnswer('PWD', 257)).toBe(true);
    expect(canAnswer('PWD', 213)).toBe(false);
    expect(canAnswer('MDTM', 200)).toBe(false);
    expect(canAnswer('PASV', 227)).toBe(true);
    expect(canAnswer('NOOP', 227)).toBe(false);
    expect(canAnswer('RETR', 150)).toBe(true);
    expect(canAnswer('CWD', 150)).toBe(false);
    expect(canAnswer('MDTM', 550)).toBe(true);
    expect(canAnswer('SITE', 200)).toBe(true); // not in the table: anything
  });
});

describe('pairing through loss', () => {
  it('keeps clean sessions paired by order, whatever the codes', () => {
    // 250 is not a PWD reply, but nothing was lost: order decides, as the server meant it
    const f = new Ftp().banner().login().cmd('PWD').reply('250 odd server').cmd('NOOP').reply('200 ok');
    expect(dialogue(run(f.records).sessions[0]!.commands).slice(2)).toEqual(['PWD -> 250', 'NOOP -> 200']);
  });

  it('states a lost reply and a lost command when both sides lost a segment close together', () => {
    const f = new Ftp().banner().login().cmd('CWD /d1').reply('250 CWD ok').cmd('PWD');
    const lost = [f.reply('257 "/d1" is the current directory').records.at(-1)!];
    lost.push(f.cmd('SIZE f1.txt').records.at(-1)!);
    f.reply('213 3072');
    const answer = last(f);
    f.cmd('MDTM f1.txt').reply('213 20240115120000').cmd('NOOP').reply('200 ok');
    const { sessions, warnings } = run(f.records, lost);
    const s = sessions[0]!;
    expect(dialogue(s.commands).slice(2)).toEqual(['CWD -> 250', 'PWD -> none', 'MDTM -> 213', 'NOOP -> 200']);
    const pwd = s.commands.find((c) => c.command === 'PWD')!;
    expect(oddity(warnings, 'reply-lost')).toEqual([pwd.frame]);
    expect(oddity(warnings, 'command-lost')).toEqual([answer.frame]);
    for (const c of s.commands) if (c.reply) expect(c.reply.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('never gives a reply to a command sent after it', () => {
    // the client lost its TYPE; the server's 200 to it arrives before the client's next command
    const f = new Ftp().banner().login();
    const lost = [f.cmd('TYPE I').records.at(-1)!];
    f.reply('200 Switching to Binary mode.').cmd('PWD').reply('257 "/"');
    const s = run(f.records, lost).sessions[0]!;
    const pwd = s.commands.find((c) => c.command === 'PWD')!;
    expect(pwd.reply?.code).toBe(257);
    expect(pwd.reply!.frame).toBeGreaterThan(pwd.frame);
  });

  it('gives a reply after a server gap to the command its code and text name, the skipped ones losing theirs', () => {
    const f = new Ftp().banner().login().cmd('TYPE I');
    const lost = [f.reply('200 Type set to I.').records.at(-1)!];
    f.cmd('PASV');
    lost.push(f.reply('227 Entering Passive Mode (193,166,3,2,100,1).').records.at(-1)!);
    f.cmd('SIZE a.bin').reply('213 3072').cmd('QUIT').reply('221 Bye');
    const { sessions, warnings } = run(f.records, lost);
    expect(dialogue(sessions[0]!.commands).slice(2)).toEqual([
      'TYPE -> none',
      'PASV -> none',
      'SIZE -> 213',
      'QUIT -> 221',
    ]);
    expect(oddity(warnings, 'reply-lost')).toHaveLength(2);
  });

  it('closes a multi-line reply at a gap in the server bytes instead of swallowing the replies after it', () => {
    const f = new Ftp().banner().cmd('USER anonymous').reply('331 Guest login ok').cmd('PASS x');
    f.ctl.send(false, '230-Welcome to the archive.\r\n');
    const lost = [f.reply('230-Please be nice.', '230 Guest login ok, access restrictions apply.').records.at(-1)!];
    f.port(52000).port(52001).cmd('QUIT').reply('221 Goodbye.');
    const { sessions, warnings } = run(f.records, lost);
    const s = sessions[0]!;
    expect(dialogue(s.commands)).toEqual(['USER -> 331', 'PASS -> 230', 'PORT -> 200', 'PORT -> 200', 'QUIT -> 221']);
    expect(s.commands[1]!.reply!.text).toBe('Welcome to the archive.');
    expect(oddity(warnings, 'reply-cut-by-gap')).toEqual([s.commands[1]!.reply!.frame]);
  });
});

describe('transfers from evidence', () => {
  it('keeps the PORT of a transfer command refused at once for the next one (PORT, RETR / → 550, LIST → 150)', () => {
    const f = new Ftp().banner().login().port(52000).cmd('RETR /').reply('550 /: not a plain file.').cmd('LIST');
    const data = f.serverConnects(52000);
    f.reply('150 Opening ASCII mode data connection for /bin/ls.');
    data.sendBytes(true, 700).fin(true).fin(false);
    f.reply('226 Transfer complete.');
    const s = run(f.records).sessions[0]!;
    expect(s.transfers.map((t) => [t.command, t.status, t.bytes])).toEqual([
      ['RETR', 'failed', null],
      ['LIST', 'complete', 700],
    ]);
    expect(s.transfers[1]!.setup.command).toBe('PORT');
  });

  it('gives a command that got only a 150 that reply, and its transfer no final reply', () => {
    const f = new Ftp().banner().login().pasv(40000);
    const data = f.clientConnects(40000);
    f.cmd('RETR big.bin').reply('150 Opening BINARY mode data connection for big.bin (100000 bytes).');
    data.sendBytes(false, 2896);
    const s = run(f.records).sessions[0]!;
    const retr = s.commands.find((c) => c.command === 'RETR')!;
    expect(retr.reply).toMatchObject({ code: 150, intermediate: [] });
    expect(s.transfers[0]).toMatchObject({ status: 'incomplete', bytes: 2896, completeFrame: null });
  });

  it('reports bytes as unknown (null), not 0, when the data connection is not in the capture', () => {
    const f = new Ftp().banner().login().pasv(40000).cmd('RETR a.txt').reply('150 Opening (25 bytes).');
    f.reply('226 Transfer complete.');
    const s = run(f.records).sessions[0]!;
    expect(s.transfers[0]).toMatchObject({ status: 'complete', bytes: null, data: null });
  });

  it('calls a 226 transfer whose data connection was refused by RST failed', () => {
    const f = new Ftp().banner().login().port(52000).cmd('RETR a.txt');
    const data = f.net.connect({ ip: f.server, port: 20 }, { ip: f.client, port: 52000 }, { handshake: false });
    data.syn().rst(false);
    f.reply('150 Opening data connection.').reply('226 Transfer complete.');
    const s = run(f.records).sessions[0]!;
    expect(s.transfers[0]).toMatchObject({ status: 'failed', bytes: 0 });
  });

  it('calls a download closed by FIN short of the size its 150 announced incomplete', () => {
    const f = new Ftp().banner().login().pasv(40000);
    const data = f.clientConnects(40000);
    f.cmd('RETR a.bin').reply('150 Opening BINARY mode data connection for a.bin (10000 bytes).');
    data.sendBytes(false, 4000).fin(false).fin(true);
    f.reply('226 Transfer complete.');
    expect(run(f.records).sessions[0]!.transfers[0]).toMatchObject({ status: 'incomplete', bytes: 4000 });
  });

  it('says how many announced bytes the capture missed when it stopped following an open data connection', () => {
    const f = new Ftp().banner().login().pasv(40000);
    const data = f.clientConnects(40000);
    f.cmd('RETR a.bin').reply('150 Opening BINARY mode data connection for a.bin (10000 bytes).');
    data.sendBytes(false, 4000);
    f.reply('226 Transfer complete.');
    const { sessions, warnings } = run(f.records);
    expect(sessions[0]!.transfers[0]).toMatchObject({ status: 'complete', bytes: 4000 });
    expect(warnings).toContainEqual({
      code: 'transfer-bytes-missing',
      sessionId: 'S1',
      transferId: 'S1-T1',
      command: 'RETR',
      bytes: 6000,
    });
  });
});

describe('TLS on the control channel, and clear text again', () => {
  /** A TLS application-data record of n bytes (content type 23, version 3.3). */
  const record = (n: number) => Uint8Array.from([0x17, 0x03, 0x03, 0, n, ...new Array<number>(n).fill(0xa5)]);

  it('reads the control channel again when clear text follows TLS (CCC, or the TLS session closed)', () => {
    const f = new Ftp().banner().cmd('AUTH TLS').reply('234 Proceed with negotiation.');
    f.ctl.send(true, record(40));
    f.ctl.send(false, record(60));
    f.cmd('PASV').reply('227 Entering Passive Mode (193,166,3,2,64,155).');
    const clearFrame = f.records.at(-2)!.frame;
    f.cmd('STOR up.bin').reply('150 Ok to send data.');
    const { sessions, warnings } = run(f.records);
    const s = sessions[0]!;
    expect(dialogue(s.commands)).toEqual(['AUTH -> 234', 'PASV -> 227', 'STOR -> 150']);
    expect(s.tls).toMatchObject({ requested: true, accepted: true });
    expect(s.transfers).toHaveLength(1);
    expect(warnings).toContainEqual({ code: 'tls-cleartext-again', sessionId: 'S1', frame: clearFrame });
  });

  it('does not take a retransmitted 234 for clear text after TLS', () => {
    const f = new Ftp().banner().cmd('AUTH TLS').reply('234 Proceed with negotiation.');
    f.ctl.retransmit(f.records.at(-1)!);
    f.ctl.send(true, record(40));
    const { sessions, warnings } = run(f.records);
    expect(dialogue(sessions[0]!.commands)).toEqual(['AUTH -> 234']);
    expect(warnings.map((w) => w.code)).not.toContain('tls-cleartext-again');
  });

  it('says a control channel caught mid-TLS is encrypted rather than calling it not FTP', () => {
    const f = new Ftp({ handshake: false });
    f.ctl.send(true, record(35));
    f.ctl.send(false, record(61));
    const { sessions, warnings } = run(f.records);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.findings.map((x) => x.id)).toEqual(['capture-starts-mid-session']);
    expect(warnings).toContainEqual({ code: 'tls-mid-session', sessionId: 'S1', frame: 1 });
  });
});

describe('a gap after a whole reply holds the reply to the next command', () => {
  it('gives NOOP its 200 when the 200 to the TYPE before it was lost, though 200 could answer both', () => {
    const f = new Ftp().banner().login().cmd('TYPE I');
    const lost = [f.reply('200 Type set to I.').records.at(-1)!];
    f.cmd('NOOP').reply('200 NOOP ok.').cmd('QUIT').reply('221 Bye');
    const s = run(f.records, lost).sessions[0]!;
    expect(dialogue(s.commands).slice(2)).toEqual(['TYPE -> none', 'NOOP -> 200', 'QUIT -> 221']);
  });

  it('gives a 200 to a lost NOOP, not to the TYPE whose 200 was lost too', () => {
    const f = new Ftp().banner().login().cmd('TYPE I');
    const lost = [f.reply('200 Type set to I.').records.at(-1)!];
    lost.push(f.cmd('NOOP').records.at(-1)!);
    f.reply('200 NOOP ok.');
    const answer = last(f);
    f.cmd('QUIT').reply('221 Bye');
    const { sessions, warnings } = run(f.records, lost);
    expect(dialogue(sessions[0]!.commands).slice(2)).toEqual(['TYPE -> none', 'QUIT -> 221']);
    expect(oddity(warnings, 'command-lost')).toEqual([answer.frame]);
  });

  it('reads the tail of a reply cut by a gap as that reply, and pairs the next one in order', () => {
    const f = new Ftp().banner().login().cmd('TYPE I');
    const lost = [f.ctl.send(false, '200 Type set')];
    f.ctl.send(false, ' to I.\r\n');
    f.cmd('NOOP').reply('200 NOOP ok.');
    const s = run(f.records, lost).sessions[0]!;
    expect(dialogue(s.commands).slice(2)).toEqual(['TYPE -> none', 'NOOP -> 200']);
  });
});
