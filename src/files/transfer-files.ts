// What each transfer's data connection carried: a second reading of the capture, after the report is built, that
// keeps the payload of the transfers' data connections only (in the transfer's direction), reassembles it in
// sequence order, hashes and sniffs it, parses listings, and with an extract folder writes each file there.
// Only --files and --extract run it: the ordinary report never reads payload past what tshark needs.

import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, createReadStream, createWriteStream, openSync, writeSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { CaptureBlocks } from '../capture/capture-blocks.js';
import { readWireTcp } from '../capture/wire.js';
import { FtpReportError, outputFailed } from '../errors.js';
import type { Report, Session, Transfer, TransferFile } from '../model.js';
import { makeTempFolder, removeTempFolder } from '../temp-folders.js';
import { TCP_FIN, TCP_RST, TCP_SYN } from '../protocol/tcp.js';
import { listingText, parseListing } from './listing.js';
import { StreamAssembly } from './reassembly.js';
import { extractName, pathInside } from './safe-name.js';
import { sideKeyOf } from './side-key.js';
import { SNIFF_BYTES, sniffMime } from './sniff.js';

/** Files are opened so: a symbolic link planted under the name is refused (O_NOFOLLOW), never followed. */
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/** Most bytes of one listing kept for parsing. */
const MAX_LISTING_BYTES = 16 << 20;

export interface FilesOptions {
  /** Write each transferred file and each listing into this folder (created when missing); see writeFileIndex. */
  extractDir?: string;
}

/** One transfer's reassembly, fed the packets its data connection's sender sent within its frames. */
interface Job {
  session: Session;
  transfer: Transfer;
  firstFrame: number;
  lastFrame: number;
  assembly: StreamAssembly;
  sha256: Hash;
  md5: Hash;
  head: Buffer[];
  headBytes: number;
  listing: Buffer[] | null;
  listingBytes: number;
  /** The file under --extract DIR: opened at its first byte, closed once the capture is past its frames. */
  path: string | null;
  fd: number | null;
  /** Whether the file was ever opened (an empty transfer's file is made at the end). */
  opened: boolean;
  name: string | null;
}

/** Opens a file under the extract folder for writing (a symbolic link there is refused): OUTPUT_FAILED if not. */
function openOutput(path: string): number {
  try {
    return openSync(path, WRITE_FLAGS, 0o644);
  } catch (err) {
    throw outputFailed(path, err);
  }
}

/** Frames read between closing the files of transfers the capture has gone past. */
const CLOSE_EVERY = 4096;

/** The first and last frame of a data connection in the session's packet rows and collapsed counts. */
function frameSpan(s: Session, tcpStream: number): [number, number] {
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const p of s.packets) {
    if (p.tcpStream !== tcpStream) continue;
    first = Math.min(first, p.frame);
    last = Math.max(last, p.frame);
  }
  for (const c of s.collapsedPackets) {
    if (c.tcpStream !== tcpStream) continue;
    first = Math.min(first, c.firstFrame);
    last = Math.max(last, c.lastFrame);
  }
  return first <= last ? [first, last] : [0, Number.POSITIVE_INFINITY];
}

/** Direction key (sender side then receiver side) of a transfer's data; null without a data connection. */
function directionKey(tr: Transfer): string | null {
  const d = tr.data;
  if (!d) return null;
  const clientSide = d.initiator === 'client' ? d.src : d.dst;
  const serverSide = d.initiator === 'client' ? d.dst : d.src;
  const [from, to] = tr.direction === 'upload' ? [clientSide, serverSide] : [serverSide, clientSide];
  const a = sideKeyOf(from);
  const b = sideKeyOf(to);
  return a === null || b === null ? null : a + b;
}

/**
 * The size the server stated for a download (150 "(N bytes)", or a SIZE of the same name before it) when it can
 * be held against the bytes on the wire: binary type, no REST before it; else null.
 */
export function comparableStatedSize(s: Session, tr: Transfer): number | null {
  if (tr.direction !== 'download') return null;
  const cmds = s.commands;
  const own = cmds[tr.commandIndex];
  let size = own?.statedSize ?? null;
  let ascii = false;
  for (let i = tr.commandIndex - 1; i >= 0; i -= 1) {
    const c = cmds[i]!;
    const ok = c.reply !== null && c.reply.code < 400;
    if (c.command === 'REST' && i === tr.commandIndex - 1 && ok) return null;
    if (size === null && c.command === 'SIZE' && c.arg === tr.arg && c.statedSize !== null) size = c.statedSize;
    if (c.command === 'TYPE' && ok) {
      ascii = /^\s*a/i.test(c.arg ?? '');
      break;
    }
  }
  return ascii ? null : size;
}

function openJob(s: Session, tr: Transfer, dir: string | undefined): Job {
  const [firstFrame, lastFrame] = frameSpan(s, tr.data!.tcpStream);
  const listing = tr.direction === 'listing';
  const job: Job = {
    session: s,
    transfer: tr,
    firstFrame,
    lastFrame,
    assembly: null as unknown as StreamAssembly,
    sha256: createHash('sha256'),
    md5: createHash('md5'),
    head: [],
    headBytes: 0,
    listing: listing ? [] : null,
    listingBytes: 0,
    path: null,
    fd: null,
    opened: false,
    name: null,
  };
  if (dir !== undefined) {
    job.name = extractName(tr.id, tr.command, tr.arg, listing);
    job.path = pathInside(dir, job.name);
  }
  job.assembly = new StreamAssembly((chunk) => {
    job.sha256.update(chunk);
    job.md5.update(chunk);
    if (job.headBytes < SNIFF_BYTES) {
      job.head.push(chunk.subarray(0, SNIFF_BYTES - job.headBytes));
      job.headBytes += Math.min(chunk.length, SNIFF_BYTES - job.headBytes);
    }
    if (job.listing && job.listingBytes < MAX_LISTING_BYTES) {
      job.listing.push(Buffer.from(chunk));
      job.listingBytes += chunk.length;
    }
    if (job.path !== null) {
      if (job.fd === null) {
        job.fd = openOutput(job.path);
        job.opened = true;
      }
      writeSync(job.fd, chunk);
    }
  });
  return job;
}

/** Reads the capture's packets and feeds each job the segments its sender sent within its frames. */
async function feedJobs(file: string, jobs: Map<string, Job[]>, all: readonly Job[]): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const blocks = new CaptureBlocks(fh);
    let frame = 0;
    for (;;) {
      const b = await blocks.next();
      if (b === null || b.kind === 'opaque') break;
      if (b.kind !== 'packet') continue;
      frame += 1;
      if (frame % CLOSE_EVERY === 0) closePassed(all, frame);
      const wire = readWireTcp(b.link, b.data, b.caplen, b.origLen);
      if (!wire) continue;
      const list = jobs.get(wire.srcKey + wire.dstKey);
      const job = list?.find((j) => frame >= j.firstFrame && frame <= j.lastFrame);
      if (!job) continue;
      const end = Math.min(b.caplen, wire.payloadAt + wire.len);
      const payload = b.data.subarray(wire.payloadAt, Math.max(wire.payloadAt, end));
      const flags = {
        syn: (wire.flags & TCP_SYN) !== 0,
        fin: (wire.flags & TCP_FIN) !== 0,
        rst: (wire.flags & TCP_RST) !== 0,
      };
      job.assembly.push(flags, wire.seq, wire.len, payload);
    }
  } finally {
    await fh.close();
  }
}

/** Closes the files of the transfers whose last frame is behind `frame` (a capture may hold thousands). */
function closePassed(all: readonly Job[], frame: number): void {
  for (const j of all) {
    if (j.fd !== null && j.lastFrame < frame) {
      closeSync(j.fd);
      j.fd = null;
    }
  }
}

/** A gzip-compressed capture inflated into a temporary folder; the caller removes the folder (removeTempFolder). */
async function inflated(file: string): Promise<{ path: string; dir: string }> {
  const dir = await makeTempFolder('ftp-report-files-');
  const path = join(dir, 'capture');
  try {
    await pipeline(createReadStream(file), createGunzip(), createWriteStream(path, { mode: 0o600 }));
  } catch (err) {
    await removeTempFolder(dir);
    throw err;
  }
  return { path, dir };
}

function fileOf(job: Job): TransferFile {
  const r = job.assembly.finish();
  const stated = comparableStatedSize(job.session, job.transfer);
  const short = stated !== null && stated > r.span ? stated - r.span : 0;
  // bytes the report counted that this reading never reached (it stops at a block it cannot read): missing too
  const unread = Math.max(0, (job.transfer.bytes ?? 0) - (r.delivered + r.bytesAfterGap));
  const tail = Math.max(short, unread);
  return {
    sha256: job.sha256.digest('hex'),
    md5: job.md5.digest('hex'),
    size: r.delivered,
    mime: sniffMime(Buffer.concat(job.head)),
    complete: r.startKnown && r.endKnown && r.holes === 0 && tail === 0,
    missingBytes: r.missingBytes + tail,
    gaps: r.holes,
    bytesAfterGap: r.bytesAfterGap,
    extractedAs: job.name,
  };
}

/**
 * Gives every transfer of the report its `file` (null without a data connection) and every listing its
 * `listing`, from a second reading of the capture `file` (pcap, pcapng, or either gzip-compressed); with
 * `extractDir`, writes the files and the listings there (index.csv: writeFileIndex, once the transfers have files).
 */
export async function readTransferFiles(report: Report, file: string, options: FilesOptions = {}): Promise<void> {
  const dir = options.extractDir;
  if (dir !== undefined) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      const errno = (err as NodeJS.ErrnoException).code;
      const message = `${dir}: cannot be created as a directory (${errno ?? 'error'})`;
      throw new FtpReportError('OUTPUT_FAILED', message, { file: dir, errno, cause: err });
    }
  }
  const jobs = new Map<string, Job[]>();
  const all: Job[] = [];
  try {
    for (const s of report.sessions) {
      for (const tr of s.transfers) {
        const key = directionKey(tr);
        if (key === null) {
          tr.file = null;
          continue;
        }
        const job = openJob(s, tr, dir);
        all.push(job);
        const list = jobs.get(key) ?? [];
        list.push(job);
        jobs.set(key, list);
      }
    }
    const gz = report.capture.format.endsWith('.gz') ? await inflated(file) : null;
    try {
      await feedJobs(gz?.path ?? file, jobs, all);
    } finally {
      if (gz) await removeTempFolder(gz.dir);
    }
    // a transfer that carried no byte still gets its (empty) file
    for (const j of all) if (j.path !== null && !j.opened) closeSync(openOutput(j.path));
  } finally {
    for (const j of all) if (j.fd !== null) closeSync(j.fd);
  }
  for (const job of all) {
    job.transfer.file = fileOf(job);
    if (job.listing) job.transfer.listing = parseListing(job.transfer.command, listingText(Buffer.concat(job.listing)));
  }
}

/**
 * Writes the extract folder's index.csv (its text: renderFileIndex in src/reports/csv.ts), refusing a symbolic link
 * planted under the name as every file of the folder does.
 */
export function writeFileIndex(dir: string, text: string): void {
  const path = pathInside(dir, 'index.csv');
  try {
    const fd = openSync(path, WRITE_FLAGS, 0o644);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw outputFailed(path, err);
  }
}
