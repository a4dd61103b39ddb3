// --no-secrets masks the model once: every view of a masked report (each table as CSV and JSON Lines, JSON, ftp.log
// with every password shown, Markdown in both languages, ladder) holds no password, only the fixed mask.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { renderCsv } from '../../src/reports/csv.js';
import { renderJson } from '../../src/reports/json.js';
import { renderJsonl } from '../../src/reports/jsonl.js';
import { renderLadder } from '../../src/reports/lab/ladder.js';
import { CATALOGS } from '../../src/reports/lab/render.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { SECRET_MASK, maskSecrets, secretFramesOf } from '../../src/reports/mask.js';
import { renderSummary } from '../../src/reports/summary.js';
import { TABLE_NAMES } from '../../src/reports/tables.js';
import { renderZeekFtpLog } from '../../src/reports/zeek.js';
import { ROOT } from '../cli/run-cli.js';
import { sharedReport } from '../shared-report.js';

/** Captures with passwords, and the passwords they carry (read from the unmasked model). */
const CAPTURES = [
  'samples/login-failed-then-ok.pcapng',
  'samples/upload-stor.pcapng',
  'samples/hostile-names.pcapng',
  'samples/passive-list-retr.pcapng',
  'test/fixtures/analyst/typed-password.pcapng',
  'test/fixtures/analyst/guess-and-spray.pcapng',
];

const passwordsOf = (r: Report) =>
  [...new Set(r.sessions.flatMap((s) => s.login.attempts.map((a) => a.password)))].filter(
    (p): p is string => p !== null && p.length >= 3,
  );

/** Every view of a report, by name. */
function views(r: Report): Record<string, string> {
  const out: Record<string, string> = {
    json: renderJson(r),
    summary: renderSummary(r),
    zeek: renderZeekFtpLog([r], { showPasswords: true, commands: 'all' }),
    md: renderMarkdown(r, { lang: 'en', maskSecrets: true }),
    mdRu: renderMarkdown(r, { lang: 'ru', maskSecrets: true }),
    ladder: r.sessions.map((s) => renderLadder(CATALOGS.en!, s)).join('\n'),
  };
  for (const t of TABLE_NAMES) {
    out[`${t}.csv`] = renderCsv(r, t, { raw: true, multiline: true });
    out[`${t}.jsonl`] = renderJsonl(r, t);
  }
  return out;
}

describe.each(CAPTURES)('%s masked', (capture) => {
  it('no view holds a password; the model holds the mask where each was', async () => {
    const report = await sharedReport({ capture: join(ROOT, capture) });
    const passwords = passwordsOf(report);
    expect(passwords.length).toBeGreaterThan(0);
    // unmasked, the views do show them (so the check below can fail)
    expect(views(report)['logins.csv']).toContain(passwords[0]!.replace(/"/g, '""'));
    const masked = maskSecrets(report);
    for (const [name, text] of Object.entries(views(masked))) {
      for (const p of passwords) expect(text.includes(p), `${name} holds ${JSON.stringify(p)}`).toBe(false);
    }
    for (const s of masked.sessions) {
      for (const a of s.login.attempts) expect(a.password === null || a.password === SECRET_MASK).toBe(true);
      for (const c of s.commands.filter((x) => x.command === 'PASS')) expect(c.arg).toBe(SECRET_MASK);
    }
  });
});

describe('the mask', () => {
  it('is the same whatever the length of the password', async () => {
    const report = await sharedReport({ capture: join(ROOT, 'samples/login-failed-then-ok.pcapng') });
    const lengths = new Set(passwordsOf(report).map((p) => p.length));
    expect(lengths.size).toBeGreaterThan(1); // "wrongpass" and "s3cret"
    const masked = maskSecrets(report).sessions.flatMap((s) => s.login.attempts.map((a) => a.password));
    expect(new Set(masked)).toEqual(new Set([SECRET_MASK]));
  });

  it('covers every segment of a password typed one character per segment (telnet-char-per-segment)', async () => {
    const report = await sharedReport({ capture: join(ROOT, 'samples/telnet-char-per-segment.pcapng') });
    const s = report.sessions[0]!;
    const pass = s.commands.find((c) => c.command === 'PASS')!;
    expect(pass.frame).toBeGreaterThan(pass.firstFrame);
    const typed = s.packets.filter(
      (p) => p.src.port === s.client.port && p.payloadBytes > 0 && p.frame >= pass.firstFrame && p.frame <= pass.frame,
    );
    expect(typed.length).toBeGreaterThanOrEqual(6); // p, a, s, s, space, 1, CR LF
    expect(typed.some((p) => p.info === 'Request: 1')).toBe(true);
    expect([...secretFramesOf(s)].sort((a, b) => a - b)).toEqual(typed.map((p) => p.frame));
    const masked = maskSecrets(report).sessions[0]!;
    for (const p of masked.packets.filter((x) => secretFramesOf(s).has(x.frame))) {
      expect(p.info).toBe(`Request: ${SECRET_MASK}`);
    }
    // other packets keep their Info
    const other = s.packets.find((p) => p.info?.startsWith('Request: u'))!;
    expect(masked.packets.find((p) => p.frame === other.frame)!.info).toBe(other.info);
  });

  it('replaces a password echoed in server text, and leaves the rest of the report as it was', async () => {
    const report = await sharedReport({ capture: join(ROOT, 'samples/upload-stor.pcapng') });
    const s = report.sessions[0]!;
    const echoed: Report = {
      ...report,
      sessions: [{ ...s, banner: `welcome, your password is ${s.login.password}` }, ...report.sessions.slice(1)],
    };
    const masked = maskSecrets(echoed);
    expect(masked.sessions[0]!.banner).toBe(`welcome, your password is ${SECRET_MASK}`);
    const strip = (r: Report) =>
      JSON.stringify(r, (k, v) => (['password', 'arg', 'info', 'banner'].includes(k) ? undefined : v));
    expect(strip(masked)).toBe(strip(echoed));
  });
});
