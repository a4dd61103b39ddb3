// What checkCapture says of a file before tshark sees it: its format, or why it is no capture (code and reason).
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCapture, formatFromMagic } from '../../src/driver/check-capture.js';
import { FtpReportError } from '../../src/errors.js';

const SAMPLE = join(import.meta.dirname, '../../samples/passive-list-retr.pcapng');
const dir = mkdtempSync(join(tmpdir(), 'ftp-report-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `bytes` to a file in the temporary folder and returns its path. */
function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The FtpReportError checkCapture rejects with (fails the test when it resolves or throws something else). */
async function rejection(path: string): Promise<FtpReportError> {
  const err = await checkCapture(path).then(
    (format) => new Error(`resolved with ${format}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FtpReportError);
  return err as FtpReportError;
}

/** A 24-byte pcap file header with this magic (as written, big-endian) and no packets. */
function pcapHeader(magic: number): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt32BE(magic, 0);
  return b;
}

describe('checkCapture', () => {
  it('names a committed pcapng sample "pcapng"', async () => {
    expect(await checkCapture(SAMPLE)).toBe('pcapng');
  });

  it('names a pcap file "pcap", in either byte order and in microseconds or nanoseconds', async () => {
    for (const magic of [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1]) {
      expect(await checkCapture(file(`m${magic}.pcap`, pcapHeader(magic)))).toBe('pcap');
    }
  });

  it('names a gzip-compressed pcapng "pcapng.gz"', async () => {
    expect(await checkCapture(file('sample.pcapng.gz', gzipSync(readFileSync(SAMPLE))))).toBe('pcapng.gz');
  });

  it('names a gzip-compressed pcap "pcap.gz"', async () => {
    expect(await checkCapture(file('empty.pcap.gz', gzipSync(pcapHeader(0xa1b2c3d4))))).toBe('pcap.gz');
  });

  it('rejects a text file as invalid, not a capture, with its first bytes', async () => {
    const err = await rejection(file('notes.txt', 'hello, this is text\n'));
    expect(err.code).toBe('CAPTURE_INVALID');
    expect(err.details.reason).toBe('not-a-capture');
    expect(err.details.firstBytes).toBe(Buffer.from('hell').toString('hex'));
  });

  it('rejects a gzip file that holds no capture as invalid, saying it is gzip', async () => {
    const err = await rejection(file('notes.txt.gz', gzipSync('just some text, not a capture')));
    expect(err.code).toBe('CAPTURE_INVALID');
    expect(err.details.reason).toBe('not-a-capture');
    expect(err.details.gzip).toBe(true);
  });

  it('rejects an empty file as invalid', async () => {
    const err = await rejection(file('empty.pcapng', ''));
    expect(err.code).toBe('CAPTURE_INVALID');
    expect(err.details.reason).toBe('empty');
  });

  it('rejects a file shorter than any magic number as not a capture', async () => {
    const err = await rejection(file('tiny', Buffer.from([0x0a, 0x0d])));
    expect(err.code).toBe('CAPTURE_INVALID');
    expect(err.details.reason).toBe('not-a-capture');
  });

  it('rejects a directory as unreadable', async () => {
    const path = join(dir, 'a-folder.pcapng');
    mkdirSync(path);
    const err = await rejection(path);
    expect(err.code).toBe('CAPTURE_UNREADABLE');
    expect(err.details.reason).toBe('is-directory');
  });

  it('rejects a device (not a regular file) as unreadable', async () => {
    const err = await rejection('/dev/null');
    expect(err.code).toBe('CAPTURE_UNREADABLE');
    expect(err.details.reason).toBe('not-a-file');
  });

  it('rejects a missing file as not found, naming the file', async () => {
    const path = join(dir, 'missing.pcapng');
    const err = await rejection(path);
    expect(err.code).toBe('CAPTURE_NOT_FOUND');
    expect(err.details.reason).toBe('no-such-file');
    expect(err.details.file).toBe(path);
  });
});

describe('formatFromMagic', () => {
  it('knows the pcapng section header and the pcap magics (also the modified pcap variant)', () => {
    expect(formatFromMagic(Buffer.from('0a0d0d0a', 'hex'))).toBe('pcapng');
    expect(formatFromMagic(Buffer.from('a1b2cd34', 'hex'))).toBe('pcap');
  });

  it('knows nothing else, nor fewer than 4 bytes', () => {
    expect(formatFromMagic(Buffer.from('1f8b0800', 'hex'))).toBeNull();
    expect(formatFromMagic(Buffer.from('a1b2c3', 'hex'))).toBeNull();
  });
});
