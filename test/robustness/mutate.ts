// Deterministic mutations of capture files for the fuzz test: bit flips, truncation, splices, header damage, gzip.
import { gzipSync } from 'node:zlib';
import { Prng } from '../../src/synth/prng.js';

/** One pcapng block: its offset and total length in the file. */
export interface Block {
  offset: number;
  length: number;
  type: number;
}

const EPB = 6;
const SPB = 3;
const OPB = 2; // obsolete packet block

/** The blocks of a well-formed pcapng file (either byte order); [] when it is not one. */
export function pcapngBlocks(buf: Buffer): Block[] {
  if (buf.length < 12 || buf.readUInt32LE(0) !== 0x0a0d0d0a) return [];
  const le = buf.readUInt32LE(8) === 0x1a2b3c4d;
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const blocks: Block[] = [];
  let off = 0;
  while (off + 12 <= buf.length) {
    const type = u32(off);
    const length = u32(off + 4);
    if (length < 12 || length % 4 !== 0 || off + length > buf.length) break;
    blocks.push({ offset: off, length, type });
    off += length;
  }
  return blocks;
}

/** The packet records of a classic pcap file (24-byte header, 16-byte record headers); [] when it is not one. */
export function pcapRecords(buf: Buffer): Block[] {
  if (buf.length < 24) return [];
  const magic = buf.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const be = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  if (!le && !be) return [];
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const recs: Block[] = [];
  let off = 24;
  while (off + 16 <= buf.length) {
    const len = 16 + u32(off + 8);
    if (off + len > buf.length) break;
    recs.push({ offset: off, length: len, type: EPB });
    off += len;
  }
  return recs;
}

/** The packet blocks (pcapng) or records (pcap) of a capture. */
export function packetBlocks(buf: Buffer): Block[] {
  const ng = pcapngBlocks(buf);
  if (ng.length > 0) return ng.filter((b) => b.type === EPB || b.type === SPB || b.type === OPB);
  return pcapRecords(buf);
}

export interface Base {
  /** e.g. "passive-list-retr.pcapng" or "passive-list-retr.pcap". */
  name: string;
  bytes: Buffer;
}

export type MutationKind =
  | 'bitflip'
  | 'truncate'
  | 'splice-bytes'
  | 'splice-packets'
  | 'duplicate-packets'
  | 'header-damage'
  | 'interface-damage'
  | 'gzip-mutated'
  | 'gzip-damaged';

export interface Mutation {
  kind: MutationKind;
  /** Stable case id: kind and number, e.g. "bitflip-017". */
  id: string;
  /** The capture it was made from (Base.name). */
  base: string;
  /** What was done, precisely enough to redo it by hand. */
  detail: string;
  /** File name suffix: ".pcapng", ".pcap", ".pcapng.gz" … */
  ext: string;
  bytes: Buffer;
}

function extOf(name: string): string {
  return name.endsWith('.pcapng') ? '.pcapng' : '.pcap';
}

/** Flips n distinct random bits anywhere in the file. */
function bitflip(rng: Prng, src: Buffer): { bytes: Buffer; detail: string } {
  const out = Buffer.from(src);
  const n = rng.int(1, 50);
  const flipped: string[] = [];
  for (let i = 0; i < n; i++) {
    const pos = rng.int(0, out.length - 1);
    const bit = rng.int(0, 7);
    out[pos] = out[pos]! ^ (1 << bit);
    if (flipped.length < 8) flipped.push(`${pos}.${bit}`);
  }
  return { bytes: out, detail: `${n} bits flipped (byte.bit: ${flipped.join(' ')}${n > 8 ? ' …' : ''})` };
}

function truncate(rng: Prng, src: Buffer): { bytes: Buffer; detail: string } {
  const at = rng.int(1, src.length - 1);
  return { bytes: src.subarray(0, at), detail: `cut at byte ${at} of ${src.length}` };
}

/** Inserts a random byte range of another capture at a random offset (no regard for structure). */
function spliceBytes(rng: Prng, src: Buffer, other: Base): { bytes: Buffer; detail: string } {
  const len = rng.int(16, Math.min(4000, other.bytes.length));
  const from = rng.int(0, other.bytes.length - len);
  const at = rng.int(0, src.length);
  return {
    bytes: Buffer.concat([src.subarray(0, at), other.bytes.subarray(from, from + len), src.subarray(at)]),
    detail: `${len} bytes of ${other.name} (from ${from}) inserted at byte ${at}`,
  };
}

/** Inserts whole packet blocks of another capture (same format) between two packet blocks. */
function splicePackets(rng: Prng, src: Buffer, other: Base): { bytes: Buffer; detail: string } {
  const mine = packetBlocks(src);
  const theirs = packetBlocks(other.bytes);
  const count = rng.int(1, Math.min(40, theirs.length));
  const first = rng.int(0, theirs.length - count);
  const chunk = Buffer.concat(
    theirs.slice(first, first + count).map((b) => other.bytes.subarray(b.offset, b.offset + b.length)),
  );
  const where = mine[rng.int(0, mine.length - 1)]!;
  const at = rng.chance(0.5) ? where.offset : where.offset + where.length;
  return {
    bytes: Buffer.concat([src.subarray(0, at), chunk, src.subarray(at)]),
    detail: `packets ${first + 1}-${first + count} of ${other.name} inserted at byte ${at}`,
  };
}

/** Repeats some packet blocks: right after themselves (duplicates) or further on (late retransmissions). */
function duplicatePackets(rng: Prng, src: Buffer): { bytes: Buffer; detail: string } {
  const blocks = packetBlocks(src);
  const n = rng.int(1, 20);
  const inserts: { at: number; block: Block }[] = [];
  for (let i = 0; i < n; i++) {
    const bi = rng.int(0, blocks.length - 1);
    const block = blocks[bi]!;
    const later = blocks[rng.int(bi, blocks.length - 1)]!;
    const at = rng.chance(0.5) ? block.offset + block.length : later.offset + later.length;
    inserts.push({ at, block });
  }
  inserts.sort((a, b) => a.at - b.at);
  const parts: Buffer[] = [];
  let pos = 0;
  for (const ins of inserts) {
    parts.push(src.subarray(pos, ins.at), src.subarray(ins.block.offset, ins.block.offset + ins.block.length));
    pos = ins.at;
  }
  parts.push(src.subarray(pos));
  const shown = inserts.slice(0, 6).map((i) => `@${i.block.offset}→${i.at}`);
  return {
    bytes: Buffer.concat(parts),
    detail: `${n} packet blocks repeated (block→at: ${shown.join(' ')}${n > 6 ? ' …' : ''})`,
  };
}

/** Overwrites 1-8 random bytes among the first 64 (pcapng: section header; pcap: file header and first record). */
function headerDamage(rng: Prng, src: Buffer): { bytes: Buffer; detail: string } {
  const out = Buffer.from(src);
  const n = rng.int(1, 8);
  const changes: string[] = [];
  for (let i = 0; i < n; i++) {
    const pos = rng.int(0, Math.min(63, out.length - 1));
    const v = rng.int(0, 255);
    changes.push(`${pos}=${v.toString(16).padStart(2, '0')}`);
    out[pos] = v;
  }
  return { bytes: out, detail: `header bytes set (${changes.join(' ')})` };
}

/** Where the first interface description block's if_tsresol value byte is, or null (pcapng, little-endian only). */
function tsresolOffset(buf: Buffer, idb: Block): number | null {
  let o = idb.offset + 16;
  const end = idb.offset + idb.length - 4;
  while (o + 4 <= end) {
    const code = buf.readUInt16LE(o);
    const len = buf.readUInt16LE(o + 2);
    if (code === 0) break;
    if (code === 9 && len === 1) return o + 4;
    o += 4 + ((len + 3) & ~3);
  }
  return null;
}

/**
 * Damages the pcapng interface description block (link type, snap length, options): either its timestamp
 * resolution (if_tsresol, which scales every packet's time) set to a random value, or 1-4 random bytes of its body.
 */
function interfaceDamage(rng: Prng, src: Buffer): { bytes: Buffer; detail: string } {
  const out = Buffer.from(src);
  const idb = pcapngBlocks(src).find((b) => b.type === 1);
  if (!idb) return headerDamage(rng, src);
  const res = tsresolOffset(src, idb);
  if (res !== null && rng.chance(0.5)) {
    const v = rng.int(0, 255);
    out[res] = v;
    return { bytes: out, detail: `interface block's if_tsresol (byte ${res}) set to ${v} (was ${src[res]})` };
  }
  const n = rng.int(1, 4);
  const changes: string[] = [];
  for (let i = 0; i < n; i++) {
    const pos = rng.int(idb.offset + 8, idb.offset + idb.length - 5);
    const v = rng.int(0, 255);
    changes.push(`${pos}=${v.toString(16).padStart(2, '0')}`);
    out[pos] = v;
  }
  return { bytes: out, detail: `interface block bytes set (${changes.join(' ')})` };
}

/** Builds the whole deterministic case list from the base captures. */
export function makeCases(bases: Base[], counts: Record<MutationKind, number>, seed = 'ftp-report-fuzz'): Mutation[] {
  const root = new Prng(seed);
  const cases: Mutation[] = [];
  const sameFormat = (b: Base) => bases.filter((o) => o !== b && extOf(o.name) === extOf(b.name));
  for (const kind of Object.keys(counts) as MutationKind[]) {
    const rng = root.fork(kind);
    for (let i = 1; i <= counts[kind]; i++) {
      const base = rng.pick(kind === 'interface-damage' ? bases.filter((b) => extOf(b.name) === '.pcapng') : bases);
      const id = `${kind}-${String(i).padStart(3, '0')}`;
      let r: { bytes: Buffer; detail: string };
      let ext = extOf(base.name);
      switch (kind) {
        case 'bitflip':
          r = bitflip(rng, base.bytes);
          break;
        case 'truncate':
          r = truncate(rng, base.bytes);
          break;
        case 'splice-bytes':
          r = spliceBytes(rng, base.bytes, rng.pick(bases.filter((o) => o !== base)));
          break;
        case 'splice-packets':
          r = splicePackets(rng, base.bytes, rng.pick(sameFormat(base)));
          break;
        case 'duplicate-packets':
          r = duplicatePackets(rng, base.bytes);
          break;
        case 'header-damage':
          r = headerDamage(rng, base.bytes);
          break;
        case 'interface-damage':
          r = interfaceDamage(rng, base.bytes);
          break;
        case 'gzip-mutated': {
          // a damaged capture inside an intact gzip stream
          const inner = rng.pick(['bitflip', 'truncate', 'splice-bytes'] as const);
          const m =
            inner === 'bitflip'
              ? bitflip(rng, base.bytes)
              : inner === 'truncate'
                ? truncate(rng, base.bytes)
                : spliceBytes(rng, base.bytes, rng.pick(bases.filter((o) => o !== base)));
          r = { bytes: gzipSync(m.bytes), detail: `gzip of (${inner}: ${m.detail})` };
          ext += '.gz';
          break;
        }
        case 'gzip-damaged': {
          // an intact capture in a damaged gzip stream
          const gz = gzipSync(base.bytes);
          const m = rng.chance(0.5) ? bitflip(rng, gz) : truncate(rng, gz);
          r = { bytes: m.bytes, detail: `gzip of the capture, then ${m.detail}` };
          ext += '.gz';
          break;
        }
      }
      cases.push({ kind, id, base: base.name, detail: `${base.name}: ${r.detail}`, ext, bytes: r.bytes });
    }
  }
  return cases;
}
