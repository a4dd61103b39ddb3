// A segment tshark never saw gets a record from its own TCP header and the names given to its connection here.
import { describe, expect, it } from 'vitest';
import type { WireTcp } from '../../src/capture/wire.js';
import { skippedRecord } from '../../src/driver/skipped-record.js';

const WIRE: WireTcp = {
  srcKey: 'b',
  dstKey: 'a',
  srcPort: 20,
  dstPort: 40001,
  flags: 0x10,
  seq: 77,
  ack: 0,
  len: 1448,
  payloadAt: 54,
};

describe('skippedRecord', () => {
  it('takes frame, time, length and TCP header from the segment, stream and addresses from its connection', () => {
    const rec = skippedRecord(
      { frame: 50, epochUs: 1_700_000_000_000_000, epochNsRem: 250, len: 1514, fromA: false, wire: WIRE },
      { stream: 3, ipA: '10.0.0.1', ipB: '10.0.0.2' },
    );
    expect(rec).toEqual({
      frame: 50,
      epochUs: 1_700_000_000_000_000,
      epochNsRem: 250,
      len: 1514,
      src: '10.0.0.2',
      dst: '10.0.0.1',
      tcp: { stream: 3, srcPort: 20, dstPort: 40001, flags: 0x10, seq: 77, len: 1448, ctl: null },
      protocol: null,
      info: null,
      setupFrame: null,
    });
  });

  it("sends a side-A segment from side A's address", () => {
    const rec = skippedRecord(
      { frame: 1, epochUs: 0, len: 60, fromA: true, wire: WIRE },
      { stream: 0, ipA: 'fd00::1', ipB: 'fd00::2' },
    );
    expect([rec.src, rec.dst]).toEqual(['fd00::1', 'fd00::2']);
  });

  it('carries the control payload made here (lean)', () => {
    const ctl = Buffer.from('USER x\r\n');
    const rec = skippedRecord(
      { frame: 1, epochUs: 0, len: 60, fromA: true, wire: WIRE, ctl },
      { stream: 0, ipA: '10.0.0.1', ipB: '10.0.0.2' },
    );
    expect(rec.tcp!.ctl).toBe(ctl);
  });
});
