// Media types from a file's first bytes.
import { describe, expect, it } from 'vitest';
import { sniffMime } from '../../src/files/sniff.js';

describe('sniffMime', () => {
  it.each([
    ['89504e470d0a1a0a0000000d49484452', 'image/png'],
    ['ffd8ffe000104a464946', 'image/jpeg'],
    ['255044462d312e370a', 'application/pdf'],
    ['504b030414000000', 'application/zip'],
    ['1f8b0800000000000003', 'application/gzip'],
    ['7f454c4602010100', 'application/x-executable'],
    ['0a0d0d0a1c000000', 'application/x-pcapng'],
  ])('%s is %s', (hex, mime) => {
    expect(sniffMime(Buffer.from(hex, 'hex'))).toBe(mime);
  });

  it('finds tar by its ustar mark at 257', () => {
    const tar = Buffer.alloc(512);
    tar.write('ustar', 257);
    expect(sniffMime(tar)).toBe('application/x-tar');
  });

  it('tells text from binary, and some text formats by their start', () => {
    expect(sniffMime(Buffer.from('hello\r\nworld\r\n'))).toBe('text/plain');
    expect(sniffMime(Buffer.from('привет, мир\n'))).toBe('text/plain');
    expect(sniffMime(Buffer.from('  <!DOCTYPE html><html>'))).toBe('text/html');
    expect(sniffMime(Buffer.from('<?xml version="1.0"?><a/>'))).toBe('application/xml');
    expect(sniffMime(Buffer.from('{"a": 1}'))).toBe('application/json');
    expect(sniffMime(Buffer.from('#!/bin/sh\necho hi\n'))).toBe('text/x-shellscript');
    expect(sniffMime(Buffer.from([0x00, 0x01, 0x02, 0xff]))).toBe('application/octet-stream');
    expect(sniffMime(Buffer.alloc(0))).toBe('application/x-empty');
  });

  it('takes text whose sniffed bytes end inside a UTF-8 character as text', () => {
    const cut = Buffer.from('ж'.repeat(10)).subarray(0, 19);
    expect(sniffMime(cut)).toBe('text/plain');
  });
});
