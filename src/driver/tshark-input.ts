// Writes what tshark is to read into its input pipe in batches, waiting whenever the pipe is full.

import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';

/** Bytes gathered before they are written as one batch. */
export const BATCH_BYTES = 1 << 18;

/** Resolves when a writable can take more, or is gone. */
export function drained(w: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      w.off('drain', done);
      w.off('close', done);
      resolve();
    };
    w.on('drain', done);
    w.on('close', done);
  });
}

/**
 * Blocks gathered for tshark, written in one go. Each is copied as it is added (the capture's read buffer it comes from
 * is reused), into a buffer that is the pipe's from the moment it is written.
 */
export class Batch {
  private buf: Buffer | null = null;
  private size = 0;
  /** Bytes of the last batch written: the next one starts with room for about as many. */
  private last = 0;

  /** Bytes gathered and not yet written. */
  get bytes(): number {
    return this.size;
  }

  add(bytes: Uint8Array): void {
    const need = this.size + bytes.length;
    if (this.buf === null || need > this.buf.length) {
      const room =
        this.buf === null ? Math.min(BATCH_BYTES + (1 << 16), this.last + (this.last >> 2)) : this.buf.length * 2;
      const grown = Buffer.allocUnsafe(Math.max(need, 1 << 12, room));
      this.buf?.copy(grown, 0, 0, this.size);
      this.buf = grown;
    }
    this.buf.set(bytes, this.size);
    this.size = need;
  }

  /** Writes what was gathered (dropped when `w` is gone) and waits until `w` can take more. */
  async writeTo(w: Writable): Promise<void> {
    const buf = this.buf;
    const size = this.size;
    this.buf = null;
    this.size = 0;
    this.last = size;
    if (buf === null || size === 0 || w.destroyed) return;
    if (!w.write(buf.subarray(0, size))) await drained(w);
  }
}

/** Copies `file` from byte `start` to its end into `w`, as it can take it, until `w` is gone or `stop()`. */
export async function copyRest(file: string, start: number, w: Writable, stop: () => boolean): Promise<void> {
  if (w.writableEnded || w.destroyed) return;
  await copyChunks(createReadStream(file, { start }), w, stop);
}

/** Copies chunks into `w` as it can take them, until they end, `w` is gone or `stop()`. */
export async function copyChunks(chunks: AsyncIterable<Buffer>, w: Writable, stop: () => boolean): Promise<void> {
  if (w.writableEnded || w.destroyed) return;
  for await (const chunk of chunks) {
    if (w.destroyed || stop()) break;
    if (!w.write(chunk)) await drained(w);
  }
}

/**
 * Copies the whole capture file into tshark's pipe unchanged (gzip stays gzip: tshark inflates it) and closes the
 * pipe; stops early when `stop()` or when tshark is gone (its exit status then says why). A file that cannot be read
 * rejects with the system's error.
 */
export async function copyCapture(file: string, w: Writable, stop: () => boolean): Promise<void> {
  w.on('error', () => {});
  await copyRest(file, 0, w, stop);
  w.end();
}
