// A Mermaid sequenceDiagram of a session: participants per lane (control, data lanes), arrows per key packet,
// notes where something went wrong.

import type { Session } from '../../model.js';
import type { Catalog } from './catalog.js';
import { sessionEvents } from './events.js';

/**
 * Makes capture text safe inside a Mermaid message or alias: every character that is not plainly safe becomes
 * an entity code (#35; for #), so no directive (%%{…}%%), HTML, statement separator (;) or line break survives.
 */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of text) {
    // ':' too: a leading "wrap:" would be read as a setting, and "style…:" lines lose their last ';'
    out += /[A-Za-z0-9 .,_()/@=+?!'\[\]•…→−-]/.test(ch) || ch.codePointAt(0)! > 0x9f ? ch : `#${ch.codePointAt(0)};`;
  }
  return out;
}

const addr = (ip: string, ports: number[]) => {
  const p = [...new Set(ports)];
  const port = p.length === 1 ? `${p[0]}` : p.length <= 3 ? p.join('/') : `${p[0]}…${p[p.length - 1]}`;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
};

/** The diagram text, without the ``` fences. */
export function sequenceDiagram(t: Catalog, s: Session): string {
  const { lanes, events } = sessionEvents(s);
  const lines = ['sequenceDiagram'];
  const cId = (lane: number) => (lane === 0 ? 'C' : `C${lane}`);
  const sId = (lane: number) => (lane === 0 ? 'S' : `S${lane}`);
  const name = (i: number) => (i === 0 ? '' : ` (${t.dataConnection}${lanes.length > 2 ? ` ${i}` : ''})`);
  lanes.forEach((lane, i) => {
    lines.push(
      `  participant ${cId(i)} as ${mermaidText(`${t.client} ${addr(s.client.ip, lane.clientPorts)}${name(i)}`)}`,
    );
  });
  lanes.forEach((lane, i) => {
    lines.push(
      `  participant ${sId(i)} as ${mermaidText(`${t.server} ${addr(s.server.ip, lane.serverPorts)}${name(i)}`)}`,
    );
  });
  const laneIndex = new Map(lanes.map((l, i) => [l.id, i]));
  for (const e of events) {
    const i = laneIndex.get(e.lane)!;
    if (e.note) {
      lines.push(`  Note over ${cId(i)},${sId(i)}: ${mermaidText(t.anomalyNote(e.note))}`);
      continue;
    }
    const [from, to] = e.from === 'client' ? [cId(i), sId(i)] : [sId(i), cId(i)];
    const arrow = e.lane === 'control' && e.from === 'server' ? '-->>' : '->>';
    const label = e.dataBytes === undefined ? e.label : t.dataLabel(e.dataBytes);
    lines.push(`  ${from}${arrow}${to}: ${mermaidText(`${Number.isInteger(e.frame) ? e.frame : '?'} ${label}`)}`);
  }
  return lines.join('\n');
}
