// Packet tables in Wireshark's packet-list columns, with the middle of long transfers collapsed into one row.

import type { CollapsedPackets, PacketRow } from '../../model.js';
import { mdCell } from '../escape.js';
import type { Catalog } from './catalog.js';
import { TCP_FIN, TCP_RST, TCP_SYN } from '../../protocol/tcp.js';
import { wiresharkTime } from './units.js';

export interface TableOptions {
  /** Most rows before the middle of a data connection is collapsed into one row. */
  maxRows: number;
  /** Decimals of the Time column: the capture's (capture.timePrecision; 6 when a report does not say). */
  timePrecision?: number;
  /** Commands typed in several segments, by the frame of their CRLF: drawn as one row (typed.ts). */
  typed?: ReadonlyMap<number, TypedCommand>;
  /** Control stream rows inside a typed command (its other segments, the server's ACKs): left out. */
  typedHidden?: ReadonlySet<number>;
}

/** A command line that came in several client segments. */
export interface TypedCommand {
  firstFrame: number;
  frame: number;
  /** The line as the report shows it (PASS masked when asked). */
  line: string;
  /** Client segments with payload that carried it. */
  segments: number;
  /** Time of the first segment. */
  t: number;
  /** Time of the first segment in nanoseconds (PacketRow.tNs), when the report has it. */
  tNs?: number;
}

type Line = { row: PacketRow } | { collapsed: CollapsedPackets };

/**
 * Renders rows (already chosen) as a Markdown table; when there are more than maxRows, the data segments in
 * the middle of each data connection are collapsed into one row saying how many and how many bytes.
 */
export function packetTable(
  t: Catalog,
  rows: PacketRow[],
  collapsed: CollapsedPackets[],
  controlStream: number,
  options: TableOptions,
): string {
  const hidden = options.typedHidden;
  const shown = hidden ? rows.filter((r) => !hidden.has(r.frame)) : rows;
  const lines = collapseRows(shown, collapsed, controlStream, options.maxRows);
  const head = t.packetColumns;
  const out = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 || i === 5 ? ' ---: ' : ' --- ')).join('|')}|`,
  ];
  for (const line of lines) {
    if ('row' in line && line.row.tcpStream === controlStream && options.typed?.has(line.row.frame)) {
      const r = line.row;
      const typed = options.typed.get(r.frame)!;
      const cells = [
        `${typed.firstFrame}–${typed.frame}`,
        wiresharkTime(typed.t, typed.tNs, options.timePrecision),
        r.src.ip,
        r.dst.ip,
        r.protocol ?? 'TCP',
        '',
        t.typedRow(typed.line, typed.segments),
        r.src.port,
        r.dst.port,
      ];
      out.push(`| ${cells.map((c) => mdCell(c)).join(' | ')} |`);
    } else if ('row' in line) {
      const r = line.row;
      const cells = [
        r.frame,
        wiresharkTime(r.t, r.tNs, options.timePrecision),
        r.src.ip,
        r.dst.ip,
        r.protocol ?? 'TCP',
        r.length,
        r.info,
        r.src.port,
        r.dst.port,
      ];
      out.push(`| ${cells.map((c) => mdCell(c)).join(' | ')} |`);
    } else {
      const c = line.collapsed;
      const text = t.collapsedRow(c.packets, c.payloadBytes, c.firstFrame, c.lastFrame);
      out.push(`| … | | | | | | ${mdCell(text)} | | |`);
    }
  }
  return out.join('\n');
}

const isFlagRow = (r: PacketRow) => (r.tcpFlags & (TCP_SYN | TCP_FIN | TCP_RST)) !== 0;

function collapseRows(
  rows: PacketRow[],
  collapsed: CollapsedPackets[],
  controlStream: number,
  maxRows: number,
): Line[] {
  // Blocks the engine already left out become rows of their own, placed by frame.
  const merged: Line[] = [...rows.map((row) => ({ row })), ...collapsed.map((c) => ({ collapsed: c }))];
  const frameOf = (l: Line) => ('row' in l ? l.row.frame : l.collapsed.firstFrame);
  merged.sort((a, b) => frameOf(a) - frameOf(b));
  if (merged.length <= maxRows) return merged;
  // Collapse the middle segments of each data connection: keep its first and last two ordinary rows.
  const keepEach = 2;
  const streams = new Set(rows.filter((r) => r.tcpStream !== controlStream).map((r) => r.tcpStream));
  const drop = new Set<PacketRow>();
  for (const stream of streams) {
    const ordinary = rows.filter((r) => r.tcpStream === stream && !isFlagRow(r));
    // the handshake's last ACK stays with the handshake
    const body = ordinary.slice(1);
    for (const r of body.slice(keepEach, Math.max(keepEach, body.length - keepEach))) drop.add(r);
  }
  const out: Line[] = [];
  let open: CollapsedPackets | null = null;
  for (const line of merged) {
    const dropped = 'row' in line && drop.has(line.row);
    const engineBlock = 'collapsed' in line;
    if (dropped || engineBlock) {
      const c =
        'row' in line
          ? {
              tcpStream: line.row.tcpStream,
              firstFrame: line.row.frame,
              lastFrame: line.row.frame,
              packets: 1,
              payloadBytes: line.row.payloadBytes,
            }
          : line.collapsed;
      if (open && open.tcpStream === c.tcpStream) {
        open.lastFrame = Math.max(open.lastFrame, c.lastFrame);
        open.packets += c.packets;
        open.payloadBytes += c.payloadBytes;
      } else {
        open = { ...c };
        out.push({ collapsed: open });
      }
      continue;
    }
    // a control-channel row between two collapsed data rows does not end the block, but it is shown
    if (!('row' in line) || line.row.tcpStream !== controlStream) open = null;
    out.push(line);
  }
  return out;
}
