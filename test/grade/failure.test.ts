// Why a capture is not graded: real broken captures read through readReport, and errors built with details,
// classified by code and details only (the message text never decides).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../src/api.js';
import { checkCapture } from '../../src/driver/check-capture.js';
import { FtpReportError } from '../../src/errors.js';
import { failureOf, failureOfReport } from '../../src/grade/failure.js';
import { gradeCapture } from '../../src/grade/run-batch.js';
import { DEFAULT_RUBRIC } from '../../src/grade/default-rubric.js';
import { report, session } from './report-builder.js';

/** tshark's words for a file that ends inside a packet. */
const cutShort = (file: string) => `The file "${file}" appears to have been cut short in the middle of a packet.`;
const DAMAGED = 'The file "a.pcap" appears to be damaged or corrupt.';
const UNSUPPORTED = 'The file "a.pcap" is a capture for a network type that TShark doesn\'t support.';
const STOPPED = 'tshark stopped before the end of the capture';
const KILLED = { code: null, signal: 'SIGKILL' };

let dir: string;
/** samples/upload-stor.pcapng: section header (192 bytes) and interface block (88 bytes), then packets. */
const SAMPLE = readFileSync('samples/upload-stor.pcapng');
const HEADER_BYTES = 192 + 88;
/** The same capture cut 20 bytes into its first packet block. */
let cutInFirst: string;
/** The same capture cut at 60% of its length, in the middle of a later packet. */
let cutLater: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'grade-failure-'));
  cutInFirst = join(dir, 'cut-in-first.pcapng');
  writeFileSync(cutInFirst, SAMPLE.subarray(0, HEADER_BYTES + 20));
  cutLater = join(dir, 'cut-later.pcapng');
  writeFileSync(cutLater, SAMPLE.subarray(0, Math.floor(SAMPLE.length * 0.6)));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The failure readReport gives for a capture (it never throws for one). */
async function failureFor(file: string, dissectAll = false): Promise<FtpReportError> {
  const { failure } = await readReport({ capture: file, dissectAll });
  if (!failure) throw new Error(`${file} was read whole`);
  return failure;
}

describe('a capture cut inside its first packet', () => {
  it('passes the header check: its first bytes are a pcapng section header', async () => {
    expect(await checkCapture(cutInFirst)).toBe('pcapng');
  });

  it.each([false, true])('is truncated by tshark with no packet read (dissectAll %s)', async (dissectAll) => {
    const err = await failureFor(cutInFirst, dissectAll);
    expect(err.code).toBe('CAPTURE_INVALID');
    expect(err.details).toMatchObject({ file: cutInFirst, reason: 'truncated', packetsRead: 0 });
    expect(err.details.tsharkReason).toBe(cutShort(cutInFirst));
    expect(err.partialReport).toBeNull();
  });

  it('is graded truncated, not not-a-capture', async () => {
    const { row, report: read } = await gradeCapture({ path: cutInFirst }, { rubric: DEFAULT_RUBRIC });
    expect(read).toBeNull();
    expect(row).toMatchObject({ status: 'failed', reason: 'truncated', grade: null });
    expect(row.error).toBe(`${STOPPED}: ${cutShort(cutInFirst)}`);
  });
});

describe('a capture cut after some packets', () => {
  it('comes back as a partial report next to its failure', async () => {
    const { report: partial, failure } = await readReport({ capture: cutLater });
    expect(failure?.code).toBe('CAPTURE_INVALID');
    expect(failure?.details.reason).toBe('truncated');
    expect(partial?.capture.complete).toBe(false);
    expect(failure?.details.packetsRead).toBe(partial?.capture.packets);
    expect(failure?.partialReport).toBe(partial);
  });

  it('is graded in part (the rubric default), truncated, saying how many packets tshark read first', async () => {
    const { row, report: partial } = await gradeCapture({ path: cutLater }, { rubric: DEFAULT_RUBRIC });
    const n = partial!.capture.packets;
    expect(n).toBeGreaterThan(0);
    expect(row).toMatchObject({ status: 'partial', reason: 'truncated', grade: { partial: true } });
    expect(row.error).toBe(`${STOPPED} (after ${n} packets): ${cutShort(cutLater)}`);
  });

  it('is not graded when the rubric gives no partial credit', async () => {
    const rubric = { ...DEFAULT_RUBRIC, partialCredit: 0 };
    const { row } = await gradeCapture({ path: cutLater }, { rubric });
    expect(row).toMatchObject({ status: 'failed', reason: 'truncated', grade: null });
  });
});

describe('files that are no capture at all, read for real', () => {
  const cases: [string, (f: string) => void, string, object, string][] = [
    ['missing.pcap', () => {}, 'CAPTURE_NOT_FOUND', { reason: 'no-such-file', errno: 'ENOENT' }, 'no such file'],
    [
      'a-dir.pcap',
      (f) => mkdirSync(f),
      'CAPTURE_UNREADABLE',
      { reason: 'is-directory' },
      'is a directory, not a capture file',
    ],
    [
      'empty.pcap',
      (f) => writeFileSync(f, ''),
      'CAPTURE_INVALID',
      { reason: 'empty' },
      'is empty (0 bytes), not a capture',
    ],
    [
      'notes.pcap',
      (f) => writeFileSync(f, 'hello, these are notes\n'),
      'CAPTURE_INVALID',
      { reason: 'not-a-capture', firstBytes: '68656c6c' },
      'is not a pcap or pcapng capture (it starts with bytes 68656c6c)',
    ],
    [
      'text.pcap.gz',
      (f) => writeFileSync(f, gzipSync('not a capture either\n')),
      'CAPTURE_INVALID',
      { reason: 'not-a-capture', gzip: true, firstBytes: '6e6f7420' },
      'is gzip-compressed but does not hold a pcap or pcapng capture',
    ],
  ];
  it.each(cases)('%s: %s', async (name, make, code, details, message) => {
    const file = join(dir, name);
    make(file);
    const err = await failureFor(file);
    expect(err.code).toBe(code);
    expect(err.details).toMatchObject({ file, ...details });
    expect(err.partialReport).toBeNull();
    expect(failureOf(err).message).toBe(message);
  });
});

describe('readReport', () => {
  it('gives a whole report and no failure for a good capture', async () => {
    const { report: whole, failure } = await readReport({ capture: 'samples/upload-stor.pcapng' });
    expect(failure).toBeNull();
    expect(whole?.capture.complete).toBe(true);
  });

  it('throws what is not about one capture (a usage error)', async () => {
    await expect(readReport({})).rejects.toMatchObject({ code: 'USAGE' });
  });
});

const err = (code: ConstructorParameters<typeof FtpReportError>[0], details: FtpReportError['details']) =>
  new FtpReportError(code, 'this text is never read by failureOf', details);

describe('failureOf: code and details only', () => {
  it.each([
    [err('CAPTURE_NOT_FOUND', { reason: 'no-such-file' }), 'not-found', 'no such file'],
    [err('CAPTURE_UNREADABLE', { reason: 'not-a-file' }), 'unreadable', 'is not a regular file'],
    [err('CAPTURE_UNREADABLE', { reason: 'permission', errno: 'EACCES' }), 'unreadable', 'cannot be read (EACCES)'],
    [err('CAPTURE_UNREADABLE', { reason: 'unreadable', errno: 'EIO' }), 'unreadable', 'cannot be read (EIO)'],
    [
      err('CAPTURE_INVALID', { reason: 'damaged', packetsRead: 9, tsharkReason: DAMAGED }),
      'corrupt',
      `${STOPPED} (after 9 packets): ${DAMAGED}`,
    ],
    [
      err('CAPTURE_INVALID', { reason: 'damaged', packetsRead: 0, tsharkReason: DAMAGED }),
      'corrupt',
      `${STOPPED}: ${DAMAGED}`,
    ],
    [
      err('CAPTURE_INVALID', { reason: 'unsupported', packetsRead: 0, tsharkReason: UNSUPPORTED }),
      'not-a-capture',
      `${STOPPED}: ${UNSUPPORTED}`,
    ],
    [
      err('TSHARK_FAILED', { reason: 'tshark-stopped', packetsRead: 20, tsharkExit: KILLED }),
      'tshark-error',
      `${STOPPED} (after 20 packets): killed by SIGKILL`,
    ],
    [
      err('TSHARK_FAILED', { reason: 'tshark-stopped', packetsRead: 0, tsharkExit: { code: 1, signal: null } }),
      'tshark-error',
      `${STOPPED}: exit code 1`,
    ],
    [err('TSHARK_MISSING', { tshark: { path: 'tshark' } }), 'tshark-error', 'tshark not found'],
    [
      err('TSHARK_UNSUPPORTED', { tshark: { path: 'tshark', version: '2.6.20' } }),
      'tshark-error',
      'tshark 2.6.20 is too old',
    ],
    [
      new FtpReportError('INTERNAL', 'frame 7: readers disagree\nmore'),
      'internal-error',
      'internal error: frame 7: readers disagree',
    ],
    [new TypeError('x is undefined\n    at f (a.js:1:1)'), 'internal-error', 'internal error: x is undefined'],
  ])('%s → %s', (e, reason, message) => {
    expect(failureOf(e)).toMatchObject({ reason, message });
  });

  it('a message that reads like another failure does not change the reason', () => {
    const e = new FtpReportError('CAPTURE_INVALID', 'a.pcap: is empty (0 bytes); cut short; damaged or corrupt', {
      reason: 'truncated',
      packetsRead: 0,
      tsharkReason: cutShort('a.pcap'),
    });
    expect(failureOf(e).reason).toBe('truncated');
  });
});

describe('failureOfReport', () => {
  it('no packets is empty, no session is no-ftp, a session is gradable', () => {
    const none = report([]);
    const empty = { ...none, capture: { ...none.capture, packets: 0 } };
    expect(failureOfReport(empty)).toMatchObject({ reason: 'empty', message: 'the capture holds no packets' });
    const noFtp = { reason: 'no-ftp', message: 'no FTP control session in 100 packets on port 21' };
    expect(failureOfReport(none)).toMatchObject(noFtp);
    expect(failureOfReport(report([session({ commands: [] })]))).toBeNull();
  });
});
