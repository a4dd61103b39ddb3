// The one tshark field list ftp-report asks for, and how its EK names map back: owned by the records layer.

/** Fields every run exports (EK prints them with dots turned into underscores). */
export const BASE_FIELDS = [
  'frame.number',
  'frame.time_epoch',
  'frame.len',
  'ip.src',
  'ip.dst',
  'ipv6.src',
  'ipv6.dst',
  'tcp.stream',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.flags',
  'tcp.seq_raw',
  'tcp.len',
  'ftp-data.setup-frame',
  // Wireshark's packet-list columns, so packet tables read exactly as in Wireshark.
  '_ws.col.Protocol',
  '_ws.col.Info',
] as const;

/** With Lua: control-channel payload only, from the postdissector beside this file. */
export const LUA_PAYLOAD_FIELDS = ['ftpr.ctl'] as const;
/** Without Lua: every segment's payload; the records layer keeps it only on FTP control ports. */
export const PLAIN_PAYLOAD_FIELDS = ['tcp.payload'] as const;

/**
 * With a TLS key log (and Lua): the decrypted control bytes of a frame and the plaintext length of each decrypted
 * record on a data connection, from the same postdissector. Never asked for without a key log.
 */
export const TLS_FIELDS = ['ftpr.tlsctl', 'ftpr.plain'] as const;

/** EK key of a field name. */
export const ekKey = (field: string): string => field.replace(/\./g, '_');
