// The live tracker: each event is told right after the packet that makes it known, once, in order.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { LiveTracker } from '../../src/engine/live-events.js';
import type { LiveEvent } from '../../src/model.js';
import type { PacketRecord } from '../../src/records/types.js';
import { Ftp } from './builder.js';

/** Pushes records one by one and returns, per record, the events told right after it. */
function live(records: PacketRecord[]): { byFrame: Map<number, LiveEvent[]>; all: LiveEvent[]; end: LiveEvent[] } {
  const engine = new Engine({ ftpPorts: [21], release: false });
  const tracker = new LiveTracker();
  const byFrame = new Map<number, LiveEvent[]>();
  const all: LiveEvent[] = [];
  for (const r of records) {
    engine.push(r);
    const events = tracker.scan(engine.sessionStates);
    if (events.length > 0) byFrame.set(r.frame, events);
    all.push(...events);
  }
  engine.finish();
  all.push(...tracker.scan(engine.sessionStates));
  const end = tracker.unfinished();
  return { byFrame, all, end };
}

describe('live events', () => {
  it('tells a session, its login, a PASV, the data connection, the transfer and the close, each once', () => {
    const f = new Ftp().banner().login('demo', 'secret');
    f.pasv(39272).cmd('RETR hehe.txt');
    const data = f.clientConnects(39272, 52701);
    f.reply('150 Opening data connection.');
    data.sendBytes(false, 5).fin(false).fin(true);
    f.reply('226 Transfer complete.');
    f.ctl.fin(true);
    const { all, end } = live(f.records);
    expect(all.map((e) => e.kind)).toEqual([
      'session-opened',
      'login',
      'data-setup',
      'data-opened',
      'transfer',
      'session-closed',
    ]);
    expect(all[1]).toMatchObject({ session: 'S1', user: 'demo', outcome: 'success', replyCode: 230 });
    expect(all[2]).toMatchObject({ command: 'PASV', address: { ip: f.server, port: 39272 } });
    expect(all[3]).toMatchObject({ initiator: 'client', from: { ip: f.client, port: 52701 } });
    expect(all[4]).toMatchObject({ command: 'RETR', arg: 'hehe.txt', status: 'complete', bytes: 5, replyCode: 226 });
    expect(all[5]).toMatchObject({ kind: 'session-closed', by: 'client' });
    expect(end).toEqual([]);
    // nothing of the password is in any event
    expect(JSON.stringify(all)).not.toContain('secret');
  });

  it('tells a login only once its reply came, right after that packet', () => {
    const f = new Ftp().banner();
    f.cmd('USER bob').reply('331 Password required');
    f.cmd('PASS x');
    const passFrame = f.records.at(-1)!.frame;
    f.reply('530 Login incorrect.');
    const replyFrame = f.records.at(-1)!.frame;
    const { byFrame } = live(f.records);
    expect(byFrame.get(passFrame)).toBeUndefined();
    expect(byFrame.get(replyFrame)).toEqual([
      { kind: 'login', session: 'S1', t: expect.any(Number), user: 'bob', outcome: 'failed', replyCode: 530 },
    ]);
  });

  it('tells a PORT at the command, and the server opening the data connection', () => {
    const f = new Ftp().banner().login();
    f.port(40001).cmd('LIST');
    const data = f.serverConnects(40001);
    f.reply('150 Here comes the listing.');
    data.sendBytes(true, 300).fin(true).fin(false); // a is the server here: it opened the connection
    f.reply('226 Done.');
    const { all } = live(f.records);
    expect(all.find((e) => e.kind === 'data-setup')).toMatchObject({ command: 'PORT', address: { port: 40001 } });
    expect(all.find((e) => e.kind === 'data-opened')).toMatchObject({ initiator: 'server', from: { port: 20 } });
    expect(all.find((e) => e.kind === 'transfer')).toMatchObject({ command: 'LIST', bytes: 300, status: 'complete' });
  });

  it('at the end, a transfer still waiting for its reply is incomplete, with the bytes seen', () => {
    const f = new Ftp().banner().login();
    f.pasv(39272).cmd('STOR big.bin');
    const data = f.clientConnects(39272);
    f.reply('150 Ok to send data.');
    data.sendBytes(true, 4000);
    const { all, end } = live(f.records);
    expect(all.some((e) => e.kind === 'transfer')).toBe(false);
    expect(end).toEqual([
      expect.objectContaining({ kind: 'transfer', command: 'STOR', status: 'incomplete', bytes: 4000 }),
    ]);
  });
});
