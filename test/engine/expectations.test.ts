// Expectations are keyed by who will connect and the port, capped, and expire on capture time.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { Ftp, Net } from './builder.js';

describe('data-channel expectations', () => {
  it('match only a connection from the host the control connection says will open it', () => {
    const net = new Net();
    const f = new Ftp({ net, client: '10.0.0.5' }).banner().pasv(40000);
    // a third host connects to the announced port first: not this session's data connection
    net.connect({ ip: '10.0.0.9', port: 51000 }, { ip: f.server, port: 40000 }).fin(true).fin(false);
    f.clientConnects(40000).fin(true).fin(false);
    const engine = new Engine({ ftpPorts: [21] });
    for (const r of net.records) engine.push(r);
    expect(engine.openExpectations).toBe(0);
    const unmatched = engine.finish().unmatchedDataConnections;
    expect(unmatched.map((d) => d.src.ip)).toEqual(['10.0.0.5']);
  });

  it('keep two sessions on one port apart by their client addresses', () => {
    const net = new Net();
    const a = new Ftp({ net, client: '10.0.0.5', clientPort: 40001 }).banner().pasv(40000);
    const b = new Ftp({ net, client: '10.0.0.6', clientPort: 40002 }).banner().pasv(40000);
    b.clientConnects(40000, 50002).fin(true).fin(false);
    a.clientConnects(40000, 50001).fin(true).fin(false);
    const engine = new Engine({ ftpPorts: [21] });
    for (const r of net.records) engine.push(r);
    const r = engine.finish();
    const bySession = r.unmatchedDataConnections.map((d) => d.src.port);
    expect(bySession.sort()).toEqual([50001, 50002]);
    expect(engine.openExpectations).toBe(0);
  });

  it('expire after the timeout of capture time, and the report says how many', () => {
    const f = new Ftp().banner().pasv(40000);
    f.net.step = 2_000_000; // two seconds between packets from here on
    f.cmd('NOOP').reply('200 ok');
    f.clientConnects(40000).fin(true).fin(false);
    const engine = new Engine({ ftpPorts: [21], expectationTimeoutS: 5 });
    for (const r of f.records) engine.push(r);
    const r = engine.finish();
    expect(r.warnings).toContainEqual({ code: 'expectations-expired', count: 1, seconds: 5 });
    expect(r.unmatchedDataConnections).toHaveLength(1);
    expect(r.unmatchedDataConnections[0]!.synFrame).not.toBeNull();
  });

  it('do not expire within the timeout', () => {
    const f = new Ftp().banner().pasv(40000);
    f.net.step = 2_000_000;
    f.cmd('RETR a').reply('150 ok');
    const d = f.clientConnects(40000);
    d.sendBytes(false, 10).fin(false).fin(true);
    f.reply('226 ok');
    const engine = new Engine({ ftpPorts: [21], expectationTimeoutS: 60 });
    for (const r of f.records) engine.push(r);
    const r = engine.finish();
    expect(r.warnings.filter((w) => w.code === 'expectations-expired')).toEqual([]);
    expect(r.sessions[0]!.transfers[0]!.bytes).toBe(10);
  });
});
