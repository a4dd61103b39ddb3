// What a student must explain, read from the lab report: one block per bullet of the write-ups' standard
// (comparison, reply codes, first segments, typing, anomalies, close, glossary, diagrams, numbers, languages).
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { Report } from '../../src/model.js';
import { TCP_SYN } from '../../src/protocol/tcp.js';
import { renderCapturesComparison } from '../../src/reports/lab/compare.js';
import { en } from '../../src/reports/lab/en.js';
import { CATALOGS } from '../../src/reports/lab/render.js';
import { numberFormat, wiresharkTime } from '../../src/reports/lab/units.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { Ftp } from '../engine/builder.js';
import { mermaidBlocks } from './markdown-check.js';
import { sharedReport } from '../shared-report.js';
import { assertMermaidParses } from './mermaid-check.js';

const CAPTURES = {
  active: 'samples/active-list-retr.pcapng',
  passive: 'samples/passive-list-retr.pcapng',
  both: 'samples/ipv6-epsv-eprt.pcapng',
  r125: 'samples/active-retr-125.pcapng',
  telnet: 'samples/telnet-char-per-segment.pcapng',
  refused: 'test/fixtures/robustness/refused-425-reset-426.pcapng',
  abort: 'test/fixtures/robustness/abort.pcapng',
  nat: 'test/fixtures/robustness/nat-pasv.pcapng',
  ports: 'test/fixtures/robustness/nonstandard-ports.pcapng',
} as const;
const reports = new Map<string, Report>();
beforeAll(async () => {
  for (const [k, file] of Object.entries(CAPTURES)) reports.set(k, await sharedReport({ capture: file }));
});
const md = (k: keyof typeof CAPTURES, lang = 'en') => renderMarkdown(reports.get(k)!, { lang });

/** A report of traffic the engine builder wrote (no tshark). */
function reportOf(f: Ftp): Report {
  const engine = new Engine({ ftpPorts: [21] });
  for (const r of f.records) engine.push(r);
  const res = engine.finish();
  return {
    schemaVersion: 1,
    tool: { name: 'ftp-report', version: 'test' },
    capture: {
      file: 'built.pcap',
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
}

describe('active and passive mode compared', () => {
  it('an active and a passive capture: one row per transfer, signed command → data SYN, before/after', () => {
    const text = renderCapturesComparison(en, [reports.get('active')!, reports.get('passive')!])!;
    expect(text).toMatch(/^# Active and passive mode compared\n/);
    expect(text).not.toMatch(/\(averages\)|mean/i);
    const rows = text.split('\n').filter((l) => l.startsWith('| /'));
    expect(rows).toHaveLength(0);
    const data = text.split('\n').filter((l) => /^\| \S+\.pcapng \|/.test(l));
    expect(data).toHaveLength(4);
    // active LIST: the server connects from port 20 after the command (+108 µs); passive LIST: before it (−)
    expect(text).toContain(
      '| S1-T1 | active (PORT) | LIST | server 127.0.0.1:20 → client 127.0.0.1:45145 | after | +108 µs |',
    );
    expect(text).toMatch(
      /\| S1-T1 \| passive \(PASV\) \| LIST \| client 127\.0\.0\.1:48642 → server 127\.0\.0\.1:55037 \| before \| −\d/,
    );
    expect(text).toContain('In active mode (S1-T1, PORT then LIST) the server opened the data connection from port 20');
    expect(text).toContain("to the client's port 45145, 108 µs after LIST was sent");
    expect(text).toContain('The signs tell the modes apart');
  });

  it('two captures of one mode have nothing to compare, one capture is never compared with itself', () => {
    expect(renderCapturesComparison(en, [reports.get('active')!, reports.get('r125')!])).toBeNull();
    expect(renderCapturesComparison(en, [reports.get('both')!])).toBeNull();
  });

  it('both modes in one capture: the section inside the report, no averaged table', () => {
    const text = md('both');
    expect(text).toContain('## Active and passive mode compared');
    expect(text).not.toContain('(averages)');
    expect(text).toMatch(
      /\| S1-T2 \| active \(EPRT\) \| RETR readme\.txt \| server \\\[::1\\\]:\d+ → client \\\[::1\\\]:44371 \| before \| −/,
    );
    expect(text).toContain('the active server connected before the transfer command, as soon as it read EPRT');
  });

  it.each(Object.keys(CATALOGS))('is written in %s', (lang) => {
    const text = renderCapturesComparison(CATALOGS[lang]!, [reports.get('active')!, reports.get('passive')!])!;
    expect(text.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(6);
  });
});

describe('reply codes', () => {
  it('one row per code seen with both digits explained and what it answered; 1xx included', () => {
    const text = md('r125');
    expect(text).toMatch(
      /\| 125 \| data connection already open; transfer starting \| 1 – positive preliminary: [^|]+ \| 2 – connections \(control and data\) \| RETR \(frame 22\) \| \d+ \|/,
    );
    for (const code of [200, 220, 221, 226, 230, 331]) expect(text).toMatch(new RegExp(`^\\| ${code} \\| [a-z]`, 'm'));
    expect(text).toMatch(/S-->>C: \d+ 125 Data connection already open\. Transfer starting\./);
  });

  it('the 150 of a listing is in the diagram with its text', () => {
    expect(md('active')).toContain('S-->>C: 30 150 Here comes the directory listing.');
  });

  it('why USER never says whether an account exists', () => {
    expect(md('active')).toContain(
      'The server answers USER with 331 "need password" whether the account exists or not',
    );
  });
});

describe('first segments and typing', () => {
  it('a reply over several segments is cited by its first segment and the split is explained', () => {
    expect(md('active')).toContain(
      'The 211 reply came in 9 TCP segments (frames 8–16); this report cites it by its first segment.',
    );
    expect(md('active')).toContain('| FEAT (frame 6) | 8 |');
  });

  it('a reply split in two by the engine builder: cited by its first frame, in the table and the diagram', () => {
    const f = new Ftp().banner().cmd('USER bob').reply('331 Need password.').cmd('PASS x');
    const first = f.ctl.send(false, '230 Logged ');
    f.ctl.send(false, 'in.\r\n');
    const text = renderMarkdown(reportOf(f));
    expect(text).toContain(`| PASS (frame ${first.frame - 1}) | ${first.frame} |`);
    expect(text).toContain(`The 230 reply came in 2 TCP segments (frames ${first.frame}–${first.frame + 1})`);
    expect(text).toContain(`S-->>C: ${first.frame} 230 Logged in.`);
  });

  it('commands typed one character per segment are one row each, with the count and an explanation', () => {
    const text = md('telnet');
    expect(text).not.toMatch(/\| Request: u \|/);
    expect(text).toMatch(
      /\| 6–34 \| [\d.]+ \| 127\.0\.0\.1 \| 127\.0\.0\.1 \| FTP \| – \| USER anonymous \\\[typed in 15 segments\\\] \|/,
    );
    expect(text).toContain('5 commands came one character (or a few) per TCP segment, 46 segments in all');
    // PASV is cited where its first letter was typed, not at the bare CRLF
    const pasv = reports.get('telnet')!.sessions[0]!.commands.find((c) => c.command === 'PASV')!;
    expect(pasv.firstFrame).toBeLessThan(pasv.frame);
    expect(text).toContain(`The client sent \`PASV\` (frame ${pasv.firstFrame})`);
    expect(text).toContain(`C->>S: ${pasv.firstFrame} PASV`);
  });
});

describe('anomalies explained with cause and frames, drawn in the diagram', () => {
  it('RST on a closed port tied to the 425', () => {
    const text = md('refused');
    expect(text).toContain(
      "Why the transfer failed: the server's SYN (frame 16) to 127.0.0.1:50009 was answered by RST (frame 17): nothing listened on that port, so the data connection could not be opened and the server replied 425 (frame 18)",
    );
    expect(text).toContain('Note over C1,S1: SYN 16 refused by RST 17#58; nothing listens, hence 425');
  });

  it('a data connection reset mid-transfer, tied to the 426', () => {
    expect(md('refused')).toMatch(
      /The client reset the data connection \(RST, frame \d+\) after 110,424 bytes had moved: the transfer was cut off, and the server reported 426 \(frame \d+\) \(connection closed; transfer aborted\)\./,
    );
  });

  it('ABOR: 426 for the transfer, 226 for the ABOR', () => {
    const text = md('abort');
    expect(text).toContain('The client aborted the transfer with ABOR (frame 78) after 72,400 bytes');
    expect(text).toContain('Note over C1,S1: ABOR after 72400 B#58; 426 then 226');
  });

  it('a NAT passive address: what was announced, where the client connected', () => {
    const text = md('nat');
    expect(text).toMatch(
      /The passive reply \(frame 14\) announced 127\.0\.0\.9:\d+, but the server is reached at 127\.0\.0\.1: .* the client ignored the announced address and connected to 127\.0\.0\.1:\d+/,
    );
    expect(text).toMatch(/Note over C1,S1: announced 127\.0\.0\.9#58;\d+, server is 127\.0\.0\.1 \(NAT\)/);
  });

  it('a SYN to a wrong announced address that nobody answers', () => {
    const f = new Ftp().banner().login().pasv(40000, '10.0.0.9');
    f.net.add({
      src: f.client,
      dst: '10.0.0.9',
      tcp: { stream: 9, srcPort: 52800, dstPort: 40000, flags: TCP_SYN, seq: 1, len: 0, ctl: null },
    });
    f.cmd('RETR a.txt').reply('425 Can not open data connection.');
    const text = renderMarkdown(reportOf(f));
    expect(text).toMatch(/The client sent a SYN \(frame \d+\) to 10\.0\.0\.9:40000 and no SYN\/ACK came back/);
    expect(text).toContain('announced 10.0.0.9:40000, but the server is reached at 193.166.3.2');
    expect(text).toContain('the client sent its SYN to that announced address 10.0.0.9:40000');
  });

  it('a refused PORT is not followed by "the server connects to it"', () => {
    const f = new Ftp().banner().login();
    f.cmd('PORT 127,0,0,77,0,25').reply('500 Illegal PORT command.');
    const text = renderMarkdown(reportOf(f));
    expect(text).toMatch(
      /The server refused PORT `127,0,0,77,0,25` \(frame \d+\) with 500 \(frame \d+\): syntax error/,
    );
    expect(text).not.toContain('the server connects to it');
    expect(text).toMatch(/Note over C,S: PORT refused \(500\)#58; no data connection/);
  });

  it("a refused command's argument cannot inject Markdown or HTML into the sentence", async () => {
    const f = new Ftp().banner().login();
    f.cmd('PORT <img src=x>|*a*').reply('501 Illegal PORT command.');
    const text = renderMarkdown(reportOf(f));
    expect(text).toContain('The server refused PORT `<img src=x>|*a*`');
    const { lintMarkdown } = await import('./markdown-check.js');
    expect(lintMarkdown(text)).toEqual([]);
  });

  it('REST: the offset tied to the bytes moved and the size the server stated', () => {
    const f = new Ftp().banner().login();
    f.cmd('SIZE big.bin').reply('213 1000');
    f.cmd('REST 400').reply('350 Restarting at 400.');
    f.pasv(40000);
    const d = f.clientConnects(40000);
    f.cmd('RETR big.bin').reply('150 Opening data connection.');
    d.sendBytes(false, 600).fin(false).fin(true);
    f.reply('226 Transfer complete.');
    const text = renderMarkdown(reportOf(f));
    expect(text).toMatch(
      /REST 400 \(frame \d+, reply 350\) made the transfer start at byte 400 of the file instead of 0: the data connection carried 600 bytes, so the file ends at byte 1,000 — exactly the file size the server stated \(1,000 bytes\)\./,
    );
  });
});

describe('close, glossary, summary', () => {
  it('QUIT → 221 → FIN, with who closed first as the rows show', () => {
    expect(md('active')).toContain(
      'The client logged out with QUIT (frame 62) and the server answered 221 "closing control connection" (frame 63); then the server closed the control connection first (FIN, frame 64) and the client answered with its own FIN (frame 65).',
    );
    expect(md('active')).toMatch(
      /\| 64 \| [\d.]+ \| 127\.0\.0\.1 \| 127\.0\.0\.1 \| TCP \| \d+ \| 21 → 60204 \\\[FIN, ACK\\\]/,
    );
  });

  it('a glossary row per command seen', () => {
    const text = md('active');
    expect(text).toContain('| MDTM | last modification time of a file | 1 |');
    expect(text).toContain('| PORT | active mode: the client names its address and port (h1,h2,h3,h4,p1,p2) | 2 |');
  });

  it('a summary table at the top', () => {
    const text = md('active');
    expect(text.indexOf('| Session | Client → server | Login | Active | Passive | Bytes | Findings |')).toBeLessThan(
      text.indexOf('## Capture'),
    );
    expect(text).toContain('| S1 | 127.0.0.1:60204 → 127.0.0.1:21 | succeeded (anonymous) | 2 | 0 | 3,206 | 2 |');
  });
});

describe('nothing to conclude', () => {
  it('a capture with no transfer and no login has no empty Conclusion section and stays lint-clean', async () => {
    const { lintMarkdown } = await import('./markdown-check.js');
    const text = renderMarkdown(await sharedReport({ capture: 'test/fixtures/robustness/not-ftp.pcapng' }));
    expect(text).not.toContain('## Conclusion');
    expect(lintMarkdown(text)).toEqual([]);
  });
});

describe('diagrams', () => {
  it('whole PASV/EPSV/PORT/EPRT lines, one data lane reused, complete handshakes', async () => {
    const passive = md('passive');
    expect(passive).toContain('S-->>C: 14 227 Entering passive mode (127,0,0,1,214,253).');
    const both = md('both');
    expect(both).toContain('C->>S: 29 EPRT #124;2#124;#58;#58;1#124;44371#124;');
    const block = mermaidBlocks(md('active'))[0]!;
    expect(block.match(/participant/g)).toHaveLength(4);
    expect(block).toContain('S1->>C1: 29 ACK');
    for (const k of Object.keys(CAPTURES) as (keyof typeof CAPTURES)[])
      for (const b of mermaidBlocks(md(k))) await assertMermaidParses(b);
  });
});

describe('numbers', () => {
  const f = numberFormat({
    locale: 'en-US',
    s: 's',
    ms: 'ms',
    us: 'µs',
    bytesPerSecond: 'B/s',
    kilobytesPerSecond: 'kB/s',
    megabytesPerSecond: 'MB/s',
  });
  it('durations in the unit that suits them, signed when asked', () => {
    expect(f.duration(9429.522)).toBe('9.43 s');
    expect(f.duration(4.2)).toBe('4.20 ms');
    expect(f.duration(0.011)).toBe('11 µs');
    expect(f.duration(999.7)).toBe('1.00 s');
    expect(f.signed(4.2)).toBe('+4.20 ms');
    expect(f.signed(-0.6)).toBe('−600 µs');
    expect(f.signed(0)).toBe('0 µs');
    expect(f.duration(null)).toBe('–');
  });
  it('rates in B/s, kB/s, MB/s, "–" over less than a millisecond', () => {
    expect(f.rate(272_727_273, 0.011)).toBe('–');
    expect(f.rate(3_072_000, 5)).toBe('3.07 MB/s');
    expect(f.rate(12_500, 80)).toBe('12.5 kB/s');
    expect(f.rate(512, 2000)).toBe('512 B/s');
  });
  it("Time as Wireshark's column shows it: the nanoseconds cut (not rounded) to the capture's precision", () => {
    expect(wiresharkTime(0.000011, 10_659, 9)).toBe('0.000010659');
    expect(wiresharkTime(0.000011, 10_659, 6)).toBe('0.000010');
    expect(wiresharkTime(0.008057, 8_057_999, 3)).toBe('0.008');
    expect(wiresharkTime(10_954, 10_954_000_000_000, 0)).toBe('10954');
    expect(wiresharkTime(1.5)).toBe('1.500000');
    expect(wiresharkTime(-0.000002, -1_500, 6)).toBe('-0.000001');
    expect(wiresharkTime(0, -500, 6)).toBe('0.000000');
    expect(wiresharkTime(-2, -2_000_000_001, 9)).toBe('-2.000000001');
  });
  it('a report has no raw milliseconds with three decimals and no rate from microseconds', () => {
    const text = md('active');
    expect(text).not.toMatch(/\d+\.\d{3} ms/);
    expect(text).not.toMatch(/\d{3},\d{3},\d{3} B\/s/);
  });
});

describe('languages', () => {
  it('Russian plural forms come from Intl.PluralRules', () => {
    const text = md('active', 'ru');
    expect(text).toContain('В захвате 1 сеанс FTP (узлов: 1)');
    expect(text).toContain('2 передачи в активном режиме');
    expect(text).not.toMatch(/видны 1 передачу|между 1 узлом/);
  });

  it.each(['ru', 'zh', 'vi'])(
    'no English sentence is left in the %s report (Wireshark column headers may stay)',
    (lang) => {
      for (const k of Object.keys(CAPTURES) as (keyof typeof CAPTURES)[]) {
        const text = md(k, lang)
          .replaceAll(reports.get(k)!.capture.file, '')
          .replace(/```mermaid[\s\S]*?```/g, '') // participant and packet labels from the capture
          .replace(/`[^`\n]*`/g, '') // code spans: commands and replies as sent
          .split('\n')
          .filter((l) => !l.startsWith('| No. |') && !/^\| [\d–]+ \|/.test(l) && !l.startsWith('> '))
          .join('\n');
        for (const word of [
          'the ',
          ' and ',
          'bytes',
          'frame ',
          'Session',
          'passive',
          'active',
          'server',
          'client',
          'high',
          'info',
        ])
          expect(text, `${k} ${lang}: "${word}"`).not.toContain(word);
      }
    },
  );

  it('FTP on an auto-detected port reads as FTP in the packet tables', () => {
    const text = md('ports');
    expect(text).toMatch(/\| FTP \| \d+ \| Request: USER demo \| \d+ \| 2121 \|/);
    expect(text).toMatch(/\| FTP \| \d+ \| Response: 331 [^|]+ \| 2121 \| \d+ \|/);
    expect(text).not.toMatch(/\| TCP \| \d+ \| \d+ → 2121 \\\[PSH, ACK\\\][^|]*Len=[1-9]/);
  });
});
