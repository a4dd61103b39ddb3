// Builds the report model from the engine's session state at the end: sessions, transfers, data connections and
// the warnings about what the capture did not show.

import type { DataConnection, OddityKind, Session, Transfer, TransferStatus, Warning } from '../model.js';
import type { DataState, SessionState, TransferState } from './session.js';
import { ms, roundT } from './tcp.js';
import { dataTlsOf, plaintextOf, plaintextTimes } from './tls.js';

/** Oddity warnings list at most this many frames each (the count says how many there were). */
const ODDITY_FRAMES = 10;

/** The model of one session (without packet rows and findings, which the engine adds). */
export function buildSession(
  s: SessionState,
  id: string,
  warnings: Warning[],
): Omit<Session, 'packets' | 'collapsedPackets'> {
  const conn = s.conn;
  const handshake = conn.handshake();
  if (!handshake) warnings.push({ code: 'handshake-missing', sessionId: id });
  if (s.missingBytes > 0) warnings.push({ code: 'control-bytes-missing', sessionId: id, bytes: s.missingBytes });
  if (s.tlsMidSessionFrame !== null) {
    warnings.push({ code: 'tls-mid-session', sessionId: id, frame: s.tlsMidSessionFrame });
  }
  if (s.clearAgainFrame !== null)
    warnings.push({ code: 'tls-cleartext-again', sessionId: id, frame: s.clearAgainFrame });
  if (s.unansweredReplies > 0) warnings.push({ code: 'replies-unanswered', sessionId: id, count: s.unansweredReplies });
  const kinds = new Map<OddityKind, number[]>();
  for (const o of s.oddities) {
    if (o.kind === 'reply-without-command') continue;
    const frames = kinds.get(o.kind) ?? [];
    frames.push(o.frame);
    kinds.set(o.kind, frames);
  }
  for (const [kind, frames] of kinds) {
    warnings.push({
      code: 'protocol-oddity',
      sessionId: id,
      kind,
      count: frames.length,
      frames: frames.slice(0, ODDITY_FRAMES),
    });
  }
  // The most recent accepted attempt: a PASS after a USER already answered 230 still carries the password.
  const success = s.attempts.findLast((a) => a.outcome === 'success');
  const failed = s.attempts.some((a) => a.outcome === 'failed');
  const shown = success ?? s.attempts[s.attempts.length - 1] ?? null;
  const transfers: Transfer[] = s.transfers.map((tr, i) => buildTransfer(tr, `${id}-T${i + 1}`));
  for (const t of transfers) {
    const missing = t.missingBytes + unseenTail(t, s.commands[t.commandIndex]?.statedSize ?? null);
    if (missing > 0) {
      warnings.push({
        code: 'transfer-bytes-missing',
        sessionId: id,
        transferId: t.id,
        command: t.command,
        bytes: missing,
      });
    }
  }
  return {
    id,
    tcpStream: conn.stream,
    client: { ...s.client },
    server: { ...s.server },
    startT: roundT(conn.firstT),
    endT: roundT(conn.lastT),
    handshake,
    banner: s.greeting?.text ?? null,
    greeting: s.greeting,
    login: {
      user: shown?.user ?? null,
      password: shown?.password ?? null,
      anonymous: shown?.anonymous ?? false,
      outcome: success ? 'success' : failed ? 'failed' : 'unknown',
      attempts: s.attempts.map((a) => ({ ...a })),
    },
    tls: {
      requested: s.tlsRequested || s.implicitTls,
      accepted: s.tlsAccepted || s.implicitTls,
      frame: s.tlsFrame,
      implicit: s.implicitTls,
    },
    commands: s.commands,
    transfers,
    close: { by: conn.closedByFor(s.clientIsA), t: conn.closeT === null ? null : roundT(conn.closeT) },
    findings: [],
  };
}

/** A data connection's model; `commandFrame` says whether it opened before its transfer command. */
export function buildDataConnection(
  d: Pick<DataState, 'conn' | 'clientIsA' | 'setup'>,
  commandFrame: number | null,
): DataConnection {
  const c = d.conn;
  const toClient = d.clientIsA ? c.fromB : c.fromA;
  const toServer = d.clientIsA ? c.fromA : c.fromB;
  const hs = c.handshake();
  // The SYN sender is endpoint a when the SYN was captured.
  const openerIsA = c.sawSyn ? true : d.setup ? (d.setup.mode === 'passive') === d.clientIsA : true;
  const initiator: 'client' | 'server' = openerIsA === d.clientIsA ? 'client' : 'server';
  const src = openerIsA ? c.a : c.b;
  const dst = openerIsA ? c.b : c.a;
  const plain = plaintextOf(d);
  const tls = dataTlsOf(d);
  return {
    tcpStream: c.stream,
    initiator,
    src: { ...src },
    dst: { ...dst },
    synFrame: c.hs.synFrame,
    handshakeRttMs: hs ? hs.rttMs : null,
    openedBeforeCommand: c.hs.synFrame === null || commandFrame === null ? null : c.hs.synFrame < commandFrame,
    bytesToClient: plain ? plain.toClient : toClient.ranges.total,
    bytesToServer: plain ? plain.toServer : toServer.ranges.total,
    ...(tls ? { tls } : {}),
    closedBy: c.closedByFor(d.clientIsA),
    closeT: c.closeT === null ? null : roundT(c.closeT),
    endT: roundT(c.lastT),
  };
}

export function buildTransfer(tr: TransferState, id: string): Transfer {
  const setup = tr.setup;
  // A command refused before its setup was used has no data connection: the next transfer command used it.
  const d = tr.released ? null : setup.data;
  const data = d ? buildDataConnection(d, tr.cmd.frame) : null;
  let dir = null;
  if (d) {
    const toClient = d.clientIsA ? d.conn.fromB : d.conn.fromA;
    const toServer = d.clientIsA ? d.conn.fromA : d.conn.fromB;
    dir = tr.direction === 'upload' ? toServer : toClient;
  }
  const plain = d ? plaintextOf(d) : null;
  const toClient = tr.direction !== 'upload';
  // Under a decrypted TLS data connection: its plaintext, and when the first and last of it arrived.
  const times = d && plain ? plaintextTimes(d, toClient) : null;
  const recordBytes = dir ? dir.ranges.total : 0;
  const bytes = plain ? (toClient ? plain.toClient : plain.toServer) : dir ? recordBytes : null;
  const missingBytes = dir ? dir.ranges.gapBytes() : 0;
  const synT = d?.conn.hs.synT ?? null;
  const setupRefT = setup.replyT ?? setup.t;
  const first = times ? times.first : (dir?.firstByteT ?? null);
  const last = times ? times.last : (dir?.lastByteT ?? null);
  const transferMs = first !== null && last !== null ? ms(last - first) : null;
  const ann = setup.announced!;
  return {
    id,
    command: tr.command,
    commandFrame: tr.cmd.frame,
    commandIndex: tr.commandIndex,
    completeFrame: tr.completeFrame,
    arg: tr.arg,
    direction: tr.direction,
    mode: setup.mode,
    setup: {
      command: setup.command,
      commandIndex: setup.commandIndex,
      frame: setup.frame,
      replyCode: setup.replyCode,
      replyFrame: setup.replyFrame,
      replyText: setup.replyText,
      announced: { ip: ann.ip, port: ann.port, numbers: ann.numbers },
    },
    data,
    bytes,
    ...(plain ? { tls: { recordBytes } } : {}),
    missingBytes,
    status: transferStatus(tr, d, bytes),
    replyCodes: [...tr.replyCodes],
    timing: {
      commandT: tr.cmd.t,
      dataSynT: synT === null ? null : roundT(synT),
      firstByteT: first === null ? null : roundT(first),
      lastByteT: last === null ? null : roundT(last),
      completeT: tr.completeT === null ? null : roundT(tr.completeT),
      setupToSynMs: synT === null ? null : ms(synT - setupRefT),
      commandToFirstByteMs: first === null ? null : ms(first - tr.cmd.t),
      transferMs,
      throughputBytesPerSec:
        bytes !== null && transferMs !== null && transferMs > 0 ? Math.round((bytes * 1000) / transferMs) : null,
      throughputBps:
        bytes !== null && transferMs !== null && transferMs > 0 ? Math.round((bytes * 1000) / transferMs) : null,
    },
  };
}

/**
 * Bytes of a download the size its replies stated (150 "(N bytes)", 213 to SIZE) says were sent but the capture never
 * saw after the last one it holds: the data connection was not seen to close, so the capture stopped following it.
 */
function unseenTail(t: Transfer, stated: number | null): number {
  if (t.direction !== 'download' || stated === null || t.bytes === null || t.bytes >= stated) return 0;
  if (t.data === null || t.data.closedBy !== 'none') return 0;
  return stated - t.bytes - t.missingBytes;
}

/**
 * The transfer's outcome from the evidence: the final reply, and the data connection when it contradicts a 2xx — a
 * connection refused by RST before its handshake moved nothing (failed), and one that closed (FIN or RST) after fewer
 * bytes than the replies announced, none of them lost by the capture, ended early (incomplete).
 */
function transferStatus(tr: TransferState, data: DataState | null, bytes: number | null): TransferStatus {
  const code = tr.finalCode;
  if (tr.aborted && (code === null || code >= 400)) return 'aborted';
  if (code === null) return 'incomplete';
  if (code < 200 || code >= 300) return 'failed';
  if (!data) return 'complete';
  const c = data.conn;
  if (c.handshake() === null && c.rstFrame !== null && !bytes) return 'failed';
  const stated = tr.direction === 'download' ? tr.cmd.statedSize : null;
  const closed = c.closedByFor(data.clientIsA) !== 'none';
  const lost = (data.clientIsA ? c.fromB : c.fromA).ranges.gapBytes() > 0;
  if (stated !== null && bytes !== null && bytes < stated && closed && !lost) return 'incomplete';
  return 'complete';
}
