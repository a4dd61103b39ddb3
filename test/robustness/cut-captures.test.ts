// Captures that start or end at the wrong moment: cut with editcap from retr-64k.pcapng, a real
// curl -> pyftpdlib session (PASV LIST, PASV RETR of big.bin, 65536 bytes = 45 x 1448 + 376).
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { assertContract } from '../contract.js';
import { cmd, dialogue, fixture, only, report, transfer, warningsOf } from './captures.js';

const FULL_SEGMENT = 1448;

describe('the uncut capture (retr-64k)', () => {
  it('is a whole session: handshake, login, LIST and a 65536-byte RETR, no warning', async () => {
    const r = await report('retr-64k');
    assertContract(r);
    const s = only(r);
    expect(s.handshake).not.toBeNull();
    expect(s.login.outcome).toBe('success');
    expect(transfer(s, 'RETR', 'big.bin')).toMatchObject({ bytes: 65536, missingBytes: 0, status: 'complete' });
    expect(r.warnings).toEqual([]);
  });
});

describe('a capture that starts mid-session (mid-session: from the PWD after the login on)', () => {
  it('has no handshake, says so in a warning and a finding, and knows nothing of the login', async () => {
    const r = await report('mid-session');
    assertContract(r);
    const s = only(r);
    expect(s.handshake).toBeNull();
    expect(r.warnings).toContain('Capture starts mid-session in S1: its TCP handshake was not captured.');
    expect(s.findings.map((f) => f.id)).toContain('capture-starts-mid-session');
    expect(s.login).toMatchObject({ user: null, password: null, outcome: 'unknown', attempts: [] });
    expect(s.banner).toBeNull();
  });

  it('tells client from server without the SYN: the server is the side on port 21', async () => {
    const s = only(await report('mid-session'));
    expect(s.server.port).toBe(21);
    expect(s.client.port).not.toBe(21);
  });

  it('still parses every command and pairs it with its reply', async () => {
    const s = only(await report('mid-session'));
    expect(dialogue(s)).toEqual([
      'PWD -> 257',
      'PASV -> 227',
      'TYPE A -> 200',
      'LIST -> 226',
      'PASV -> 227',
      'TYPE I -> 200',
      'SIZE big.bin -> 213',
      'RETR big.bin -> 226',
      'QUIT -> 221',
    ]);
    expect(s.commands[0]!.frame).toBe(1);
  });

  it('matches the data connections opened after a PASV in the capture', async () => {
    const r = await report('mid-session');
    const s = only(r);
    const list = transfer(s, 'LIST');
    const retr = transfer(s, 'RETR', 'big.bin');
    for (const t of [list, retr]) {
      expect(t.data).not.toBeNull();
      expect(t.data!.initiator).toBe('client');
      expect(t.data!.dst.port).toBe(t.setup.announced.port);
      expect(t.data!.synFrame!).toBeGreaterThan(t.setup.frame);
      expect(t.status).toBe('complete');
    }
    expect(retr.setup.frame).toBe(cmd(s, 'PASV', 1).frame);
    expect(retr).toMatchObject({ bytes: 65536, missingBytes: 0 });
    expect(list.bytes).toBe(list.data!.bytesToClient);
    expect(r.unmatchedDataConnections).toEqual([]);
  });
});

describe('a capture that starts in the middle of a transfer (starts-mid-transfer: from the 10th 1448-byte RETR segment on)', () => {
  it('parses what follows: the QUIT and its 221; the 226 of the RETR it never saw is a reply without a command', async () => {
    const r = await report('starts-mid-transfer');
    assertContract(r);
    const s = only(r);
    expect(s.handshake).toBeNull();
    expect(dialogue(s)).toEqual(['QUIT -> 221']);
    expect(s.transfers).toEqual([]);
    expect(warningsOf(r, 'S1')).toContain('S1: 1 replies arrived with no command waiting for them.');
  });

  // DEFECT (engine): a data connection whose first captured packet comes before any packet of its control
  // connection is dropped as "not FTP" (it is classified before the session exists), so the 52504 bytes
  // it carries in this capture appear nowhere: not in a transfer, not in unmatchedDataConnections.
  it('reports the data connection already under way as an unmatched data connection with the bytes the capture holds', async () => {
    const r = await report('starts-mid-transfer');
    // segments 10..45 of 1448 bytes and the last one of 376
    expect(r.unmatchedDataConnections).toHaveLength(1);
    expect(r.unmatchedDataConnections[0]).toMatchObject({ bytesToClient: 36 * FULL_SEGMENT + 376, bytesToServer: 0 });
  });
});

describe('a capture that ends mid-transfer (ends-mid-transfer: up to the 20th 1448-byte RETR segment)', () => {
  it('marks the RETR incomplete, with only its preliminary reply and no completion time', async () => {
    const r = await report('ends-mid-transfer');
    assertContract(r);
    const s = only(r);
    const retr = transfer(s, 'RETR', 'big.bin');
    expect(retr.status).toBe('incomplete');
    expect(retr.replyCodes).toHaveLength(1);
    expect(retr.replyCodes[0]! >= 100 && retr.replyCodes[0]! < 200).toBe(true);
    expect(retr.timing.completeT).toBeNull();
    // only a preliminary reply: it is the one shown (issue 12), and the transfer has no completion
    expect(cmd(s, 'RETR').reply).toMatchObject({ code: retr.replyCodes[0], kind: 'preliminary', intermediate: [] });
    expect(retr.completeFrame).toBeNull();
    expect(r.capture.complete).toBe(true);
  });

  it('counts exactly the bytes the capture holds, and none as missing', async () => {
    const s = only(await report('ends-mid-transfer'));
    const retr = transfer(s, 'RETR', 'big.bin');
    expect(retr.bytes).toBe(20 * FULL_SEGMENT);
    expect(retr.data!.bytesToClient).toBe(20 * FULL_SEGMENT);
    expect(retr.missingBytes).toBe(0);
  });

  it('is a whole capture file for the command line: exit 0, and the JSON says incomplete', () => {
    const r = runCli([fixture('ends-mid-transfer'), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    assertContract(json);
    expect(json.sessions[0].transfers.map((t: { status: string }) => t.status)).toEqual(['complete', 'incomplete']);
  });

  it('leaves the data and control connections open, and the earlier LIST complete', async () => {
    const s = only(await report('ends-mid-transfer'));
    expect(transfer(s, 'RETR', 'big.bin').data!.closedBy).toBe('none');
    expect(s.close).toEqual({ by: 'none', t: null });
    expect(transfer(s, 'LIST').status).toBe('complete');
  });
});
