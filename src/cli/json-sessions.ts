// --json and --json-array without keeping the sessions: each session is serialized when the engine releases it, its
// text held in a spool file, and the document written at the end around those texts (src/reports/json-stream.ts).
// The bytes are the whole-report renderer's. With --no-secrets a session is masked with every password of its
// capture, known only at the end: those sessions go to the spool in V8's serialized form, encrypted with a key that
// exists only in this process's memory (so no password reaches the disk readable), and are read back, masked and
// written then.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, readSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { deserialize, serialize } from 'node:v8';
import { FtpReportError } from '../errors.js';
import type { Report, Session } from '../model.js';
import { jsonOutcomeEntries } from '../reports/bundle.js';
import type { CaptureOutcome } from '../reports/captures.js';
import type { JsonOptions } from '../reports/json.js';
import {
  type SessionsLayout,
  jsonDocumentPieces,
  sessionElementText,
  sessionsLayout,
  writeSessionsList,
} from '../reports/json-stream.js';
import { secretMasker, sessionSecrets } from '../reports/mask.js';
import { openUnlinkedFileSync, removeTempFolderSync } from '../temp-folders.js';

/**
 * Text goes to the spool, and comes back, in pieces of about this many characters: small enough that each piece's
 * string and bytes die young (V8 puts a string over 128 KiB straight in the old generation), large enough that the
 * system calls cost nothing next to the serializing.
 */
const FLUSH_AT = 64 << 10;

/**
 * Bytes appended and read back by range: a file in a folder of the system's temporary directory, removed from the
 * folder as soon as it is open (the process keeps it until it ends, however it ends), or memory when the folder was
 * made but no file can be opened in it. A temporary folder that cannot be made (TMPDIR) is the USAGE error of
 * makeTempFolderSync, as for tshark's folder: the sessions are not quietly held in memory instead.
 */
class Spool {
  private fd: number | null = null;
  private dir: string | null = null;
  private opened = false;
  /** Bytes held (in the file, or in `chunks`), not counting `pending`. */
  size = 0;
  private pending: string[] = [];
  private pendingChars = 0;
  /** Without a file: the flushed bytes and where each starts. */
  private readonly chunks: { at: number; bytes: Buffer }[] = [];
  private failure: FtpReportError | null = null;

  append(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_AT) this.flush();
  }

  /** Writes out what is pending; the bytes held then end at `size`. */
  flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    this.write(bytes);
  }

  /** Writes `bytes` at the end (the file, or memory without one). */
  private write(bytes: Buffer): void {
    this.open();
    if (this.fd !== null && this.failure === null) {
      try {
        writeSync(this.fd, bytes, 0, bytes.length, this.size);
      } catch (err) {
        this.fail(err);
      }
    } else if (this.fd === null) {
      this.chunks.push({ at: this.size, bytes });
    }
    this.size += bytes.length;
  }

  /** Appends bytes (after any pending text); their offset. */
  appendBytes(bytes: Buffer): number {
    this.flush();
    const at = this.size;
    this.write(bytes);
    return at;
  }

  /** Bytes [from, to), read back. */
  bytes(from: number, to: number): Buffer {
    this.flush();
    if (this.failure) throw this.failure;
    const out = Buffer.allocUnsafe(to - from);
    if (this.fd === null) {
      for (const c of this.chunks) {
        const start = Math.max(from, c.at);
        const end = Math.min(to, c.at + c.bytes.length);
        if (start < end) c.bytes.copy(out, start - from, start - c.at, end - c.at);
      }
      return out;
    }
    for (let done = 0; done < out.length; ) {
      const n = readSync(this.fd, out, done, out.length - done, from + done);
      if (n === 0) throw new FtpReportError('INTERNAL', 'the JSON sessions spool ended early');
      done += n;
    }
    return out;
  }

  /** Forgets everything from byte `at` on (a boundary flush() left). */
  truncate(at: number): void {
    this.pending = [];
    this.pendingChars = 0;
    this.size = at;
    while (this.chunks.length > 0 && this.chunks[this.chunks.length - 1]!.at >= at) this.chunks.pop();
  }

  /** Passes bytes [from, to) on as text, FLUSH_AT bytes at a time. */
  copy(from: number, to: number, out: (text: string) => void): void {
    this.flush();
    if (this.failure) throw this.failure;
    const decoder = new StringDecoder('utf8');
    for (let at = from; at < to; at += FLUSH_AT) out(decoder.write(this.bytes(at, Math.min(to, at + FLUSH_AT))));
    out(decoder.end());
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    if (this.dir !== null) removeTempFolderSync(this.dir);
    this.dir = null;
    this.chunks.length = 0;
  }

  /** Makes the file (once): throws USAGE when the temporary folder cannot be made. */
  open(): void {
    if (this.opened) return;
    let file: { fd: number; dir: string | null };
    try {
      file = openUnlinkedFileSync('ftp-report-json-', 'sessions.json');
    } catch (err) {
      if (err instanceof FtpReportError) throw err;
      // the folder was made but no file can be opened in it: the texts stay in memory
      this.opened = true;
      return;
    }
    this.opened = true;
    this.fd = file.fd;
    this.dir = file.dir;
  }

  private fail(err: unknown): void {
    const errno = (err as NodeJS.ErrnoException).code;
    const message = `the temporary file holding the JSON sessions cannot be written (${errno ?? 'error'})`;
    this.failure = new FtpReportError('OUTPUT_FAILED', message, { errno, cause: err });
  }
}

/** What is held of one capture's sessions. */
interface Held {
  count: number;
  /** Unmasked: the range of the spool its texts take. */
  from: number;
  to: number;
  /** --no-secrets: where each session's encrypted serialized form starts in the spool (the last one ends at `to`). */
  starts: number[];
  /** --no-secrets: every password of the capture so far, each once. */
  secrets: Set<string>;
  /** --no-secrets: the number its first session was sealed under (the sessions after it follow in order). */
  sealedFrom: number;
}

/**
 * --no-secrets: a session's V8-serialized form, encrypted (AES-256-CTR) with a key made for this run and never
 * written anywhere; each session has its own counter block, from its number.
 */
class Sealer {
  private readonly key = randomBytes(32);
  private readonly nonce = randomBytes(8);

  seal(n: number, bytes: Buffer): Buffer {
    const c = createCipheriv('aes-256-ctr', this.key, this.iv(n));
    return Buffer.concat([c.update(bytes), c.final()]);
  }

  open(n: number, bytes: Buffer): Buffer {
    const d = createDecipheriv('aes-256-ctr', this.key, this.iv(n));
    return Buffer.concat([d.update(bytes), d.final()]);
  }

  /** The counter block of session `n`: the run's nonce, then n in the high half of the block counter. */
  private iv(n: number): Buffer {
    const iv = Buffer.alloc(16);
    this.nonce.copy(iv, 0);
    iv.writeUInt32BE(n, 8);
    return iv;
  }
}

/**
 * The sessions of the --json document, held as text from their release to the end of the run. Call startCapture()
 * before reading each capture (in the order of the outcomes later written), add() from runReport's onSession.
 */
export class JsonSessions {
  private readonly layout: SessionsLayout;
  private readonly spool = new Spool();
  private readonly held: Held[] = [];
  private readonly sealer = new Sealer();
  /** Sessions sealed so far (each gets its own counter block). */
  private sealed = 0;

  constructor(
    private readonly options: JsonOptions,
    /** The document is an array of reports (several captures, --json-array). */
    private readonly array: boolean,
    /** --no-secrets: every password masked. */
    private readonly masked: boolean,
  ) {
    this.layout = sessionsLayout(options, array);
    // the spool's file is made now, before any capture is read, so a TMPDIR that cannot hold it stops the run first
    this.spool.open();
  }

  startCapture(): void {
    this.spool.flush();
    const at = this.spool.size;
    this.held.push({ count: 0, from: at, to: at, starts: [], secrets: new Set(), sealedFrom: this.sealed });
  }

  add(session: Session): void {
    let h = this.held[this.held.length - 1]!;
    // S1 again: runReport started over (it reads every packet through tshark when this reader cannot name a
    // connection), and the sessions given before are given again
    if (session.id === 'S1' && h.count > 0) {
      this.spool.truncate(h.from);
      this.held.pop();
      this.startCapture();
      h = this.held[this.held.length - 1]!;
    }
    h.count += 1;
    if (this.masked) {
      h.starts.push(this.spool.appendBytes(this.sealer.seal(this.sealed, serialize(session))));
      this.sealed += 1;
      for (const secret of sessionSecrets(session)) h.secrets.add(secret);
      return;
    }
    if (h.count > 1) this.spool.append(this.layout.separator);
    this.spool.append(sessionElementText(session, this.options, this.layout));
  }

  /** --no-secrets: the report of the capture read last, its findings masked with every password of its sessions. */
  maskedReport(report: Report): Report {
    const mask = secretMasker([...this.held[this.held.length - 1]!.secrets]);
    return { ...report, findings: report.findings.map(mask.finding) };
  }

  /**
   * Writes the document of these outcomes (one per capture started, in order; their reports without sessions) as
   * renderJsonOutcomes would write them with every session, then lets go of the held sessions.
   */
  write(outcomes: readonly CaptureOutcome[], tool: Report['tool'], out: (text: string) => void): void {
    this.spool.flush();
    if (outcomes.length !== this.held.length) throw new Error('every capture read has its held sessions');
    this.held.forEach((h, i) => {
      h.to = i + 1 < this.held.length ? this.held[i + 1]!.from : this.spool.size;
    });
    try {
      const entries = jsonOutcomeEntries(outcomes, tool, this.options);
      const streamed = outcomes.map((o) => o.report !== null);
      for (const piece of jsonDocumentPieces(entries, streamed, this.array, this.options)) {
        if (typeof piece === 'string') out(piece);
        else this.writeList(this.held[piece]!, out);
      }
    } finally {
      this.close();
    }
  }

  /** Lets go of the held sessions (the spool file with them). */
  close(): void {
    this.spool.close();
    this.held.length = 0;
  }

  private writeList(h: Held, out: (text: string) => void): void {
    writeSessionsList(
      h.count,
      this.layout,
      () => {
        if (!this.masked) {
          this.spool.copy(h.from, h.to, out);
          return;
        }
        const mask = secretMasker([...h.secrets]);
        h.starts.forEach((from, i) => {
          const sealed = this.spool.bytes(from, i + 1 < h.starts.length ? h.starts[i + 1]! : h.to);
          const session = mask.session(deserialize(this.sealer.open(h.sealedFrom + i, sealed)) as Session);
          out(`${i > 0 ? this.layout.separator : ''}${sessionElementText(session, this.options, this.layout)}`);
        });
      },
      out,
    );
  }
}
