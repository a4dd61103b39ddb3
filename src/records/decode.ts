// EK lines → typed packet records: every string-to-number and hex-to-bytes conversion happens here.

import { ekKey } from './fields.js';
import type { PacketRecord, TcpSegment } from './types.js';

type Layers = Record<string, string[] | undefined>;

const K = {
  frame: ekKey('frame.number'),
  epoch: ekKey('frame.time_epoch'),
  len: ekKey('frame.len'),
  ipSrc: ekKey('ip.src'),
  ipDst: ekKey('ip.dst'),
  ip6Src: ekKey('ipv6.src'),
  ip6Dst: ekKey('ipv6.dst'),
  stream: ekKey('tcp.stream'),
  srcPort: ekKey('tcp.srcport'),
  dstPort: ekKey('tcp.dstport'),
  flags: ekKey('tcp.flags'),
  seq: ekKey('tcp.seq_raw'),
  tcpLen: ekKey('tcp.len'),
  setup: ekKey('ftp-data.setup-frame'),
  ctl: ekKey('ftpr.ctl'),
  tlsCtl: ekKey('ftpr.tlsctl'),
  plain: ekKey('ftpr.plain'),
  payload: ekKey('tcp.payload'),
  protocol: ekKey('_ws.col.Protocol'),
  info: ekKey('_ws.col.Info'),
};

/** Parses "seconds.fraction" into whole microseconds without floating-point loss. */
export function epochToMicros(text: string): number {
  const dot = text.indexOf('.');
  const sec = Number(dot === -1 ? text : text.slice(0, dot));
  const frac = dot === -1 ? '' : text.slice(dot + 1);
  const us = Number((frac + '000000').slice(0, 6));
  return sec * 1e6 + (text.startsWith('-') ? -us : us);
}

/** The nanoseconds past epochToMicros(text): the fraction's 7th to 9th digits (0 when it has six or fewer). */
export function epochNsRemOf(text: string): number {
  const dot = text.indexOf('.');
  if (dot === -1 || text.length <= dot + 7) return 0;
  const ns = Number((text.slice(dot + 7, dot + 10) + '00').slice(0, 3));
  return text.startsWith('-') ? -ns : ns;
}

const first = (v: string[] | undefined): string | undefined => (v === undefined ? undefined : v[0]);
const num = (s: string | number | undefined): number | null => {
  if (s === undefined) return null;
  if (typeof s === 'number') return s;
  const n = s.startsWith('0x') ? parseInt(s, 16) : Number(s);
  return Number.isFinite(n) ? n : null;
};

/** The single-valued fields a record is made of, in the order tshark prints them (the -e order). */
const SLOTS = [
  K.frame,
  K.epoch,
  K.len,
  K.ipSrc,
  K.ipDst,
  K.ip6Src,
  K.ip6Dst,
  K.stream,
  K.srcPort,
  K.dstPort,
  K.flags,
  K.seq,
  K.tcpLen,
  K.setup,
  K.protocol,
  K.info,
  K.ctl,
  K.payload,
] as const;
/** Each slot's index in SLOTS. */
const S = {
  frame: 0,
  epoch: 1,
  len: 2,
  ipSrc: 3,
  ipDst: 4,
  ip6Src: 5,
  ip6Dst: 6,
  stream: 7,
  srcPort: 8,
  dstPort: 9,
  flags: 10,
  seq: 11,
  tcpLen: 12,
  setup: 13,
  protocol: 14,
  info: 15,
  ctl: 16,
  payload: 17,
} as const;

/**
 * The first value of each slot's field (undefined when absent), as a record is made from; decodeEkText gives a plain
 * decimal (or 0x hex) number field as the number, without making its string.
 */
type Slots = (string | number | undefined)[];

/** Slots whose value is a number. */
const NUMERIC = new Set<number>([S.frame, S.len, S.stream, S.srcPort, S.dstPort, S.flags, S.seq, S.tcpLen, S.setup]);

/** What TLS decrypted in this frame (a key log was given): its control bytes, its data records' lengths. */
function addDecrypted(tcp: TcpSegment, l: Layers): void {
  const ctl = l[K.tlsCtl];
  if (ctl !== undefined && ctl.length > 0) tcp.tlsCtl = Buffer.from(ctl.join('').replace(/:/g, ''), 'hex');
  const plain = l[K.plain];
  if (plain !== undefined && plain.length > 0) {
    const total = plain.reduce((sum, v) => sum + (Number(v) || 0), 0);
    tcp.plain = total;
  }
}

/** Why an EK line was not a packet record, for the caller to count. */
export type DecodeSkip = 'index' | 'invalid';

/**
 * Decodes one parsed EK line: 'index' for Elasticsearch index lines ({"index":…}), 'invalid' for
 * anything that is not a packet object; never throws.
 */
export function decodeEkLine(
  value: unknown,
  ftpPorts: ReadonlySet<number>,
  allPayload = false,
): PacketRecord | DecodeSkip {
  if (value === null || typeof value !== 'object') return 'invalid';
  const obj = value as { index?: unknown; layers?: Layers };
  if (obj.index !== undefined) return 'index';
  const l = obj.layers;
  if (!l || typeof l !== 'object') return 'invalid';
  const slots: Slots = SLOTS.map((k) => first(l[k]));
  const rec = recordOf(slots, ftpPorts, allPayload);
  if (rec !== null && rec.tcp !== null) addDecrypted(rec.tcp, l);
  return rec ?? 'invalid';
}

/** The record of one frame's field values; null when it has no frame number or time. */
function recordOf(v: Slots, ftpPorts: ReadonlySet<number>, allPayload: boolean): PacketRecord | null {
  const frame = num(v[S.frame]);
  const epoch = v[S.epoch];
  if (frame === null || epoch === undefined) return null;
  const time = String(epoch);
  let tcp: TcpSegment | null = null;
  const stream = num(v[S.stream]);
  if (stream !== null) {
    const srcPort = num(v[S.srcPort]) ?? 0;
    const dstPort = num(v[S.dstPort]) ?? 0;
    // ftpr.ctl comes from the Lua postdissector; without it, tcp.payload is kept on control ports only,
    // or everywhere when the engine is to recognise FTP on other ports itself (allPayload).
    let hex = v[S.ctl] as string | undefined;
    if (hex === undefined && (allPayload || ftpPorts.has(srcPort) || ftpPorts.has(dstPort))) {
      hex = v[S.payload] as string | undefined;
    }
    tcp = {
      stream,
      srcPort,
      dstPort,
      flags: num(v[S.flags]) ?? 0,
      seq: num(v[S.seq]) ?? 0,
      len: num(v[S.tcpLen]) ?? 0,
      ctl: hex === undefined ? null : Buffer.from(hex.replace(/:/g, ''), 'hex'),
    };
  }
  return {
    frame,
    epochUs: epochToMicros(time),
    epochNsRem: epochNsRemOf(time),
    len: num(v[S.len]) ?? 0,
    src: (v[S.ipSrc] ?? v[S.ip6Src] ?? null) as string | null,
    dst: (v[S.ipDst] ?? v[S.ip6Dst] ?? null) as string | null,
    tcp,
    protocol: (v[S.protocol] ?? null) as string | null,
    info: (v[S.info] ?? null) as string | null,
    setupFrame: num(v[S.setup]),
  };
}

/** How an EK packet line starts, up to its layers object: {"timestamp":"…","layers":{ */
const HEAD = '{"timestamp":"';
const LAYERS = '","layers":{';
/** Each slot's field as the text that opens it in a line: "name":[ */
const OPENERS = SLOTS.map((k) => `"${k}":[`);
/** Fields read from every value of their array (a key log's), which only the parsed path reads. */
const MULTI = [K.tlsCtl, K.plain].map((k) => `"${k}":[`);

/**
 * Decodes one EK line from its text, without building the parsed object (JSON.parse would make an array and a string
 * per field of every packet, and half the lines are index lines). Reads the shape tshark -T ek -e … prints:
 * `{"index":…}`, or `{"timestamp":"…","layers":{"name":["value",…],…}}` with string values. Anything else (another
 * shape, a key log's multi-valued fields, a line that is not JSON) gives null: the caller parses the line with
 * JSON.parse and decodeEkLine, so every line decodes to what decodeEkLine makes of it.
 */
export function decodeEkText(
  line: string,
  ftpPorts: ReadonlySet<number>,
  allPayload = false,
): PacketRecord | 'index' | null {
  if (line.startsWith('{"index":')) return line.endsWith('}') ? 'index' : null;
  if (!line.startsWith(HEAD)) return null;
  let i = line.indexOf(LAYERS, HEAD.length);
  const n = line.length;
  /** The next backslash at or after i (n when none): a value before it needs no unescaping. */
  let bs = line.indexOf('\\', HEAD.length);
  if (bs === -1) bs = n;
  // the timestamp is a plain string: no quote or backslash in it
  if (i === -1 || bs < i || line.lastIndexOf('"', i - 1) !== HEAD.length - 1) return null;
  i += LAYERS.length;
  const v: Slots = new Array(SLOTS.length);
  let next = 0;
  if (line.charCodeAt(i) !== CLOSE_BRACE) {
    for (;;) {
      // a key: most often the one after the last (tshark prints the -e order)
      if (line.charCodeAt(i) !== QUOTE) return null;
      const slot = slotAt(line, i, next);
      if (slot !== -1) {
        i += OPENERS[slot]!.length;
        next = slot + 1;
      } else {
        if (MULTI.some((o) => line.startsWith(o, i))) return null;
        const e = line.indexOf('"', i + 1);
        if (e === -1 || e > bs || line.charCodeAt(e + 1) !== COLON || line.charCodeAt(e + 2) !== OPEN_BRACKET)
          return null;
        i = e + 3;
      }
      // its values: strings only; the first one is the field's
      let value: string | number | undefined;
      if (line.charCodeAt(i) === CLOSE_BRACKET) i += 1;
      else {
        let firstValue = true;
        for (;;) {
          if (line.charCodeAt(i) !== QUOTE) return null;
          let e = line.indexOf('"', i + 1);
          if (e === -1) return null;
          if (bs < e) {
            // escapes: the closing quote is the first one not escaped
            while (backslashesBefore(line, e) % 2 === 1) {
              e = line.indexOf('"', e + 1);
              if (e === -1) return null;
            }
            if (firstValue && slot !== -1) {
              try {
                value = JSON.parse(line.slice(i, e + 1)) as string;
              } catch {
                return null;
              }
            }
            bs = line.indexOf('\\', e);
            if (bs === -1) bs = n;
          } else if (firstValue && slot !== -1) {
            value = NUMERIC.has(slot) ? numberIn(line, i + 1, e) : undefined;
            if (value === undefined) value = KEPT[slot] ? ownString(line, i + 1, e) : line.slice(i + 1, e);
          }
          firstValue = false;
          i = e + 1;
          const c = line.charCodeAt(i);
          i += 1;
          if (c === COMMA) continue;
          if (c === CLOSE_BRACKET) break;
          return null;
        }
      }
      if (slot !== -1) v[slot] = value;
      const c = line.charCodeAt(i);
      i += 1;
      if (c === COMMA) continue;
      if (c === CLOSE_BRACE) break;
      return null;
    }
  } else i += 1;
  // the layers object closes the line's object, and nothing follows
  if (line.charCodeAt(i) !== CLOSE_BRACE || i + 1 !== n) return null;
  return recordOf(v, ftpPorts, allPayload);
}

/** The slot whose field opens at i, looked for from `next` on (fields absent from a packet are skipped); -1 if none. */
function slotAt(line: string, i: number, next: number): number {
  for (let k = next; k < OPENERS.length; k++) if (line.startsWith(OPENERS[k]!, i)) return k;
  for (let k = 0; k < next; k++) if (line.startsWith(OPENERS[k]!, i)) return k;
  return -1;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * The number written in line[from, to) as plain decimal digits (or 0x and hex digits), as Number or parseInt would
 * read it; undefined for anything else (an empty value, a sign, spaces, an exponent, too many digits to be exact),
 * which is then read from its string.
 */
function numberIn(line: string, from: number, to: number): number | undefined {
  let n = 0;
  if (to - from > 2 && line.charCodeAt(from) === 0x30 && line.charCodeAt(from + 1) === 0x78) {
    if (to - from > 15) return undefined;
    for (let k = from + 2; k < to; k++) {
      const c = line.charCodeAt(k);
      const d =
        c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d === -1) return undefined;
      n = n * 16 + d;
    }
    return n;
  }
  if (to === from || to - from > 15) return undefined;
  for (let k = from; k < to; k++) {
    const d = line.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}

/** Slots whose text a record keeps (addresses, columns): the time and the payload's hex are read once and dropped. */
const KEPT = SLOTS.map((_, k) => k !== S.epoch && k !== S.ctl && k !== S.payload);

/**
 * line[from, to), a quoted value without escapes, as a string of its own. V8 makes a longer slice (13 characters or
 * more) a view of the whole line, which would keep every line alive whose Info column or address the model keeps
 * (packet rows: hundreds of MB on a busy capture); JSON.parse of the quoted value makes a copy of its characters only.
 * Shorter values are copies already, and repeat (an address, "TCP"): they are shared, as JSON.parse shares them.
 */
function ownString(line: string, from: number, to: number): string {
  if (to - from >= 13) return JSON.parse(line.slice(from - 1, to + 1)) as string;
  const s = line.slice(from, to);
  const known = SHORT.get(s);
  if (known !== undefined) return known;
  if (SHORT.size >= MAX_SHORT) SHORT.clear();
  SHORT.set(s, s);
  return s;
}

/** The short values read so far, each as one string; emptied when it reaches MAX_SHORT (a scan of many addresses). */
const SHORT = new Map<string, string>();
const MAX_SHORT = 50_000;

/** How many backslashes stand right before position e. */
function backslashesBefore(line: string, e: number): number {
  let k = e - 1;
  while (line.charCodeAt(k) === 0x5c) k -= 1;
  return e - 1 - k;
}
