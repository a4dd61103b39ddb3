// Synthetic captures read cleanly in the real tshark, and ftp-report finds exactly the sessions and transfers written.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import type { Report } from '../../src/model.js';
import type { SynthOptions } from '../../src/synth/options.js';
import { synthesizeCapture, type SynthSummary } from '../../src/synth/synthesize.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ftp-report-synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** tshark's stdout; its stderr must hold nothing but the warning about running as root. */
async function tshark(args: string[]): Promise<string> {
  const { stdout, stderr } = await run('tshark', ['-n', ...args], { maxBuffer: 64 * 2 ** 20 });
  const noise = stderr.split('\n').filter((l) => l.trim() && !/^Running as user|could be dangerous/.test(l));
  expect(noise, 'tshark stderr').toEqual([]);
  return stdout;
}

const lines = (text: string): string[][] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));

/** Every session and transfer of the ground truth, as ftp-report's JSON should show it. */
function expectReportMatches(report: Report, truth: SynthSummary): void {
  expect(report.sessions.map((s) => [s.client, s.server])).toEqual(truth.sessions.map((s) => [s.client, s.server]));
  expect(report.unmatchedDataConnections).toEqual([]);
  truth.sessions.forEach((want, i) => {
    const got = report.sessions[i]!;
    expect(got.login.user).toBe(want.user);
    expect(got.login.password).toBe(want.password);
    expect(got.login.outcome).toBe('success');
    expect(got.close.by).toBe('server');
    expect(
      got.transfers.map((t) => ({
        command: t.command,
        arg: t.arg,
        direction: t.direction,
        mode: t.mode,
        setup: t.setup.command,
        bytes: t.bytes,
        status: t.status,
        replyCodes: t.replyCodes,
        initiator: t.data?.initiator,
        src: t.data?.src,
        dst: t.data?.dst,
        openedBeforeCommand: t.data?.openedBeforeCommand,
      })),
      `session ${want.id}`,
    ).toEqual(
      want.transfers.map((t) => ({
        command: t.command,
        arg: t.arg,
        direction: t.direction,
        mode: t.mode,
        setup: t.setupCommand,
        bytes: t.bytes,
        status: 'complete',
        replyCodes: [150, 226],
        initiator: t.data.initiator,
        src: t.data.src,
        dst: t.data.dst,
        openedBeforeCommand: t.data.openedBeforeCommand,
      })),
    );
  });
}

// Six sessions, half over IPv6, both modes, LIST/RETR/STOR: the seed is chosen so that all four setup commands occur.
const CLEAN: SynthOptions = {
  sessions: 6,
  transfers: 3,
  transferSize: 24_000,
  sizeJitter: 0.6,
  uploadShare: 0.4,
  ipv6Share: 0.5,
  seed: 'tshark-check',
};

describe('a clean synthetic capture (no loss)', () => {
  const file = join(dir, 'clean.pcap');
  let truth: SynthSummary;
  beforeAll(async () => {
    truth = await synthesizeCapture(CLEAN, file);
  });

  it('covers PORT, PASV, EPRT and EPSV, LIST, RETR and STOR', () => {
    const kinds = new Set(truth.sessions.flatMap((s) => s.transfers.flatMap((t) => [t.setupCommand, t.command])));
    expect([...kinds].sort()).toEqual(['EPRT', 'EPSV', 'LIST', 'PASV', 'PORT', 'RETR', 'STOR']);
  });

  it('has no TCP analysis flags at all, and tshark counts every packet', async () => {
    expect(await tshark(['-r', file, '-Y', 'tcp.analysis.flags'])).toBe('');
    const frames = lines(await tshark(['-r', file, '-T', 'fields', '-e', 'frame.number']));
    expect(frames).toHaveLength(truth.packets);
  });

  it('dissects every command on port 21, in each session in order', async () => {
    const rows = lines(
      await tshark([
        '-r',
        file,
        '-Y',
        'ftp.request.command',
        '-T',
        'fields',
        '-e',
        'tcp.srcport',
        '-e',
        'tcp.dstport',
        '-e',
        'ftp.request.command',
      ]),
    );
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['21']));
    for (const s of truth.sessions) {
      const verbs = rows.filter((r) => Number(r[0]) === s.client.port).map((r) => r[2]);
      expect(verbs.slice(0, 2)).toEqual(['USER', 'PASS']);
      expect(verbs.at(-1)).toBe('QUIT');
      const transfers = verbs.filter((v) => v === 'LIST' || v === 'RETR' || v === 'STOR');
      expect(transfers).toEqual(s.transfers.map((t) => t.command));
      expect(verbs.filter((v) => /^(PORT|PASV|EPRT|EPSV)$/.test(v!))).toEqual(s.transfers.map((t) => t.setupCommand));
    }
  });

  it("lets tshark's ftp-data dissector link every data connection to its setup frame", async () => {
    const rows = lines(
      await tshark(['-r', file, '-Y', 'ftp-data', '-T', 'fields', '-e', 'tcp.stream', '-e', 'ftp-data.setup-frame']),
    );
    const linked = new Set(rows.filter((r) => r[1]).map((r) => r[0]));
    expect(linked.size).toBe(truth.sessions.reduce((n, s) => n + s.transfers.length, 0));
  });

  it('gives ftp-report the sessions, modes, initiators and byte counts that were written', async () => {
    const report = await runReport({ capture: file });
    expect(report.capture.packets).toBe(truth.packets);
    expect(report.warnings).toEqual([]);
    expectReportMatches(report, truth);
  });
});

describe('a synthetic capture with loss', () => {
  const file = join(dir, 'loss.pcapng');
  let truth: SynthSummary;
  beforeAll(async () => {
    truth = await synthesizeCapture(
      {
        sessions: 3,
        transfers: 2,
        transferSize: 150_000,
        uploadShare: 0.5,
        ipv6Share: 0.3,
        lossRate: 0.02,
        seed: 'loss-check',
      },
      file,
    );
  });

  it('flags only the intended loss and retransmissions, and only on data connections', async () => {
    expect(truth.lostSegments).toBeGreaterThan(1);
    const rows = lines(
      await tshark([
        '-r',
        file,
        '-Y',
        'tcp.analysis.flags',
        '-T',
        'fields',
        '-E',
        'aggregator=,',
        '-e',
        'tcp.srcport',
        '-e',
        'tcp.dstport',
        '-e',
        'tcp.analysis.retransmission',
        '-e',
        'tcp.analysis.fast_retransmission',
        '-e',
        'tcp.analysis.out_of_order',
        '-e',
        'tcp.analysis.lost_segment',
        '-e',
        'tcp.analysis.duplicate_ack',
      ]),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r[0] === '21' || r[1] === '21', `flag on the control connection: ${r.join(' ')}`).toBe(false);
      expect(
        r.slice(2).some((f) => f !== ''),
        `unexpected kind of flag: ${r.join(' ')}`,
      ).toBe(true);
    }
    // Downloads lose segments before the capture point (not captured), uploads after it (captured, then resent).
    const retransmitted = rows.filter((r) => r[2] !== '' || r[3] !== '' || r[4] !== '').length;
    expect(retransmitted).toBe(truth.lostSegments);
  });

  it('still gives ftp-report every byte once (retransmissions not double-counted)', async () => {
    const report = await runReport({ capture: file });
    expectReportMatches(report, truth);
  });
});

describe('pcap and pcapng output', () => {
  it('hold the same packets', async () => {
    const opts: SynthOptions = { sessions: 2, transfers: 1, transferSize: 5000, ipv6Share: 0.5, seed: 'formats' };
    const a = join(dir, 'same.pcap');
    const b = join(dir, 'same.pcapng');
    await synthesizeCapture(opts, a);
    await synthesizeCapture(opts, b);
    const fields = [
      '-T',
      'fields',
      '-e',
      'frame.time_epoch',
      '-e',
      'frame.len',
      '-e',
      'tcp.seq_raw',
      '-e',
      'tcp.checksum.status',
      '-e',
      'ip.checksum.status',
    ];
    const [pa, pb] = await Promise.all([
      tshark(['-r', a, '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', ...fields]),
      tshark(['-r', b, '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', ...fields]),
    ]);
    expect(pb).toBe(pa);
    // Checksums are real: tshark verifies every one (status 1 = good, 0 = bad, 2 = unverified).
    for (const r of lines(pa)) {
      expect(r[3]).toBe('1');
      if (r[4]) expect(r[4]).toBe('1');
    }
  });
});
