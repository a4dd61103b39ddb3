// Reads a pcap or pcapng file block by block (streamed, bounded buffer), naming each block and, for packets,
// its time, lengths and link type. Anything it does not fully understand ends the reading as "opaque": the
// rest of the file is then handed on untouched, for tshark to read (and to judge, when it is damaged).

import type { BlockSource } from './stream-source.js';

/** A packet record: `bytes` is the whole block, `data` its frame bytes. */
export interface PacketBlock {
  kind: 'packet';
  bytes: Buffer;
  data: Buffer;
  /** Link-layer header type (LINKTYPE_*) of its interface. */
  link: number;
  /** Bytes captured (the length of `data`). */
  caplen: number;
  /** Length on the wire. */
  origLen: number;
  /** Time in µs since 1970; null when the timestamp is not plain (an offset, an odd resolution). */
  epochUs: number | null;
  /** Nanoseconds past epochUs (0-999; 0 for a microsecond timestamp). */
  epochNsRem: number;
  /**
   * Decimals of a second its interface's timestamps carry, as Wireshark's automatic time precision reads the file
   * (pcap: 6 or 9 by the magic; pcapng: 9 from 10⁹ units a second up, 6 from 10⁶, 3, 2, 1, else 0).
   */
  timePrecision: number;
}

export type Block =
  | PacketBlock
  /** A block that is not a packet (file header, interface description, name resolution, statistics). */
  | { kind: 'meta'; bytes: Buffer }
  /** From here on the file is not read: `bytes` are what was already read of it; the rest is still in the file. */
  | { kind: 'opaque'; bytes: Buffer };

const CHUNK = 1 << 18;
/** Largest block read as a block (tshark's own limits are lower); beyond it the file is opaque. */
const MAX_BLOCK = 16 << 20;
const PCAP_MAX_PACKET = 262_144;
/** The standard pcap magic numbers, as read big-endian: [little-endian file, nanosecond times]. */
const PCAP_MAGICS = new Map<number, [boolean, boolean]>([
  [0xa1b2c3d4, [false, false]],
  [0xd4c3b2a1, [true, false]],
  [0xa1b23c4d, [false, true]],
  [0x4d3cb2a1, [true, true]],
]);

interface Iface {
  link: number;
  /** Divisor turning timestamp units into microseconds (1 for µs, 1000 for ns), or null when not plain. */
  perUs: number | null;
  /** Decimals of a second Wireshark shows for its packets' times (see PacketBlock.timePrecision). */
  precision: number;
}

/** How a CaptureBlocks reads. */
export interface BlockReading {
  /**
   * Read every chunk into the same buffer (kept while it is large enough): a block's `bytes` and `data` are then
   * valid only until the next call of next() or nextBuffered(), and a caller copies what it keeps. Without it every
   * chunk is a new buffer, and a block's bytes stay valid for as long as they are held (each keeps its whole chunk).
   */
  reuse?: boolean;
}

/**
 * Reads blocks from an open capture (a file, or a stream: see stream-source.ts); call next() until it returns null
 * (end) or an opaque block. nextBuffered() gives the next block without waiting when its bytes were read already.
 */
export class CaptureBlocks {
  private buf: Buffer = Buffer.alloc(0);
  /** The buffer chunks are read into when reused; `buf` is a view of it. */
  private store: Buffer | null = null;
  private pos = 0;
  /** Bytes at pos the last nextBuffered() lacked (it returned undefined). */
  private want = 0;
  private fileAt = 0;
  private eof = false;
  private format: 'pcap' | 'pcapng' | null = null;
  // pcap
  private le = true;
  private nanos = false;
  private pcapLink = -1;
  // pcapng
  private ifaces: Iface[] = [];

  private readonly reuse: boolean;

  constructor(
    private readonly fh: BlockSource,
    options: BlockReading = {},
  ) {
    this.reuse = options.reuse === true;
  }

  /** File offset just past the bytes handed out so far (where an opaque block's remainder starts). */
  get offset(): number {
    return this.fileAt - (this.buf.length - this.pos);
  }

  /** Reads until at least n bytes are available at pos, or the file ends. */
  private async fill(n: number): Promise<void> {
    while (this.buf.length - this.pos < n && !this.eof) {
      const keep = this.buf.length - this.pos;
      let next: Buffer;
      if (this.reuse && this.store !== null && this.store.length >= n && this.store.length - keep >= CHUNK / 2) {
        // (the bytes kept may overlap where they go: Buffer#copy moves them as memmove does)
        next = this.store;
        this.buf.copy(next, 0, this.pos);
      } else {
        next = Buffer.allocUnsafe(Math.max(CHUNK, n) + keep);
        this.buf.copy(next, 0, this.pos);
        if (this.reuse) this.store = next;
      }
      const { bytesRead } = await this.fh.read(next, keep, next.length - keep, this.fileAt);
      this.fileAt += bytesRead;
      if (bytesRead === 0) this.eof = true;
      this.buf = next.subarray(0, keep + bytesRead);
      this.pos = 0;
    }
  }

  /**
   * Whether n bytes are available at pos: true; false when the file ended before them; null when they are still to be
   * read (nextBuffered then returns undefined, and next() reads them).
   */
  private ready(n: number): boolean | null {
    if (this.buf.length - this.pos >= n) return true;
    if (this.eof) return false;
    this.want = n;
    return null;
  }

  private take(n: number): Buffer {
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  private opaque(): Block {
    const bytes = this.buf.subarray(this.pos);
    this.pos = this.buf.length;
    return { kind: 'opaque', bytes };
  }

  /** The next block (null at the end of the file). */
  async next(): Promise<Block | null> {
    for (;;) {
      const b = this.nextBuffered();
      if (b !== undefined) return b;
      await this.fill(this.want);
    }
  }

  /**
   * The next block as next() gives it, when its bytes were read already; undefined when they are still to be read
   * (then call next()). A packet costs no promise this way.
   */
  nextBuffered(): Block | null | undefined {
    const r = this.ready(1);
    if (r !== true) return r === null ? undefined : null;
    if (this.format === null) return this.header();
    return this.format === 'pcap' ? this.pcapRecord() : this.pcapngBlock();
  }

  // Each reader below returns undefined, having changed nothing it would not set the same way again, when its bytes
  // are still to be read (ready() gave null).

  private header(): Block | undefined {
    const r = this.ready(24);
    if (r !== true) return r === null ? undefined : this.opaque();
    const magic = this.buf.readUInt32BE(this.pos);
    if (magic === 0x0a0d0d0a) {
      this.format = 'pcapng';
      return this.pcapngBlock();
    }
    // Standard pcap only (µs or ns); the modified/variant formats are left to tshark.
    const kind = PCAP_MAGICS.get(magic);
    if (!kind) return this.opaque();
    [this.le, this.nanos] = kind;
    const major = this.le ? this.buf.readUInt16LE(this.pos + 4) : this.buf.readUInt16BE(this.pos + 4);
    const linkField = this.le ? this.buf.readUInt32LE(this.pos + 20) : this.buf.readUInt32BE(this.pos + 20);
    if (major !== 2 || linkField > 0xffff) return this.opaque();
    this.pcapLink = linkField;
    this.format = 'pcap';
    return { kind: 'meta', bytes: this.take(24) };
  }

  private u32(at: number): number {
    return this.le ? this.buf.readUInt32LE(at) : this.buf.readUInt32BE(at);
  }

  private pcapRecord(): Block | undefined {
    const r = this.ready(16);
    if (r !== true) return r === null ? undefined : this.opaque();
    const p = this.pos;
    const sec = this.u32(p);
    const frac = this.u32(p + 4);
    const caplen = this.u32(p + 8);
    const origLen = this.u32(p + 12);
    if (caplen > PCAP_MAX_PACKET) return this.opaque();
    const whole = this.ready(16 + caplen);
    if (whole !== true) return whole === null ? undefined : this.opaque();
    const bytes = this.take(16 + caplen);
    const plainTime = this.nanos ? frac < 1e9 : frac < 1e6;
    const epochUs = plainTime ? sec * 1e6 + (this.nanos ? Math.floor(frac / 1000) : frac) : null;
    const epochNsRem = plainTime && this.nanos ? frac % 1000 : 0;
    const timePrecision = this.nanos ? 9 : 6;
    const data = bytes.subarray(16);
    return { kind: 'packet', bytes, data, link: this.pcapLink, caplen, origLen, epochUs, epochNsRem, timePrecision };
  }

  private pcapngBlock(): Block | undefined {
    const r = this.ready(12);
    if (r !== true) return r === null ? undefined : this.opaque();
    let type = this.u32(this.pos);
    if (type === 0x0a0d0d0a) {
      // A section header: its byte-order magic decides how everything after it is read.
      const head = this.ready(16);
      if (head !== true) return head === null ? undefined : this.opaque();
      const bom = this.buf.readUInt32BE(this.pos + 8);
      if (bom === 0x1a2b3c4d) this.le = false;
      else if (bom === 0x4d3c2b1a) this.le = true;
      else return this.opaque();
      type = 0x0a0d0d0a;
    }
    const total = this.u32(this.pos + 4);
    if (total < 12 || total % 4 !== 0 || total > MAX_BLOCK) return this.opaque();
    const whole = this.ready(total);
    if (whole !== true) return whole === null ? undefined : this.opaque();
    if (this.u32(this.pos + total - 4) !== total) return this.opaque();
    switch (type) {
      case 0x0a0d0d0a:
        this.ifaces = [];
        return { kind: 'meta', bytes: this.take(total) };
      case 1:
        return this.interfaceBlock(total);
      case 6:
        return this.enhancedPacket(total);
      case 4: // name resolution
      case 5: // interface statistics
      case 10: // decryption secrets
        return { kind: 'meta', bytes: this.take(total) };
      default:
        // simple/obsolete packet blocks, journal entries, custom blocks: left to tshark from here on
        return this.opaque();
    }
  }

  private interfaceBlock(total: number): Block {
    const p = this.pos;
    if (total < 20) return this.opaque();
    const link = this.le ? this.buf.readUInt16LE(p + 8) : this.buf.readUInt16BE(p + 8);
    let perUs: number | null = 1;
    let precision = 6;
    // options: if_tsresol (9) decides the unit; if_tsoffset (14) moves every time: not plain, tshark decides
    let at = p + 16;
    const end = p + total - 4;
    while (at + 4 <= end) {
      const code = this.le ? this.buf.readUInt16LE(at) : this.buf.readUInt16BE(at);
      const len = this.le ? this.buf.readUInt16LE(at + 2) : this.buf.readUInt16BE(at + 2);
      if (code === 0) break;
      if (at + 4 + len > end) return this.opaque();
      if (code === 9 && len >= 1) {
        const r = this.buf[at + 4]!;
        perUs = r === 6 ? 1 : r === 9 ? 1000 : null;
        precision = precisionOfResolution(r);
      }
      if (code === 14) perUs = null;
      at += 4 + ((len + 3) & ~3);
    }
    this.ifaces.push({ link, perUs, precision });
    return { kind: 'meta', bytes: this.take(total) };
  }

  private enhancedPacket(total: number): Block {
    const p = this.pos;
    if (total < 32) return this.opaque();
    const ifIndex = this.u32(p + 8);
    const iface = this.ifaces[ifIndex];
    const caplen = this.u32(p + 20);
    const origLen = this.u32(p + 24);
    if (!iface || 28 + caplen + 4 > total) return this.opaque();
    const hi = this.u32(p + 12);
    const lo = this.u32(p + 16);
    let epochUs: number | null = null;
    let epochNsRem = 0;
    if (iface.perUs === 1) {
      const v = hi * 4294967296 + lo;
      epochUs = Number.isSafeInteger(v) ? v : null;
    } else if (iface.perUs === 1000) {
      // (hi·2³² + lo) / 1000 without leaving exact integer arithmetic
      epochUs = hi * 4294967 + Math.floor((hi * 296 + lo) / 1000);
      epochNsRem = (hi * 296 + lo) % 1000;
    }
    const bytes = this.take(total);
    return {
      kind: 'packet',
      bytes,
      data: bytes.subarray(28, 28 + caplen),
      link: iface.link,
      caplen,
      origLen,
      epochUs,
      epochNsRem,
      timePrecision: iface.precision,
    };
  }
}

/**
 * The decimals Wireshark shows for an interface's times, from its if_tsresol (10^-n, or 2^-n with the top bit set):
 * 9 from 10⁹ units a second up, 6 from 10⁶, 3 from 10³, 2 from 100, 1 from 10, else 0 (wiretap's pcapng reader).
 */
export function precisionOfResolution(tsresol: number): number {
  const exp = tsresol & 0x7f;
  const digits = tsresol & 0x80 ? exp * Math.log10(2) : exp;
  for (const d of [9, 6, 3, 2, 1]) if (digits >= d - 1e-9) return d;
  return 0;
}

/**
 * The time precision of a capture's first packet (PacketBlock.timePrecision), reading no further than it; null when
 * no packet comes before the end, an unreadable block or `maxBlocks` blocks (tshark alone can read that file).
 */
export async function firstTimePrecision(fh: BlockSource, maxBlocks = 64): Promise<number | null> {
  const blocks = new CaptureBlocks(fh);
  for (let i = 0; i < maxBlocks; i += 1) {
    const b = await blocks.next();
    if (b === null || b.kind === 'opaque') return null;
    if (b.kind === 'packet') return b.timePrecision;
  }
  return null;
}
