// The lab-style Markdown report: reviewed goldens, the write-ups' facts, masking and escaping.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { Report } from '../../src/model.js';
import { mermaidText } from '../../src/reports/lab/mermaid.js';
import { CATALOGS } from '../../src/reports/lab/render.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
// @ts-expect-error plain ESM helper shared with scripts/update-expected.mjs
import { maskReport } from '../../scripts/mask-report.mjs';
import { Ftp } from '../engine/builder.js';
import { sharedReport } from '../shared-report.js';

const samples = readdirSync('samples')
  .filter((f) => f.endsWith('.pcapng'))
  .map((f) => f.replace(/\.pcapng$/, ''))
  .sort();
const reports = new Map<string, Report>();
beforeAll(async () => {
  for (const name of samples)
    reports.set(name, maskReport(await sharedReport({ capture: `samples/${name}.pcapng` })) as Report);
});
const md = (name: string, options = {}) => renderMarkdown(reports.get(name)!, options);

describe('golden Markdown reports (reviewed; CI never rewrites them)', () => {
  it.each(samples)('%s matches its reviewed .expected.md', (name) => {
    const file = `samples/${name}.expected.md`;
    expect(existsSync(file), `${file} is missing: run scripts/update-expected.mjs and review it`).toBe(true);
    expect(md(name)).toBe(readFileSync(file, 'utf8'));
  });

  const others = Object.keys(CATALOGS).filter((l) => l !== 'en');
  it.each(samples.flatMap((name) => others.map((lang) => [name, lang])))(
    '%s in %s matches its reviewed golden file',
    (name, lang) => {
      const file = `samples/${name}.expected.${lang}.md`;
      expect(existsSync(file), `${file} is missing: run scripts/update-expected.mjs and review it`).toBe(true);
      expect(md(name, { lang })).toBe(readFileSync(file, 'utf8'));
    },
  );
});

describe('the facts the write-ups state', () => {
  it('active LIST (seed 000): PORT decoded with its arithmetic, the server connects from port 20 after LIST', () => {
    const text = md('active-list-retr');
    expect(text).toContain(
      'The client sent `PORT 127,0,0,1,176,89` (frame 24) and the server replied `200 PORT command successful. Consider using PASV.` (frame 25).',
    );
    expect(text).toContain('the first four, `127,0,0,1`, with dots instead of commas, are **127.0.0.1**');
    expect(text).toContain('the last two give port 176×256+89 = **45145**');
    expect(text).toContain(
      'The server opened the data connection (SYN in frame 27) from port 20 (ftp-data), as RFC 959 describes for active mode, 127.0.0.1:20 → 127.0.0.1:45145, after the client sent LIST (frame 26)',
    );
    expect(text).toContain(
      '134 bytes moved from the server to the client and the server confirmed the transfer (replies 150, 226).',
    );
    expect(text).toContain('Wireshark display filter: `tcp.stream in {0, 1} && frame.number in {24..36}`');
    expect(text).toContain('| 27 | 0.009943255 | 127.0.0.1 | 127.0.0.1 | TCP | 74 | 20 → 45145 \\[SYN\\]');
  });

  it('passive LIST (seed 000): PASV decoded, the client connects before sending LIST', () => {
    const text = md('passive-list-retr');
    expect(text).toContain('214×256+253 = **55037**');
    expect(text).toContain('In passive mode the server listens and the client connects to 127.0.0.1:55037.');
    expect(text).toContain(
      'The client opened the data connection (SYN in frame 15) from its ephemeral port 48642, 127.0.0.1:48642 → 127.0.0.1:55037, before it sent LIST (frame 20)',
    );
    expect(text).toContain('132 bytes moved from the server to the client');
  });

  it('active RETR (seed 002): the server connects right after PORT, before its 200, and replies 125', () => {
    const text = md('active-retr-125');
    expect(text).toContain('from port 40563 — not from port 20');
    expect(text).toContain(
      'before the client sent RETR (frame 22): the server connected as soon as it read PORT, even before replying to it',
    );
    expect(text).toContain(
      '3,072 bytes moved from the server to the client and the server confirmed the transfer (replies 125, 226).',
    );
    expect(text).toContain('| Response: 125 Data connection already open. Transfer starting. |');
  });

  it('passive session typed one character per segment (seed 002): the one-byte segments and the whole commands', () => {
    const text = md('telnet-char-per-segment');
    // typed one character per segment: one row per command, cited (and drawn) at its first segment
    expect(text).toMatch(
      /\| 6–34 \| [\d.]+ \| 127\.0\.0\.1 \| 127\.0\.0\.1 \| FTP \| – \| USER anonymous \\\[typed in 15 segments\\\] \|/,
    );
    expect(text).toContain('before it sent RETR (frame 60)');
    expect(text).toContain('5 bytes moved from the server to the client');
    expect(text).toContain('C->>S: 6 USER anonymous');
  });

  it('explains each reply code and its digits (seed 004)', () => {
    const text = md('login-failed-then-ok');
    expect(text).toContain(
      '| 530 | not logged in | 5 – permanent negative: failed, do not retry as is | 3 – authentication and accounting | PASS (frame 9) | 11 |',
    );
    expect(text).toContain('1 login attempt failed (frame 9)');
    expect(text).toContain('reads user `alice` and password `wrongpass` and `s3cret` in frames 9 and 15.');
  });

  it('compares active and passive transfer by transfer when both occur', () => {
    const text = md('ipv6-epsv-eprt');
    expect(text).toContain('## Active and passive mode compared');
    expect(text).toContain('EPSV announces only the port, `(|||33117|)` → **33117**');
  });

  it('writes the same facts in Russian', () => {
    const text = md('active-list-retr', { lang: 'ru' });
    expect(text).toContain('последние два — порт 176×256+89 = **45145**');
    expect(text).toContain('с точками вместо запятых дают **127.0.0.1**');
    expect(text).toContain('Сервер установил соединение данных (SYN в кадре 27) с порта 20 (ftp-data)');
    expect(text).toContain('после того как клиент отправил LIST (кадр 26)');
  });
});

describe('secrets and hostile text', () => {
  it('--no-secrets leaves no password anywhere, even one typed a character per segment', () => {
    for (const name of samples) {
      const text = md(name, { maskSecrets: true });
      for (const s of reports.get(name)!.sessions) {
        for (const a of s.login.attempts)
          if (a.password && a.password.length > 1) expect(text, name).not.toContain(a.password);
      }
    }
    expect(md('telnet-char-per-segment', { maskSecrets: true })).not.toMatch(/Request: 1 \|/);
  });

  it('escapes capture strings so they cannot break a table, inject HTML or run a Mermaid directive', async () => {
    const f = new Ftp().reply('220 <script>alert(1)</script> | `x` %%{init: {"theme":"dark"}}%%');
    f.cmd('USER a|b<img src=x>').reply('331 ok');
    f.cmd('PASS p;w#d').reply('230 ok').pasv(40000);
    const d = f.clientConnects(40000);
    f.cmd('RETR ../evil|name`.txt').reply('150 ok');
    d.sendBytes(false, 10).fin(false).fin(true);
    f.reply('226 ok');
    const engine = new Engine({ ftpPorts: [21] });
    for (const r of f.records) engine.push(r);
    const res = engine.finish();
    const report: Report = {
      schemaVersion: 1,
      tool: { name: 'ftp-report', version: 'test' },
      capture: {
        file: 'x|y.pcap',
        format: 'pcap',
        packets: res.packets,
        firstAt: null,
        lastAt: null,
        durationMs: 0,
        tsharkVersion: null,
        ftpPorts: [21],
        complete: true,
      },
      sessions: res.sessions,
      unmatchedDataConnections: res.unmatchedDataConnections,
      findings: res.findings,
      warnings: res.warnings,
    };
    const text = renderMarkdown(report);
    const { lintMarkdown, tableShapes } = await import('./markdown-check.js');
    // MD033 (no inline HTML) knows code spans: <script> inside one is shown as text, never run
    expect(lintMarkdown(text)).toEqual([]);
    expect(tableShapes(text)).toEqual([]);
    expect(text.replace(/(`+)[^`]*?\1/g, '')).not.toMatch(/<(script|img)/);
    // every row of a table has as many unescaped pipes as its header
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('|') || lines[i - 1]?.startsWith('|')) continue;
      const pipes = (l: string) => l.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
      const want = pipes(lines[i]!);
      for (let j = i + 1; j < lines.length && lines[j]!.startsWith('|'); j++)
        expect(pipes(lines[j]!), lines[j]).toBe(want);
    }
    const mermaid = text.split('```mermaid\n')[1]!.split('```')[0]!;
    // message texts and participant aliases (after ': ' or ' as ') carry no raw ; < > ` % once entities are set aside
    for (const line of mermaid.split('\n').slice(1)) {
      const text = line.includes(' as ') ? line.split(' as ')[1]! : line.split(': ').slice(1).join(': ');
      expect(text.replace(/#\d+;/g, ''), line).not.toMatch(/[;<>`%|]/);
    }
    expect(mermaidText('a;b%%{x}<y>#z')).toBe('a#59;b#37;#37;#123;x#125;#60;y#62;#35;z');
  });
});

describe('the Markdown is well-formed and its diagrams parse', async () => {
  const { lintMarkdown, tableShapes, mermaidBlocks } = await import('./markdown-check.js');
  const { assertMermaidParses } = await import('./mermaid-check.js');

  it.each(samples)(
    '%s: lint-clean, every table row well-formed, every Mermaid diagram parses (every language)',
    async (name) => {
      for (const lang of Object.keys(CATALOGS)) {
        const text = md(name, { lang });
        expect(lintMarkdown(text), `${name} ${lang}`).toEqual([]);
        expect(tableShapes(text), `${name} ${lang}`).toEqual([]);
        const blocks = mermaidBlocks(text);
        expect(blocks.length).toBe(reports.get(name)!.sessions.length);
        for (const block of blocks) await assertMermaidParses(block);
      }
    },
  );
});
