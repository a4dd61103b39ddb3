// A file's media type from its first bytes: magic numbers of the formats a lab capture carries, else text or binary.

/** Bytes of the start of a file kept for sniffing. */
export const SNIFF_BYTES = 1024;

/** Magic numbers: media type, offset, bytes (hex). The first that matches wins. */
const MAGIC: readonly [string, number, string][] = [
  ['image/png', 0, '89504e470d0a1a0a'],
  ['image/jpeg', 0, 'ffd8ff'],
  ['image/gif', 0, '474946383761'],
  ['image/gif', 0, '474946383961'],
  ['image/webp', 8, '57454250'],
  ['image/tiff', 0, '49492a00'],
  ['image/tiff', 0, '4d4d002a'],
  ['image/x-icon', 0, '00000100'],
  ['application/pdf', 0, '255044462d'],
  ['application/zip', 0, '504b0304'],
  ['application/zip', 0, '504b0506'],
  ['application/gzip', 0, '1f8b'],
  ['application/x-bzip2', 0, '425a68'],
  ['application/x-xz', 0, 'fd377a585a00'],
  ['application/zstd', 0, '28b52ffd'],
  ['application/x-7z-compressed', 0, '377abcaf271c'],
  ['application/vnd.rar', 0, '526172211a07'],
  ['application/x-tar', 257, '7573746172'],
  ['application/x-executable', 0, '7f454c46'],
  ['application/x-dosexec', 0, '4d5a'],
  ['application/x-mach-binary', 0, 'cffaedfe'],
  ['application/java-vm', 0, 'cafebabe'],
  ['application/vnd.sqlite3', 0, '53514c69746520666f726d6174203300'],
  ['application/vnd.tcpdump.pcap', 0, 'd4c3b2a1'],
  ['application/vnd.tcpdump.pcap', 0, 'a1b2c3d4'],
  ['application/x-pcapng', 0, '0a0d0d0a'],
  ['application/ogg', 0, '4f676753'],
  ['audio/mpeg', 0, '494433'],
  ['audio/x-wav', 8, '57415645'],
  ['video/mp4', 4, '66747970'],
  ['application/postscript', 0, '25215053'],
];

const MAGIC_BYTES = MAGIC.map(([mime, at, hex]) => [mime, at, Buffer.from(hex, 'hex')] as const);

/** Text formats told apart by how they start (after leading whitespace). */
const TEXT_STARTS: readonly [string, RegExp][] = [
  ['text/html', /^(<!doctype html|<html|<head|<body)/i],
  ['application/xml', /^<\?xml/],
  ['application/json', /^[[{]\s*["{[\]}0-9-]/],
  ['text/x-shellscript', /^#!\s*\/(usr\/)?bin\/(env\s+)?(ba|z|da|k)?sh\b/],
  ['text/x-script', /^#!/],
];

/** True when the bytes read as text: valid UTF-8 (a cut last character allowed) without NUL or most C0 controls. */
function isText(head: Buffer): boolean {
  let controls = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) controls += 1;
  }
  if (controls * 100 > head.length) return false;
  // a multi-byte character cut at the end of the sniffed bytes is not an error
  for (let cut = 0; cut < 4 && cut <= head.length; cut += 1) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try with the last bytes left off
    }
  }
  return false;
}

/** The media type of a file starting with `head` (its first SNIFF_BYTES bytes, or all of a shorter file). */
export function sniffMime(head: Buffer): string {
  if (head.length === 0) return 'application/x-empty';
  for (const [mime, at, magic] of MAGIC_BYTES) {
    if (head.length >= at + magic.length && head.subarray(at, at + magic.length).equals(magic)) return mime;
  }
  if (!isText(head)) return 'application/octet-stream';
  const start = head.toString('utf8', 0, Math.min(head.length, 256)).replace(/^\uFEFF?\s*/, '');
  for (const [mime, re] of TEXT_STARTS) if (re.test(start)) return mime;
  return 'text/plain';
}
