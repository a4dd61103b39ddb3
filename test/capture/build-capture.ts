// Builds small captures for tests: pcap files of given frames, and Ethernet/IPv4/TCP frames.

/** One TCP endpoint: IPv4 address and port. */
export interface Endpoint {
  ip: string;
  port: number;
}

/** An Ethernet + IPv4 + TCP frame (no options, checksums 0) carrying `payload`. */
export function tcpFrame(from: Endpoint, to: Endpoint, flags: number, seq: number, payload = Buffer.alloc(0)): Buffer {
  const eth = Buffer.from([...Array(12).fill(2), 0x08, 0x00]);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(40 + payload.length, 2);
  ip.writeUInt16BE(0x4000, 6); // DF
  ip[8] = 64;
  ip[9] = 6;
  ip.set(from.ip.split('.').map(Number), 12);
  ip.set(to.ip.split('.').map(Number), 16);
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(from.port, 0);
  tcp.writeUInt16BE(to.port, 2);
  tcp.writeUInt32BE(seq >>> 0, 4);
  tcp[12] = 0x50;
  tcp[13] = flags;
  tcp.writeUInt16BE(65535, 14);
  return Buffer.concat([eth, ip, tcp, payload]);
}

/**
 * A pcap file (Ethernet) of these frames: frame i at 1,700,000,000 + i seconds and 0.25 s; little-endian
 * microseconds unless told otherwise, version 2 unless `major` says another.
 */
export function pcapFile(frames: Buffer[], o: { le?: boolean; nanos?: boolean; major?: number } = {}): Buffer {
  const le = o.le ?? true;
  const u32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(v);
    else b.writeUInt32BE(v);
    return b;
  };
  const head = Buffer.alloc(24);
  head.writeUInt32BE(o.nanos ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  if (le) head.writeUInt32LE(head.readUInt32BE(0), 0);
  const u16 = (v: number, at: number): number => (le ? head.writeUInt16LE(v, at) : head.writeUInt16BE(v, at));
  u16(o.major ?? 2, 4);
  u16(4, 6);
  head.set(u32(65535), 16);
  head.set(u32(1), 20);
  const records = frames.map((f, i) =>
    Buffer.concat([u32(1_700_000_000 + i), u32(o.nanos ? 250_000_000 : 250_000), u32(f.length), u32(f.length), f]),
  );
  return Buffer.concat([head, ...records]);
}

/** An Ethernet + IPv4 frame wrapped in an outer IPv4 header (protocol 4, IP in IP) between two other hosts. */
export function ipInIp(frame: Buffer): Buffer {
  const outer = Buffer.alloc(20);
  outer[0] = 0x45;
  outer.writeUInt16BE(20 + frame.length - 14, 2);
  outer[8] = 64;
  outer[9] = 4;
  outer.set([192, 0, 2, 1], 12);
  outer.set([192, 0, 2, 2], 16);
  return Buffer.concat([frame.subarray(0, 14), outer, frame.subarray(14)]);
}
