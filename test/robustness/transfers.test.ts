// Data connections that are easy to mix up or that end badly: the same ports reused by consecutive
// transfers, three sessions transferring at once, ABOR, and the 425/426 failures. Real servers.
import { describe, expect, it } from 'vitest';
import { assertContract } from '../contract.js';
import { cmd, only, report, transfer } from './captures.js';

describe('ports reused by consecutive transfers (port-reuse, raw client -> vsftpd with one passive port)', () => {
  it('gives each transfer its own data connection, though two passive and two active ones share their four-tuple', async () => {
    const r = await report('port-reuse');
    assertContract(r);
    const s = only(r);
    expect(s.transfers).toHaveLength(4);
    const [p1, p2, a1, a2] = s.transfers;
    // 40000: vsftpd's pasv_min_port = pasv_max_port; 50000/50001: the client binds them every time
    for (const t of [p1!, p2!]) {
      expect(t).toMatchObject({
        mode: 'passive',
        data: { initiator: 'client', src: { port: 50000 }, dst: { port: 40000 } },
      });
    }
    for (const t of [a1!, a2!]) {
      expect(t).toMatchObject({
        mode: 'active',
        data: { initiator: 'server', src: { port: 20 }, dst: { port: 50001 } },
      });
    }
    expect(new Set(s.transfers.map((t) => t.data!.tcpStream)).size).toBe(4);
    expect(r.unmatchedDataConnections).toEqual([]);
  });

  it("counts each transfer's own bytes and binds each data connection after its own setup", async () => {
    const s = only(await report('port-reuse'));
    expect(s.transfers.map((t) => [t.arg, t.bytes, t.status])).toEqual([
      ['readme.txt', 3072, 'complete'],
      ['motd.txt', 25, 'complete'],
      ['motd.txt', 25, 'complete'],
      ['readme.txt', 3072, 'complete'],
    ]);
    s.transfers.forEach((t, i) => {
      expect(t.data!.synFrame!).toBeGreaterThan(t.setup.frame);
      const next = s.transfers[i + 1];
      if (next) expect(t.data!.synFrame!).toBeLessThan(next.setup.frame);
    });
  });
});

describe('three sessions transferring at once (concurrent-sessions, raw client -> pyftpdlib)', () => {
  const files: Record<string, number> = { 'a.bin': 40000, 'b.bin': 30000, 'c.bin': 20000 };

  it("gives each session its own data connection and exactly its own file's bytes", async () => {
    const r = await report('concurrent-sessions');
    assertContract(r);
    expect(r.sessions).toHaveLength(3);
    for (const s of r.sessions) {
      expect(s.transfers).toHaveLength(1);
      const t = s.transfers[0]!;
      expect(t.bytes).toBe(files[t.arg!]);
      expect(t.data!.bytesToClient).toBe(files[t.arg!]);
      expect(t.status).toBe('complete');
    }
    expect(r.sessions.map((s) => s.transfers[0]!.mode)).toEqual(['passive', 'active', 'passive']);
    expect(new Set(r.sessions.map((s) => s.transfers[0]!.data!.tcpStream)).size).toBe(3);
    expect(r.unmatchedDataConnections).toEqual([]);
  });

  it("is a capture whose data connections really interleave: each opens before another session's setup and all carry bytes at the same time", async () => {
    const r = await report('concurrent-sessions');
    const ts = r.sessions.map((s) => s.transfers[0]!);
    // S1's data connection opens before S3 sends its PASV
    expect(ts[0]!.data!.synFrame!).toBeLessThan(ts[2]!.setup.frame);
    for (const x of ts) {
      for (const y of ts) {
        if (x !== y) expect(x.timing.firstByteT!).toBeLessThan(y.timing.lastByteT!);
      }
    }
  });
});

describe('ABOR during a RETR (abort, raw client -> pyftpdlib: Telnet IP, Synch, ABOR)', () => {
  it("marks the transfer aborted, with the server's 426 among its replies and the bytes that moved", async () => {
    const r = await report('abort');
    assertContract(r);
    const s = only(r);
    const retr = transfer(s, 'RETR', 'big.bin');
    expect(retr.status).toBe('aborted');
    expect(retr.replyCodes).toContain(426);
    expect(retr.bytes).toBe(retr.data!.bytesToClient);
    expect(retr.bytes).toBeGreaterThan(0);
    expect(retr.bytes).toBeLessThan(1_000_000);
  });

  it('reads the ABOR behind the Telnet IAC bytes as a command with its own 226', async () => {
    const s = only(await report('abort'));
    const abor = cmd(s, 'ABOR');
    expect(abor.arg).toBeNull();
    expect(abor.reply?.code).toBe(226);
    expect(abor.frame).toBeGreaterThan(cmd(s, 'RETR').frame);
    expect(cmd(s, 'RETR').reply?.code).toBe(426);
    expect(cmd(s, 'QUIT').reply?.code).toBe(221);
  });
});

describe('425 and 426 (refused-425-reset-426, raw client -> vsftpd)', () => {
  it("a PORT to a closed port: the server's SYN is reset, RETR gets 425, the transfer failed with no bytes", async () => {
    const r = await report('refused-425-reset-426');
    assertContract(r);
    const s = only(r);
    const refused = s.transfers[0]!;
    expect(refused).toMatchObject({
      command: 'RETR',
      mode: 'active',
      status: 'failed',
      replyCodes: [425],
      bytes: 0,
      data: { initiator: 'server', src: { port: 20 }, closedBy: 'reset', bytesToClient: 0 },
    });
  });

  it('a data connection the client resets part-way: RETR gets 426, the transfer failed with the bytes that moved', async () => {
    const s = only(await report('refused-425-reset-426'));
    const reset = s.transfers[1]!;
    expect(reset).toMatchObject({ command: 'RETR', mode: 'passive', status: 'failed', data: { closedBy: 'reset' } });
    expect(reset.replyCodes[reset.replyCodes.length - 1]).toBe(426);
    expect(reset.bytes).toBe(reset.data!.bytesToClient);
    expect(reset.bytes).toBeGreaterThan(0);
    expect(reset.bytes).toBeLessThan(1_000_000);
  });
});
