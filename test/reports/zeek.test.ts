// The Zeek ftp.log view: Zeek's path rules, escaping, header, password hiding and row choice.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report, Session } from '../../src/model.js';
import {
  ZEEK_FTP_FIELDS,
  buildPath,
  compressPath,
  ftpUrl,
  renderZeekFtpLog,
  zeekFtpRecords,
  zeekString,
  zeekUid,
} from '../../src/reports/zeek.js';
import { parseZeekLog, unescapeZeek } from '../peer/zeek-log.js';
import { EK_FIXTURE, SAMPLE_CAPTURES, reportOf } from './report-sources.js';

describe('paths as Zeek builds them', () => {
  it('drops "." and empty segments and resolves "name/.."', () => {
    expect(compressPath('/pub/./ftp//x/')).toBe('/pub/ftp/x');
    expect(compressPath('/pub/ftp/../x')).toBe('/pub/x');
    expect(compressPath('dir/sub/..')).toBe('dir');
    expect(compressPath('dir/..')).toBe('');
  });

  it('keeps a leading "." before a name, and ".." that has nothing to climb', () => {
    expect(compressPath('./robots.txt')).toBe('./robots.txt');
    expect(compressPath('./')).toBe('.');
    expect(compressPath('./a/..')).toBe('.');
    expect(compressPath('./..')).toBe('..');
    expect(compressPath('../../a')).toBe('../../a');
    expect(compressPath('/../a')).toBe('/../a');
    expect(compressPath('~/..')).toBe('~/..');
  });

  it('joins a relative name to the directory, leaves absolute names alone', () => {
    expect(buildPath('.', 'a.txt')).toBe('./a.txt');
    expect(buildPath('/pub/', 'a.txt')).toBe('/pub/a.txt');
    expect(buildPath('/pub', '/etc/passwd')).toBe('/etc/passwd');
    expect(buildPath('/pub', 'C:\\x')).toBe('C:\\x');
    expect(buildPath('', 'a.txt')).toBe('a.txt');
  });

  it('makes ftp:// URLs: "." until a directory is known, brackets around IPv6', () => {
    expect(ftpUrl('199.233.217.249', '.', 'robots.txt')).toBe('ftp://199.233.217.249/./robots.txt');
    expect(ftpUrl('127.0.0.1', '.', '')).toBe('ftp://127.0.0.1/.');
    expect(ftpUrl('2001:470:4867:99::21', '/', 'robots.txt')).toBe('ftp://[2001:470:4867:99::21]/robots.txt');
    expect(ftpUrl('10.0.0.1', '/pub', '../etc/x')).toBe('ftp://10.0.0.1/etc/x');
  });
});

describe('string values as Zeek writes them', () => {
  it('marks unset, empty and marker-like values', () => {
    expect(zeekString(null)).toBe('-');
    expect(zeekString('')).toBe('(empty)');
    expect(zeekString('-')).toBe('\\x2d');
    expect(zeekString('(empty)')).toBe('\\x28empty)');
    expect(zeekString('-x')).toBe('-x');
  });

  it('escapes the separator, the backslash and control characters as \\xHH', () => {
    expect(zeekString('a\tb')).toBe('a\\x09b');
    expect(zeekString('a\\b')).toBe('a\\x5cb');
    expect(zeekString('\u001b[31mred\u001b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(zeekString('cr\rlf\n')).toBe('cr\\x0dlf\\x0a');
    expect(zeekString('del\u007f')).toBe('del\\x7f');
  });

  it('keeps valid UTF-8 text, escapes bytes that were not UTF-8 one by one', () => {
    expect(zeekString('café — ok')).toBe('café — ok');
    // "é\x80Ã(" is how ftp-report keeps the bytes e9 80 c3 28 (not UTF-8): Latin-1, one character per byte
    expect(zeekString('bad-é\u0080Ã(')).toBe('bad-\\xe9\\x80\\xc3(');
    // a C1 control inside valid UTF-8 text is escaped as its two UTF-8 bytes
    expect(zeekString('x\u009by€')).toBe('x\\xc2\\x9by€');
  });

  it('unescapes back to the same text (ASCII and raw bytes)', () => {
    for (const s of ['plain', 'a\tb\\c', '\u001b]0;t\u0007', 'bad-é\u0080Ã(', '|pipe| `x` <b>', '=1+1,"q"']) {
      expect(unescapeZeek(zeekString(s))).toBe(s);
    }
  });
});

describe('ftp.log of the saved EK stream (zeek/ipv4)', () => {
  let report: Report;
  beforeAll(async () => {
    report = await reportOf(EK_FIXTURE);
  });

  it("has Zeek's header, in Zeek's order, and parses with a Zeek log reader", () => {
    const text = renderZeekFtpLog(report);
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '#separator \\x09',
      '#set_separator\t,',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#path\tftp',
    ]);
    expect(lines[5]).toBe('#open\t2012-02-21-16-52-41');
    expect(lines.at(-2)).toBe('#close\t2012-02-21-16-53-20');
    const log = parseZeekLog(text);
    expect(log.path).toBe('ftp');
    expect(log.fields).toEqual([...ZEEK_FTP_FIELDS]);
    expect(log.types).toEqual(
      'time string addr port addr port string string string string string count count string bool addr addr port string'.split(
        ' ',
      ),
    );
    expect(log.rows.map((r) => r['command'])).toEqual(['PASV', 'PASV', 'RETR', 'PORT', 'PORT', 'RETR']);
  });

  it('writes ts as epoch seconds with six decimals: the command time', () => {
    const log = parseZeekLog(renderZeekFtpLog(report));
    const pasv = report.sessions[0]!.commands.find((c) => c.command === 'PASV')!;
    expect(log.rows[0]!['ts']).toMatch(/^\d{10}\.\d{6}$/);
    // firstAt 2012-02-21T16:52:41.968492Z is epoch 1329843161.968492
    expect(Number(log.rows[0]!['ts'])).toBeCloseTo(1329843161.968492 + pasv.t, 6);
  });

  it('gives each session a stable uid: same capture, same uid; another session, another uid', () => {
    const s = report.sessions[0]!;
    const a = zeekUid(report.capture.firstAt, s);
    expect(a).toMatch(/^C[0-9A-Za-z]{17}$/);
    expect(zeekUid(report.capture.firstAt, s)).toBe(a);
    expect(zeekUid(report.capture.firstAt, { ...s, client: { ...s.client, port: s.client.port + 1 } })).not.toBe(a);
    expect(new Set(zeekFtpRecords(report).map((r) => r.uid))).toEqual(new Set([a]));
  });

  it('hides passwords unless the user is a guest id or showPasswords is set', () => {
    const s = report.sessions[0]!;
    const asUser = (user: string): Report => ({
      ...report,
      sessions: [
        { ...s, commands: s.commands.map((c) => (c.command === 'USER' ? { ...c, arg: user } : c)) } as Session,
      ],
    });
    const all = { commands: 'all' as const };
    const pass = (r: Report, show = false) =>
      zeekFtpRecords(r, { ...all, showPasswords: show }).find((x) => x.command === 'PASS')!;
    expect(pass(asUser('anonymous'))).toMatchObject({ password: 'test', arg: 'test' });
    expect(pass(asUser('FTP'))).toMatchObject({ password: 'test', arg: 'test' });
    expect(pass(asUser('alice'))).toMatchObject({ password: '<hidden>', arg: '<hidden>' });
    expect(pass(asUser('alice'), true)).toMatchObject({ password: 'test', arg: 'test' });
    // Before any PASS the password is unset, not hidden.
    expect(zeekFtpRecords(asUser('alice'), all).find((x) => x.command === 'USER')!.password).toBeNull();
  });

  it("logs Zeek's default commands, every command with 'all' (the greeting as <init>), or a list", () => {
    const all = zeekFtpRecords(report, { commands: 'all' });
    expect(all[0]).toMatchObject({ command: '<init>', user: '<unknown>', password: null, reply_code: 220 });
    expect(all.slice(1).map((r) => r.command)).toEqual(report.sessions[0]!.commands.map((c) => c.command));
    expect(zeekFtpRecords(report, { commands: ['user', 'init'] }).map((r) => r.command)).toEqual(['<init>', 'USER']);
  });

  it('reads file_size from the 150 reply to RETR and the 213 reply to SIZE', () => {
    // The model keeps each preliminary reply's text, so this works on an EK stream without Info column too.
    expect(report.sessions[0]!.packets.every((p) => p.info === null)).toBe(true);
    expect(
      zeekFtpRecords(report)
        .filter((x) => x.command === 'RETR')
        .map((r) => r.file_size),
    ).toEqual([77, 77]);
    const s = report.sessions[0]!;
    const retr = s.commands.find((c) => c.command === 'RETR')!;
    // the engine read the size from the 150 reply (its last number: tested in test/engine/reply-facts.test.ts)
    expect(retr.statedSize).toBe(77);
    const withSize: Report = {
      ...report,
      sessions: [
        {
          ...s,
          commands: [
            ...s.commands,
            {
              ...retr,
              command: 'SIZE',
              reply: { ...retr.reply!, code: 213, text: '3072', intermediate: [] },
              statedSize: 3072,
            },
          ],
        },
      ],
    };
    const recs = zeekFtpRecords(withSize, { commands: 'all' });
    expect(recs.filter((x) => x.command === 'RETR').map((r) => r.file_size)).toEqual([77, 77]);
    expect(recs.find((x) => x.command === 'SIZE')!.file_size).toBe(3072);
  });

  it('fills data_channel from PORT/EPRT arguments and PASV/EPSV replies', () => {
    const recs = zeekFtpRecords(report, { commands: 'all' });
    expect(recs.find((x) => x.command === 'PORT')).toMatchObject({
      'data_channel.passive': false,
      'data_channel.orig_h': '199.233.217.249',
      'data_channel.resp_h': '141.142.220.235',
      'data_channel.resp_p': 33582,
    });
    expect(recs.find((x) => x.command === 'PASV')).toMatchObject({
      'data_channel.passive': true,
      'data_channel.resp_p': 56666,
    });
    expect(recs.find((x) => x.command === 'USER')!['data_channel.passive']).toBeNull();
  });

  it("cuts values at Zeek's length limits", () => {
    const limits = { maxUserLength: 4, maxPasswordLength: 2, maxArgLength: 13, maxReplyMsgLength: 17 };
    const recs = zeekFtpRecords(report, { commands: 'all', showPasswords: true, ...limits });
    const retr = recs.find((x) => x.command === 'RETR')!;
    expect(retr).toMatchObject({ user: 'anon', password: 'te', arg: 'ftp://199.233', reply_msg: 'Transfer complete' });
  });

  it('writes one header for several captures, and their rows one capture after the other', () => {
    const other: Report = { ...report, capture: { ...report.capture, file: 'copy' } };
    const log = parseZeekLog(renderZeekFtpLog([report, other]));
    expect(log.rows).toHaveLength(12);
  });
});

describe('times from the model alone (the CLI keeps no packet rows for --zeek)', () => {
  it.each(SAMPLE_CAPTURES)(
    '%s: firstT is the time of the row firstFrame names; the log is the same without rows',
    async (file) => {
      const report = await reportOf(file);
      let spanned = 0;
      for (const s of report.sessions) {
        const at = new Map(s.packets.map((p) => [p.frame, p.t]));
        const lines = [s.greeting, ...s.commands, ...s.commands.map((c) => c.reply)].filter((x) => x !== null);
        for (const x of lines) {
          expect(x.firstT).toBe(at.get(x.firstFrame));
          if (x.firstFrame === x.frame) expect(x.firstT).toBe(x.t);
          else spanned += 1;
        }
      }
      if (file.includes('telnet-char-per-segment')) expect(spanned).toBeGreaterThan(0);
      const rowless: Report = {
        ...report,
        sessions: report.sessions.map((s) => ({ ...s, packets: [], collapsedPackets: [] })),
      };
      const options = { commands: 'all' as const, showPasswords: true };
      expect(renderZeekFtpLog(rowless, options)).toBe(renderZeekFtpLog(report, options));
    },
  );
});
