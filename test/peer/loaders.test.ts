// Unit tests of the peer-output readers (Zeek TSV logs, Suricata test.yaml) and of the expectations
// derived from them, on the real files in ../shared/peer and on small hand-written inputs.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  argMatchesZeekPath,
  loadPeerTraces,
  normalizeIp,
  NOTED_TRACES,
  peerAvailable,
  peerRoot,
  splitZeekUrl,
  translateSuricataFilter,
  zeekPathToFileName,
  type PeerTrace,
} from './expectations.js';
import { findSuricataTests, parseSuricataChecks, readSuricataTest, SuricataYamlError } from './suricata-yaml.js';
import { parseZeekLog, readZeekLog, splitZeekSet, unescapeZeek, ZeekLogError } from './zeek-log.js';

const available = peerAvailable();
const zeek = (...p: string[]) => path.join(peerRoot, 'zeek', ...p);
const suricata = (...p: string[]) => path.join(peerRoot, 'suricata', ...p);

describe('parseZeekLog (hand-written input)', () => {
  const header = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tdemo',
    '#fields\ta\tb\tc',
    '#types\tstring\tset[string]\tcount',
  ].join('\n');

  it('decodes the escaped separator header and maps unset/empty markers', () => {
    const log = parseZeekLog(`${header}\nx\t(empty)\t-\n`);
    expect(log.separator).toBe('\t');
    expect(log.path).toBe('demo');
    expect(log.rows).toEqual([{ a: 'x', b: '', c: null }]);
  });

  it('unescapes \\xHH and backslashes inside values, after the marker check', () => {
    const log = parseZeekLog(`${header}\nfoo\\x09bar\ta,b\t\\x2d\n`);
    expect(log.rows[0]).toEqual({ a: 'foo\tbar', b: 'a,b', c: '-' });
    expect(splitZeekSet(log, log.rows[0]!['b']!)).toEqual(['a', 'b']);
    expect(unescapeZeek('a\\\\b')).toBe('a\\b');
  });

  it('honours a separator other than tab', () => {
    const log = parseZeekLog('#separator \\x7c\n#fields|x|y\n1|-\n');
    expect(log.separator).toBe('|');
    expect(log.rows).toEqual([{ x: '1', y: null }]);
  });

  it('names the line when a row has the wrong number of columns', () => {
    expect(() => parseZeekLog(`${header}\nonly\ttwo\n`, 'demo.log')).toThrow(ZeekLogError);
    expect(() => parseZeekLog(`${header}\nonly\ttwo\n`, 'demo.log')).toThrow(/demo\.log:8: 2 columns/);
  });

  it('refuses a log without #fields', () => {
    expect(() => parseZeekLog('#separator \\x09\n')).toThrow(/no #fields/);
  });
});

describe.skipIf(!available)('readZeekLog on the Zeek baselines', () => {
  it('reads zeek/ipv4 ftp.log: six rows, PASV to port 56666 first', () => {
    const log = readZeekLog(zeek('ipv4', 'scripts.base.protocols.ftp.ftp-ipv4', 'ftp.log'));
    expect(log.path).toBe('ftp');
    expect(log.rows).toHaveLength(6);
    expect(log.fields).toContain('data_channel.resp_p');
    expect(log.types[log.fields.indexOf('id.orig_p')]).toBe('port');
    const [first] = log.rows;
    expect(first).toMatchObject({
      'id.orig_h': '141.142.220.235',
      'id.orig_p': '50003',
      'id.resp_h': '199.233.217.249',
      'id.resp_p': '21',
      user: 'anonymous',
      password: 'test',
      command: 'PASV',
      arg: null,
      reply_code: '227',
      'data_channel.passive': 'T',
      'data_channel.resp_p': '56666',
    });
    expect(log.rows.map((r) => r['command'])).toEqual(['PASV', 'PASV', 'RETR', 'PORT', 'PORT', 'RETR']);
    expect(log.rows[2]!['arg']).toBe('ftp://199.233.217.249/./robots.txt');
    expect(log.rows[3]!['data_channel.orig_h']).toBe('199.233.217.249');
    expect(log.rows[3]!['data_channel.resp_p']).toBe('33582');
  });

  it('keeps IPv6 addresses and EPRT arguments intact (zeek/ipv6)', () => {
    const log = readZeekLog(zeek('ipv6', 'scripts.base.protocols.ftp.ftp-ipv6', 'ftp.log'));
    expect(log.rows).toHaveLength(7);
    expect(log.rows[0]!['id.resp_h']).toBe('2001:470:4867:99::21');
    expect(log.rows[4]!['arg']).toBe('|2|2001:470:1f11:81f:c999:d94:aa7c:2e3e|49189|');
    expect(log.rows[4]!['data_channel.passive']).toBe('F');
  });

  it('reads the truncating baselines as written (zeek/ipv4 max-arg/max-user length)', () => {
    const args = readZeekLog(zeek('ipv4', 'scripts.base.protocols.ftp.ftp-max-arg-length', 'ftp.log'));
    expect(args.rows).toHaveLength(7);
    expect(args.rows[3]!['arg']).toBe('ftp://199.233');
    expect(args.rows[1]!['reply_msg']).toBe('Entering Passive ');
    const users = readZeekLog(zeek('ipv4', 'scripts.base.protocols.ftp.ftp-max-user-length', 'ftp.log'));
    expect(users.rows[0]).toMatchObject({ user: 'anon', password: 'te' });
  });

  it('reads set-valued service columns and extra columns of conn.log', () => {
    const sig = readZeekLog(zeek('ipv4', 'signatures.eval-condition', 'conn.log'));
    expect(sig.rows).toHaveLength(5);
    expect(splitZeekSet(sig, sig.rows[4]!['service']!)).toEqual(['ftp', 'blah']);
    expect(sig.rows[4]!['tunnel_parents']).toBeNull();
    const dpd = readZeekLog(
      zeek('ftp-invalid-reply-code', 'scripts.base.frameworks.analyzer.dpd-logging-configuration', 'conn.log'),
    );
    expect(dpd.rows[0]).toMatchObject({ service: 'ftp,-ftp', failed_service: 'ftp' });
  });

  it('reads files.log of the sliced transfer (zeek/bigtransfer)', () => {
    const log = readZeekLog(zeek('bigtransfer', 'core.tcp.large-file-reassembly', 'files.log'));
    expect(log.path).toBe('files');
    expect(log.rows.map((r) => [r['id.resp_p'], r['seen_bytes'], r['missing_bytes']])).toEqual([
      ['63988', '270', '0'],
      ['37150', '23822', '5416642848'],
    ]);
  });

  it('reads <init>, <unknown> and <hidden> as plain values', () => {
    const tls = readZeekLog(zeek('ftp-auth-tls', 'scripts.base.protocols.ftp.ftp-auth-tls', 'ftp.log'));
    expect(tls.rows[0]).toMatchObject({ user: '<unknown>', command: '<init>', reply_msg: '(vsFTPd 3.0.5)' });
    const hidden = readZeekLog(
      zeek('ftp-password-pass-command', 'scripts.base.protocols.ftp.ftp-password-pass-command-hidden', 'ftp.log'),
    );
    expect(hidden.rows[1]).toMatchObject({ command: 'PASS', arg: '<hidden>', password: '<hidden>' });
  });
});

describe('parseSuricataChecks (hand-written input)', () => {
  it('reads filters with count, match and requires, and keeps other checks', () => {
    const c = parseSuricataChecks(
      [
        'requires:',
        '  min-version: 7',
        'checks:',
        '  - filter:',
        '      count: 2',
        '      match:',
        '        event_type: ftp',
        '        ftp.completion_code: ["150", "226"]',
        '  - shell:',
        '      args: true',
      ].join('\n'),
    );
    expect(c.filters).toEqual([
      { index: 0, count: 2, match: { event_type: 'ftp', 'ftp.completion_code': ['150', '226'] }, requires: null },
    ]);
    expect(c.otherChecks).toEqual([{ index: 1, kind: 'shell', body: { args: true } }]);
    expect(c.requires).toEqual({ 'min-version': 7 });
    expect(c.pcap).toBeNull();
  });

  it('refuses a filter without a whole-number count', () => {
    expect(() => parseSuricataChecks('checks:\n  - filter:\n      match: {event_type: ftp}\n', 't.yaml')).toThrow(
      SuricataYamlError,
    );
    expect(() => parseSuricataChecks('checks:\n  - filter:\n      count: 1.5\n', 't.yaml')).toThrow(/count/);
  });
});

describe.skipIf(!available)('readSuricataTest on the Suricata tests', () => {
  it('reads ftp-epsv: EPSV with dynamic_port 58612, and a version-gated anomaly check', () => {
    const t = readSuricataTest(suricata('ftp-epsv'), suricata());
    expect(t.filters).toHaveLength(2);
    expect(t.filters[0]).toEqual({
      index: 0,
      count: 1,
      match: { event_type: 'ftp', 'ftp.command': 'EPSV', 'ftp.dynamic_port': 58612 },
      requires: null,
    });
    expect(t.filters[1]!.requires).toEqual({ 'min-version': 8 });
    expect(t.filters[1]!.count).toBe(0);
    expect(t.capture).toBe(suricata('ftp-epsv', 'input.pcap'));
    expect(t.captureFrom).toBe('default');
  });

  it('reads output-eve-ftp: command counts, list-valued codes and replies', () => {
    const t = readSuricataTest(suricata('output-eve-ftp'), suricata());
    expect(t.filters).toHaveLength(9);
    expect(t.filters[0]).toMatchObject({ count: 8, match: { event_type: 'ftp' } });
    expect(t.filters.find((f) => f.match['ftp.command'] === 'PORT')!.count).toBe(2);
    expect(t.filters[7]!.match).toEqual({
      event_type: 'ftp',
      'ftp.command': 'PASS',
      'ftp.command_data': 'anonymous',
      'ftp.reply': ['Login successful.'],
      'ftp.completion_code': ['230'],
    });
    expect(t.filters[8]!.match['ftp.reply']).toEqual(['Here comes the directory listing.', 'Directory send OK.']);
  });

  it('falls back to the capture this copy keeps when the declared one is missing', () => {
    const t = readSuricataTest(suricata('output-eve-ftp'), suricata());
    expect(t.pcap).toBe('../bug-3519/input.pcap');
    expect(t.captureFrom).toBe('fallback');
    expect(t.capture).toBe(suricata('output-eve-ftp', 'input.pcap'));
    expect(t.captureNote).toMatch(/bug-3519\/input\.pcap is not in this copy/);
    const nested = readSuricataTest(suricata('output-eve-ftp', 'bug-3519'), suricata());
    expect(nested.capture).toBe(suricata('output-eve-ftp', 'input.pcap'));
    expect(nested.filters[0]!.match).toEqual({ event_type: 'stats', 'stats.ftp.memuse': 0 });
  });

  it('reads rules, args and the ftp_data check of ftp-download-passive', () => {
    const t = readSuricataTest(suricata('ftp-download-passive'), suricata());
    expect(t.rules).toBe('../ftp-download-active/test.rules');
    expect(t.args).toEqual(['--runmode=single']);
    expect(t.capture).toBe(suricata('ftp-download-passive', 'input.pcap'));
    expect(t.captureFrom).toBe('declared');
    expect(t.filters.at(-1)!.match).toEqual({
      event_type: 'ftp_data',
      src_ip: '172.23.0.3',
      dest_ip: '172.23.0.2',
      'ftp_data.command': 'RETR',
      'ftp_data.filename': 'index.html',
    });
  });

  it('finds every test.yaml, nested ones included', () => {
    const names = findSuricataTests(suricata()).map((t) => path.relative(suricata(), t.dir));
    expect(names).toEqual([
      'ftp-download-active',
      'ftp-download-passive',
      'ftp-epsv',
      'ftp-upload-active',
      'ftp-upload-passive',
      'output-eve-ftp',
      path.join('output-eve-ftp', 'bug-3519'),
    ]);
  });
});

describe('expectation helpers', () => {
  it("compares wire arguments with Zeek's ftp:// paths", () => {
    expect(argMatchesZeekPath('robots.txt', '/./robots.txt')).toBe(true);
    expect(argMatchesZeekPath('robots.txt', '/robots.txt')).toBe(true);
    expect(
      argMatchesZeekPath('libssh-0.5.2.tar.gz', '/pub/FreeBSD/ports/local-distfiles/avl/libssh-0.5.2.tar.gz'),
    ).toBe(true);
    expect(argMatchesZeekPath('/mirror/internic/rfc/rfc1001.txt', '/mirror/internic/rfc/rfc1001.txt')).toBe(true);
    expect(argMatchesZeekPath(null, '/.')).toBe(true);
    expect(argMatchesZeekPath('obots.txt', '/./robots.txt')).toBe(false);
    expect(argMatchesZeekPath('other.txt', '/./robots.txt')).toBe(false);
    expect(argMatchesZeekPath(null, '/./robots.txt')).toBe(false);
  });

  it('splits Zeek URLs and names the file in them', () => {
    expect(splitZeekUrl('ftp://[2001:470:4867:99::21]/robots.txt')).toEqual({
      host: '[2001:470:4867:99::21]',
      path: '/robots.txt',
    });
    expect(splitZeekUrl('ftp://127.0.0.1/.')).toEqual({ host: '127.0.0.1', path: '/.' });
    expect(zeekPathToFileName('/./robots.txt')).toBe('robots.txt');
    expect(zeekPathToFileName('/mirror/internic/rfc/rfc1001.txt')).toBe('rfc1001.txt');
    expect(zeekPathToFileName('/.')).toBeNull();
  });

  it('normalises IPv6 addresses to the compressed lower-case form', () => {
    expect(normalizeIp('2001:0470:4867:0099:0000:0000:0000:0021')).toBe('2001:470:4867:99::21');
    expect(normalizeIp('172.23.0.2')).toBe('172.23.0.2');
  });

  it('translates Suricata filters by event type and flags what it cannot translate', () => {
    const f = (match: Record<string, unknown>, count = 1) =>
      translateSuricataFilter({ index: 0, count, match, requires: null }, 's');
    expect(f({ event_type: 'ftp' }, 8).kind).toBe('ftp-event-total');
    expect(f({ event_type: 'ftp', 'ftp.command': 'EPSV', 'ftp.dynamic_port': 58612 })).toMatchObject({
      kind: 'ftp-command',
      command: 'EPSV',
      dynamicPort: 58612,
    });
    expect(f({ event_type: 'ftp', 'ftp.completion_code': ['230'] })).toMatchObject({ completionCodes: [230] });
    expect(f({ event_type: 'alert', 'alert.signature_id': 10 }).kind).toBe('not-compared');
    expect(f({ event_type: 'ftp', 'ftp.reply_received': 'yes' }).kind).toBe('unhandled');
    expect(f({ event_type: 'tls' }).kind).toBe('unhandled');
  });
});

describe('loadPeerTraces without the shared folder', () => {
  it('returns no traces, so the peer suite can skip', () => {
    expect(loadPeerTraces(path.join(peerRoot, 'no-such-folder'))).toEqual([]);
  });
});

describe.skipIf(!available)('loadPeerTraces', () => {
  const traces = available ? loadPeerTraces() : [];
  const byId = (id: string): PeerTrace => {
    const t = traces.find((x) => x.id === id);
    if (!t) throw new Error(`no trace ${id}`);
    return t;
  };

  it('finds the 21 traces, each with notes from a tshark reading', () => {
    expect(traces).toHaveLength(21);
    expect(traces.map((t) => t.id)).toEqual(NOTED_TRACES);
    for (const t of traces) expect(t.sessions.length, t.id).toBe(1);
  });

  it('derives zeek/ipv4 rows, data channels and byte counts', () => {
    const t = byId('zeek/ipv4');
    const rows = t.zeekRows.filter((r) => r.baseline === 'scripts.base.protocols.ftp.ftp-ipv4');
    expect(rows).toHaveLength(6);
    expect(rows[0]!.dataChannel).toEqual({
      passive: true,
      origH: '141.142.220.235',
      respH: '199.233.217.249',
      respP: 56666,
    });
    expect(rows[2]!.arg).toEqual({
      kind: 'zeek-url',
      url: 'ftp://199.233.217.249/./robots.txt',
      path: '/./robots.txt',
      fileName: 'robots.txt',
    });
    expect(rows[2]!.fileSize).toBe(77);
    expect(t.logins).toHaveLength(1);
    expect(t.logins[0]!.user).toEqual({ kind: 'exact', value: 'anonymous' });
    expect(t.logins[0]!.password).toEqual({ kind: 'exact', value: 'test' });
    // Active mode: the server connected from 61920/61918, not from port 20.
    expect(t.dataConnections.map((d) => [d.src.port, d.dst.port, d.transfer])).toEqual([
      [37604, 56666, { required: true, bytes: [342], why: null }],
      [59378, 56667, { required: true, bytes: [77], why: null }],
      [61920, 33582, { required: true, bytes: [342], why: null }],
      [61918, 37835, { required: true, bytes: [77], why: null }],
    ]);
    expect(t.zeekDefaultCommandCounts.map((c) => c.baseline)).toEqual([
      'scripts.base.protocols.ftp.ftp-ipv4',
      'scripts.base.protocols.ftp.ftp-max-user-length',
    ]);
  });

  it('compares truncated Zeek values as prefixes only', () => {
    const rows = byId('zeek/ipv4').zeekRows.filter((r) => r.baseline.endsWith('ftp-max-arg-length'));
    expect(rows.find((r) => r.command === 'RETR')!.arg.kind).toBe('url-prefix');
    expect(rows.find((r) => r.command === 'PORT')!.arg).toMatchObject({ kind: 'prefix', value: '141,142,220,2' });
  });

  it('encodes where a faithful analyzer disagrees with Zeek on purpose', () => {
    const multiline = byId('zeek/ipv6-multiline-reply').zeekRows.filter((r) => r.command === 'RETR');
    expect(multiline).toHaveLength(2);
    for (const r of multiline) {
      expect(r.reply.peer.code).toBe(221);
      expect(r.reply.codes).toEqual([550]);
      expect(r.reply.differs).toMatch(/unsolicited/);
    }
    const invalid = byId('zeek/ftp-invalid-reply-code').zeekRows.find((r) => r.command === 'PASV')!;
    expect(invalid.reply).toMatchObject({ codes: [null, 99], frame: 16, peer: { code: 230, msg: 'PASS OK' } });
    const hidden = byId('zeek/ftp-invalid-reply-code').logins[0]!;
    expect(hidden.password.kind).toBe('present');
  });

  it('accepts either count for the sliced bigtransfer RETR', () => {
    const d = byId('zeek/bigtransfer').dataConnections.find((x) => x.dst.port === 37150)!;
    expect(d.transfer).toMatchObject({ required: true, bytes: [23822, 5416666670] });
  });

  it('translates every Suricata check, none left unhandled', () => {
    const all = traces.flatMap((t) => t.suricata);
    expect(all.filter((s) => s.kind === 'unhandled')).toEqual([]);
    const epsv = byId('suricata/ftp-epsv').suricata[0]!;
    expect(epsv).toMatchObject({ kind: 'ftp-command', command: 'EPSV', dynamicPort: 58612, count: 1 });
    const eve = byId('suricata/output-eve-ftp').suricata;
    expect(eve.map((s) => s.kind)).toEqual([
      'ftp-event-total',
      ...Array<string>(8).fill('ftp-command'),
      'not-compared',
    ]);
  });
});
