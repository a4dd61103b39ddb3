// A Mermaid sequenceDiagram of a session: participants per endpoint (control and data ports), arrows per key packet.

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
    out += /[A-Za-z0-9 .,_()/@=+?!'\[\]•…-]/.test(ch) || ch.codePointAt(0)! > 0x9f ? ch : `#${ch.codePointAt(0)};`;
  }
  return out;
}

const addr = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** The diagram text, without the ``` fences. */
export function sequenceDiagram(t: Catalog, s: Session, maskSecrets: boolean): string {
  const { lanes, events } = sessionEvents(s, maskSecrets);
  const lines = ['sequenceDiagram'];
  const cId = (lane: number) => (lane === 0 ? 'C' : `C${lane}`);
  const sId = (lane: number) => (lane === 0 ? 'S' : `S${lane}`);
  lanes.forEach((lane, i) => {
    lines.push(`  participant ${cId(i)} as ${mermaidText(`${t.client} ${addr(s.client.ip, lane.clientPort)}`)}`);
  });
  lanes.forEach((lane, i) => {
    lines.push(`  participant ${sId(i)} as ${mermaidText(`${t.server} ${addr(s.server.ip, lane.serverPort)}`)}`);
  });
  const laneIndex = new Map(lanes.map((l, i) => [l.id, i]));
  for (const e of events) {
    const i = laneIndex.get(e.lane)!;
    const [from, to] = e.from === 'client' ? [cId(i), sId(i)] : [sId(i), cId(i)];
    const arrow = e.lane === 'control' && e.from === 'server' ? '-->>' : '->>';
    lines.push(`  ${from}${arrow}${to}: ${mermaidText(`${Number.isInteger(e.frame) ? e.frame : '?'} ${e.label}`)}`);
  }
  return lines.join('\n');
}
