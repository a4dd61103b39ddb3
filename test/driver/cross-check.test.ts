// A packet both ftp-report and tshark read must look the same to both; the first difference is named and fatal.
import { describe, expect, it } from 'vitest';
import type { WireTcp } from '../../src/capture/wire.js';
import { crossCheck, disagreement, type ReadPacket } from '../../src/driver/cross-check.js';
import { FtpReportError } from '../../src/errors.js';
import type { PacketRecord } from '../../src/records/types.js';

const WIRE: WireTcp = {
  srcKey: 'a',
  dstKey: 'b',
  srcPort: 40000,
  dstPort: 21,
  flags: 0x18,
  seq: 1000,
  ack: 0,
  len: 12,
  payloadAt: 54,
};

const read = (extra: Partial<ReadPacket> = {}): ReadPacket => ({
  frame: 7,
  epochUs: 1_000_000,
  len: 66,
  wire: WIRE,
  ...extra,
});

function record(
  tcp: Partial<NonNullable<PacketRecord['tcp']>> | null = {},
  extra: Partial<PacketRecord> = {},
): PacketRecord {
  return {
    frame: 3,
    epochUs: 1_000_000,
    len: 66,
    src: '10.0.0.1',
    dst: '10.0.0.2',
    tcp: tcp && { stream: 0, srcPort: 40000, dstPort: 21, flags: 0x18, seq: 1000, len: 12, ctl: null, ...tcp },
    protocol: 'FTP',
    info: null,
    setupFrame: null,
    ...extra,
  };
}

describe('cross-check', () => {
  it("finds nothing when tshark's record matches what was read", () => {
    expect(disagreement(read(), record())).toBeNull();
  });

  it('names a different time', () => {
    expect(disagreement(read(), record({}, { epochUs: 1_000_001 }))).toBe('time');
  });

  it("does not compare the time when the capture's timestamp was not plain", () => {
    expect(disagreement(read({ epochUs: null }), record({}, { epochUs: 5 }))).toBeNull();
  });

  it('names a different length', () => {
    expect(disagreement(read(), record({}, { len: 67 }))).toBe('length');
  });

  it('names a packet read as TCP that tshark did not see as TCP', () => {
    expect(disagreement(read(), record(null))).toBe('not-tcp');
  });

  it('compares only time and length of a packet that was not read as TCP', () => {
    expect(disagreement(read({ wire: null }), record({ srcPort: 1, seq: 2 }))).toBeNull();
  });

  it('names different ports', () => {
    expect(disagreement(read(), record({ dstPort: 2121 }))).toBe('ports');
  });

  it('names a different sequence number, payload length or flags as the TCP header', () => {
    expect(disagreement(read(), record({ seq: 1001 }))).toBe('tcp-header');
    expect(disagreement(read(), record({ len: 11 }))).toBe('tcp-header');
    expect(disagreement(read(), record({ flags: 0x10 }))).toBe('tcp-header');
  });

  it('names the first difference when there are several (time before length before ports)', () => {
    expect(disagreement(read(), record({ srcPort: 1 }, { epochUs: 2, len: 1 }))).toBe('time');
  });

  it('throws an internal error that names the capture frame and --dissect-all', () => {
    let error: unknown;
    try {
      crossCheck(read(), record({ srcPort: 1 }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FtpReportError);
    const e = error as FtpReportError;
    expect(e.code).toBe('INTERNAL');
    expect(e.details.frame).toBe(7);
    expect(e.message).toBe(
      "frame 7: tshark and ftp-report's own reader disagree on the ports; rerun with --dissect-all",
    );
  });

  it('throws nothing when they agree', () => {
    expect(() => crossCheck(read(), record())).not.toThrow();
  });
});
