// Session release (engine.ts): a session is built and forgotten when it is over, not at the end of the capture, and
// the model is the one the engine gives when it keeps every session to the end. Records come from real tshark runs on
// real captures (the samples, robustness fixtures and, when present, ../shared/realworld).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { buildTsharkArgs, findTshark } from '../../src/driver/tshark.js';
import { StreamSet } from '../../src/engine/classify.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import type { Session } from '../../src/model.js';
import { decodeEkLine } from '../../src/records/decode.js';
import type { PacketRecord } from '../../src/records/types.js';
import { Ftp } from './builder.js';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const REALWORLD = path.resolve(ROOT, '..', 'shared', 'realworld');
const sample = (name: string) => path.join(ROOT, 'samples', `${name}.pcapng`);
const fixture = (name: string) => path.join(ROOT, 'test', 'fixtures', 'robustness', `${name}.pcapng`);

/** The packet records tshark gives for a whole capture, as ftp-report reads them with --dissect-all. */
async function recordsOf(file: string): Promise<PacketRecord[]> {
  const info = await findTshark();
  const args = buildTsharkArgs({ file, ftpPorts: [21], lua: info.lua, detectFtp: true });
  const { stdout } = await execa(info.path, args, { maxBuffer: 1 << 30 });
  const out: PacketRecord[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const rec = decodeEkLine(JSON.parse(line), new Set([21]), !info.lua);
    if (rec !== 'index' && rec !== 'invalid') out.push(rec);
  }
  return out;
}

/** Runs the records through an engine; notes how many records it had pushed when each session was passed on. */
function run(records: PacketRecord[], options: Partial<EngineOptions>) {
  let pushed = 0;
  const passed: { id: string; at: number; open: number }[] = [];
  const sessions: Session[] = [];
  const engine: Engine = new Engine({
    ftpPorts: [21],
    ...options,
    onSession: (s) => {
      passed.push({ id: s.id, at: pushed, open: engine.openSessions });
      sessions.push(s);
    },
  });
  const opens: number[] = [];
  for (const r of records) {
    engine.push(r);
    pushed += 1;
    opens.push(engine.openSessions);
  }
  const result = engine.finish();
  return { result: { ...result, sessions }, passed, mostOpen: Math.max(0, ...opens), opens };
}

/** Released as soon as possible: no grace beyond a few packets. */
const EAGER = { releaseGraceS: 0, releaseGracePackets: 3 };

const CAPTURES = [
  sample('passive-list-retr'),
  sample('active-list-retr'),
  sample('login-failed-then-ok'),
  fixture('concurrent-sessions'),
  fixture('port-reuse'),
  fixture('too-many-421'),
  fixture('nonstandard-ports'),
  fixture('refused-425-reset-426'),
  fixture('port-flood'),
];

describe('session release on real captures', () => {
  it.each(CAPTURES.map((f) => [path.basename(f), f]))(
    '%s: released as they end, the model is the one kept to the end',
    async (_name, file) => {
      const records = await recordsOf(file);
      const kept = run(records, { release: false });
      const released = run(records, EAGER);
      expect(released.result).toEqual(kept.result);
      // passed on in id order
      expect(released.passed.map((p) => p.id)).toEqual(released.result.sessions.map((s) => s.id));
    },
  );

  it('a session over before an earlier one waits for it, built: its engine state is gone, its id unchanged', async () => {
    // too-many-421: a first session, then a second one greeted 421 and closed by the server while the first goes on
    const records = await recordsOf(fixture('too-many-421'));
    const { passed, result, opens } = run(records, EAGER);
    expect(result.sessions.map((s) => s.id)).toEqual(['S1', 'S2']);
    expect(result.sessions[1]!.close.by).toBe('server');
    // S2 was released (one session open) while S1 went on; both were passed on, in order, when S1 ended
    const bothFound = opens.indexOf(2);
    expect(bothFound).toBeGreaterThanOrEqual(0);
    expect(opens.slice(bothFound).includes(1)).toBe(true);
    expect(passed.map((p) => p.id)).toEqual(['S1', 'S2']);
    expect(passed[0]!.at).toBe(passed[1]!.at);
  });

  it('keeps what a session needs to the end by default on a short capture, where nothing is quiet long enough', async () => {
    const records = await recordsOf(sample('passive-list-retr'));
    const { passed } = run(records, {});
    expect(passed.map((p) => p.at)).toEqual([records.length]);
  });

  it('gives each transfer its own data connection when a four-tuple is reused after the first closed', async () => {
    const records = await recordsOf(fixture('port-reuse'));
    const { result } = run(records, EAGER);
    const [s] = result.sessions;
    const streams = s!.transfers.map((t) => t.data?.tcpStream);
    expect(new Set(streams).size).toBe(4);
    expect(s!.transfers.map((t) => t.status)).toEqual(['complete', 'complete', 'complete', 'complete']);
  });
});

describe.skipIf(!existsSync(REALWORLD))('session release on a brute-force capture (../shared/realworld)', () => {
  // The capture holds its traffic twice (the second copy's clock starts again at 0): the repeats of a session already
  // released are not its packets any more, so packet rows are left out here; everything else is compared.
  it('ppa_ftp-crack: 700 short sessions released one by one; ids, findings across sessions and warnings unchanged', async () => {
    const records = await recordsOf(path.join(REALWORLD, 'ppa_ftp-crack.pcap'));
    // a second of grace: a session's own late segments (retransmissions among 700 interleaved sessions) are past
    const kept = run(records, { release: false, packetRows: false });
    const released = run(records, { releaseGraceS: 1, releaseGracePackets: 100, packetRows: false });
    expect(released.result).toEqual(kept.result);
    expect(released.result.findings.some((f) => f.id === 'source-brute-force')).toBe(true);
    // sessions went out all along the capture, and few were ever open at once
    const early = released.passed.filter((p) => p.at < records.length / 2).length;
    expect(early).toBeGreaterThan(100);
    expect(released.mostOpen).toBeLessThan(kept.mostOpen / 10);
  });
});

describe('late packets and reused ports (records built for the case)', () => {
  it('a session waits for the expectation its PASV opened: a data connection after QUIT is its transfer', () => {
    const f = new Ftp().banner().login();
    f.pasv(40001);
    f.cmd('RETR a.bin');
    f.reply('150 Opening BINARY mode data connection.');
    f.cmd('QUIT');
    f.reply('221 Goodbye.');
    f.ctl.fin(false).fin(true);
    // a minute later, with the control connection closed, the client connects to the announced port
    f.net.step = 60_000_000;
    const data = f.clientConnects(40001);
    f.net.step = 1000;
    data.sendBytes(false, 1000).fin(false).fin(true);
    const { result, passed } = run(f.net.records, EAGER);
    expect(result.sessions[0]!.transfers[0]!.data?.bytesToClient).toBe(1000);
    expect(result.unmatchedDataConnections).toEqual([]);
    expect(passed).toHaveLength(1);
  });

  it('a session on the four-tuple of a released one is a new session; a late FIN of the old one is no session', () => {
    const first = new Ftp({ clientPort: 50000 }).banner().login();
    first.cmd('QUIT').reply('221 Goodbye.');
    first.ctl.fin(false).fin(true);
    const second = new Ftp({ clientPort: 50000, net: first.net }).banner().login('bob', 'secret');
    second.cmd('QUIT').reply('221 Goodbye.');
    // the first connection's FIN again, long after it was released
    first.ctl.fin(false);
    second.ctl.fin(false).fin(true);
    const eager = run(first.net.records, EAGER);
    const kept = run(first.net.records, { release: false });
    expect(eager.result.sessions.map((s) => [s.id, s.login.user])).toEqual([
      ['S1', 'anonymous'],
      ['S2', 'bob'],
    ]);
    expect(eager.passed[0]!.at).toBeLessThan(first.net.records.length);
    // the late FIN is not counted once its session was released: only its end time differs from keeping it
    expect(eager.result.sessions[1]).toEqual(kept.result.sessions[1]);
    expect(eager.result.sessions[0]!.endT).toBeLessThan(kept.result.sessions[0]!.endT);
  });
});

describe('StreamSet (the released and ignored streams)', () => {
  it('holds small stream numbers as bits and any other number beside them', () => {
    const set = new StreamSet();
    for (const n of [0, 7, 8, 100_000, 2 ** 30, -1, 1.5]) set.add(n);
    for (const n of [0, 7, 8, 100_000, 2 ** 30, -1, 1.5]) expect(set.has(n)).toBe(true);
    for (const n of [1, 9, 99_999, 100_001, 2 ** 30 + 1, 5_000_000]) expect(set.has(n)).toBe(false);
  });
});
