// The default path (ftp-report reads the capture and pipes tshark only the packets the report uses) gives the same
// report as tshark dissecting every packet (--dissect-all), on every real capture and on synthetic ones big enough
// to be thinned, with and without loss, pcap and pcapng, IPv4 and IPv6, whole and damaged.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { synthesizeCapture } from '../../src/synth/synthesize.js';
import { ipInIp, pcapFile, tcpFrame } from '../capture/build-capture.js';
import { ROOT } from '../cli/run-cli.js';
import { type Outcome, type SharedOptions, sharedOutcome } from '../shared-report.js';
import { TCP_ACK, TCP_PSH, TCP_SYN } from '../../src/protocol/tcp.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-selective-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The report (or the partial report and error code) of one path, from the run's shared reports
 * (test/shared-report.ts): the default path on a capture is the run test/integration/realworld.test.ts checks too.
 */
const outcome = (capture: string, extra: Partial<SharedOptions> = {}): Promise<Outcome> =>
  sharedOutcome({ capture, ...extra });

/** tshark's TCP-analysis labels ("[TCP Dup ACK 12#3] ", "[TCP ACKed unseen segment] ") at the start of Info. */
const withoutLabels = (r: Report | null): unknown =>
  JSON.parse(JSON.stringify(r), (key, value: unknown) =>
    key === 'info' && typeof value === 'string' ? value.replace(/^(\[TCP [^\]]*\] )+/, '') : value,
  );

/**
 * The report with --dissect-all's capture.tsharkVersion when the default path's run started no tshark (lean: its report
 * then names none, null), after checking that it names the same tshark, or (lean, tshark given no packet) none.
 */
function versionOfAll(fast: Outcome, all: Outcome): Report | null {
  const r = fast.report;
  if (r === null || all.report === null) return r;
  const version = all.report.capture.tsharkVersion;
  expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  // dissected -1: read again whole with --dissect-all
  if (fast.dissected !== 0) expect(r.capture.tsharkVersion).toBe(version);
  else expect([null, version]).toContain(r.capture.tsharkVersion);
  return { ...r, capture: { ...r.capture, tsharkVersion: version } };
}

/**
 * Both paths on one capture: same report; `labels` allows TCP-analysis labels to differ on thinned tails. The
 * selection is kept where, with packet rows, the default would give tshark the whole capture (it would spare too
 * little): its equivalence is what is checked here.
 */
async function expectSame(capture: string, labels = false, extra: Partial<SharedOptions> = {}): Promise<Outcome> {
  const fast = await outcome(capture, { forceSelection: true, ...extra });
  const all = await outcome(capture, { ...extra, dissectAll: true });
  expect(fast.error).toBe(all.error);
  const report = versionOfAll(fast, all);
  if (labels) expect(withoutLabels(report)).toEqual(withoutLabels(all.report));
  else expect(report).toEqual(all.report);
  return fast;
}

const samples = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.pcapng'))
  .map((f) => join(ROOT, 'samples', f));
const robustness = readdirSync(join(ROOT, 'test/fixtures/robustness'))
  .filter((f) => f.endsWith('.pcapng'))
  .map((f) => join(ROOT, 'test/fixtures/robustness', f));
/**
 * Real captures where a long data connection was thinned and tshark, given only its tail, labels a last row
 * differently ("[TCP ACKed unseen segment]": the ACK is for data in the middle tshark was not given, or a real
 * capture gap there). Every other field is the same.
 */
const LABELS_DIFFER = new Set(['data-gaps.pcapng', 'refused-425-reset-426.pcapng']);

describe('real captures: the same report both ways', () => {
  it.each([...samples, ...robustness].map((f) => [f.slice(ROOT.length), f]))('%s', async (_name, file) => {
    const base = file.split('/').pop()!;
    const fast = await expectSame(file, LABELS_DIFFER.has(base));
    expect(fast.dissected).toBeGreaterThan(0);
    expect(fast.packets).toBe(fast.report!.capture.packets);
  });

  it('the captures listed as differing really differ only in those labels (the list is not stale)', async () => {
    for (const base of LABELS_DIFFER) {
      const file = join(ROOT, 'test/fixtures/robustness', base);
      const fast = await outcome(file, { forceSelection: true });
      const all = await outcome(file, { dissectAll: true });
      expect(fast.report, base).not.toEqual(all.report);
      expect(fast.dissected, base).toBeLessThan(fast.packets);
    }
  });

  const peerRoot = join(ROOT, '../shared/peer');
  const peers = existsSync(peerRoot)
    ? (function walk(d: string): string[] {
        return readdirSync(d).flatMap((f) => {
          const p = join(d, f);
          return statSync(p).isDirectory() ? walk(p) : /\.(pcap|pcapng|trace)$/.test(f) ? [p] : [];
        });
      })(peerRoot).sort()
    : [];
  it.skipIf(peers.length === 0).each(peers.map((f) => [f.slice(peerRoot.length + 1), f]))(
    'Zeek/Suricata trace %s',
    async (_name, file) => {
      await expectSame(file);
    },
  );
});

// Without packet rows (what --json, --csv/--jsonl tables other than packets and --zeek ask for) and without a key log,
// the default path is lean: every plain TCP segment's record is made by ftp-report, and tshark gets only what it
// cannot read itself. The report must be exactly --dissect-all's, rows absent from both.
describe('without packet rows (lean): exactly the same report both ways, tshark given next to nothing', () => {
  const realRoot = join(ROOT, '../shared/realworld');
  const real = existsSync(realRoot)
    ? readdirSync(realRoot)
        .filter((f) => /\.pcap(ng)?$/.test(f))
        .map((f) => join(realRoot, f))
    : [];
  const lean = { packetRows: false };
  it.each([...samples, ...robustness].map((f) => [f.slice(ROOT.length), f]))('%s', async (_name, file) => {
    const fast = await expectSame(file, false, lean);
    // the samples' TCP is plain and wholly captured; FTP found on other ports goes to tshark for its payload
    if (file.includes('/samples/')) {
      expect(fast.dissected).toBe(0);
      // tshark was never started, so the report names none
      expect(fast.report!.capture.tsharkVersion).toBeNull();
    } else expect(fast.dissected).toBeLessThan(fast.packets);
  });
  it.skipIf(real.length === 0).each(real.map((f) => [f.slice(realRoot.length + 1), f]))(
    'public capture %s',
    async (_name, file) => {
      const fast = await expectSame(file, false, lean);
      // what is not TCP (DNS, ARP) still goes to tshark
      expect(fast.dissected).toBeLessThan(fast.packets);
    },
  );
});

// With packet rows the selection spares tshark only the middle of long data connections; where that is little (small
// captures, many short sessions) reading, piping and checking cost more than it spares, and tshark reads it whole.
describe('with packet rows, the default path is chosen from what the selection would spare', () => {
  it.each(samples.map((f) => [f.slice(ROOT.length), f]))(
    '%s: spares too little, read whole, same report',
    async (_n, f) => {
      const chosen = await outcome(f);
      // onDissected is told only by the selection
      expect(chosen.dissected).toBe(-1);
      const kept = await outcome(f, { forceSelection: true });
      // what the rule reads: the selection would have spared tshark less than a fifth of the packets
      expect(kept.packets - kept.dissected).toBeLessThan(kept.packets * 0.2);
      expect(chosen.report).toEqual(kept.report);
    },
  );
});

describe('TCP that ftp-report cannot read itself', () => {
  it('an IP-in-IP tunnelled connection: tshark reads it, and the capture is read again whole, same report', async () => {
    const c = { ip: '10.0.0.1', port: 40000 };
    const s = { ip: '10.0.0.2', port: 21 };
    const frames = [
      tcpFrame(c, s, TCP_SYN, 100),
      tcpFrame(s, c, TCP_SYN | TCP_ACK, 900),
      tcpFrame(s, c, TCP_ACK | TCP_PSH, 901, Buffer.from('220 ready\r\n')),
    ];
    // the same kind of frame wrapped in an outer IPv4 header (protocol 4) between two other hosts
    const inner = tcpFrame({ ip: '10.1.0.1', port: 41000 }, { ip: '10.1.0.2', port: 21 }, TCP_SYN, 5);
    frames.splice(1, 0, ipInIp(inner));
    const file = join(dir, 'ipip.pcap');
    writeFileSync(file, pcapFile(frames));
    const fast = await expectSame(file, false, { packetRows: false });
    // read again with --dissect-all: tshark dissected every packet
    expect(fast.dissected).toBe(-1);
    expect(fast.report!.capture.packets).toBe(4);
    await expectSame(file);
  });
});

describe('synthetic captures big enough to be thinned', () => {
  const cases = [
    { name: 'pcap, IPv4 and IPv6, no loss', format: 'pcap' as const, lossRate: 0, labels: false },
    { name: 'pcapng, IPv4 and IPv6, no loss', format: 'pcapng' as const, lossRate: 0, labels: false },
    { name: 'pcapng with 1% loss', format: 'pcapng' as const, lossRate: 0.01, labels: true },
    { name: 'pcap with 2% loss', format: 'pcap' as const, lossRate: 0.02, labels: true },
  ];
  it.each(cases)('$name: the same report, and tshark dissects a small part of it', async (c) => {
    const file = join(dir, `synth-${c.format}-${c.lossRate}.${c.format}`);
    await synthesizeCapture(
      {
        sessions: 3,
        transfers: 2,
        transferSize: 1_500_000,
        ipv6Share: 0.5,
        uploadShare: 0.3,
        lossRate: c.lossRate,
        seed: `selective-${c.lossRate}`,
        format: c.format,
      },
      file,
    );
    const lean = await expectSame(file, false, { packetRows: false });
    expect(lean.dissected).toBe(0);
    const fast = await expectSame(file, c.labels);
    expect(fast.report!.sessions).toHaveLength(3);
    expect(fast.dissected).toBeLessThan(fast.packets / 5);
    // the selection pays here: the default keeps it
    expect((await outcome(file)).dissected).toBe(fast.dissected);
    // the rows a report shows were all dissected by tshark
    for (const s of fast.report!.sessions) for (const p of s.packets) expect(p.info, `frame ${p.frame}`).not.toBeNull();
  });

  it('a thinned capture cut mid-packet: the same partial report and exit code both ways', async () => {
    const whole = join(dir, 'synth-pcap-0.pcap');
    const bytes = readFileSync(whole);
    const cut = join(dir, 'cut.pcap');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6) + 7));
    const fast = await expectSame(cut);
    expect(fast.error).toBe('CAPTURE_INVALID');
    expect((await expectSame(cut, false, { packetRows: false })).error).toBe('CAPTURE_INVALID');
    expect(fast.report!.capture.complete).toBe(false);
  });

  it('a damaged block length in the middle of a pcapng: the rest goes to tshark untouched, same outcome', async () => {
    const whole = join(dir, 'synth-pcapng-0.pcapng');
    const bytes = Buffer.from(readFileSync(whole));
    // walk the blocks to one in the middle and break its length field
    let at = 0;
    while (at < bytes.length / 2) at += bytes.readUInt32LE(at + 4);
    bytes.writeUInt32LE(7, at + 4);
    const bad = join(dir, 'bad.pcapng');
    writeFileSync(bad, bytes);
    const fast = await expectSame(bad);
    expect(fast.error).toBe('CAPTURE_INVALID');
    expect((await expectSame(bad, false, { packetRows: false })).error).toBe('CAPTURE_INVALID');
  });

  it('a pcap with a record larger than tshark accepts, mid-file: same outcome', async () => {
    const whole = join(dir, 'synth-pcap-0.pcap');
    const bytes = Buffer.from(readFileSync(whole));
    let at = 24;
    while (at < bytes.length / 3) at += 16 + bytes.readUInt32LE(at + 8);
    bytes.writeUInt32LE(10_000_000, at + 8);
    const bad = join(dir, 'huge-record.pcap');
    writeFileSync(bad, bytes);
    const fast = await expectSame(bad);
    expect(fast.error).not.toBeNull();
    expect((await expectSame(bad, false, { packetRows: false })).error).not.toBeNull();
  });
});
