// The key packets of a session, in order: what the sequence diagram and the ASCII ladder draw.

import type { Session } from '../../model.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../protocol/tcp.js';

export type Side = 'client' | 'server';

const SYN_ACK = TCP_SYN | TCP_ACK;

/** One arrow: from which side's endpoint to the other, with a short label. */
export interface LadderEvent {
  frame: number;
  /** Which connection: 'control' or the data connection's transfer id. */
  lane: string;
  from: Side;
  label: string;
}

/** Endpoints of one lane (connection) of the diagram. */
export interface Lane {
  id: string;
  clientPort: number;
  serverPort: number;
}

/** Labels of commands stay short; secrets can be masked. */
function commandLabel(command: string, arg: string | null, maskSecrets: boolean): string {
  if (arg === null) return command;
  const shown = command === 'PASS' && maskSecrets ? '••••••' : arg;
  return `${command} ${shown.length > 40 ? `${shown.slice(0, 39)}…` : shown}`;
}

function replyLabel(code: number, text: string): string {
  const first = text.split('\n')[0] ?? '';
  return `${code} ${first.length > 40 ? `${first.slice(0, 39)}…` : first}`.trim();
}

/** The lanes (control first, then each data connection) and the events of a session, in frame order. */
export function sessionEvents(s: Session, maskSecrets: boolean): { lanes: Lane[]; events: LadderEvent[] } {
  const lanes: Lane[] = [{ id: 'control', clientPort: s.client.port, serverPort: s.server.port }];
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
    events.push({
      frame: c.frame,
      lane: 'control',
      from: 'client',
      label: commandLabel(c.command, c.arg, maskSecrets),
    });
    if (c.reply) {
      for (const i of c.reply.intermediate)
        events.push({ frame: i.frame, lane: 'control', from: 'server', label: `${i.code}` });
      events.push({
        frame: c.reply.frame,
        lane: 'control',
        from: 'server',
        label: replyLabel(c.reply.code, c.reply.text),
      });
    }
  }
  for (const tr of s.transfers) {
    const d = tr.data;
    if (!d) continue;
    const clientIsSrc = d.initiator === 'client';
    const clientPort = clientIsSrc ? d.src.port : d.dst.port;
    const serverPort = clientIsSrc ? d.dst.port : d.src.port;
    lanes.push({ id: tr.id, clientPort, serverPort });
    const rows = s.packets.filter((p) => p.tcpStream === d.tcpStream);
    const sideOf = (port: number): Side => (port === clientPort ? 'client' : 'server');
    if (d.synFrame !== null) {
      events.push({ frame: d.synFrame, lane: tr.id, from: d.initiator, label: 'SYN' });
      const synAck = rows.find((r) => r.frame > d.synFrame! && (r.tcpFlags & SYN_ACK) === SYN_ACK);
      if (synAck)
        events.push({
          frame: synAck.frame,
          lane: tr.id,
          from: d.initiator === 'client' ? 'server' : 'client',
          label: 'SYN, ACK',
        });
    }
    const firstData = rows.find((r) => r.payloadBytes > 0);
    if (firstData) {
      const bytes = tr.direction === 'upload' ? d.bytesToServer : d.bytesToClient;
      events.push({
        frame: firstData.frame,
        lane: tr.id,
        from: sideOf(firstData.src.port),
        label: `data: ${bytes} bytes`,
      });
    }
    for (const fin of rows.filter((r) => r.tcpFlags & (TCP_FIN | TCP_RST))) {
      events.push({
        frame: fin.frame,
        lane: tr.id,
        from: sideOf(fin.src.port),
        label: fin.tcpFlags & TCP_RST ? 'RST' : 'FIN',
      });
    }
  }
  events.sort((a, b) => a.frame - b.frame);
  return { lanes, events };
}
