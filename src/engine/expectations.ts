// Data-channel expectations: announced addresses waiting for their connection, keyed by who will connect and to
// which port, capped, and expired on capture time.

import type { SetupState } from './session.js';

/** An endpoint, as the classifier sees a new connection's two sides. */
export interface Endpoint {
  ip: string;
  port: number;
}

export interface ExpectationLimits {
  /** Most expectations open at once; the oldest is dropped past it. */
  max: number;
  /** Seconds of capture time an expectation stays open. */
  timeoutS: number;
}

/** The side expected to open the data connection: the client in passive mode, the server in active mode. */
const openerIp = (setup: SetupState): string =>
  setup.mode === 'passive' ? setup.session.client.ip : setup.session.server.ip;
const keyOf = (ip: string, port: number): string => `${ip} ${port}`;

/** Open expectations, newest last per key; a match uses one up (RFC 959: one data connection per transfer). */
export class ExpectationTable {
  private readonly byKey = new Map<string, SetupState[]>();
  /** Every expectation in the order it was opened (capture time); closed ones are skipped lazily from `head`. */
  private order: { setup: SetupState; t: number }[] = [];
  private head = 0;
  private open = 0;
  /** Dropped because the table was full. */
  dropped = 0;
  /** Expired unused. */
  expired = 0;

  constructor(readonly limits: ExpectationLimits) {}

  /** Expectations open now. */
  get size(): number {
    return this.open;
  }

  /** Starts expecting the setup's announced address from capture time t on. */
  add(setup: SetupState, t: number): void {
    this.expire(t);
    const key = keyOf(openerIp(setup), setup.announced!.port);
    const list = this.byKey.get(key);
    if (list) list.push(setup);
    else this.byKey.set(key, [setup]);
    setup.expecting = true;
    this.order.push({ setup, t });
    this.open += 1;
    if (this.open > this.limits.max) {
      this.skipClosed();
      const oldest = this.order[this.head];
      if (oldest) {
        this.remove(oldest.setup);
        this.dropped += 1;
      }
    }
  }

  /**
   * The newest open expectation a connection from `opener` to `listener` fulfils, used up; null when none.
   * Passive: the client connects to the announced port on the server (or on the announced address, behind NAT).
   * Active: the server connects to the announced address and port (from port 20 or any other).
   */
  take(opener: Endpoint, listener: Endpoint, t: number): SetupState | null {
    this.expire(t);
    const list = this.byKey.get(keyOf(opener.ip, listener.port));
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      const setup = list[i]!;
      const s = setup.session;
      const ann = setup.announced!;
      const fits =
        setup.mode === 'passive'
          ? listener.ip === s.server.ip || listener.ip === ann.ip
          : listener.ip === ann.ip || listener.ip === s.client.ip;
      if (!fits) continue;
      this.remove(setup);
      return setup;
    }
    return null;
  }

  /** Closes expectations older than the timeout at capture time t. */
  private expire(t: number): void {
    for (;;) {
      this.skipClosed();
      const oldest = this.order[this.head];
      if (!oldest || t - oldest.t <= this.limits.timeoutS) break;
      this.remove(oldest.setup);
      this.expired += 1;
    }
  }

  private skipClosed(): void {
    while (this.head < this.order.length && !this.order[this.head]!.setup.expecting) this.head += 1;
    // One copy when the skipped head or the used-up entries behind an old open one (which would keep their released
    // sessions) grow large: only open expectations are kept, as only those are ever read.
    const skipped = this.head > 1024 && this.head * 2 > this.order.length;
    if (skipped || this.order.length - this.head > 2 * this.open + 1024) {
      this.order = this.order.slice(this.head).filter((e) => e.setup.expecting);
      this.head = 0;
    }
  }

  private remove(setup: SetupState): void {
    const key = keyOf(openerIp(setup), setup.announced!.port);
    const list = this.byKey.get(key);
    const i = list ? list.indexOf(setup) : -1;
    if (!list || i === -1) return;
    list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(key);
    setup.expecting = false;
    this.open -= 1;
  }
}
