// Packet rows are kept only when an output shows them: a report made without them (runReport packetRows: false,
// what the CLI does for JSON without --packet-rows and for CSV/JSONL tables other than packets) is the same report with
// empty packet lists, on every sample; the JSON view leaves the two keys out unless asked.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedReport } from '../shared-report.js';
import type { Report } from '../../src/model.js';
import { reportJson } from '../../src/reports/json.js';
import { assertContract } from '../contract.js';

const samples = readdirSync('samples')
  .filter((f) => /\.pcapng?(\.gz)?$/.test(f))
  .sort();

/** The report with its packet rows emptied, as a report made without them should be. */
const withoutRows = (r: Report): Report => ({
  ...r,
  sessions: r.sessions.map((s) => ({ ...s, packets: [], collapsedPackets: [] })),
});

describe.each(samples)('sample %s without packet rows', (name) => {
  it('is the same report, only its packet rows left out', async () => {
    const [full, lean] = await Promise.all([
      sharedReport({ capture: `samples/${name}` }),
      sharedReport({ capture: `samples/${name}`, packetRows: false }),
    ]);
    assertContract(lean);
    expect(full.sessions.some((s) => s.packets.length > 0)).toBe(true);
    for (const s of lean.sessions) {
      expect(s.packets).toEqual([]);
      expect(s.collapsedPackets).toEqual([]);
    }
    // and the tshark it names: none when it was not started (the lean path reads plain TCP itself)
    const version = full.capture.tsharkVersion;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect([null, version]).toContain(lean.capture.tsharkVersion);
    expect({ ...lean, capture: { ...lean.capture, tsharkVersion: version } }).toEqual(withoutRows(full));
  });
});

describe('the JSON view and packet rows', () => {
  it('writes packets and collapsedPackets by default (the library keeps them) and leaves them out when told', async () => {
    const report = await sharedReport({ capture: 'samples/passive-list-retr.pcapng' });
    const full = reportJson(report);
    const lean = reportJson(report, { packets: false });
    expect(full.sessions[0]!.packets!.length).toBeGreaterThan(0);
    expect(Object.keys(lean.sessions[0]!)).not.toContain('packets');
    expect(Object.keys(lean.sessions[0]!)).not.toContain('collapsedPackets');
    const { packets: _p, collapsedPackets: _c, ...rest } = full.sessions[0]!;
    expect(lean.sessions[0]).toEqual(rest);
    expect({ ...lean, sessions: [] }).toEqual({ ...full, sessions: [] });
  });
});
