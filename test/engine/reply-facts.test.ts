// Facts replies state in text (a size, a directory) are read once, in the engine.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { namedDirectory, statedSize } from '../../src/engine/reply-facts.js';
import { Ftp } from './builder.js';

describe('the directory a 257 reply names', () => {
  it('is its quoted path first, else its first absolute path, else null', () => {
    expect(namedDirectory('PWD', 257, '"/" is the current directory.')).toBe('/');
    expect(namedDirectory('PWD', 257, '"/a b/c" is current')).toBe('/a b/c');
    expect(namedDirectory('XPWD', 257, 'current directory is /pub/x now')).toBe('/pub/x');
    expect(namedDirectory('PWD', 257, '"C:\\ftp" is current')).toBe('C:\\ftp');
    expect(namedDirectory('PWD', 257, 'no path here')).toBeNull();
  });

  it('is only read from 257 replies to directory commands', () => {
    expect(namedDirectory('MKD', 257, '"/new" created')).toBe('/new');
    expect(namedDirectory('PWD', 550, '"/" no')).toBeNull();
    expect(namedDirectory('CWD', 257, '"/x"')).toBeNull();
  });
});

describe('the size a reply states', () => {
  it('is the 213 answer to SIZE and the last number of the 150 to RETR', () => {
    expect(statedSize('SIZE', 213, '3072', null)).toBe(3072);
    expect(
      statedSize('RETR', 226, 'Transfer complete.', 'Opening BINARY mode data connection for file2.txt (77 bytes).'),
    ).toBe(77);
    expect(statedSize('RETR', 226, 'ok', 'File status okay. About to open data connection.')).toBeNull();
    expect(statedSize('SIZE', 550, 'No such file 12', null)).toBeNull();
    expect(statedSize('STOR', 226, 'ok', '150 (5 bytes)')).toBeNull();
  });

  it('reaches the command in the model, with the directory of a PWD', () => {
    const f = new Ftp().banner().cmd('PWD').reply('257 "/pub" is the current directory').cmd('SIZE a').reply('213 42');
    const engine = new Engine({ ftpPorts: [21] });
    for (const r of f.records) engine.push(r);
    const [pwd, size] = engine.finish().sessions[0]!.commands;
    expect(pwd).toMatchObject({ directory: '/pub', statedSize: null });
    expect(size).toMatchObject({ directory: null, statedSize: 42 });
  });
});
