// The same events as the sequence diagram, drawn as an ASCII ladder for a terminal (like the diagram in seed 001).

import type { Session } from '../../model.js';
import { escapeControl } from '../escape.js';
import type { Catalog } from './catalog.js';
import { sessionEvents } from './events.js';

const WIDTH = 34;

function arrow(label: string, toRight: boolean): [string, string] {
  const text = label.length > WIDTH - 2 ? `${label.slice(0, WIDTH - 3)}…` : label;
  const pad = WIDTH - text.length;
  const centred = ' '.repeat(Math.floor(pad / 2)) + text + ' '.repeat(Math.ceil(pad / 2));
  const line = toRight ? `${'-'.repeat(WIDTH - 1)}>` : `<${'-'.repeat(WIDTH - 1)}`;
  return [centred, line];
}

/** The ladder for one session: client ports on the left, server ports on the right (--no-secrets: a masked model). */
export function renderLadder(t: Catalog, s: Session): string {
  const { lanes, events } = sessionEvents(s);
  const portOf = new Map(lanes.map((l) => [l.id, l]));
  const out: string[] = [];
  out.push(`${s.id}  ${t.client} ${s.client.ip}${' '.repeat(4)}${t.server} ${s.server.ip}`);
  let lane = '';
  for (const e of events) {
    // a section per connection: the control connection, or one transfer's data connection
    const section = e.lane === 'control' ? 'control' : (e.transferId ?? e.lane);
    const l = portOf.get(e.lane)!;
    if (e.note) {
      out.push(`${' '.repeat(12)}   ** ${escapeControl(t.anomalyNote(e.note))} **`);
      continue;
    }
    if (section !== lane) {
      out.push('');
      out.push(`  (${section === 'control' ? t.controlConnection : `${t.dataConnection} ${section}`})`);
      lane = section;
    }
    const [label, line] = arrow(
      escapeControl(e.dataBytes === undefined ? e.label : t.dataLabel(e.dataBytes)),
      e.from === 'client',
    );
    const left = `${t.port} ${e.clientPort ?? l.clientPorts[0]}`.padStart(12);
    out.push(`${' '.repeat(12)}   ${label}   #${Number.isInteger(e.frame) ? e.frame : '?'}`);
    out.push(`${left}   ${line}   ${t.port} ${e.serverPort ?? l.serverPorts[0]}`);
  }
  return `${out.join('\n')}\n`;
}
