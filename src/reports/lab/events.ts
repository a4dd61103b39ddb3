// The key packets of a session, in order: what the sequence diagram and the ASCII ladder draw.

import type { Session } from '../../model.js';
import { SETUP_COMMANDS } from '../../protocol/ftp.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../protocol/tcp.js';
import { type Anomaly, sessionAnomalies } from './anomalies.js';

export type Side = 'client' | 'server';

const SYN_ACK = TCP_SYN | TCP_ACK;
/** Longest label kept whole; longer ones (not setup lines, which carry an address) end in "…". */
const MAX_LABEL = 60;

/** One arrow: from which side's endpoint to the other, with a short label; or a note across the lane. */
export interface LadderEvent {
  frame: number;
  /** Which connection: 'control' or a data lane's id ('data', 'data2' …). */
  lane: string;
  from: Side;
  label: string;
  /** A note drawn over the lane (an anomaly explained), not an arrow. */
  note?: Anomaly;
  /** The first data segment: the label is made by the view, in its language, from these bytes. */
  dataBytes?: number;
  /** Ports of the connection the packet belongs to (a data lane carries several connections one after another). */
  clientPort?: number;
  serverPort?: number;
  /** The transfer whose data connection the packet belongs to. */
  transferId?: string;
}

/** Endpoints of one lane of the diagram: the control connection, or data connections one after the other. */
export interface Lane {
  id: string;
  /** Ports of the connections drawn on this lane, in order (client side). */
  clientPorts: number[];
  /** Ports of the connections drawn on this lane, in order (server side). */
  serverPorts: number[];
}

const cut = (text: string, whole: boolean) =>
  whole || text.length <= MAX_LABEL ? text : `${text.slice(0, MAX_LABEL - 1)}…`;

/** Labels of commands: the setup commands whole (their address is the point); a masked report's PASS is masked. */
function commandLabel(command: string, arg: string | null): string {
  if (arg === null) return command;
  return cut(`${command} ${arg}`, command in SETUP_COMMANDS);
}

/** A reply's first line; 227/228/229 whole (the address and port are in it). */
function replyLabel(code: number, text: string): string {
  const first = (text.split('\n')[0] ?? '').trim();
  const line = first.startsWith(`${code}`) ? first : `${code} ${first}`;
  return cut(line.trim(), code >= 227 && code <= 229);
}

/** The lanes (control first, then data lanes reused in order) and the events of a session, in frame order. */
export function sessionEvents(s: Session): { lanes: Lane[]; events: LadderEvent[] } {
  const lanes: Lane[] = [{ id: 'control', clientPorts: [s.client.port], serverPorts: [s.server.port] }];
  const events: LadderEvent[] = [];
  const hs = s.handshake;
  if (hs) {
    events.push({ frame: hs.synFrame, lane: 'control', from: 'client', label: 'SYN' });
    events.push({ frame: hs.synAckFrame, lane: 'control', from: 'server', label: 'SYN, ACK' });
    events.push({ frame: hs.ackFrame, lane: 'control', from: 'client', label: 'ACK' });
  }
  const g = s.greeting;
  // Drawn at its first segment, where Wireshark lists it as "Response: 220".
  if (g) events.push({ frame: g.firstFrame, lane: 'control', from: 'server', label: replyLabel(g.code, g.text) });
  for (const c of s.commands) {
    // drawn at its first segment too: a command typed a character at a time starts there
    events.push({
      frame: c.firstFrame,
      lane: 'control',
      from: 'client',
      label: commandLabel(c.command, c.arg),
    });
    if (c.reply) {
      for (const i of c.reply.intermediate)
        events.push({ frame: i.frame, lane: 'control', from: 'server', label: replyLabel(i.code, i.text) });
      events.push({
        frame: c.reply.firstFrame,
        lane: 'control',
        from: 'server',
        label: replyLabel(c.reply.code, c.reply.text),
      });
    }
  }
  for (const f of s.packets.filter((p) => p.tcpStream === s.tcpStream && p.tcpFlags & (TCP_FIN | TCP_RST))) {
    const from: Side = f.src.port === s.client.port && f.src.ip === s.client.ip ? 'client' : 'server';
    events.push({ frame: f.frame, lane: 'control', from, label: f.tcpFlags & TCP_RST ? 'RST' : 'FIN' });
  }
  // Data connections one after the other share a lane; one that overlaps an open one takes the next lane.
  const busyUntil: number[] = [];
  for (const tr of s.transfers) {
    const d = tr.data;
    if (!d) continue;
    const rows = s.packets.filter((p) => p.tcpStream === d.tcpStream);
    if (rows.length === 0) continue;
    const first = rows[0]!.frame;
    const last = rows[rows.length - 1]!.frame;
    let li = busyUntil.findIndex((until) => until < first);
    if (li === -1) {
      li = busyUntil.length;
      busyUntil.push(last);
      lanes.push({ id: li === 0 ? 'data' : `data${li + 1}`, clientPorts: [], serverPorts: [] });
    } else busyUntil[li] = last;
    const lane = lanes[li + 1]!;
    const clientIsSrc = d.initiator === 'client';
    const clientPort = clientIsSrc ? d.src.port : d.dst.port;
    const serverPort = clientIsSrc ? d.dst.port : d.src.port;
    lane.clientPorts.push(clientPort);
    lane.serverPorts.push(serverPort);
    const sideOf = (port: number): Side => (port === clientPort ? 'client' : 'server');
    const firstEvent = events.length;
    if (d.synFrame !== null) {
      const ports = `${d.src.port} → ${d.dst.port}`;
      events.push({ frame: d.synFrame, lane: lane.id, from: d.initiator, label: `SYN ${ports} (${tr.id})` });
      const synAck = rows.find((r) => r.frame > d.synFrame! && (r.tcpFlags & SYN_ACK) === SYN_ACK);
      const answer = d.initiator === 'client' ? 'server' : 'client';
      if (synAck) {
        events.push({ frame: synAck.frame, lane: lane.id, from: answer, label: 'SYN, ACK' });
        const ack = rows.find(
          (r) =>
            r.frame > synAck.frame &&
            sideOf(r.src.port) === d.initiator &&
            !(r.tcpFlags & (TCP_SYN | TCP_FIN | TCP_RST)),
        );
        if (ack) events.push({ frame: ack.frame, lane: lane.id, from: d.initiator, label: 'ACK' });
      }
    }
    const firstData = rows.find((r) => r.payloadBytes > 0);
    if (firstData) {
      const bytes = tr.direction === 'upload' ? d.bytesToServer : d.bytesToClient;
      events.push({
        frame: firstData.frame,
        lane: lane.id,
        from: sideOf(firstData.src.port),
        label: '',
        dataBytes: bytes,
      });
    }
    for (const fin of rows.filter((r) => r.tcpFlags & (TCP_FIN | TCP_RST))) {
      events.push({
        frame: fin.frame,
        lane: lane.id,
        from: sideOf(fin.src.port),
        label: fin.tcpFlags & TCP_RST ? 'RST' : 'FIN',
      });
    }
    for (const e of events.slice(firstEvent)) Object.assign(e, { clientPort, serverPort, transferId: tr.id });
  }
  for (const a of sessionAnomalies(s)) {
    const tr = s.transfers.find((x) => x.id === a.transferId);
    const laneOf = tr?.data
      ? lanes.find((l) => l.id !== 'control' && events.some((e) => e.lane === l.id && e.label.endsWith(`(${tr.id})`)))
      : undefined;
    events.push({ frame: a.frame + 0.5, lane: laneOf?.id ?? 'control', from: 'client', label: '', note: a });
  }
  events.sort((a, b) => a.frame - b.frame);
  return { lanes, events };
}
