// Which of ftp-report's fields a saved `tshark -T ek` stream holds: a stream made without the field list (a plain
// `tshark -T ek`, or -e fields of one's own) must be an error naming what is missing, not "no FTP sessions".

import { BASE_FIELDS, LUA_PAYLOAD_FIELDS, PLAIN_PAYLOAD_FIELDS, ekKey } from './fields.js';

/** Fields without which no session can be rebuilt (the packet-list columns and setup-frame only add detail). */
const NEEDED: string[] = BASE_FIELDS.filter(
  (f) => !f.startsWith('_ws.col.') && f !== 'ftp-data.setup-frame' && !/^ipv?6?\./.test(f),
);

/** Records looked at: enough to see every field a stream carries, little work on a long one. */
const LOOK_AT = 2000;

/** Counts the fields seen in the first records of an EK stream. */
export class EkFieldCensus {
  /** EK keys seen in the `layers` of the records looked at. */
  private readonly seen = new Set<string>();
  /** Packet objects (lines with `layers`) looked at. */
  records = 0;
  /** Layers nested by protocol ({"frame": {...}}): a plain `tshark -T ek` without -e. */
  nested = false;

  /** Looks at one parsed EK line. */
  note(value: unknown): void {
    if (this.records >= LOOK_AT || value === null || typeof value !== 'object') return;
    const layers = (value as { layers?: unknown }).layers;
    if (layers === null || typeof layers !== 'object') return;
    this.records += 1;
    for (const [key, v] of Object.entries(layers)) {
      this.seen.add(key);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) this.nested = true;
    }
  }

  /**
   * The fields (tshark names) the stream lacks, or alternatives such as "ip.src or ipv6.src"; empty when it has all.
   * A stream with no packet object at all has nothing to say here (the caller reports it as not EK).
   */
  missing(): string[] {
    if (this.records === 0) return [];
    const has = (field: string) => this.seen.has(ekKey(field));
    const out = NEEDED.filter((f) => !has(f));
    if (!has('ip.src') && !has('ipv6.src')) out.push('ip.src or ipv6.src');
    const payload = [...LUA_PAYLOAD_FIELDS, ...PLAIN_PAYLOAD_FIELDS];
    if (!payload.some(has)) out.push(payload.join(' or '));
    return out;
  }
}
