// Names from the wire made into one plain file name inside the extract folder, whatever they hold.
import { describe, expect, it } from 'vitest';
import { extractName, MAX_NAME_BYTES, pathInside, sanitizeName } from '../../src/files/safe-name.js';

describe('sanitizeName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['../', 'data'],
    ['..', 'data'],
    ['.', 'data'],
    ['/etc/shadow', 'shadow'],
    ['C:\\Windows\\win.ini', 'win.ini'],
    ['..\\..\\boot.ini', 'boot.ini'],
    ['a\u0000b.txt', 'a_b.txt'],
    ['\u0000', 'data'],
    ['.bashrc', 'bashrc'],
    ['...hidden...', 'hidden'],
    ['name. ', 'name'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['com1', '_com1'],
    ['LPT9.log', '_LPT9.log'],
    ['console', 'console'],
    ['a b;rm -rf $(x).sh', 'a_b_rm_-rf_x_.sh'],
    ['line\r\nbreak', 'line_break'],
    ['отчёт.pdf', 'отчёт.pdf'],
    ['', 'data'],
  ])('%j becomes %j', (wire, safe) => {
    expect(sanitizeName(wire)).toBe(safe);
  });

  it('gives "data" for a transfer without a name', () => {
    expect(sanitizeName(null)).toBe('data');
  });

  it('cuts a very long name to MAX_NAME_BYTES bytes, keeping its extension and whole characters', () => {
    const long = sanitizeName(`${'a'.repeat(5000)}.tar.gz`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(long.endsWith('.gz')).toBe(true);
    const cyr = sanitizeName('ж'.repeat(300));
    expect(Buffer.byteLength(cyr)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(cyr).toMatch(/^ж+$/);
  });
});

describe('extractName and pathInside', () => {
  it('prefixes the transfer id (session included) and names listings after their verb', () => {
    expect(extractName('S1-T4', 'RETR', '../../bin.dat', false)).toBe('S1-T4-bin.dat');
    expect(extractName('S2-T1', 'LIST', null, true)).toBe('S2-T1-LIST.txt');
    expect(extractName('S2-T3', 'NLST', '/pub/../x', true)).toBe('S2-T3-NLST-x.txt');
  });

  it('joins a plain name to the folder and refuses anything else', () => {
    expect(pathInside('/tmp/out', 'S1-T1-a')).toBe('/tmp/out/S1-T1-a');
    expect(() => pathInside('/tmp/out', '../a')).toThrow();
    expect(() => pathInside('/tmp/out', 'x/y')).toThrow();
    expect(() => pathInside('/tmp/out', '/etc/passwd')).toThrow();
  });
});
