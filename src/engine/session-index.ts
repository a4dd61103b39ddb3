// Sessions by the pair of hosts they join, so a new connection finds its sessions without scanning them all.

import type { SessionState } from './session.js';

/** The unordered pair of two addresses. */
const pairKey = (x: string, y: string): string => (x < y ? `${x} ${y}` : `${y} ${x}`);

const NONE: readonly SessionState[] = [];

export class SessionIndex {
  /** Every session in the order it was found. */
  readonly all: SessionState[] = [];
  private readonly byHosts = new Map<string, SessionState[]>();
  /** The same, open control connections only; closed ones leave as they are met (a closed one never reopens). */
  private readonly openByHosts = new Map<string, SessionState[]>();

  add(session: SessionState): void {
    this.all.push(session);
    const key = pairKey(session.client.ip, session.server.ip);
    for (const map of [this.byHosts, this.openByHosts]) {
      const list = map.get(key);
      if (list) list.push(session);
      else map.set(key, [session]);
    }
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

  /** Sessions between these two hosts (either way round), oldest first. */
  between(x: string, y: string): readonly SessionState[] {
    return this.byHosts.get(pairKey(x, y)) ?? [];
  }
}
