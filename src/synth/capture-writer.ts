// Streams packets into a pcap or pcapng file: fills 1 MiB chunks and waits for the stream to drain (backpressure).

import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { encodeFrame, frameLength } from './frame.js';
import type { CaptureFormat } from './options.js';
import type { Packet } from './packet.js';

const LINKTYPE_ETHERNET = 1;
const SNAPLEN = 262_144;
/** Largest record: pcapng block overhead, Ethernet, IPv6, TCP with options, one full segment, padding. */
const MAX_RECORD = 2048;

export class CaptureWriter {
  private chunk: Buffer;
  private used = 0;
  /** Packets written so far. */
  packets = 0;
  /** Bytes handed to the stream so far (the file size once closed). */
  bytes = 0;
  private error: Error | null = null;

  constructor(
    private readonly out: Writable,
    readonly format: CaptureFormat,
    /** Capture start, microseconds since the Unix epoch: packet times are offsets from it. */
    private readonly startEpochUs: number,
    private readonly chunkSize = 1 << 20,
  ) {
    out.on('error', (err: Error) => {
      this.error ??= err;
    });
    this.chunk = Buffer.alloc(chunkSize);
    this.used = format === 'pcap' ? this.pcapHeader() : this.pcapngHeader();
  }

  /** True when the current chunk has no room for another record: call flush() first. */
  get full(): boolean {
    return this.chunk.length - this.used < MAX_RECORD;
  }

  /** Encodes one packet into the current chunk (check `full` before). */
  write(p: Packet): void {
    const us = this.startEpochUs + Math.round(p.t);
    const caplen = frameLength(p);
    const buf = this.chunk;
    const off = this.used;
    if (this.format === 'pcap') {
      const sec = Math.floor(us / 1_000_000);
      buf.writeUInt32LE(sec, off);
      buf.writeUInt32LE(us - sec * 1_000_000, off + 4);
      buf.writeUInt32LE(caplen, off + 8);
      buf.writeUInt32LE(caplen, off + 12);
      encodeFrame(p, buf, off + 16);
      this.used = off + 16 + caplen;
    } else {
      const padded = (caplen + 3) & ~3;
      const total = 32 + padded;
      buf.writeUInt32LE(6, off); // enhanced packet block
      buf.writeUInt32LE(total, off + 4);
      buf.writeUInt32LE(0, off + 8); // interface 0
      buf.writeUInt32LE(Math.floor(us / 2 ** 32), off + 12);
      buf.writeUInt32LE(us % 2 ** 32, off + 16);
      buf.writeUInt32LE(caplen, off + 20);
      buf.writeUInt32LE(caplen, off + 24);
      encodeFrame(p, buf, off + 28);
      buf.fill(0, off + 28 + caplen, off + 28 + padded);
      buf.writeUInt32LE(total, off + 28 + padded);
      this.used = off + total;
    }
    this.packets += 1;
  }

  /** Hands the filled part of the chunk to the stream; resolves when the stream can take more. */
  async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.used === 0) return;
    const filled = this.chunk.subarray(0, this.used);
    this.bytes += this.used;
    this.chunk = Buffer.alloc(this.chunkSize);
    this.used = 0;
    if (!this.out.write(filled)) await once(this.out, 'drain');
  }

  /** Flushes and ends the stream; resolves when everything is on disk (or rejects with the stream's error). */
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await finished(this.out);
    if (this.error) throw this.error;
  }

  private pcapHeader(): number {
    const b = this.chunk;
    b.writeUInt32LE(0xa1b2c3d4, 0);
    b.writeUInt16LE(2, 4);
    b.writeUInt16LE(4, 6);
    b.writeInt32LE(0, 8);
    b.writeUInt32LE(0, 12);
    b.writeUInt32LE(SNAPLEN, 16);
    b.writeUInt32LE(LINKTYPE_ETHERNET, 20);
    return 24;
  }

  private pcapngHeader(): number {
    const b = this.chunk;
    const app = Buffer.from('ftp-report synth-capture', 'utf8');
    const appPadded = (app.length + 3) & ~3;
    // Section header block: BOM, version 1.0, unknown section length, shb_userappl option.
    const shbLen = 28 + 4 + appPadded + 4;
    b.writeUInt32LE(0x0a0d0d0a, 0);
    b.writeUInt32LE(shbLen, 4);
    b.writeUInt32LE(0x1a2b3c4d, 8);
    b.writeUInt16LE(1, 12);
    b.writeUInt16LE(0, 14);
    b.writeInt32LE(-1, 16);
    b.writeInt32LE(-1, 20);
    b.writeUInt16LE(4, 24); // shb_userappl
    b.writeUInt16LE(app.length, 26);
    app.copy(b, 28);
    b.fill(0, 28 + app.length, 28 + appPadded);
    b.writeUInt32LE(0, 28 + appPadded); // opt_endofopt
    b.writeUInt32LE(shbLen, 32 + appPadded);
    // Interface description block: Ethernet, microsecond timestamps (the default resolution).
    let off = shbLen;
    b.writeUInt32LE(1, off);
    b.writeUInt32LE(20, off + 4);
    b.writeUInt16LE(LINKTYPE_ETHERNET, off + 8);
    b.writeUInt16LE(0, off + 10);
    b.writeUInt32LE(SNAPLEN, off + 12);
    b.writeUInt32LE(20, off + 16);
    off += 20;
    return off;
  }
}
