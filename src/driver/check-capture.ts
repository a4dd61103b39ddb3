// Checks a capture file before tshark sees it: exists, is a file, is readable, looks like pcap/pcapng (or their gzip).

import { open, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { FtpReportError, readFailureOfErrno } from '../errors.js';

const PCAP_MAGICS = new Set(['a1b2c3d4', 'd4c3b2a1', 'a1b23c4d', '4d3cb2a1', 'a1b2cd34', '34cdb2a1']);
const PCAPNG_MAGIC = '0a0d0d0a';

/** Names the capture format from its first bytes: "pcap", "pcapng", or null when neither. */
export function formatFromMagic(head: Uint8Array): 'pcap' | 'pcapng' | null {
  if (head.length < 4) return null;
  const hex = Buffer.from(head.subarray(0, 4)).toString('hex');
  if (hex === PCAPNG_MAGIC) return 'pcapng';
  if (PCAP_MAGICS.has(hex)) return 'pcap';
  return null;
}

/** Returns the capture's format ("pcap", "pcapng", "pcap.gz", "pcapng.gz") or throws a one-line reason. */
export async function checkCapture(file: string): Promise<string> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    if (errno !== 'ENOENT') throw unreadable(file, err);
    throw new FtpReportError('CAPTURE_NOT_FOUND', `${file}: no such file`, {
      file,
      reason: 'no-such-file',
      errno,
      cause: err,
    });
  }
  if (info.isDirectory()) {
    const message = `${file}: is a directory, not a capture file`;
    throw new FtpReportError('CAPTURE_UNREADABLE', message, { file, reason: 'is-directory' });
  }
  if (!info.isFile()) {
    throw new FtpReportError('CAPTURE_UNREADABLE', `${file}: is not a regular file`, { file, reason: 'not-a-file' });
  }
  if (info.size === 0) {
    const message = `${file}: is empty (0 bytes), not a capture`;
    throw new FtpReportError('CAPTURE_INVALID', message, { file, reason: 'empty' });
  }
  let head: Buffer;
  try {
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw unreadable(file, err);
  }
  const plain = formatFromMagic(head);
  if (plain) return plain;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    let inner: Buffer | null = null;
    try {
      inner = gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: accept a partial stream */ });
    } catch {
      inner = null;
    }
    const fmt = inner ? formatFromMagic(inner) : null;
    if (fmt) return `${fmt}.gz`;
    const firstBytes = inner ? inner.subarray(0, 4).toString('hex') : undefined;
    const message = `${file}: is gzip-compressed but does not hold a pcap or pcapng capture`;
    throw new FtpReportError('CAPTURE_INVALID', message, {
      file,
      reason: 'not-a-capture',
      gzip: true,
      firstBytes,
    });
  }
  const firstBytes = head.subarray(0, 4).toString('hex');
  const message = `${file}: is not a pcap or pcapng capture (it starts with bytes ${firstBytes})`;
  throw new FtpReportError('CAPTURE_INVALID', message, {
    file,
    reason: 'not-a-capture',
    firstBytes,
  });
}

/** A capture the file system would not let ftp-report stat or read. */
function unreadable(file: string, err: unknown): FtpReportError {
  const errno = (err as NodeJS.ErrnoException).code;
  return new FtpReportError('CAPTURE_UNREADABLE', `${file}: cannot be read (${errno ?? 'error'})`, {
    file,
    reason: readFailureOfErrno(errno),
    errno,
    cause: err,
  });
}
