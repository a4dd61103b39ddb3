// A capture read from a stream (standard input, a FIFO, a live capture's pipe) through the same positional read
// CaptureBlocks makes of a file: bytes arrive once, in order, and nothing can be read twice.

import type { Readable } from 'node:stream';

/** What CaptureBlocks reads from: a FileHandle, or a StreamSource. */
export interface BlockSource {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

export class StreamSource implements BlockSource {
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  /** Stream offset of the next byte handed out. */
  private at = 0;
  /** Bytes that went through: read by the caller, whole or in part. */
  get offset(): number {
    return this.at;
  }
  /**
   * Called before a read has to wait for the stream (nothing is buffered): the reader hands on what it gathered, so a
   * live capture's packets reach tshark as they come rather than a batch later.
   */
  onStarve: (() => Promise<void>) | null = null;

  /** @param copyTo also gets every byte as it comes (a live capture saved with -w) */
  constructor(
    private readonly stream: Readable,
    copyTo?: { write(chunk: Buffer): unknown },
  ) {
    stream.on('data', (chunk: Buffer) => {
      copyTo?.write(chunk);
      this.chunks.push(chunk);
      // a bounded buffer: the stream is paused until the reader has taken what came
      if (this.chunks.length > 16) stream.pause();
      this.notify();
    });
    stream.on('end', () => {
      this.ended = true;
      this.notify();
    });
    stream.on('error', (err: Error) => {
      this.failure = err;
      this.notify();
    });
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Reads up to `length` bytes, waiting for at least one unless the stream ended; `position` must be where it is. */
  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    if (position !== this.at) throw new Error(`a stream cannot be read at ${position} (it is at ${this.at})`);
    if (this.chunks.length === 0 && !this.ended && this.failure === null && this.onStarve) await this.onStarve();
    while (this.chunks.length === 0 && !this.ended && this.failure === null) {
      this.stream.resume();
      await new Promise<void>((r) => (this.wake = r));
    }
    if (this.chunks.length === 0 && this.failure !== null) throw this.failure;
    let n = 0;
    while (n < length && this.chunks.length > 0) {
      const c = this.chunks[0]!;
      const take = Math.min(c.length, length - n);
      c.copy(buffer, offset + n, 0, take);
      n += take;
      if (take === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(take);
    }
    this.at += n;
    if (this.chunks.length <= 4) this.stream.resume();
    return { bytesRead: n };
  }

  /** Stops reading: a read waiting for the stream returns at once with nothing, as at its end. */
  cancel(): void {
    if (this.ended) return;
    this.ended = true;
    this.chunks.length = 0;
    this.stream.destroy();
    this.notify();
  }

  /** Everything from `start` (where it is now) to the stream's end, in chunks. */
  async *rest(start: number): AsyncGenerator<Buffer> {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      const { bytesRead } = await this.read(buf, 0, buf.length, start);
      if (bytesRead === 0) return;
      start += bytesRead;
      yield Buffer.from(buf.subarray(0, bytesRead));
    }
  }
}
