// What a stream is (issue 12): FTP by its dialogue, other protocols left out with a note, connections that never
// opened listed as attempts, a SYN scan as one finding, and data connections only with FTP-data evidence.
import { describe, expect, it } from 'vitest';
import { otherProtocolOf } from '../../src/engine/dialogue.js';
import { Engine } from '../../src/engine/engine.js';
import type { PacketRecord } from '../../src/records/types.js';
import { CLIENT, Ftp, Net, SERVER } from './builder.js';

function run(records: PacketRecord[]) {
  const engine = new Engine({ ftpPorts: [21] });
  for (const r of records) engine.push(r);
  return engine.finish();
}

describe('protocol by dialogue', () => {
  it('tells SMTP, HTTP and POP3 dialogues from FTP ones', () => {
    expect(otherProtocolOf('mail.example ESMTP Postfix', ['EHLO'])).toBe('SMTP');
    expect(otherProtocolOf('Service ready', ['EHLO', 'MAIL', 'RCPT', 'DATA', 'QUIT', 'NOOP'])).toBe('SMTP');
    expect(otherProtocolOf(null, ['GET'])).toBe('HTTP');
    expect(otherProtocolOf('FTP server ready', ['USER', 'PASS', 'PASV', 'RETR', 'QUIT'])).toBeNull();
    // a banner naming SMTP does not outweigh FTP-only commands
    expect(otherProtocolOf('FTP and SMTP gateway', ['USER', 'PASS', 'PASV', 'LIST'])).toBeNull();
  });

  it('leaves an SMTP session on port 25 out, with a warning, even though it sends QUIT and NOOP', () => {
    const f = new Ftp({ serverPort: 25 }).banner('220 mail.example.com ESMTP Postfix');
    f.cmd('EHLO client').reply('250-mail.example.com', '250 8BITMIME').cmd('MAIL FROM:<a@b.c>').reply('250 Ok');
    f.cmd('NOOP').reply('250 Ok').cmd('QUIT').reply('221 Bye');
    const r = run(f.records);
    expect(r.sessions).toEqual([]);
    expect(r.warnings).toContainEqual({
      code: 'other-protocol',
      tcpStream: 0,
      port: 25,
      commands: ['EHLO', 'MAIL', 'NOOP', 'QUIT'],
    });
  });
});

describe('connection attempts and scans', () => {
  it('lists a SYN to port 21 that nobody answered as an attempt, not as a session caught mid-way', () => {
    const net = new Net();
    net.connect({ ip: CLIENT, port: 1596 }, { ip: SERVER, port: 21 }, { handshake: false }).syn();
    const r = run(net.records);
    expect(r.sessions).toEqual([]);
    expect(r.findings).toEqual([
      {
        id: 'connection-attempts',
        severity: 'info',
        sessionId: null,
        frames: [1],
        data: { count: 1, refused: 0, unanswered: 1, ports: [21] },
      },
    ]);
  });

  it('summarises SYNs to many ports as one port-scan finding, and none of them as a data connection', () => {
    const f = new Ftp().banner().login();
    for (let port = 1; port <= 30; port++) {
      f.net.connect({ ip: CLIENT, port: 36050 }, { ip: SERVER, port }, { handshake: false }).syn().rst(false);
    }
    const r = run(f.records);
    expect(r.sessions).toHaveLength(1);
    expect(r.unmatchedDataConnections).toEqual([]);
    const scan = r.findings.find((x) => x.id === 'syn-scan');
    expect(scan?.data).toEqual({ source: CLIENT, target: SERVER, ports: 30 });
    expect(r.findings.find((x) => x.id === 'connection-attempts')?.data).toMatchObject({ count: 1, refused: 1 });
  });
});

describe('data connections need FTP-data evidence', () => {
  it('does not take an SMB connection on 139 between the session hosts for a data connection', () => {
    const f = new Ftp().banner().login();
    f.net.connect({ ip: CLIENT, port: 4271 }, { ip: SERVER, port: 139 }).sendBytes(true, 500).sendBytes(false, 900);
    expect(run(f.records).unmatchedDataConnections).toEqual([]);
  });

  it('reports a data connection from port 20 whose control connection is not in the capture', () => {
    const net = new Net();
    net.connect({ ip: SERVER, port: 20 }, { ip: CLIENT, port: 2662 }).sendBytes(false, 50_000).rst(false);
    const r = run(net.records);
    expect(r.unmatchedDataConnections).toHaveLength(1);
    expect(r.unmatchedDataConnections[0]).toMatchObject({ initiator: 'server', bytesToServer: 50_000 });
    expect(r.findings.map((x) => x.id)).toEqual(['data-connection-unmatched']);
  });
});
