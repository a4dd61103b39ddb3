// Estimates, from the start of a capture, how many packets the selection (packet rows: selection-policy.ts) would
// spare tshark, so that a run whose selection spares too little gives tshark the whole file instead: reading the
// capture here, piping tshark the selected packets one record at a time and checking its records cost more than the
// few packets spared (measured: a password-guessing capture, nearly all control packets, 12% more CPU that way).

import type { BlockSource } from '../capture/stream-source.js';
import { CaptureBlocks } from '../capture/capture-blocks.js';
import { readWireTcp } from '../capture/wire.js';
import { type PolicyOptions, SelectionPolicy } from './selection-policy.js';

/** What the first packets of a capture say of its selection. */
export interface SelectionEstimate {
  /** Packets looked at. */
  packets: number;
  /** Of those, packets the selection would never give tshark (each connection's tail candidates but its last). */
  spared: number;
  /** The capture ended within them (else the look stopped once the answer was clear, or at a block tshark reads). */
  whole: boolean;
}

/** Packets looked at before any answer (about 20 ms of CPU): enough to see a long connection thinned. */
export const ESTIMATE_MIN_PACKETS = 2048;

/** Share of the file's bytes looked at before concluding that the selection spares too little. */
export const ESTIMATE_MIN_SHARE = 0.1;

/** The selection would spare tshark less than this share of the packets: it is given the whole capture instead. */
export const MIN_SPARED_SHARE = 0.2;

/**
 * Runs the selection's rules over the capture in `fh` (`size` bytes) without giving anything to anyone, until the
 * answer is clear: the selection pays as soon as it spares MIN_SPARED_SHARE of ESTIMATE_MIN_PACKETS or more (a long
 * transfer: within the first 2,048 packets); it spares too little when it still does not after ESTIMATE_MIN_SHARE of
 * the file (many short sessions: a fifth of a second on a 200 MB capture), or at the end of a small one.
 */
export async function estimateSelection(fh: BlockSource, size: number, o: PolicyOptions): Promise<SelectionEstimate> {
  const policy = new SelectionPolicy({ ...o, lean: false });
  // nothing of a block is kept past its packet: one reused read buffer
  const blocks = new CaptureBlocks(fh, { reuse: true });
  // by tcp.stream: a connection quiet for long is packed and comes back as another object (idle-conns.ts)
  const candidates = new Map<number, number>();
  let packets = 0;
  let spared = 0;
  try {
    for (;;) {
      // a packet already read costs no promise
      const buffered = blocks.nextBuffered();
      const b = buffered === undefined ? await blocks.next() : buffered;
      if (b === null) return { packets, spared, whole: true };
      if (b.kind === 'meta') continue;
      if (b.kind !== 'packet') break;
      packets += 1;
      const wire = readWireTcp(b.link, b.data, b.caplen, b.origLen);
      const choice = policy.choose(wire, b.data, b.caplen, b.epochUs !== null);
      if (choice.verdict === 'tail') {
        const stream = choice.conn!.stream;
        const n = (candidates.get(stream) ?? 0) + 1;
        candidates.set(stream, n);
        if (n > o.limits.tail) spared += 1;
      }
      if (packets < ESTIMATE_MIN_PACKETS || packets % 256 !== 0) continue;
      if (spared >= packets * MIN_SPARED_SHARE || blocks.offset >= size * ESTIMATE_MIN_SHARE) break;
    }
  } catch {
    // a capture cut short or damaged: the run that follows says so; the packets before it decide
  } finally {
    policy.close();
  }
  return { packets, spared, whole: false };
}

/** The selection is worth its cost: it spares tshark at least MIN_SPARED_SHARE of the packets looked at. */
export function selectionPays(e: SelectionEstimate): boolean {
  return e.packets > 0 && e.spared >= e.packets * MIN_SPARED_SHARE;
}

/** What a lean run (no packet rows) would give tshark of a whole capture. */
export interface LeanInput {
  /** Packets in the capture (up to an opaque block). */
  packets: number;
  /** Of those, packets ftp-report cannot make a record of itself, which tshark would be given. */
  toTshark: number;
  /** A block ftp-report cannot read: tshark would be given the rest of the file from there. */
  opaqueRest: boolean;
}

/** Runs the lean selection's rules over a whole capture (for --print-tshark-command: what tshark would be given). */
export async function leanInputOf(fh: BlockSource, o: PolicyOptions): Promise<LeanInput> {
  const policy = new SelectionPolicy({ ...o, lean: true, lua: o.lua ?? true });
  const blocks = new CaptureBlocks(fh, { reuse: true });
  let packets = 0;
  let toTshark = 0;
  let opaqueRest = false;
  try {
    for (;;) {
      // a packet already read costs no promise
      const buffered = blocks.nextBuffered();
      const b = buffered === undefined ? await blocks.next() : buffered;
      if (b === null) break;
      if (b.kind === 'meta') continue;
      if (b.kind !== 'packet') {
        opaqueRest = true;
        break;
      }
      packets += 1;
      const wire = readWireTcp(b.link, b.data, b.caplen, b.origLen);
      if (policy.choose(wire, b.data, b.caplen, b.epochUs !== null).verdict === 'tshark') toTshark += 1;
    }
  } catch {
    // the file could not be read to its end: the run itself says so
  } finally {
    policy.close();
  }
  return { packets, toTshark, opaqueRest };
}
