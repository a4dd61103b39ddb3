// A segment tshark never saw gets a record from its own TCP header and what tshark said of its connection.
import { describe, expect, it } from 'vitest';
import type { WireTcp } from '../../src/capture/wire.js';
import { ConnectionNames, skippedRecord } from '../../src/driver/skipped-record.js';
import type { PacketRecord } from '../../src/records/types.js';

const WIRE: WireTcp = {
  srcKey: 'b',
  dstKey: 'a',
  srcPort: 20,
  dstPort: 40001,
  flags: 0x10,
  seq: 77,
  len: 1448,
  payloadAt: 54,
};

function tsharkRecord(src: string, dst: string, stream: number): PacketRecord {
  return {
    frame: 1,
    epochUs: 0,
    len: 60,
    src,
    dst,
    tcp: { stream, srcPort: 40001, dstPort: 20, flags: 0x02, seq: 1, len: 0, ctl: null },
    protocol: 'TCP',
    info: 'x',
    setupFrame: null,
  };
}

describe('connection names', () => {
  it('knows nothing of a connection tshark returned no record of', () => {
    expect(new ConnectionNames().of({})).toEqual({ stream: -1, ipA: null, ipB: null });
  });

  it("learns the stream and side A's and B's addresses from a record sent by side A", () => {
    const names = new ConnectionNames();
    const conn = {};
    names.learn(conn, true, tsharkRecord('10.0.0.1', '10.0.0.2', 4));
    expect(names.of(conn)).toEqual({ stream: 4, ipA: '10.0.0.1', ipB: '10.0.0.2' });
  });

  it('learns the sides the other way round from a record sent by side B', () => {
    const names = new ConnectionNames();
    const conn = {};
    names.learn(conn, false, tsharkRecord('10.0.0.2', '10.0.0.1', 4));
    expect(names.of(conn)).toEqual({ stream: 4, ipA: '10.0.0.1', ipB: '10.0.0.2' });
  });

  it('keeps what the latest record said', () => {
    const names = new ConnectionNames();
    const conn = {};
    names.learn(conn, true, tsharkRecord('10.0.0.1', '10.0.0.2', 4));
    names.learn(conn, true, tsharkRecord('10.0.0.1', '10.0.0.2', 9));
    expect(names.of(conn).stream).toBe(9);
  });

  it('learns nothing from a record that is not TCP', () => {
    const names = new ConnectionNames();
    const conn = {};
    names.learn(conn, true, { ...tsharkRecord('10.0.0.1', '10.0.0.2', 4), tcp: null });
    expect(names.of(conn).stream).toBe(-1);
  });
});

describe('skippedRecord', () => {
  it('takes frame, time, length and TCP header from the segment, stream and addresses from tshark', () => {
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
});
