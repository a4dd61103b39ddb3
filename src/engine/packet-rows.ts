// Keeps the packet-list rows that tell a connection's story, bounded: a long transfer's middle is counted, not kept.

import type { CollapsedPackets, PacketRow } from '../model.js';

/** How many ordinary rows a connection keeps at its start and at its end. */
export interface RowLimits {
  head: number;
  tail: number;
}

export class RowKeeper {
  readonly rows: PacketRow[] = [];
  readonly collapsed: CollapsedPackets[] = [];
  private headLeft: number;
  private readonly tail: number;
  private ring: PacketRow[] = [];
  private open: CollapsedPackets | null = null;

  constructor(limits: RowLimits) {
    this.headLeft = limits.head;
    this.tail = limits.tail;
  }

  /** Adds a row; essential rows (handshake, teardown, control traffic) are always kept. */
  push(row: PacketRow, essential: boolean): void {
    if (essential) {
      this.flushRing();
      this.rows.push(row);
      return;
    }
    if (this.headLeft > 0) {
      this.headLeft -= 1;
      this.rows.push(row);
      return;
    }
    this.ring.push(row);
    if (this.ring.length > this.tail) this.collapse(this.ring.shift()!);
  }

  /** Ends the connection: the last rows are kept after the collapsed middle. */
  finish(): void {
    this.flushRing();
  }

  private collapse(row: PacketRow): void {
    if (!this.open) {
      this.open = {
        tcpStream: row.tcpStream,
        firstFrame: row.frame,
        lastFrame: row.frame,
        packets: 0,
        payloadBytes: 0,
      };
      this.collapsed.push(this.open);
    }
    this.open.lastFrame = row.frame;
    this.open.packets += 1;
    this.open.payloadBytes += row.payloadBytes;
  }

  private flushRing(): void {
    this.open = null;
    for (const r of this.ring) this.rows.push(r);
    this.ring = [];
  }
}

/** A keeper for a report that shows no packet rows: it keeps nothing, and one serves every connection. */
class NoRows extends RowKeeper {
  constructor() {
    super({ head: 0, tail: 0 });
  }
  override push(): void {}
  override finish(): void {}
}

/**
 * The row keepers of every session: its control connection's and its data connections'. With `keep` false (no
 * output shows packet rows), it keeps none: sessions get empty `packets` and `collapsedPackets`, and the memory
 * of a report grows with what happened (sessions, commands, transfers), not with packets.
 */
export class RowBook {
  private readonly control = new Map<object, RowKeeper>();
  private readonly data = new Map<object, RowKeeper[]>();
  private readonly none: RowKeeper | null;

  constructor(
    private readonly dataLimits: RowLimits,
    readonly keep = true,
  ) {
    this.none = keep ? null : new NoRows();
  }

  /** A keeper for a session's control connection, holding the rows seen before it was known as one. */
  controlKeeper(session: object, earlier: readonly PacketRow[] = []): RowKeeper {
    if (this.none) return this.none;
    const keeper = new RowKeeper(CONTROL_ROWS);
    for (const r of earlier) keeper.push(r, false);
    this.control.set(session, keeper);
    return keeper;
  }

  /** A keeper for one of a session's data connections. */
  dataKeeper(session: object): RowKeeper {
    if (this.none) return this.none;
    const keeper = new RowKeeper(this.dataLimits);
    const list = this.data.get(session);
    if (list) list.push(keeper);
    else this.data.set(session, [keeper]);
    return keeper;
  }

  /** A released session's keepers are dropped (after rowsOf). */
  forget(session: object): void {
    this.control.delete(session);
    this.data.delete(session);
  }

  /** The session's rows in frame order, and the middles left out. */
  rowsOf(session: object): { packets: PacketRow[]; collapsedPackets: CollapsedPackets[] } {
    if (this.none) return { packets: [], collapsedPackets: [] };
    const keepers = [this.control.get(session)!, ...(this.data.get(session) ?? [])];
    for (const k of keepers) k.finish();
    return {
      packets: keepers.flatMap((k) => k.rows).sort((a, b) => a.frame - b.frame),
      collapsedPackets: keepers.flatMap((k) => k.collapsed).sort((a, b) => a.firstFrame - b.firstFrame),
    };
  }
}

/** Control connections keep every row up to this many, then their first and last. */
const CONTROL_ROWS: RowLimits = { head: 10_000, tail: 1_000 };
