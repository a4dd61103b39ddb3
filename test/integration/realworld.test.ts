// Real-world captures nobody here made (../shared/realworld, see its README; read in place, never copied): each bullet
// of issue 12's "Why" on the capture that shows it, and the report invariants (test/invariants.ts) on every capture the
// tests touch: samples, robustness fixtures, the peers' traces and the real-world ones. Skipped cleanly when
// ../shared/realworld (or ../shared/peer) is absent, as the peer tests are.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { checkInvariants } from '../invariants.js';
import { sharedReport } from '../shared-report.js';
import { capturesUnder } from '../captures-under.js';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const REALWORLD = path.resolve(ROOT, '..', 'shared', 'realworld');
const PEER = path.resolve(ROOT, '..', 'shared', 'peer');
const available = (dir: string) => existsSync(dir) && statSync(dir).isDirectory();
const realworld = available(REALWORLD);

/** The report of a real-world capture, made once per test run (test/shared-report.ts). */
const rw = (name: string): Promise<Report> => sharedReport({ capture: path.join(REALWORLD, name) });

const ALL = [
  ...capturesUnder(path.join(ROOT, 'samples')),
  ...capturesUnder(path.join(ROOT, 'test', 'fixtures', 'robustness')),
  ...capturesUnder(PEER),
  ...capturesUnder(REALWORLD),
].map((p) => path.relative(ROOT, p));

describe('report invariants on every capture the tests touch', () => {
  it.each(ALL)(
    '%s: no reply before its command, no swallowed reply, 1xx transfers kept, shortfalls said',
    async (f) => {
      // by its absolute path: the run test/integration/selective.test.ts and the fixture tests make too (shared)
      const report = await sharedReport({ capture: path.join(ROOT, f) });
      expect(checkInvariants(report)).toEqual([]);
    },
  );
});

describe.skipIf(!realworld)('real-world captures (../shared/realworld)', () => {
  it('liyihao_ftp2: a 230- reply whose end was lost is closed at the gap; the six PORTs get their 200s', async () => {
    const r = await rw('liyihao_ftp2.pcap');
    const s = r.sessions[0]!;
    const pass = s.commands.find((c) => c.command === 'PASS')!;
    expect(pass.reply?.code).toBe(230);
    expect(pass.reply!.text).not.toContain('PORT command successful');
    const ports = s.commands.filter((c) => c.command === 'PORT');
    expect(ports).toHaveLength(6);
    expect(ports.every((c) => c.reply?.code === 200 && c.reply.frame > c.frame)).toBe(true);
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'protocol-oddity', kind: 'reply-cut-by-gap' }));
  });

  it('liyihao_ftp1: PORT → 200, RETR / → 550, LIST → 150 → 226: the LIST is a transfer on that PORT', async () => {
    const r = await rw('liyihao_ftp1.pcap');
    const s = r.sessions[0]!;
    const [retr, list] = s.transfers;
    expect(retr).toMatchObject({ command: 'RETR', arg: '/', status: 'failed', replyCodes: [550], data: null });
    expect(list).toMatchObject({ command: 'LIST', status: 'complete', replyCodes: [150, 226] });
    expect(list!.setup.frame).toBe(retr!.setup.frame);
    // the data connection is not in the capture: its bytes are unknown, not 0
    expect(list!.bytes).toBeNull();
  });

  it('counterhack_cmas2011: the SMTP dialogue on port 25 is left out with a note, the FTP session kept', async () => {
    const r = await rw('counterhack_cmas2011.pcap');
    expect(r.sessions.map((s) => s.server.port)).toEqual([21]);
    const other = r.warnings.find((w) => w.code === 'other-protocol');
    expect(other).toMatchObject({ port: 25 });
    expect(other && 'commands' in other ? other.commands : []).toContain('EHLO');
    expect(r.capture.ftpPorts).toEqual([21]);
  });

  it('ppa_ftpclientdenied: SYNs nobody answered are a connection attempt, not a session caught mid-way', async () => {
    const r = await rw('ppa_ftpclientdenied.pcap');
    expect(r.sessions).toEqual([]);
    expect(r.findings).toEqual([
      expect.objectContaining({
        id: 'connection-attempts',
        data: { count: 1, refused: 0, unanswered: 1, ports: [21] },
      }),
    ]);
  });

  it('ndpi_synscan: a SYN scan is one syn-scan finding: no sessions, no FTPS, no unmatched data connections', async () => {
    const r = await rw('ndpi_synscan.pcap');
    expect(r.sessions).toEqual([]);
    expect(r.unmatchedDataConnections).toEqual([]);
    const scan = r.findings.find((f) => f.id === 'syn-scan');
    expect(scan?.data).toEqual({ source: '172.16.0.8', target: '64.13.134.52', ports: 1000 });
    expect(r.findings.find((f) => f.id === 'connection-attempts')?.data).toMatchObject({ ports: [21, 990] });
  });

  it('evilfingers_ftp_bounce_scan: SMB on 139 is no unmatched data connection', async () => {
    const r = await rw('evilfingers_ftp_bounce_scan.pcap');
    expect(r.unmatchedDataConnections).toEqual([]);
    expect(r.sessions).toHaveLength(1);
    // the bounce: PORT to 1000 ports of a third host; refused connections (RST) are failed transfers, not complete
    const t = r.sessions[0]!.transfers;
    expect(t).toHaveLength(1000);
    for (const x of t.filter((y) => y.data?.closedBy === 'reset' && y.bytes === 0))
      expect(x.status).not.toBe('complete');
  });

  it('ppa_ftp-uploadfailed: a data connection from port 20 without its control connection gives a report', async () => {
    const r = await rw('ppa_ftp-uploadfailed.pcap');
    expect(r.unmatchedDataConnections).toHaveLength(1);
    const d = r.unmatchedDataConnections[0]!;
    expect(d.src.port).toBe(20);
    expect(d.bytesToServer).toBeGreaterThan(1_400_000);
    expect(r.findings.map((f) => f.id)).toEqual(['data-connection-unmatched']);
  });

  it('ndpi_ftp-start-tls: after the TLS session closes, PASV → 227 and STOR → 150 are read in clear', async () => {
    const r = await rw('ndpi_ftp-start-tls.pcap');
    const s = r.sessions[0]!;
    expect(s.commands.map((c) => `${c.command} ${c.reply?.code}`)).toEqual(['AUTH 234', 'PASV 227', 'STOR 150']);
    expect(s.tls).toMatchObject({ requested: true, accepted: true });
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'tls-cleartext-again', sessionId: 'S1' }));
    // only a 150: that is the reply shown; the transfer has no final reply and its data is not in the capture
    expect(s.transfers[0]).toMatchObject({ command: 'STOR', status: 'incomplete', bytes: null, completeFrame: null });
  });

  it('ndpi_ftp: a RETR with 109,440 of 1,048,576 announced bytes says the capture missed the rest', async () => {
    const r = await rw('ndpi_ftp.pcap');
    const retr = r.sessions[0]!.transfers.find((t) => t.command === 'RETR')!;
    expect(retr.bytes).toBe(109_440);
    expect(retr.data?.closedBy).toBe('none');
    expect(r.warnings).toContainEqual({
      code: 'transfer-bytes-missing',
      sessionId: 'S1',
      transferId: retr.id,
      command: 'RETR',
      bytes: 1_048_576 - 109_440,
    });
  });

  it('cristian_ftps_capture: a control channel caught mid-TLS is encrypted, not not-FTP showing binary', async () => {
    const r = await rw('cristian_ftps_capture.pcap');
    expect(r.sessions.flatMap((s) => s.findings.map((f) => f.id))).not.toContain('not-ftp');
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'tls-mid-session', sessionId: 'S1' }));
  });
});
