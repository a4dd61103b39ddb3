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
//
// Nor does the memory grow with the capture: a table that reaches `spillSlots` slots (32,768 by default: 0.9 MB for
// IPv4) is written whole to a temporary file, unlinked as soon as it is open, and starts again empty. What stays in
// memory of a table written out (a run) is a Bloom filter of its keys, 2 bytes a pair: a key looked up that is not in
// memory is looked for in the runs, newest first, on disk only where the filter says it may be (for a key in none of
// them, about one run in 1,700). A later entry of a pair shadows the earlier ones, in memory or in newer runs. When the
// file cannot be made or written (no TMPDIR, a full disk), the tables grow in memory instead, as they did before.

import { closeSync, readSync, writeSync } from 'node:fs';
import { openUnlinkedFileSync } from '../temp-folders.js';
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

/** Slots a table reaches before it is written to the spill file rather than grown (IdleConns). */
export const SPILL_SLOTS = 32_768;
/** Bits of a run's Bloom filter per pair it holds, and bits tested per key: 1 false "maybe" in about 1,700. */
const BLOOM_BITS_PER_PAIR = 16;
const BLOOM_PROBES = 8;
/** Slots read from the spill file at once while probing a run. */
const PROBE_WINDOW = 64;

/** FNV-1a of a key's characters: where its slot is looked for. */
function slotHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A second, independent hash of a key (odd): the step between a Bloom filter's probes. */
function stepHash(key: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x5bd1e995) ^ (h >>> 15);
  return (h | 1) >>> 0;
}

/** A table written to the spill file: where, its slot mask, and the Bloom filter of its keys. */
interface Run {
  offset: number;
  mask: number;
  size: number;
  bloom: Uint32Array;
}

/**
 * The file spilled tables go to, made on the first spill and unlinked at once: it leaves nothing behind, however the
 * process ends. Appending fails for good (-1) once the file could not be made or written; runs written before stay
 * readable.
 */
export class SpillFile {
  private fd: number | null = null;
  private failed = false;
  private end = 0;

  /** @param open opens the file, a descriptor (tests give one that fails) */
  constructor(private readonly open: () => number = () => openUnlinkedFileSync('ftp-report-conns-', 'idle').fd) {}

  /** Writes `bytes` at the end of the file: their offset, or -1. */
  append(bytes: Uint8Array): number {
    if (this.failed) return -1;
    try {
      this.fd ??= this.open();
      let done = 0;
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.end + done);
    } catch {
      this.failed = true;
      return -1;
    }
    const at = this.end;
    this.end += bytes.length;
    return at;
  }

  /** Fills `into` from `position` (a spilled run is always there whole). */
  read(into: Uint8Array, length: number, position: number): void {
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd!, into, done, length - done, position + done);
      if (n === 0) throw new Error('the spill file of idle connections ends early');
      done += n;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.failed = true;
  }
}

/** One open-addressing table for keys of one length (connectionKey of an IPv4 or of an IPv6 pair). */
class Table {
  /** 32-bit words per key, and per slot (key, stream, baseA, baseB, flags). */
  private readonly keyWords: number;
  private readonly stride: number;
  private words: Uint32Array;
  private mask: number;
  /** Pairs in memory. */
  size = 0;
  /** Tables written to the spill file, oldest first. */
  private readonly runs: Run[] = [];
  /** Where a run's slots are read into while probing it. */
  private window: Uint32Array | null = null;

  constructor(
    private readonly keyLength: number,
    private readonly spill: SpillFile,
    private readonly spillSlots: number,
  ) {
    this.keyWords = Math.ceil(keyLength / 4);
    this.stride = this.keyWords + 4;
    // 64 slots to begin with, or fewer when the table spills sooner (tests spill a table of 4 slots)
    const slots = Math.min(64, spillSlots);
    this.mask = slots - 1;
    this.words = new Uint32Array(slots * this.stride);
  }

  /** Pairs stored, in memory and in runs (a pair stored again after its table was written out counts again). */
  get stored(): number {
    let n = this.size;
    for (const r of this.runs) n += r.size;
    return n;
  }

  /** The slot (word offset) holding `key`, or the empty one where it would go. */
  private find(words: Uint32Array, mask: number, key: string): number {
    const stride = this.stride;
    for (let i = slotHash(key) & mask; ; i = (i + 1) & mask) {
      const at = i * stride;
      if ((words[at + stride - 1]! & USED) === 0) return at;
      if (this.keyAt(words, at, key)) return at;
    }
  }

  private keyAt(words: Uint32Array, at: number, key: string): boolean {
    for (let w = 0; w < this.keyWords; w += 1) if (words[at + w] !== packWord(key, w * 4)) return false;
    return true;
  }

  /** The latest connection stored for `key`, unpacked, or undefined. */
  get(key: string): ConnState | undefined {
    const at = this.find(this.words, this.mask, key);
    if ((this.words[at + this.stride - 1]! & USED) !== 0) return this.unpack(this.words, at, key);
    if (this.runs.length === 0) return undefined;
    const h = slotHash(key);
    const step = stepHash(key);
    for (let r = this.runs.length - 1; r >= 0; r -= 1) {
      const run = this.runs[r]!;
      if (!mayHold(run.bloom, h, step)) continue;
      const found = this.probe(run, key, h);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** `key`'s connection in a run, read from the spill file, or undefined (`h`: its slotHash). */
  private probe(run: Run, key: string, h: number): ConnState | undefined {
    const stride = this.stride;
    this.window ??= new Uint32Array(PROBE_WINDOW * stride);
    const bytes = new Uint8Array(this.window.buffer);
    let slot = h & run.mask;
    for (;;) {
      // the slots from `slot` to the window's end, or to the end of the table (probing wraps to its start)
      const count = Math.min(PROBE_WINDOW, run.mask + 1 - slot);
      this.spill.read(bytes, count * stride * 4, run.offset + slot * stride * 4);
      for (let i = 0; i < count; i += 1) {
        const at = i * stride;
        if ((this.window[at + stride - 1]! & USED) === 0) return undefined;
        if (this.keyAt(this.window, at, key)) return this.unpack(this.window, at, key);
      }
      slot = (slot + count) & run.mask;
    }
  }

  /** Stores `c` (whose key is `key`), over any earlier entry of that pair. */
  put(key: string, c: ConnState): void {
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) {
      if (this.mask + 1 < this.spillSlots || !this.spillOut()) this.grow();
    }
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

  /** The connection in slot `at` of `words` (key `key`), as a ConnState. */
  private unpack(words: Uint32Array, at: number, key: string): ConnState {
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

  /** The latest connection of every pair stored (in memory, then in the runs, newest first), unpacked. */
  *entries(): Generator<[string, ConnState]> {
    // a pair can be in memory and in runs: only its newest entry is given
    const given = this.runs.length > 0 ? new Set<string>() : null;
    yield* this.slots(this.words, given);
    for (let r = this.runs.length - 1; r >= 0; r -= 1) {
      const run = this.runs[r]!;
      const words = new Uint32Array((run.mask + 1) * this.stride);
      this.spill.read(new Uint8Array(words.buffer), words.byteLength, run.offset);
      yield* this.slots(words, given);
    }
  }

  /** The connections in the used slots of `words` whose key is not in `given` yet (which then gets it). */
  private *slots(words: Uint32Array, given: Set<string> | null): Generator<[string, ConnState]> {
    const stride = this.stride;
    for (let at = 0; at < words.length; at += stride) {
      if ((words[at + stride - 1]! & USED) === 0) continue;
      const key = this.keyText(words, at);
      if (given?.has(key)) continue;
      given?.add(key);
      yield [key, this.unpack(words, at, key)];
    }
  }

  /**
   * Writes the table to the spill file as a run (with the Bloom filter of its keys) and starts it again empty, at the
   * same size; false when the file cannot take it (the table then grows in memory).
   */
  private spillOut(): boolean {
    const offset = this.spill.append(new Uint8Array(this.words.buffer, this.words.byteOffset, this.words.byteLength));
    if (offset === -1) return false;
    const bits = 2 ** Math.ceil(Math.log2(Math.max(64, this.size * BLOOM_BITS_PER_PAIR)));
    const bloom = new Uint32Array(bits / 32);
    const stride = this.stride;
    for (let at = 0; at < this.words.length; at += stride) {
      if ((this.words[at + stride - 1]! & USED) === 0) continue;
      const key = this.keyText(this.words, at);
      addToBloom(bloom, slotHash(key), stepHash(key));
    }
    this.runs.push({ offset, mask: this.mask, size: this.size, bloom });
    this.words.fill(0);
    this.size = 0;
    return true;
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

/** Sets a key's bits (from its two hashes) in a Bloom filter of a power-of-two size. */
function addToBloom(bloom: Uint32Array, h: number, step: number): void {
  const mask = bloom.length * 32 - 1;
  for (let i = 0; i < BLOOM_PROBES; i += 1) {
    const bit = (h + i * step) & mask;
    bloom[bit >>> 5]! |= 1 << (bit & 31);
  }
}

/** Whether a Bloom filter may hold the key of these hashes (false: it surely does not). */
function mayHold(bloom: Uint32Array, h: number, step: number): boolean {
  const mask = bloom.length * 32 - 1;
  for (let i = 0; i < BLOOM_PROBES; i += 1) {
    const bit = (h + i * step) & mask;
    if ((bloom[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
  }
  return true;
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

  /**
   * @param spillSlots slots (a power of two, 4 or more) a table reaches before it is written to `spill` instead of
   *   grown
   * @param spill where tables are written (tests give one whose folder does not exist)
   */
  constructor(
    private readonly spillSlots: number = SPILL_SLOTS,
    private readonly spill: SpillFile = new SpillFile(),
  ) {
    if (spillSlots < 4 || (spillSlots & (spillSlots - 1)) !== 0) throw new Error(`spillSlots ${spillSlots}`);
  }

  /** Connections stored (one per address and port pair; a pair stored again after a spill counts again). */
  get size(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.stored;
    return n;
  }

  /** Stores connection `c`, key `key`, replacing what was stored for its pair. */
  put(key: string, c: ConnState): void {
    let t = this.tables.get(key.length);
    if (!t) {
      t = new Table(key.length, this.spill, this.spillSlots);
      this.tables.set(key.length, t);
    }
    t.put(key, c);
  }

  /** The latest connection stored for `key`, unpacked (the stored copy stays), or undefined. */
  get(key: string): ConnState | undefined {
    return this.tables.get(key.length)?.get(key);
  }

  /** The latest stored connection of every pair, unpacked, with its key. */
  *entries(): Generator<[string, ConnState]> {
    for (const t of this.tables.values()) yield* t.entries();
  }

  /** Closes the spill file (the table is not read after). */
  close(): void {
    this.spill.close();
  }
}
