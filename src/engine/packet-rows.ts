// Keeps the packet-list rows that tell a connection's story, bounded: the middle of a long transfer is counted, not kept.

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
      this.open = { tcpStream: row.tcpStream, firstFrame: row.frame, lastFrame: row.frame, packets: 0, payloadBytes: 0 };
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
