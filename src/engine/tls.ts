// What a TLS key log let tshark decrypt: the control channel's plaintext, read as lines like a clear channel's, and
// the plaintext each TLS data connection carried (PROT P), counted beside its TLS record bytes.

import type { DataTlsCount, Session, Warning } from '../model.js';
import { type ControlLine, ControlStream } from './control-stream.js';
import type { DataState } from './session.js';
import type { TcpConnection } from './tcp.js';

/**
 * The decrypted control bytes of one session, both directions. tshark hands them on per frame in TLS order (it
 * decrypts a record only after every earlier one), so each direction is a plain byte stream: its offsets stand in
 * for TCP sequence numbers.
 */
export class DecryptedControl {
  private readonly fromClient = new ControlStream();
  private readonly fromServer = new ControlStream();
  private clientOffset = 0;
  private serverOffset = 0;
  /** Decrypted bytes read, both directions. */
  bytes = 0;

  constructor() {
    this.fromClient.setInitialSequence(-1);
    this.fromServer.setInitialSequence(-1);
  }

  /** The lines completed by one frame's decrypted bytes. */
  push(fromClient: boolean, data: Uint8Array, frame: number, t: number): ControlLine[] {
    this.bytes += data.length;
    const stream = fromClient ? this.fromClient : this.fromServer;
    const at = fromClient ? this.clientOffset : this.serverOffset;
    if (fromClient) this.clientOffset += data.length;
    else this.serverOffset += data.length;
    return stream.push(at, data, frame, t);
  }

  /** No partial line in either direction: finish() would return nothing. */
  get idle(): boolean {
    return this.fromClient.idle && this.fromServer.idle;
  }

  /** End of capture: partial lines of both directions, client's first. */
  finish(t: number): { fromClient: boolean; line: ControlLine }[] {
    return [
      ...this.fromClient.finish(t).map((line) => ({ fromClient: true, line })),
      ...this.fromServer.finish(t).map((line) => ({ fromClient: false, line })),
    ];
  }
}

/** Plaintext a data connection's TLS records carried, per TCP endpoint, and when it began and ended. */
export interface DataPlaintext {
  fromA: number;
  fromB: number;
  firstA: number | null;
  lastA: number | null;
  firstB: number | null;
  lastB: number | null;
}

/** Counts one frame's decrypted data bytes on a data connection. */
export function countPlaintext(d: DataState, fromA: boolean, bytes: number, t: number): void {
  if (!d.plaintext) d.plaintext = { fromA: 0, fromB: 0, firstA: null, lastA: null, firstB: null, lastB: null };
  const p = d.plaintext;
  if (fromA) {
    p.fromA += bytes;
    p.firstA ??= t;
    p.lastA = t;
  } else {
    p.fromB += bytes;
    p.firstB ??= t;
    p.lastB = t;
  }
}

/** A data connection's plaintext toward the client and the server, when TLS records were decrypted on it. */
export function plaintextOf(
  d: Pick<DataState, 'plaintext' | 'clientIsA'>,
): { toClient: number; toServer: number } | null {
  const p = d.plaintext;
  if (!p) return null;
  return d.clientIsA ? { toClient: p.fromB, toServer: p.fromA } : { toClient: p.fromA, toServer: p.fromB };
}

/** First and last plaintext byte times in one direction (toClient or toServer). */
export function plaintextTimes(d: DataState, toClient: boolean): { first: number | null; last: number | null } {
  const p = d.plaintext!;
  const fromA = toClient !== d.clientIsA;
  return fromA ? { first: p.firstA, last: p.lastA } : { first: p.firstB, last: p.lastB };
}

/** The `tls` part of a data connection's model: its TLS record bytes, when its plaintext was counted. */
export function dataTlsOf(d: Pick<DataState, 'plaintext' | 'clientIsA' | 'conn'>): DataTlsCount | undefined {
  if (!d.plaintext) return undefined;
  const c: TcpConnection = d.conn;
  const toClient = d.clientIsA ? c.fromB : c.fromA;
  const toServer = d.clientIsA ? c.fromA : c.fromB;
  return { recordBytesToClient: toClient.ranges.total, recordBytesToServer: toServer.ranges.total };
}

/** With a key log: sessions whose TLS no key decrypted, one warning each. */
export function keylogWarnings(sessions: readonly Session[]): Warning[] {
  return sessions
    .filter((s) => s.tls.accepted && s.tls.decrypted === false)
    .map((s) => ({ code: 'tls-not-decrypted' as const, sessionId: s.id }));
}
