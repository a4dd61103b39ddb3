// The selection policy's idle connections, packed: everything the policy and the stream numbering still need of a
// connection that has been quiet for a while, in a few 32-bit words instead of an object, two key strings and two
// address strings.
//
// Nothing is forgotten: tshark's tcp.stream rule (stream-names.ts) gives any later packet on an address and port
// pair to the latest connection on it, however long after its FIN, unless it is a SYN that starts a new one, so no
// entry can ever be proven unreachable. What is bounded is the cost of one: a pair ever seen takes one slot here
// (key words, stream, two base sequence numbers, flags): 28 bytes for IPv4 and 52 for IPv6, the table 37-75% full,
// against several hundred as a live ConnState. A connection comes back as a ConnState equal in every field the
// policy and the names read (unpack), so packing at any moment changes no verdict and no name.

import type { ConnState } from './selection-policy.js';
import { addressText } from './stream-names.js';

/** Flag bits of the last word of a slot; the segment count `ordinary` is kept above them (saturating). */
const USED = 1;
const A_LOW = 2;
const PAYLOAD_SEEN = 4;
const KEEP_ALL = 8;
const CLOSING = 16;
const CONTROL = 32;
const TSHARK_PAYLOAD = 64;
const BASE_A_UNSET = 128;
const BASE_B_UNSET = 256;
const ORDINARY_SHIFT = 9;
/**
 * `ordinary` above this is stored as this: it is only ever compared with the head limit (dozens of segments), so
 * any count past it answers the same.
 */
export const ORDINARY_CAP = 2 ** (32 - ORDINARY_SHIFT) - 1;

/** One open-addressing table for keys of one length (connectionKey of an IPv4 or of an IPv6 pair). */
class Table {
  /** 32-bit words per key, and per slot (key, stream, baseA, baseB, flags). */
  private readonly keyWords: number;
  private readonly stride: number;
  private words: Uint32Array;
  private mask: number;
  size = 0;

  constructor(private readonly keyLength: number) {
    this.keyWords = Math.ceil(keyLength / 4);
    this.stride = this.keyWords + 4;
    this.mask = 63;
    this.words = new Uint32Array(64 * this.stride);
  }

  /** The slot (word offset) holding `key`, or the empty one where it would go. */
  private find(words: Uint32Array, mask: number, key: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    const stride = this.stride;
    for (let i = (h >>> 0) & mask; ; i = (i + 1) & mask) {
      const at = i * stride;
      if ((words[at + stride - 1]! & USED) === 0) return at;
      if (this.keyAt(words, at, key)) return at;
    }
  }

  private keyAt(words: Uint32Array, at: number, key: string): boolean {
    for (let w = 0; w < this.keyWords; w += 1) if (words[at + w] !== packWord(key, w * 4)) return false;
    return true;
  }

  get(key: string): number {
    const at = this.find(this.words, this.mask, key);
    return (this.words[at + this.stride - 1]! & USED) === 0 ? -1 : at;
  }

  /** Stores `c` (whose key is `key`), over any earlier entry of that pair. */
  put(key: string, c: ConnState): void {
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const words = this.words;
    const at = this.find(words, this.mask, key);
    if ((words[at + this.stride - 1]! & USED) === 0) this.size += 1;
    for (let w = 0; w < this.keyWords; w += 1) words[at + w] = packWord(key, w * 4);
    const d = at + this.keyWords;
    words[d] = c.stream;
    words[d + 1] = c.baseA === -1 ? 0 : c.baseA;
    words[d + 2] = c.baseB === -1 ? 0 : c.baseB;
    let flags = USED | (Math.min(c.ordinary, ORDINARY_CAP) << ORDINARY_SHIFT);
    if (c.aKey === key.slice(0, key.length / 2)) flags |= A_LOW;
    if (c.payloadSeen) flags |= PAYLOAD_SEEN;
    if (c.keepAll) flags |= KEEP_ALL;
    if (c.closing) flags |= CLOSING;
    if (c.control) flags |= CONTROL;
    if (c.tsharkPayload) flags |= TSHARK_PAYLOAD;
    if (c.baseA === -1) flags |= BASE_A_UNSET;
    if (c.baseB === -1) flags |= BASE_B_UNSET;
    words[d + 3] = flags >>> 0;
  }

  /** The connection in slot `at` (key `key`), as a ConnState. */
  unpack(at: number, key: string): ConnState {
    const words = this.words;
    const d = at + this.keyWords;
    const flags = words[d + 3]!;
    const half = key.length / 2;
    const low = key.slice(0, half);
    const high = key.slice(half);
    const [aKey, bKey] = flags & A_LOW ? [low, high] : [high, low];
    return {
      aKey,
      baseA: flags & BASE_A_UNSET ? -1 : words[d + 1]!,
      baseB: flags & BASE_B_UNSET ? -1 : words[d + 2]!,
      stream: words[d]!,
      ipA: addressText(aKey),
      ipB: addressText(bKey),
      portA: portOf(aKey),
      portB: portOf(bKey),
      ordinary: flags >>> ORDINARY_SHIFT,
      payloadSeen: (flags & PAYLOAD_SEEN) !== 0,
      keepAll: (flags & KEEP_ALL) !== 0,
      closing: (flags & CLOSING) !== 0,
      control: (flags & CONTROL) !== 0,
      tsharkPayload: (flags & TSHARK_PAYLOAD) !== 0,
      seen: 0,
    };
  }

  /** Every key stored, with its slot. */
  *entries(): Generator<[string, number]> {
    const stride = this.stride;
    for (let at = 0; at < this.words.length; at += stride) {
      if ((this.words[at + stride - 1]! & USED) !== 0) yield [this.keyText(this.words, at), at];
    }
  }

  private grow(): void {
    const old = this.words;
    const stride = this.stride;
    const mask = this.mask * 2 + 1;
    const words = new Uint32Array((mask + 1) * stride);
    for (let at = 0; at < old.length; at += stride) {
      if ((old[at + stride - 1]! & USED) === 0) continue;
      const key = this.keyText(old, at);
      const to = this.find(words, mask, key);
      words.set(old.subarray(at, at + stride), to);
    }
    this.words = words;
    this.mask = mask;
  }

  private keyText(words: Uint32Array, at: number): string {
    let key = '';
    for (let i = 0; i < this.keyLength; i += 1) {
      key += String.fromCharCode((words[at + (i >> 2)]! >>> (8 * (i & 3))) & 0xff);
    }
    return key;
  }
}

/** Four latin1 characters of `key` from `i` as one little-endian word (missing ones are 0). */
function packWord(key: string, i: number): number {
  let v = 0;
  for (let b = 3; b >= 0; b -= 1) v = (v << 8) | (i + b < key.length ? key.charCodeAt(i + b) : 0);
  return v >>> 0;
}

/** The port at the end of a side key. */
function portOf(sideKey: string): number {
  return (sideKey.charCodeAt(sideKey.length - 2) << 8) | sideKey.charCodeAt(sideKey.length - 1);
}

/** Idle connections by connectionKey, IPv4 and IPv6 pairs apart (their keys differ in length). */
export class IdleConns {
  private readonly tables = new Map<number, Table>();

  /** Connections stored (one per address and port pair). */
  get size(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }

  /** Stores connection `c`, key `key`, replacing what was stored for its pair. */
  put(key: string, c: ConnState): void {
    let t = this.tables.get(key.length);
    if (!t) {
      t = new Table(key.length);
      this.tables.set(key.length, t);
    }
    t.put(key, c);
  }

  /** The connection stored for `key`, unpacked (the stored copy stays), or undefined. */
  get(key: string): ConnState | undefined {
    const t = this.tables.get(key.length);
    if (!t) return undefined;
    const at = t.get(key);
    return at === -1 ? undefined : t.unpack(at, key);
  }

  /** Every stored connection, unpacked, with its key. */
  *entries(): Generator<[string, ConnState]> {
    for (const t of this.tables.values()) for (const [key, at] of t.entries()) yield [key, t.unpack(at, key)];
  }
}
