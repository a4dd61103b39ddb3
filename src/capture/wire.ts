// Raw frame bytes → the TCP facts of a packet, for the packets ftp-report counts without tshark (bulk data).
// Only the plain shapes are read (Ethernet with VLAN tags, Linux cooked, raw IP, BSD loopback; IPv4 without
// fragments, IPv6 without extension headers); anything else returns null and is left to tshark.

/** Link-layer header types (LINKTYPE_*) whose IP packets are read here. */
export const LINK_NULL = 0;
export const LINK_ETHERNET = 1;
export const LINK_RAW = 101;
export const LINK_LOOP = 108;
export const LINK_SLL = 113;
export const LINK_IPV4 = 228;
export const LINK_IPV6 = 229;
export const LINK_SLL2 = 276;

/** The TCP facts of one frame, as tshark would give them. */
export interface WireTcp {
  /** Source and destination address bytes with the port, as one string: the connection's side keys. */
  srcKey: string;
  dstKey: string;
  srcPort: number;
  dstPort: number;
  /** tcp.flags (the low 12 bits of the header's flag word). */
  flags: number;
  seq: number;
  /** Acknowledgment number (tcp.ack_raw), whatever the ACK flag says. */
  ack: number;
  /** Payload length from the IP length, like tshark's tcp.len. */
  len: number;
  /** Offset of the payload in the frame (its captured bytes may be fewer than len). */
  payloadAt: number;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;

/** Where the IP header starts in a frame of this link type, or -1 when it is not plain IP. */
function ipOffset(link: number, d: Uint8Array, caplen: number): number {
  switch (link) {
    case LINK_ETHERNET: {
      let at = 12;
      for (let tags = 0; tags <= 2; tags += 1) {
        if (at + 2 > caplen) return -1;
        const type = (d[at]! << 8) | d[at + 1]!;
        if (type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6) return at + 2;
        if (type !== ETHERTYPE_VLAN && type !== ETHERTYPE_QINQ) return -1;
        at += 4;
      }
      return -1;
    }
    case LINK_SLL: {
      if (caplen < 16) return -1;
      const type = (d[14]! << 8) | d[15]!;
      return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6 ? 16 : -1;
    }
    case LINK_SLL2: {
      if (caplen < 20) return -1;
      const type = (d[0]! << 8) | d[1]!;
      return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6 ? 20 : -1;
    }
    case LINK_RAW:
    case LINK_IPV4:
    case LINK_IPV6:
      return 0;
    case LINK_NULL:
    case LINK_LOOP: {
      if (caplen < 4) return -1;
      // NULL: address family in the writer's byte order; LOOP: network order. 2 = IPv4; 24, 28, 30 = IPv6.
      const be = (d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!;
      const le = (d[3]! << 24) | (d[2]! << 16) | (d[1]! << 8) | d[0]!;
      const fam = link === LINK_LOOP ? be : be === 2 || be === 24 || be === 28 || be === 30 ? be : le;
      return fam === 2 || fam === 24 || fam === 28 || fam === 30 ? 4 : -1;
    }
    default:
      return -1;
  }
}

/** Side key: address bytes then the port, as a latin1 string (IPv4 keys are shorter than IPv6 ones). */
function sideKey(d: Uint8Array, at: number, n: number, port: number): string {
  // one string made at once (a string built a character at a time is a new string per character, per packet)
  if (n === 4) return String.fromCharCode(d[at]!, d[at + 1]!, d[at + 2]!, d[at + 3]!, port >> 8, port & 0xff);
  let s = '';
  for (let i = 0; i < n; i += 1) s += String.fromCharCode(d[at + i]!);
  return s + String.fromCharCode(port >> 8, port & 0xff);
}

/**
 * Reads a frame's TCP header. `caplen` bytes of `d` were captured of `origLen` on the wire. Returns null for
 * anything but a whole, unfragmented TCP header over plain IPv4/IPv6 whose IP length fits the frame.
 */
export function readWireTcp(link: number, d: Uint8Array, caplen: number, origLen: number): WireTcp | null {
  const ip = ipOffset(link, d, caplen);
  if (ip < 0 || ip >= caplen) return null;
  const version = d[ip]! >> 4;
  let tcp: number;
  let ipEnd: number;
  let srcAt: number;
  let addrLen: number;
  if (version === 4) {
    const ihl = (d[ip]! & 0x0f) * 4;
    if (ihl < 20 || ip + ihl + 20 > caplen) return null;
    const total = (d[ip + 2]! << 8) | d[ip + 3]!;
    const fragment = ((d[ip + 6]! & 0x3f) << 8) | d[ip + 7]!; // MF flag and offset
    if (d[ip + 9] !== 6 || fragment !== 0 || total < ihl + 20 || ip + total > origLen) return null;
    tcp = ip + ihl;
    ipEnd = ip + total;
    srcAt = ip + 12;
    addrLen = 4;
  } else if (version === 6) {
    if (ip + 40 + 20 > caplen) return null;
    const payload = (d[ip + 4]! << 8) | d[ip + 5]!;
    if (d[ip + 6] !== 6 || payload < 20 || ip + 40 + payload > origLen) return null;
    tcp = ip + 40;
    ipEnd = ip + 40 + payload;
    srcAt = ip + 8;
    addrLen = 16;
  } else {
    return null;
  }
  const doff = (d[tcp + 12]! >> 4) * 4;
  if (doff < 20 || tcp + doff > caplen || tcp + doff > ipEnd) return null;
  const srcPort = (d[tcp]! << 8) | d[tcp + 1]!;
  const dstPort = (d[tcp + 2]! << 8) | d[tcp + 3]!;
  return {
    srcKey: sideKey(d, srcAt, addrLen, srcPort),
    dstKey: sideKey(d, srcAt + addrLen, addrLen, dstPort),
    srcPort,
    dstPort,
    flags: ((d[tcp + 12]! & 0x0f) << 8) | d[tcp + 13]!,
    seq: ((d[tcp + 4]! << 24) | (d[tcp + 5]! << 16) | (d[tcp + 6]! << 8) | d[tcp + 7]!) >>> 0,
    ack: ((d[tcp + 8]! << 24) | (d[tcp + 9]! << 16) | (d[tcp + 10]! << 8) | d[tcp + 11]!) >>> 0,
    len: ipEnd - tcp - doff,
    payloadAt: tcp + doff,
  };
}
