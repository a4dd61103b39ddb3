// Sessions by the pair of hosts they join, so a new connection finds its sessions without scanning them all.

import type { SessionState } from './session.js';

/** The unordered pair of two addresses. */
export const pairKey = (x: string, y: string): string => (x < y ? `${x} ${y}` : `${y} ${x}`);

const NONE: readonly SessionState[] = [];

export class SessionIndex {
  /**
   * Every session in the order it was found, released ones too: kept only when asked for (a live capture reads its
   * events from them); otherwise empty.
   */
  readonly all: SessionState[] = [];
  /** Sessions not released yet, in the order they were found, each with its place in that order. */
  readonly live = new Map<SessionState, number>();
  private found = 0;
  private readonly byHosts = new Map<string, SessionState[]>();
  /** The same, open control connections only; closed ones leave as they are met (a closed one never reopens). */
  private readonly openByHosts = new Map<string, SessionState[]>();

  constructor(private readonly keepAll = true) {}

  add(session: SessionState): void {
    if (this.keepAll) this.all.push(session);
    this.live.set(session, this.found++);
    const key = pairKey(session.client.ip, session.server.ip);
    for (const map of [this.byHosts, this.openByHosts]) {
      const list = map.get(key);
      if (list) list.push(session);
      else map.set(key, [session]);
    }
  }

  /** A released session leaves the index (its place in the order found is returned). */
  remove(session: SessionState): number {
    const seq = this.live.get(session) ?? -1;
    this.live.delete(session);
    const key = pairKey(session.client.ip, session.server.ip);
    for (const map of [this.byHosts, this.openByHosts]) {
      const list = map.get(key);
      const i = list ? list.indexOf(session) : -1;
      if (!list || i === -1) continue;
      list.splice(i, 1);
      if (list.length === 0) map.delete(key);
    }
    return seq;
  }

  /**
   * Sessions between these two hosts whose control connection is still open, oldest first. A new connection looks
   * only at these: its cost follows the sessions open at once between two hosts (one NAT address or one lab client
   * opening thousands of sessions one after another), not every session ever seen between them.
   */
  openBetween(x: string, y: string): readonly SessionState[] {
    const key = pairKey(x, y);
    const list = this.openByHosts.get(key);
    if (!list) return NONE;
    let kept = 0;
    for (const s of list) if (!s.conn.isClosed) list[kept++] = s;
    list.length = kept;
    if (kept === 0) this.openByHosts.delete(key);
    return list;
  }

  /** Sessions between these two hosts (either way round) not released yet, oldest first. */
  between(x: string, y: string): readonly SessionState[] {
    return this.byHosts.get(pairKey(x, y)) ?? [];
  }
}
