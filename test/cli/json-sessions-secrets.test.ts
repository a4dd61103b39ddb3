// --json --no-secrets spools each session (to be masked at the end, when every password is known) encrypted with a
// key kept in memory: the spool file, unlinked but open, never holds a password readable. Checked through the
// process's own open files (/proc/self/fd), against the unmasked spool, which holds the passwords in its JSON text.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import { JsonSessions } from '../../src/cli/json-sessions.js';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const CAPTURE = path.join(ROOT, 'samples/login-failed-then-ok.pcapng');
const PASSWORDS = ['wrongpass', 's3cret'];

/** The bytes of every spool file this process holds open (unlinked: its link reads "… (deleted)"). */
function spools(): Buffer[] {
  const out: Buffer[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (/ftp-report-json-[^/]*\/sessions\.json \(deleted\)$/.test(target))
      out.push(readFileSync(`/proc/self/fd/${fd}`));
  }
  return out;
}

async function spooled(masked: boolean): Promise<{ spool: Buffer; document: string }> {
  const held = new JsonSessions({ pretty: false, packets: true, schemaVersion: 2 }, false, masked);
  held.startCapture();
  const report = await runReport({ capture: CAPTURE, onSession: (s) => held.add(s) });
  // past the spool's in-memory buffer: everything added is in the file
  const [spool] = spools();
  let document = '';
  const shown = masked ? held.maskedReport(report) : report;
  held.write([{ file: CAPTURE, report: shown, error: null }], { name: 'ftp-report', version: 'test' }, (t) => {
    document += t;
  });
  return { spool: spool ?? Buffer.alloc(0), document };
}

describe('the --json spool', () => {
  it('holds the passwords unmasked as JSON text, and never readable with --no-secrets', {
    timeout: 60_000,
  }, async () => {
    const plain = await spooled(false);
    const masked = await spooled(true);
    expect(spools()).toEqual([]);
    expect(masked.spool.length).toBeGreaterThan(1000);
    for (const p of PASSWORDS) {
      expect(plain.document).toContain(p);
      expect(masked.document).not.toContain(p);
      expect(masked.spool.includes(p)).toBe(false);
    }
    expect(masked.document).toContain('••••••');
  });
});
