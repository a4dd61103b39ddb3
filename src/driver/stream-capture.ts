// Opens a capture that can only be read once, front to back (standard input, a FIFO, process substitution, a live
// capture's pipe): names its format from its first bytes, inflates gzip here, and hands back a StreamSource.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { StreamSource } from '../capture/stream-source.js';
import { FtpReportError } from '../errors.js';
import { formatFromMagic } from './check-capture.js';

/** The name that means standard input. */
export const STDIN_NAME = '-';

/**
 * True when `file` is read as a stream: "-", or a path that is no regular file nor directory but can be read once (a
 * FIFO, a character device such as /dev/stdin on a pipe or terminal, a socket). Missing paths are not streams.
 */
export async function isStreamPath(file: string): Promise<boolean> {
  if (file === STDIN_NAME) return true;
  try {
    const info = await stat(file);
    return info.isFIFO() || info.isCharacterDevice() || info.isSocket();
  } catch {
    return false;
  }
}

/** Resolves with the stream's next chunk, or null at its end; rejects with its error. */
function nextChunk(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const chunk = stream.read() as Buffer | null;
      if (chunk !== null) finish(chunk);
      else if (stream.readableEnded || stream.destroyed) finish(null);
    };
    const onEnd = (): void => finish(null);
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const finish = (v: Buffer | null): void => {
      cleanup();
      resolve(v);
    };
    const cleanup = (): void => {
      stream.off('readable', attempt);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('readable', attempt);
    stream.on('end', onEnd);
    stream.on('error', onError);
    attempt();
  });
}

/** The first `n` bytes of a stream (fewer when it ends first), put back so that reading starts at byte 0 again. */
async function peek(stream: Readable, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < n) {
    const chunk = await nextChunk(stream);
    if (chunk === null) break;
    parts.push(chunk);
    size += chunk.length;
  }
  const head = Buffer.concat(parts);
  if (head.length > 0) stream.unshift(head);
  return head;
}

/** A stream capture ready to read: its blocks, and its format as the report names it. */
export interface StreamCapture {
  source: StreamSource;
  /** "pcap", "pcapng", "pcap.gz" or "pcapng.gz". */
  format: string;
}

/** The error for a stream that failed before its first bytes could be judged. */
function unreadable(name: string, err: unknown): FtpReportError {
  const errno = (err as NodeJS.ErrnoException).code;
  const message = `${name}: cannot be read (${errno ?? (err as Error).message})`;
  return new FtpReportError('CAPTURE_UNREADABLE', message, { file: name, reason: 'unreadable', errno, cause: err });
}

/**
 * Opens `name` ("-": `stdin`) as a stream capture (its bytes also go to `copyTo` as they are read, when given).
 * Throws CAPTURE_INVALID when it is empty or holds no pcap/pcapng
 * (plain or gzip-compressed), CAPTURE_UNREADABLE when it cannot be read.
 */
export async function openStreamCapture(
  name: string,
  stdin: Readable,
  copyTo?: { write(chunk: Buffer): unknown },
): Promise<StreamCapture> {
  return openCaptureStream(name, name === STDIN_NAME ? stdin : createReadStream(name), copyTo);
}

/** openStreamCapture for a stream already open (a live capture's pipe); `name` is what messages call it. */
export async function openCaptureStream(
  name: string,
  raw: Readable,
  copyTo?: { write(chunk: Buffer): unknown },
): Promise<StreamCapture> {
  let head: Buffer;
  try {
    head = await peek(raw, 4);
  } catch (err) {
    throw unreadable(name, err);
  }
  if (head.length === 0) {
    const message = `${name}: is empty (no bytes came), not a capture`;
    throw new FtpReportError('CAPTURE_INVALID', message, { file: name, reason: 'empty' });
  }
  let stream = raw;
  let gzip = false;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    gzip = true;
    stream = raw.pipe(createGunzip());
    raw.on('error', (err: Error) => stream.destroy(err));
    try {
      head = await peek(stream, 4);
    } catch (err) {
      raw.destroy();
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      const message = `${name}: is gzip-compressed but its stream is damaged before a capture starts (${code})`;
      throw new FtpReportError('CAPTURE_INVALID', message, { file: name, reason: 'damaged', gzip: true });
    }
  }
  const format = formatFromMagic(head);
  if (format === null) {
    raw.destroy();
    const firstBytes = head.subarray(0, 4).toString('hex');
    const message = gzip
      ? `${name}: is gzip-compressed but does not hold a pcap or pcapng capture`
      : `${name}: is not a pcap or pcapng capture (it starts with bytes ${firstBytes})`;
    throw new FtpReportError('CAPTURE_INVALID', message, { file: name, reason: 'not-a-capture', gzip, firstBytes });
  }
  return { source: new StreamSource(stream, copyTo), format: gzip ? `${format}.gz` : format };
}
