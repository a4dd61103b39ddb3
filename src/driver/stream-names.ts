// How tshark names a TCP connection, worked out here from the packets' headers: its tcp.stream number and the text
// of its addresses. With these, a segment tshark never sees needs nothing tshark said of its connection.
//
// tcp.stream (tshark 4.0, epan/dissectors/packet-tcp.c): connections are numbered from 0 in the order of their
// first packet. A packet belongs to the latest connection on its address and port pair (both directions), unless
// it is a SYN without ACK whose sequence number differs from the base sequence number its sender's direction
// already has: then the ports were reused and a new connection (a new number) starts with it. A direction's base is
// set by its first segment (the SYN's sequence number, or the sequence number − 1 of any other segment), or, before
// that, by the first segment with ACK from the other side (its acknowledgment number − 1). A SYN-ACK whose sequence
// number differs from its direction's base replaces that base (tshark looks the connection up again and resets it).
//
// Addresses read as tshark prints ip.src and ipv6.src: IPv4 dotted; IPv6 in lower-case hexadecimal groups with the
// longest run of two or more zero groups (the first of equal runs) written "::", and an IPv4-mapped
// (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d) address ending in dotted form, as the C library's inet_ntop
// writes them (RFC 5952 §4).

import type { WireTcp } from '../capture/wire.js';
import { TCP_ACK, TCP_SYN } from '../protocol/tcp.js';

/** What the numbering needs to remember of one connection. */
export interface StreamState {
  /** Side key of side A (the sender of the connection's first packet). */
  aKey: string;
  /** Base sequence number of side A's direction and of side B's; −1 until set. */
  baseA: number;
  baseB: number;
}

/**
 * Whether `w` (sent by side A when `fromA`) starts a new connection on the pair its connection `s` is on: a SYN
 * without ACK whose sequence number is not the base its direction already has.
 */
export function reusesPorts(s: StreamState, w: WireTcp, fromA: boolean): boolean {
  if ((w.flags & (TCP_SYN | TCP_ACK)) !== TCP_SYN) return false;
  const base = fromA ? s.baseA : s.baseB;
  return base !== -1 && base !== w.seq;
}

/** Updates the connection's base sequence numbers with segment `w` (after reusesPorts was asked). */
export function noteSequence(s: StreamState, w: WireTcp, fromA: boolean): void {
  const syn = (w.flags & TCP_SYN) !== 0;
  const ack = (w.flags & TCP_ACK) !== 0;
  let own = fromA ? s.baseA : s.baseB;
  // a SYN-ACK with another sequence number than its direction's base replaces it (tshark, issue 16944)
  if (syn && ack && own !== -1 && own !== w.seq) own = w.seq;
  if (own === -1) own = syn ? w.seq : (w.seq - 1) >>> 0;
  let other = fromA ? s.baseB : s.baseA;
  if (other === -1 && ack) other = (w.ack - 1) >>> 0;
  if (fromA) {
    s.baseA = own;
    s.baseB = other;
  } else {
    s.baseB = own;
    s.baseA = other;
  }
}

/** The address of a side key (address bytes, then two port bytes) as tshark prints it. */
export function addressText(sideKey: string): string {
  const n = sideKey.length - 2;
  const bytes: number[] = [];
  for (let i = 0; i < n; i += 1) bytes.push(sideKey.charCodeAt(i));
  return n === 4 ? bytes.join('.') : ipv6Text(bytes);
}

/** An IPv6 address (16 bytes) as tshark prints ipv6.src. */
export function ipv6Text(bytes: readonly number[]): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i]! << 8) | bytes[i + 1]!);
  // the longest run of zero words (the first of equal ones), if two or more long
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j += 1;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) best = -1;
  let out = '';
  for (let i = 0; i < 8; i += 1) {
    if (best !== -1 && i >= best && i < best + bestLen) {
      if (i === best) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // an IPv4 address in the last 32 bits of ::a.b.c.d or ::ffff:a.b.c.d
    if (i === 6 && best === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
      break;
    }
    out += words[i]!.toString(16);
  }
  if (best !== -1 && best + bestLen === 8) out += ':';
  return out;
}
