// PATH arguments: directories searched recursively, globs expanded, duplicates dropped, sorted; names from paths.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyLogBeside } from '../../src/grade/file-facts.js';
import { findCaptures } from '../../src/grade/find-captures.js';
import { expandGlob, segmentRegExp } from '../../src/grade/glob.js';
import { reportNamesOf, studentIdOf } from '../../src/grade/names.js';

let dir: string;
const cwd = process.cwd();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'grade-find-'));
  for (const f of [
    'subs/alice.pcapng',
    'subs/bob.pcap.gz',
    'subs/carol.CAP',
    'subs/notes.txt',
    'subs/.hidden.pcap',
    'subs/late/dave.pcapng',
    'subs/late/deeper/erin.pcapng.gz',
    'other/frank.pcap',
  ]) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'x');
  }
  // a symbolic link back up must not loop
  symlinkSync('..', join(dir, 'subs/late/up'));
  process.chdir(dir);
});

afterAll(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe('glob', () => {
  it('segment patterns: * ? [..] [!..], other characters literal', () => {
    expect(segmentRegExp('*.pcap').test('a.pcap')).toBe(true);
    expect(segmentRegExp('*.pcap').test('a.pcapng')).toBe(false);
    expect(segmentRegExp('s?.cap').test('s1.cap')).toBe(true);
    expect(segmentRegExp('[ab]*').test('bob')).toBe(true);
    expect(segmentRegExp('[!ab]*').test('bob')).toBe(false);
    expect(segmentRegExp('a+(b).c').test('a+(b).c')).toBe(true);
  });

  it('expands * within a directory, ** at any depth, and skips dot files', async () => {
    expect(await expandGlob('subs/*.pcap*')).toEqual(['subs/alice.pcapng', 'subs/bob.pcap.gz']);
    expect(await expandGlob('subs/**/*.pcapng')).toEqual(['subs/alice.pcapng', 'subs/late/dave.pcapng']);
    expect(await expandGlob('*/[a-c]*')).toEqual(['subs/alice.pcapng', 'subs/bob.pcap.gz', 'subs/carol.CAP']);
    expect(await expandGlob('nowhere/*.pcap')).toEqual([]);
  });
});

describe('findCaptures', () => {
  it('lists every file below directories, recursively, not hidden ones, once each, sorted', async () => {
    const found = await findCaptures(['subs', 'subs/alice.pcapng', 'other']);
    expect(found.map((e) => e.path)).toEqual([
      'other/frank.pcap',
      'subs/alice.pcapng',
      'subs/bob.pcap.gz',
      'subs/carol.CAP',
      'subs/late/dave.pcapng',
      'subs/late/deeper/erin.pcapng.gz',
      'subs/notes.txt',
    ]);
  });

  it("a key log beside a capture (same stem) is the capture's, not a row; one without a capture is a row", async () => {
    mkdirSync('keys');
    for (const f of ['keys/gina.pcapng', 'keys/gina.keys', 'keys/hal.pcap.gz', 'keys/hal.KEYLOG', 'keys/ivy.keylog'])
      writeFileSync(f, 'x');
    expect((await findCaptures(['keys'])).map((e) => e.path)).toEqual([
      'keys/gina.pcapng',
      'keys/hal.pcap.gz',
      'keys/ivy.keylog',
    ]);
    expect(await keyLogBeside('keys/gina.pcapng')).toBe('keys/gina.keys');
    expect(await keyLogBeside('keys/hal.pcap.gz')).toBe(null);
    writeFileSync('keys/hal.keylog', 'x');
    expect(await keyLogBeside('keys/hal.pcap.gz')).toBe('keys/hal.keylog');
    expect(await keyLogBeside('keys/ivy.keylog')).toBe(null);
  });

  it('keeps a file named on the command line whatever its extension, and a missing path for its row', async () => {
    expect(await findCaptures(['subs/notes.txt', 'gone.pcap'])).toEqual([
      { path: 'gone.pcap' },
      { path: 'subs/notes.txt' },
    ]);
  });

  it('a glob that matches nothing is a not-found row; one that matches a directory searches it', async () => {
    expect(await findCaptures(['none/*.pcap'])).toEqual([
      { path: 'none/*.pcap', missing: 'no file matches this pattern' },
    ]);
    // subs/late/up links back to subs: followed once, without looping
    expect((await findCaptures(['sub?/lat*'])).map((e) => e.path)).toEqual([
      'subs/late/dave.pcapng',
      'subs/late/deeper/erin.pcapng.gz',
      'subs/late/up/alice.pcapng',
      'subs/late/up/bob.pcap.gz',
      'subs/late/up/carol.CAP',
      'subs/late/up/notes.txt',
    ]);
  });

  it('no capture at all is an error (exit 3)', async () => {
    mkdirSync('empty');
    await expect(findCaptures(['empty'])).rejects.toMatchObject({ code: 'CAPTURE_NOT_FOUND', exitCode: 3 });
  });
});

describe('names', () => {
  it('student id: the file name without its capture extension, or the first group of --id-pattern', () => {
    expect(studentIdOf('subs/alice.pcapng.gz')).toBe('alice');
    // other files: the last extension, then a capture extension
    expect(studentIdOf('subs/bob.pcapng.zip')).toBe('bob');
    expect(studentIdOf('subs/dave.txt')).toBe('dave');
    expect(studentIdOf('subs/erin.tar.gz')).toBe('erin');
    expect(studentIdOf('subs/alice_lab3.pcap', /^([a-z]+)_lab\d/)).toBe('alice');
    expect(studentIdOf('subs/alice_lab3.pcap', /lab\d/)).toBe('lab3');
    expect(studentIdOf('subs/x.pcap', /^([a-z]+)_lab\d/)).toBe('');
    // a pattern with "/" runs on the path, so a directory can name the student
    expect(studentIdOf('class/bob/capture.pcapng', /([^/]+)\/[^/]+$/)).toBe('bob');
  });

  it('report names: the path below the shared directory, "/" as "__", clashes numbered', () => {
    const names = reportNamesOf(['class/alice/lab.pcapng', 'class/bob/lab.pcapng', 'class/bob/LAB.pcapng']);
    expect([...names.values()]).toEqual(['alice__lab.pcapng.md', 'bob__lab.pcapng.md', 'bob__LAB.pcapng-2.md']);
    expect([...reportNamesOf(['one.pcap']).values()]).toEqual(['one.pcap.md']);
  });
});
