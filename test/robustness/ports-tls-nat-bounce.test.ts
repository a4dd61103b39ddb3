// FTP where a reader may not expect it: on 2121 and 8021, under TLS (explicit and implicit), behind a
// NAT'd PASV address, and told to send data to a third host (bounce). Real servers and clients.
import { describe, expect, it } from 'vitest';
import { assertContract } from '../contract.js';
import { cmd, dialogue, only, report, transfer, warningsOf } from './captures.js';

describe('FTP on ports 2121 and 8021, found without --ftp-port (nonstandard-ports)', () => {
  it('finds both sessions by their first payload and names the port in an ftp-nonstandard-port finding', async () => {
    const r = await report('nonstandard-ports');
    assertContract(r);
    expect(r.capture.ftpPorts).toEqual([21, 2121, 8021]); // the ports FTP was found on (issue 12);
    expect(r.sessions.map((s) => s.server.port)).toEqual([2121, 8021]);
    for (const s of r.sessions) {
      const f = s.findings.find((x) => x.id === 'ftp-nonstandard-port');
      expect(f, s.id).toBeDefined();
      expect(f!.message).toContain(`port ${s.server.port}`);
      expect(s.handshake).not.toBeNull();
      expect(f!.frames).toEqual([s.handshake!.synFrame]);
    }
  });

  it('reads the sessions as fully as on port 21: banner, login, commands and replies', async () => {
    const r = await report('nonstandard-ports');
    expect(r.sessions).toHaveLength(2);
    for (const s of r.sessions) {
      expect(s.banner).not.toBeNull();
      expect(s.login.outcome).toBe('success');
      expect(s.commands.every((c) => c.reply !== null)).toBe(true);
    }
  });

  it('matches the passive data connection on 2121 and the active one from port 20 on 8021', async () => {
    const r = await report('nonstandard-ports');
    const [s2121, s8021] = r.sessions;
    expect(transfer(s2121!, 'RETR', 'readme.txt')).toMatchObject({
      mode: 'passive',
      bytes: 3072,
      status: 'complete',
      data: { initiator: 'client' },
    });
    expect(transfer(s8021!, 'RETR', 'readme.txt')).toMatchObject({
      mode: 'active',
      bytes: 3072,
      status: 'complete',
      data: { initiator: 'server', src: { port: 20 } },
    });
    expect(r.unmatchedDataConnections).toEqual([]);
  });
});

describe('explicit FTPS: AUTH TLS answered 234 (ftps-explicit, lftp -> pyftpdlib TLS_FTPHandler)', () => {
  it('marks the session TLS from the AUTH frame on, with a tls-upgrade finding', async () => {
    const r = await report('ftps-explicit');
    assertContract(r);
    const s = only(r);
    const auth = cmd(s, 'AUTH');
    expect(auth.arg).toBe('TLS');
    expect(auth.reply?.code).toBe(234);
    expect(s.tls).toEqual({ requested: true, accepted: true, frame: auth.frame, implicit: false });
    expect(s.findings.find((f) => f.id === 'tls-upgrade')?.frames).toEqual([auth.frame]);
  });

  it('parses no command from the TLS bytes after the 234, and warns about none', async () => {
    const r = await report('ftps-explicit');
    const s = only(r);
    expect(dialogue(s)).toEqual(['FEAT -> 211', 'AUTH TLS -> 234']);
    expect(s.login).toMatchObject({ attempts: [], outcome: 'unknown' });
    expect(s.transfers).toEqual([]);
    expect(warningsOf(r, 'S1')).toEqual([]);
    expect(s.findings.map((f) => f.id)).not.toContain('not-ftp');
  });
});

describe('implicit FTPS on port 990 (ftps-implicit-990, curl ftps:// -> vsftpd implicit_ssl)', () => {
  it('marks the session implicit TLS from the first byte, with a tls-implicit finding', async () => {
    const r = await report('ftps-implicit-990');
    assertContract(r);
    const s = only(r);
    expect(s.server.port).toBe(990);
    expect(s.tls).toMatchObject({ requested: true, accepted: true, implicit: true });
    expect(s.findings.find((f) => f.id === 'tls-implicit')?.frames).toEqual([s.handshake!.synFrame]);
  });

  it('reads nothing of it as FTP: no banner, no command, no warning, not called not-ftp', async () => {
    const r = await report('ftps-implicit-990');
    const s = only(r);
    expect(s.banner).toBeNull();
    expect(s.commands).toEqual([]);
    expect(s.login.attempts).toEqual([]);
    expect(warningsOf(r, 'S1')).toEqual([]);
    expect(s.findings.map((f) => f.id)).not.toContain('not-ftp');
  });
});

describe("a NAT'd PASV: the server announces 127.0.0.9 but is reached at 127.0.0.1 (nat-pasv, curl -> pyftpdlib masquerade_address)", () => {
  it('gives a pasv-address-mismatch finding for each PASV reply', async () => {
    const r = await report('nat-pasv');
    assertContract(r);
    const s = only(r);
    const mismatches = s.findings.filter((f) => f.id === 'pasv-address-mismatch');
    const pasvReplies = s.commands.filter((c) => c.command === 'PASV').map((c) => c.reply!.frame);
    expect(pasvReplies).toHaveLength(2);
    expect(mismatches.map((f) => f.frames)).toEqual(pasvReplies.map((f) => [f]));
    expect(mismatches[0]!.message).toContain('127.0.0.9');
  });

  it('still matches each data connection, opened to the announced port on the address the client reached', async () => {
    const r = await report('nat-pasv');
    const s = only(r);
    for (const t of s.transfers) {
      expect(t.setup.announced.ip).toBe('127.0.0.9');
      expect(t.data).not.toBeNull();
      expect(t.data!.dst).toEqual({ ip: '127.0.0.1', port: t.setup.announced.port });
      expect(t.status).toBe('complete');
    }
    expect(transfer(s, 'RETR', 'readme.txt').bytes).toBe(3072);
    expect(r.unmatchedDataConnections).toEqual([]);
  });
});

describe('FTP bounce: PORT and EPRT to a third host, 127.0.0.2 (bounce, raw client -> pyftpdlib permit_foreign_addresses)', () => {
  it('gives an ftp-bounce finding on the PORT and on the EPRT', async () => {
    const r = await report('bounce');
    assertContract(r);
    const s = only(r);
    const bounces = s.findings.filter((f) => f.id === 'ftp-bounce');
    expect(bounces.map((f) => f.frames)).toEqual([[cmd(s, 'PORT').frame], [cmd(s, 'EPRT').frame]]);
    expect(bounces.every((f) => f.severity === 'high')).toBe(true);
  });

  it("matches the server's connections to the third host to the transfers", async () => {
    const r = await report('bounce');
    const s = only(r);
    // ports 40021 and 40022 are fixed by the capture's client
    expect(transfer(s, 'RETR', 'readme.txt')).toMatchObject({
      mode: 'active',
      setup: { command: 'PORT', announced: { ip: '127.0.0.2', port: 40021 } },
      data: { initiator: 'server', src: { ip: '127.0.0.1' }, dst: { ip: '127.0.0.2', port: 40021 } },
      bytes: 3072,
      status: 'complete',
    });
    expect(transfer(s, 'LIST')).toMatchObject({
      setup: { command: 'EPRT', announced: { ip: '127.0.0.2', port: 40022 } },
      data: { initiator: 'server', dst: { ip: '127.0.0.2', port: 40022 } },
      status: 'complete',
    });
    expect(r.unmatchedDataConnections).toEqual([]);
  });
});
