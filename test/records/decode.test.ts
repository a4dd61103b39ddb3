import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEkLine, epochNsRemOf, epochToMicros } from '../../src/records/decode.js';
import type { PacketRecord } from '../../src/records/types.js';

// Real tshark 4.0 EK output of ../shared/peer/zeek/ipv4/ipv4.pcap: once with the Lua postdissector
// (ftpr.ctl on control segments only), once without Lua (tcp.payload on every segment).
const load = (name: string) =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => decodeEkLine(JSON.parse(l), new Set([21])))
    .filter((r): r is PacketRecord => typeof r === 'object');

describe('decodeEkLine', () => {
  it('skips index lines and rejects non-packets', () => {
    expect(decodeEkLine({ index: { _index: 'packets' } }, new Set([21]))).toBe('index');
    expect(decodeEkLine('text', new Set([21]))).toBe('invalid');
    expect(decodeEkLine({ layers: {} }, new Set([21]))).toBe('invalid');
  });

  it('decodes every frame of a real EK export', () => {
    const recs = load('zeek-ipv4.ek.jsonl');
    expect(recs).toHaveLength(95);
    expect(recs[0]).toMatchObject({
      frame: 1,
      epochUs: 1329843161968492,
      len: 74,
      src: '141.142.220.235',
      dst: '199.233.217.249',
      tcp: { stream: 0, srcPort: 50003, dstPort: 21, flags: 0x02, len: 0, ctl: null },
    });
    const banner = recs[3]!;
    expect(Buffer.from(banner.tcp!.ctl!).toString('latin1')).toBe(
      '220 ftp.NetBSD.org FTP server (NetBSD-ftpd 20100320) ready.\r\n',
    );
  });

  it('gives the same control bytes with and without the Lua postdissector', () => {
    const ctl = (recs: PacketRecord[]) =>
      recs.filter((r) => r.tcp?.ctl).map((r) => [r.frame, Buffer.from(r.tcp!.ctl!).toString('hex')]);
    const withLua = ctl(load('zeek-ipv4.ek.jsonl'));
    expect(withLua.length).toBeGreaterThan(20);
    expect(ctl(load('zeek-ipv4.nolua.ek.jsonl'))).toEqual(withLua);
  });

  it('keeps data-connection payload out of the records', () => {
    const data = load('zeek-ipv4.ek.jsonl').filter(
      (r) => r.tcp && r.tcp.len > 0 && r.tcp.srcPort !== 21 && r.tcp.dstPort !== 21,
    );
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((r) => r.tcp!.ctl === null)).toBe(true);
    expect(data.some((r) => r.setupFrame !== null)).toBe(true);
  });
});

describe('epochToMicros', () => {
  it('keeps microseconds exact', () => {
    expect(epochToMicros('1329843162.024025000')).toBe(1329843162024025);
    expect(epochToMicros('1.5')).toBe(1500000);
    expect(epochToMicros('7')).toBe(7000000);
  });
});

describe('epochNsRemOf', () => {
  it('gives the nanoseconds epochToMicros leaves out', () => {
    expect(epochNsRemOf('1329843162.024025789')).toBe(789);
    expect(epochNsRemOf('1329843162.024025000')).toBe(0);
    expect(epochNsRemOf('1.00000005')).toBe(50);
    expect(epochNsRemOf('1.5')).toBe(0);
    expect(epochNsRemOf('7')).toBe(0);
    expect(epochToMicros('-1.000000250') * 1000 + epochNsRemOf('-1.000000250')).toBe(-1_000_000_250);
  });
});

describe('decodeEkLine with a TLS key log', () => {
  // Real tshark 4.0 EK output of test/fixtures/ftps/ftps-curl-prot-p.pcapng with its key log, made by the command
  // --print-tshark-command prints for it (reading the file itself): ftpr.tlsctl and ftpr.plain from the script.
  const recs = readFileSync(new URL('../fixtures/ftps/ftps-curl-prot-p.keylog.ek.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => decodeEkLine(JSON.parse(l), new Set([21])))
    .filter((r): r is PacketRecord => typeof r === 'object');

  it('gives the decrypted control bytes of a frame beside its TLS bytes', () => {
    const decrypted = recs.filter((r) => r.tcp?.tlsCtl);
    const text = decrypted.map((r) => Buffer.from(r.tcp!.tlsCtl!).toString('latin1'));
    expect(text.slice(0, 3)).toEqual([
      'USER anonymous\r\n',
      '331 Please specify the password.\r\n',
      'PASS curl@example.com\r\n',
    ]);
    expect(text.at(-1)).toBe('221 Goodbye.\r\n');
    // the frame still carries its TLS record, counted as it is on the wire
    for (const r of decrypted) expect(r.tcp!.ctl!.length).toBe(r.tcp!.len);
  });

  it('gives the plaintext length of the TLS records decrypted on a data connection', () => {
    expect(recs.filter((r) => r.tcp?.plain !== undefined).map((r) => r.tcp!.plain)).toEqual([134, 3072]);
  });

  it('leaves both out of records that carry neither', () => {
    const plain = recs.filter((r) => r.tcp && r.tcp.tlsCtl === undefined && r.tcp.plain === undefined);
    expect(plain.length).toBeGreaterThan(50);
    expect(plain.every((r) => !('tlsCtl' in r.tcp!) && !('plain' in r.tcp!))).toBe(true);
  });
});
