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
const num = (v: string[] | undefined): number | null => {
  const s = first(v);
  if (s === undefined) return null;
  const n = s.startsWith('0x') ? parseInt(s, 16) : Number(s);
  return Number.isFinite(n) ? n : null;
};

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
  const frame = num(l[K.frame]);
  const epoch = first(l[K.epoch]);
  if (frame === null || epoch === undefined) return 'invalid';
  const src = first(l[K.ipSrc]) ?? first(l[K.ip6Src]) ?? null;
  const dst = first(l[K.ipDst]) ?? first(l[K.ip6Dst]) ?? null;
  let tcp: TcpSegment | null = null;
  const stream = num(l[K.stream]);
  if (stream !== null) {
    const srcPort = num(l[K.srcPort]) ?? 0;
    const dstPort = num(l[K.dstPort]) ?? 0;
    // ftpr.ctl comes from the Lua postdissector; without it, tcp.payload is kept on control ports only,
    // or everywhere when the engine is to recognise FTP on other ports itself (allPayload).
    let hex = first(l[K.ctl]);
    if (hex === undefined && (allPayload || ftpPorts.has(srcPort) || ftpPorts.has(dstPort))) hex = first(l[K.payload]);
    tcp = {
      stream,
      srcPort,
      dstPort,
      flags: num(l[K.flags]) ?? 0,
      seq: num(l[K.seq]) ?? 0,
      len: num(l[K.tcpLen]) ?? 0,
      ctl: hex === undefined ? null : Buffer.from(hex.replace(/:/g, ''), 'hex'),
    };
    addDecrypted(tcp, l);
  }
  return {
    frame,
    epochUs: epochToMicros(epoch),
    epochNsRem: epochNsRemOf(epoch),
    len: num(l[K.len]) ?? 0,
    src,
    dst,
    tcp,
    protocol: first(l[K.protocol]) ?? null,
    info: first(l[K.info]) ?? null,
    setupFrame: num(l[K.setup]),
  };
}
