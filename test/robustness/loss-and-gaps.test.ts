// Lost, duplicated, reordered and overlapping segments that TCP repaired (loss-dup-reorder, a real
// transfer through a lossy, duplicating, reordering loopback), and segments the capture itself
// missed (data-gaps, control-gap: frames taken out of retr-64k.pcapng with editcap).
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertContract } from '../contract.js';
import { cmd, dialogue, fixture, only, report, transfer, warningsOf } from './captures.js';

const FULL_SEGMENT = 1448;

interface Disorder {
  duplicate: number;
  retransmit: number;
  reordered: number;
  overlap: number;
}

/** What the capture shows per kind of connection, read with tshark (as scripts/samples/robustness.py disorder-stats). */
function disorder(file: string): { control: Disorder; data: Disorder } {
  const out = execFileSync(
    'tshark',
    [
      '-r',
      file,
      '-n',
      '-Y',
      'tcp.len>0',
      '-T',
      'fields',
      '-E',
      'separator=,',
      '-e',
      'tcp.stream',
      '-e',
      'tcp.srcport',
      '-e',
      'tcp.dstport',
      '-e',
      'ip.id',
      '-e',
      'tcp.seq',
      '-e',
      'tcp.len',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const zero = (): Disorder => ({ duplicate: 0, retransmit: 0, reordered: 0, overlap: 0 });
  const counts = { control: zero(), data: zero() };
  const seen = new Map<string, { ids: Set<string>; ranges: [number, number][]; top: number }>();
  for (const row of out.trim().split('\n')) {
    const [stream, sport, dport, ipId, seqText, lenText] = row.split(',');
    const seq = Number(seqText);
    const end = seq + Number(lenText);
    const kind = sport === '21' || dport === '21' ? 'control' : 'data';
    const key = `${stream} ${sport}`;
    const st = seen.get(key) ?? { ids: new Set<string>(), ranges: [], top: 0 };
    seen.set(key, st);
    const id = `${ipId} ${seq} ${end}`;
    const covered = st.ranges.reduce((n, [s, e]) => n + Math.max(0, Math.min(end, e) - Math.max(seq, s)), 0);
    if (st.ids.has(id)) counts[kind].duplicate += 1;
    else if (covered === end - seq) counts[kind].retransmit += 1;
    else if (covered > 0) counts[kind].overlap += 1;
    else if (end <= st.top) counts[kind].reordered += 1;
    st.ids.add(id);
    st.ranges.push([seq, end]);
    st.top = Math.max(st.top, end);
  }
  return counts;
}

describe('loss, duplicates, reordering and overlaps that TCP repaired (loss-dup-reorder)', () => {
  let shown: { control: Disorder; data: Disorder };
  beforeAll(() => {
    shown = disorder(fixture('loss-dup-reorder'));
  });

  it('is a capture that really shows each kind of disorder on the control and on the data connections', () => {
    for (const kind of ['control', 'data'] as const) {
      for (const what of ['duplicate', 'retransmit', 'reordered', 'overlap'] as const) {
        expect(shown[kind][what], `${kind} ${what}`).toBeGreaterThan(0);
      }
    }
  });

  it('counts the downloaded and the uploaded bytes once: exactly the file sizes, none missing', async () => {
    const r = await report('loss-dup-reorder');
    assertContract(r);
    const s = only(r);
    const retr = transfer(s, 'RETR', 'big.bin');
    const stor = transfer(s, 'STOR', 'up.bin');
    expect(retr).toMatchObject({ bytes: 200000, missingBytes: 0, status: 'complete' });
    expect(retr.data).toMatchObject({ bytesToClient: 200000, bytesToServer: 0 });
    expect(stor).toMatchObject({ bytes: 50000, missingBytes: 0, status: 'complete' });
    expect(stor.data).toMatchObject({ bytesToServer: 50000, bytesToClient: 0 });
  });

  it('does not count retransmitted and duplicated bytes: the packets carried more than the bytes reported', async () => {
    const s = only(await report('loss-dup-reorder'));
    const retr = transfer(s, 'RETR', 'big.bin');
    const stream = retr.data!.tcpStream;
    const carried =
      s.packets.filter((p) => p.tcpStream === stream).reduce((n, p) => n + p.payloadBytes, 0) +
      s.collapsedPackets.filter((c) => c.tcpStream === stream).reduce((n, c) => n + c.payloadBytes, 0);
    expect(carried).toBeGreaterThan(200000);
    expect(retr.bytes).toBe(200000);
  });

  it('rebuilds the control lines, typed one byte per segment and reordered, whole and in order', async () => {
    const r = await report('loss-dup-reorder');
    const s = only(r);
    expect(dialogue(s)).toEqual([
      'USER demo -> 331',
      'PASS demo123 -> 230',
      'TYPE I -> 200',
      'PASV -> 227',
      'RETR big.bin -> 226',
      'PASV -> 227',
      'STOR up.bin -> 226',
      'QUIT -> 221',
    ]);
    expect(s.login).toMatchObject({ user: 'demo', password: 'demo123', outcome: 'success' });
    // a line typed byte by byte spans segments: its first byte's frame is before its CRLF's
    expect(cmd(s, 'RETR').firstFrame).toBeLessThan(cmd(s, 'RETR').frame);
    expect(warningsOf(r, 'S1')).toEqual([]);
    expect(r.unmatchedDataConnections).toEqual([]);
  });
});

describe('data segments the capture missed (data-gaps: 3 of the 1448-byte RETR segments taken out)', () => {
  it('reports the missing bytes exactly, counts only the bytes seen and warns', async () => {
    const r = await report('data-gaps');
    assertContract(r);
    const s = only(r);
    const retr = transfer(s, 'RETR', 'big.bin');
    expect(retr.missingBytes).toBe(3 * FULL_SEGMENT);
    expect(retr.bytes).toBe(65536 - 3 * FULL_SEGMENT);
    expect(retr.data!.bytesToClient).toBe(65536 - 3 * FULL_SEGMENT);
    expect(r.warnings).toContain(
      `${retr.id}: at least ${3 * FULL_SEGMENT} bytes of the RETR data connection were not captured; bytes counts only what was seen.`,
    );
  });

  it("takes the status from the server's reply: 226, complete", async () => {
    const s = only(await report('data-gaps'));
    const retr = transfer(s, 'RETR', 'big.bin');
    expect(retr.replyCodes[retr.replyCodes.length - 1]).toBe(226);
    expect(retr.status).toBe('complete');
    expect(transfer(s, 'LIST')).toMatchObject({ missingBytes: 0, status: 'complete' });
  });
});

describe("a control segment the capture missed (control-gap: the server's 257 reply to PWD taken out)", () => {
  it("warns that the control channel has a gap of exactly the missing reply's bytes", async () => {
    const r = await report('control-gap');
    assertContract(r);
    // '257 "/" is the current directory.\r\n'
    expect(warningsOf(r, 'S1')).toContain(
      'S1: 35 bytes of the control channel were not captured; lines around the gap may be incomplete.',
    );
  });

  // DEFECT (engine): the control stream holds every segment after a gap until the end of the capture
  // (ControlStream only skips a gap at finish() or past 512 held segments), so every later reply is paired
  // one command too early (PWD gets the 227, PASV the 200, ...), the PASV expectations open only after the
  // data connections are over (both end up in unmatchedDataConnections) and no transfer is reported.
  it('pairs the replies after the gap with their own commands and leaves the command whose reply was lost without one', async () => {
    const s = only(await report('control-gap'));
    expect(dialogue(s)).toEqual([
      'USER demo -> 331',
      'PASS demo123 -> 230',
      'PWD -> none',
      'PASV -> 227',
      'TYPE A -> 200',
      'LIST -> 226',
      'PASV -> 227',
      'TYPE I -> 200',
      'SIZE big.bin -> 213',
      'RETR big.bin -> 226',
      'QUIT -> 221',
    ]);
  });

  // DEFECT (engine): same cause as above.
  it('still matches the data connections after the gap and counts their bytes', async () => {
    const r = await report('control-gap');
    const s = only(r);
    expect(transfer(s, 'RETR', 'big.bin')).toMatchObject({ bytes: 65536, status: 'complete' });
    expect(transfer(s, 'LIST').status).toBe('complete');
    expect(r.unmatchedDataConnections).toEqual([]);
  });
});
