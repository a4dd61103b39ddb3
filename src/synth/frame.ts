// Encodes a packet descriptor as Ethernet + IPv4/IPv6 + TCP bytes with correct lengths and checksums.

import { ACK, SYN, type Packet } from './packet.js';

const ETH_LEN = 14;
const TTL = 64;
/** Window scale every SYN announces (Linux's usual 7). */
export const WINDOW_SCALE = 7;

/** TCP header length: SYNs carry MSS, SACK-permitted, timestamps, window scale; others timestamps (+ a SACK block). */
function tcpHeaderLength(p: Packet): number {
  if (p.flags & SYN) return 40;
  return p.sackLeft !== p.sackRight ? 44 : 32;
}

/** Bytes of the whole Ethernet frame. */
export function frameLength(p: Packet): number {
  return ETH_LEN + (p.from.host.family === 4 ? 20 : 40) + tcpHeaderLength(p) + p.len;
}

/** Ones-complement sum of buf[start, end) as big-endian 16-bit words (not folded). */
function sum16(buf: Buffer, start: number, end: number): number {
  let s = 0;
  let i = start;
  for (; i + 1 < end; i += 2) s += (buf[i]! << 8) | buf[i + 1]!;
  if (i < end) s += buf[i]! << 8;
  return s;
}

function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

/** The sender's TCP timestamp clock (ms) at capture time t: the server sent one one-way delay earlier. */
function tsVal(p: Packet): number {
  const sentAt = p.from.atCapturePoint ? p.t : p.t - p.path.owdUs;
  return (p.from.tsOffset + Math.floor(Math.max(0, sentAt) / 1000)) >>> 0;
}

/** The peer timestamp the sender last saw: roughly the peer's clock one (client) or two (server) one-way delays ago. */
function tsEcr(p: Packet): number {
  if (p.flags & SYN && !(p.flags & ACK)) return 0;
  const back = p.from.atCapturePoint ? p.path.owdUs : 2 * p.path.owdUs;
  return (p.to.tsOffset + Math.floor(Math.max(0, p.t - back) / 1000)) >>> 0;
}

/** Writes the frame at buf[off]; returns its length. The buffer must have frameLength(p) bytes free. */
export function encodeFrame(p: Packet, buf: Buffer, off: number): number {
  const v4 = p.from.host.family === 4;
  const src = p.from.host.ipBytes;
  const dst = p.to.host.ipBytes;
  const tcpLen = tcpHeaderLength(p);
  const segLen = tcpLen + p.len;
  // Ethernet
  p.to.host.mac.copy(buf, off);
  p.from.host.mac.copy(buf, off + 6);
  buf.writeUInt16BE(v4 ? 0x0800 : 0x86dd, off + 12);
  let pos = off + ETH_LEN;
  let pseudo: number;
  if (v4) {
    buf[pos] = 0x45;
    buf[pos + 1] = 0;
    buf.writeUInt16BE(20 + segLen, pos + 2);
    buf.writeUInt16BE(p.from.ipId, pos + 4);
    p.from.ipId = (p.from.ipId + 1) & 0xffff;
    buf.writeUInt16BE(0x4000, pos + 6); // don't fragment
    buf[pos + 8] = TTL;
    buf[pos + 9] = 6;
    buf.writeUInt16BE(0, pos + 10);
    src.copy(buf, pos + 12);
    dst.copy(buf, pos + 16);
    buf.writeUInt16BE(fold(sum16(buf, pos, pos + 20)), pos + 10);
    pseudo = sum16(src, 0, 4) + sum16(dst, 0, 4) + 6 + segLen;
    pos += 20;
  } else {
    buf.writeUInt32BE((0x60000000 | (p.from.flowLabel & 0xfffff)) >>> 0, pos);
    buf.writeUInt16BE(segLen, pos + 4);
    buf[pos + 6] = 6;
    buf[pos + 7] = TTL;
    src.copy(buf, pos + 8);
    dst.copy(buf, pos + 24);
    pseudo = sum16(src, 0, 16) + sum16(dst, 0, 16) + 6 + segLen;
    pos += 40;
  }
  // TCP
  const tcp = pos;
  buf.writeUInt16BE(p.from.port, tcp);
  buf.writeUInt16BE(p.to.port, tcp + 2);
  buf.writeUInt32BE(p.seq >>> 0, tcp + 4);
  buf.writeUInt32BE(p.flags & ACK ? p.ack >>> 0 : 0, tcp + 8);
  buf.writeUInt16BE(((tcpLen / 4) << 12) | p.flags, tcp + 12);
  buf.writeUInt16BE(p.window, tcp + 14);
  buf.writeUInt32BE(0, tcp + 16); // checksum, urgent pointer
  pos = tcp + 20;
  if (p.flags & SYN) {
    buf[pos] = 2; // MSS
    buf[pos + 1] = 4;
    buf.writeUInt16BE(p.path.mssOption, pos + 2);
    buf[pos + 4] = 4; // SACK permitted
    buf[pos + 5] = 2;
    buf[pos + 6] = 8; // timestamps
    buf[pos + 7] = 10;
    buf.writeUInt32BE(tsVal(p), pos + 8);
    buf.writeUInt32BE(tsEcr(p), pos + 12);
    buf[pos + 16] = 1; // NOP
    buf[pos + 17] = 3; // window scale
    buf[pos + 18] = 3;
    buf[pos + 19] = WINDOW_SCALE;
    pos += 20;
  } else {
    buf[pos] = 1;
    buf[pos + 1] = 1;
    buf[pos + 2] = 8;
    buf[pos + 3] = 10;
    buf.writeUInt32BE(tsVal(p), pos + 4);
    buf.writeUInt32BE(tsEcr(p), pos + 8);
    pos += 12;
    if (p.sackLeft !== p.sackRight) {
      buf[pos] = 1;
      buf[pos + 1] = 1;
      buf[pos + 2] = 5;
      buf[pos + 3] = 10;
      buf.writeUInt32BE(p.sackLeft >>> 0, pos + 4);
      buf.writeUInt32BE(p.sackRight >>> 0, pos + 8);
      pos += 12;
    }
  }
  if (p.len > 0 && p.payload) {
    p.payload.copy(buf, pos, p.payloadOffset, p.payloadOffset + p.len);
    pos += p.len;
  }
  buf.writeUInt16BE(fold(pseudo + sum16(buf, tcp, pos)), tcp + 16);
  return pos - off;
}
