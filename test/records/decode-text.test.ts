// decodeEkText reads tshark's EK lines from their text; every line must decode to exactly what JSON.parse and
// decodeEkLine make of it, or be handed back (null) for that path. Checked on real tshark output and on lines made
// to be awkward: escapes, other keys, other shapes.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeEkLine, decodeEkText } from '../../src/records/decode.js';
import { forEachLine } from '../../src/records/ek-lines.js';

const PORTS = new Set([21]);
const parsed = (line: string, allPayload = false) => {
  try {
    return decodeEkLine(JSON.parse(line), PORTS, allPayload);
  } catch {
    return 'unparsable';
  }
};
const fixtureLines = (name: string) =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean);

/** A packet line as tshark -T ek -e … prints it, with these layers. */
const ekLine = (layers: Record<string, string[]>) => `{"timestamp":"1329843161968","layers":${JSON.stringify(layers)}}`;
const BASE = {
  frame_number: ['7'],
  frame_time_epoch: ['1329843162.024025000'],
  frame_len: ['90'],
  ip_src: ['10.0.0.2'],
  ip_dst: ['10.0.0.1'],
  tcp_stream: ['3'],
  tcp_srcport: ['50003'],
  tcp_dstport: ['21'],
  tcp_flags: ['0x0018'],
  tcp_seq_raw: ['4294967295'],
  tcp_len: ['16'],
  _ws_col_Protocol: ['FTP'],
  _ws_col_Info: ['Request: USER anonymous'],
  ftpr_ctl: ['55:53:45:52:20:61:6e:6f:6e:79:6d:6f:75:73:0d:0a'],
};

describe('decodeEkText', () => {
  it('decodes every line of real EK exports as the parsed path does, reading them all itself', () => {
    for (const name of ['zeek-ipv4.ek.jsonl', 'zeek-ipv4.nolua.ek.jsonl']) {
      const lines = fixtureLines(name);
      expect(lines.length).toBeGreaterThan(180);
      for (const line of lines) {
        for (const allPayload of [false, true]) {
          const got = decodeEkText(line, PORTS, allPayload);
          expect(got, line).not.toBeNull();
          expect(got, line).toEqual(parsed(line, allPayload));
        }
      }
    }
  });

  it("hands a key log's multi-valued fields to the parsed path", () => {
    const lines = fixtureLines('ftps/ftps-curl-prot-p.keylog.ek.jsonl');
    const handed = lines.filter((l) => decodeEkText(l, PORTS) === null);
    expect(handed.length).toBeGreaterThan(0);
    expect(handed.every((l) => l.includes('"ftpr_tlsctl"') || l.includes('"ftpr_plain"'))).toBe(true);
    for (const line of lines) {
      const got = decodeEkText(line, PORTS);
      if (got !== null) expect(got).toEqual(parsed(line));
    }
  });

  it('reads numbers, times and strings as Number, parseInt and JSON do', () => {
    const rec = decodeEkText(ekLine(BASE), PORTS);
    expect(rec).toEqual(parsed(ekLine(BASE)));
    expect(rec).toMatchObject({ frame: 7, epochUs: 1329843162024025, len: 90, info: 'Request: USER anonymous' });
    expect(rec).toMatchObject({ tcp: { flags: 0x18, seq: 4294967295, srcPort: 50003 } });
    const odd: Record<string, string[]>[] = [
      { frame_len: [''] },
      { frame_len: ['1e3'] },
      { frame_len: [' 12'] },
      { frame_len: ['-4'] },
      { tcp_flags: ['0x'] },
      { tcp_flags: ['0x1G'] },
      { tcp_flags: ['0XFF'] },
      { tcp_seq_raw: ['12345678901234567890'] },
      { frame_time_epoch: ['1329843162'] },
      { frame_time_epoch: ['1329843162.5'] },
      { frame_time_epoch: ['1329843162.1234567x'] },
      { frame_time_epoch: ['-1.25'] },
      { frame_time_epoch: ['.25'] },
      { frame_number: ['x'] },
      { tcp_stream: [] },
      { ip_src: [], ipv6_src: ['fe80::1'] },
      { ip_src: ['10.0.0.9', '10.0.0.2'] },
    ];
    for (const change of odd) {
      const line = ekLine({ ...BASE, ...change });
      expect(decodeEkText(line, PORTS) ?? parsed(line), line).toEqual(parsed(line));
    }
  });

  it('unescapes strings with quotes, backslashes and \\u escapes, in values and around them', () => {
    const infos = ['say "hi"', 'C:\\dir\\', '\\', '"', 'tab\there', 'é ü \u0001 \u2028 😀', 'a\\"b', '\\\\'];
    for (const info of infos) {
      const line = ekLine({ ...BASE, _ws_col_Info: [info], _ws_col_Protocol: ['F"TP'] });
      const got = decodeEkText(line, PORTS);
      expect(got, line).not.toBeNull();
      expect(got).toEqual(parsed(line));
      expect((got as { info: string }).info).toBe(info);
    }
  });

  it('skips keys it does not read, wherever they stand, and takes the last of a repeated key', () => {
    const line = ekLine({ zz_other: ['1', 'x"y'], ...BASE, tcp_payload: ['41:42'], 'a\\b': ['c'] });
    expect(decodeEkText(line, PORTS) ?? parsed(line)).toEqual(parsed(line));
    const repeated = ekLine(BASE).replace('"frame_len":["90"]', '"frame_len":["90"],"frame_len":["91"]');
    expect(decodeEkText(repeated, PORTS)).toEqual(parsed(repeated));
    expect((decodeEkText(repeated, PORTS) as { len: number }).len).toBe(91);
  });

  it('gives index lines as index, and hands anything of another shape to the parsed path', () => {
    expect(decodeEkText('{"index":{"_index":"packets-2024-01-15","_type":"doc"}}', PORTS)).toBe('index');
    const others = [
      ekLine(BASE).replace('["90"]', '[90]'),
      ekLine(BASE).replace('["90"]', '"90"'),
      ekLine(BASE).replace('["90"]', '{"a":["90"]}'),
      ekLine(BASE).replace('"timestamp":"1329843161968"', '"timestamp":"1\\"2"'),
      `${ekLine(BASE)} `,
      `${ekLine(BASE)},`,
      ekLine(BASE).slice(0, -5),
      ' {"layers":{}}',
      '{"layers":{"frame_number":["1"]}}',
      '{"timestamp":"1","layers":{}}',
      'not json',
    ];
    for (const line of others) {
      const got = decodeEkText(line, PORTS);
      if (got !== null) expect(got, line).toEqual(parsed(line));
    }
    expect(decodeEkText(ekLine(BASE).replace('["90"]', '[90]'), PORTS)).toBeNull();
    expect(decodeEkText('not json', PORTS)).toBeNull();
    expect(decodeEkText(ekLine(BASE).slice(0, -5), PORTS)).toBeNull();
  });
});

describe('forEachLine', () => {
  const linesOf = async (chunks: (Buffer | string)[]) => {
    const out: string[] = [];
    await forEachLine(Readable.from(chunks, { objectMode: true }), (l) => out.push(l));
    return out;
  };

  it('gives every non-empty line once, CR LF or LF, a last line without its newline too', async () => {
    expect(await linesOf(['a\nb', 'c\r\n\n', 'd\r\ne'])).toEqual(['a', 'bc', 'd', 'e']);
    expect(await linesOf(['', 'x', 'y', '\n'])).toEqual(['xy']);
    expect(await linesOf(['x\r', '\ny\r', '\n', '\r\n'])).toEqual(['x', 'y']);
    expect(await linesOf([])).toEqual([]);
  });

  it('decodes a UTF-8 character split between chunks whole, at every cut', async () => {
    const text = 'première ligne é\nзеркало 😀 end\n{"x":"ü"}';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const got = await linesOf([bytes.subarray(0, cut), bytes.subarray(cut, cut + 3), bytes.subarray(cut + 3)]);
      expect(got, `cut at ${cut}`).toEqual(text.split('\n'));
    }
  });
});
