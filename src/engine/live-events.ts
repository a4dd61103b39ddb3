// Watches the engine's sessions during a live capture and tells what changed since the last look, as LiveEvents.

import type { LiveEvent } from '../model.js';
import { buildDataConnection, buildTransfer } from './build-model.js';
import type { SessionState, SetupState, TransferState } from './session.js';
import { roundT } from './tcp.js';

/** How far the events of one session have been told. */
interface Told {
  id: string;
  attempts: number;
  setups: number;
  /** Setups told whose data connection was not yet seen (the latest few: an old one is rarely used late). */
  waiting: SetupState[];
  /** Transfers looked at so far (s.transfers up to here). */
  transfersSeen: number;
  /** Transfers without their final reply yet. */
  running: TransferState[];
  /** Transfers whose final reply was told. */
  transfers: Set<TransferState>;
  closed: boolean;
}

/** Setups still watched per session for their data connection. */
const MAX_WAITING = 16;

export class LiveTracker {
  private readonly told = new Map<SessionState, Told>();
  /** Sessions told and not yet closed: the only ones looked at again. */
  private open: SessionState[] = [];
  private seen = 0;

  /**
   * The events since the last call. `sessions` is every session the engine found, in the order it found them (new
   * ones only ever appended); a session is told once it spoke FTP or its handshake was seen.
   */
  scan(sessions: readonly SessionState[]): LiveEvent[] {
    const events: LiveEvent[] = [];
    for (; this.seen < sessions.length; this.seen += 1) this.open.push(sessions[this.seen]!);
    for (const s of this.open) this.scanSession(s, events);
    if (events.some((e) => e.kind === 'session-closed')) this.open = this.open.filter((s) => !this.told.get(s)?.closed);
    return events;
  }

  /** At the end of the capture: every transfer and login still waiting for its reply, as incomplete. */
  unfinished(): LiveEvent[] {
    const events: LiveEvent[] = [];
    for (const [s, told] of this.told) {
      for (const tr of s.transfers) {
        if (!told.transfers.has(tr)) events.push(this.transferEvent(told.id, tr, s.conn.lastT));
      }
    }
    return events;
  }

  private scanSession(s: SessionState, events: LiveEvent[]): void {
    let told = this.told.get(s);
    if (!told) {
      if (!s.spokeFtp && !s.conn.sawSyn) return;
      told = {
        id: `S${this.told.size + 1}`,
        attempts: 0,
        setups: 0,
        waiting: [],
        transfersSeen: 0,
        running: [],
        transfers: new Set(),
        closed: false,
      };
      this.told.set(s, told);
      events.push({
        kind: 'session-opened',
        session: told.id,
        t: roundT(s.conn.firstT),
        client: s.client,
        server: s.server,
      });
    }
    const session = told.id;
    while (told.attempts < s.attempts.length && s.attempts[told.attempts]!.replyCode !== null) {
      const a = s.attempts[told.attempts]!;
      told.attempts += 1;
      events.push({ kind: 'login', session, t: a.t, user: a.user, outcome: a.outcome, replyCode: a.replyCode });
    }
    // a setup is told once its address is known: at a PORT, or at the reply to PASV
    while (told.setups < s.setups.length) {
      const setup = s.setups[told.setups]!;
      const known = setup.mode === 'active' ? setup.announced !== null : setup.replyCode !== null;
      if (!known) break;
      told.setups += 1;
      if (!setup.announced) continue;
      const t = setup.mode === 'passive' ? (setup.replyT ?? setup.t) : setup.t;
      const address = { ip: setup.announced.ip, port: setup.announced.port };
      events.push({ kind: 'data-setup', session, t: roundT(t), command: setup.command, address });
      told.waiting.push(setup);
      if (told.waiting.length > MAX_WAITING) told.waiting.shift();
    }
    if (told.waiting.some((setup) => setup.data !== null)) {
      for (const setup of told.waiting) {
        if (!setup.data) continue;
        const d = buildDataConnection(setup.data, setup.transfer?.cmd.frame ?? null);
        const t = roundT(setup.data.conn.firstT);
        events.push({ kind: 'data-opened', session, t, initiator: d.initiator, from: d.src, to: d.dst });
      }
      told.waiting = told.waiting.filter((setup) => setup.data === null);
    }
    for (; told.transfersSeen < s.transfers.length; told.transfersSeen += 1) {
      told.running.push(s.transfers[told.transfersSeen]!);
    }
    if (told.running.some((tr) => tr.finalCode !== null)) {
      for (const tr of told.running) {
        if (tr.finalCode === null) continue;
        told.transfers.add(tr);
        events.push(this.transferEvent(session, tr, tr.completeT ?? s.conn.lastT));
      }
      told.running = told.running.filter((tr) => tr.finalCode === null);
    }
    if (!told.closed && s.conn.closeT !== null) {
      told.closed = true;
      events.push({ kind: 'session-closed', session, t: roundT(s.conn.closeT), by: s.conn.closedByFor(s.clientIsA) });
    }
  }

  private transferEvent(session: string, tr: TransferState, t: number): LiveEvent {
    const model = buildTransfer(tr, '');
    return {
      kind: 'transfer',
      session,
      t: roundT(t),
      command: model.command,
      arg: model.arg,
      status: model.status,
      replyCode: tr.finalCode,
      bytes: model.bytes ?? 0, // no data connection in the capture: none seen
      transferMs: model.timing.transferMs,
    };
  }
}
