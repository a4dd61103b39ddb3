// Facts about a submitted file read before tshark sees it: its SHA-256 (for copies), whether it is an archive,
// and the TLS key log beside it.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { CAPTURE_EXTENSION } from './names.js';

/** The SHA-256 of a file's bytes in hex; null when it cannot be read (the report says why). */
export async function sha256Of(path: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return null;
  }
}

/** Archive formats by their first bytes (gzip is not here: a .pcap.gz is a capture). */
const ARCHIVES: { format: string; at: number; magic: number[] }[] = [
  { format: 'zip', at: 0, magic: [0x50, 0x4b, 0x03, 0x04] },
  { format: 'zip', at: 0, magic: [0x50, 0x4b, 0x05, 0x06] },
  { format: '7z', at: 0, magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { format: 'rar', at: 0, magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { format: 'xz', at: 0, magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { format: 'bzip2', at: 0, magic: [0x42, 0x5a, 0x68] },
  { format: 'zstd', at: 0, magic: [0x28, 0xb5, 0x2f, 0xfd] },
  // POSIX tar: "ustar" in the first header block
  { format: 'tar', at: 257, magic: [0x75, 0x73, 0x74, 0x61, 0x72] },
];

/** The archive format of a file's first bytes, or null. */
export function archiveFormatOf(head: Uint8Array): string | null {
  for (const a of ARCHIVES) {
    if (head.length >= a.at + a.magic.length && a.magic.every((b, i) => head[a.at + i] === b)) return a.format;
  }
  return null;
}

/** The archive format of a file (its first 512 bytes), or null when it is none or cannot be read. */
export async function archiveFormatOfFile(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
    const head = new Uint8Array(512);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return archiveFormatOf(head.subarray(0, bytesRead));
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}

/** Extensions of a TLS key log (SSLKEYLOGFILE) handed in beside a capture. */
export const KEY_LOG_EXTENSIONS = ['.keys', '.keylog'] as const;

/** Whether a file name is a key log's. */
export function isKeyLogName(name: string): boolean {
  return KEY_LOG_EXTENSIONS.some((x) => name.toLowerCase().endsWith(x));
}

/** "subs/alice.pcapng.gz" → "subs/alice": the path a key log of the capture shares. */
export function captureStemOf(path: string): string {
  return path.replace(CAPTURE_EXTENSION, '');
}

/** The key log beside a capture: the same path with .keys or .keylog instead of the capture extension. */
export async function keyLogBeside(capture: string): Promise<string | null> {
  const stem = captureStemOf(capture);
  if (stem === capture) return null;
  for (const x of KEY_LOG_EXTENSIONS) {
    const s = await stat(`${stem}${x}`).catch(() => null);
    if (s?.isFile()) return `${stem}${x}`;
  }
  return null;
}
