// Sessions by the pair of hosts they join, so a new connection finds its sessions without scanning them all.

import type { SessionState } from './session.js';

/** The unordered pair of two addresses. */
const pairKey = (x: string, y: string): string => (x < y ? `${x} ${y}` : `${y} ${x}`);

export class SessionIndex {
  /** Every session in the order it was found. */
  readonly all: SessionState[] = [];
  private readonly byHosts = new Map<string, SessionState[]>();

  add(session: SessionState): void {
    this.all.push(session);
    const key = pairKey(session.client.ip, session.server.ip);
    const list = this.byHosts.get(key);
    if (list) list.push(session);
    else this.byHosts.set(key, [session]);
  }

  /** Sessions between these two hosts (either way round), oldest first. */
  between(x: string, y: string): readonly SessionState[] {
    return this.byHosts.get(pairKey(x, y)) ?? [];
  }
}
