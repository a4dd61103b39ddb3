// Typed packet records: what the engine consumes, one per frame tshark printed.

/** One captured frame, reduced to the facts the engine needs. */
export interface PacketRecord {
  /** Wireshark frame number, 1-based. */
  frame: number;
  /** Absolute time in whole microseconds since 1970 (frame.time_epoch). */
  epochUs: number;
  /** Nanoseconds past epochUs (0-999: frame.time_epoch's 7th to 9th decimals); absent is 0. */
  epochNsRem?: number;
  /** Frame length on the wire in bytes (frame.len). */
  len: number;
  /** Network-layer source address (IPv4 dotted or IPv6 compressed), null when not IP. */
  src: string | null;
  /** Network-layer destination address, null when not IP. */
  dst: string | null;
  /** TCP facts, null when the frame carries no TCP segment. */
  tcp: TcpSegment | null;
  /** Wireshark's Protocol column (_ws.col.Protocol), e.g. "TCP", "FTP", "FTP-DATA"; null when not exported. */
  protocol: string | null;
  /** Wireshark's Info column (_ws.col.Info); null when not exported. */
  info: string | null;
  /** tshark's own link from a data packet to the frame that set it up (ftp-data.setup-frame), a cross-check. */
  setupFrame: number | null;
}

/** The TCP part of a frame. */
export interface TcpSegment {
  /** tshark's tcp.stream index. */
  stream: number;
  srcPort: number;
  dstPort: number;
  /** tcp.flags as a number (FIN=0x01, SYN=0x02, RST=0x04, PSH=0x08, ACK=0x10). */
  flags: number;
  /** Raw (absolute) sequence number. */
  seq: number;
  /** TCP payload length in bytes. */
  len: number;
  /** Payload bytes when tshark dissected this segment as FTP control traffic, else null. */
  ctl: Uint8Array | null;
  /** With a TLS key log: the control bytes TLS decrypted in this frame (absent when none). */
  tlsCtl?: Uint8Array;
  /** With a TLS key log: plaintext bytes of the TLS records decrypted in this frame of a data connection. */
  plain?: number;
}
