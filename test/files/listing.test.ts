// Listing lines read into entries: Unix ls -l, DOS/IIS, MLSD facts, NLST names.
import { describe, expect, it } from 'vitest';
import { listingText, parseDosLine, parseListing, parseMlsdLine, parseUnixLine } from '../../src/files/listing.js';

describe('parseUnixLine', () => {
  it('reads a file line as pyftpdlib writes it', () => {
    expect(parseUnixLine('-rw-r--r--   1 root     root        12000 Nov 30 14:18 active.dat')).toEqual({
      name: 'active.dat',
      type: 'file',
      size: 12000,
      modified: 'Nov 30 14:18',
      permissions: '-rw-r--r--',
      owner: 'root',
      group: 'root',
      target: null,
      format: 'unix',
    });
  });

  it('reads a directory with a year, a name with spaces, and a symbolic link with its target', () => {
    expect(parseUnixLine('drwxr-xr-x    2 ftp      ftp          4096 Jan 15  2024 my docs')).toMatchObject({
      name: 'my docs',
      type: 'dir',
      modified: 'Jan 15 2024',
    });
    expect(parseUnixLine('lrwxrwxrwx 1 0 0 11 Mar  3 09:05 latest -> release-1.2')).toMatchObject({
      name: 'latest',
      type: 'link',
      target: 'release-1.2',
      size: 11,
    });
  });

  it('reads a line without a group column (some servers leave it out)', () => {
    expect(parseUnixLine('-rw-r--r--   1 owner   3072 Jan 15 12:00 readme.txt')).toMatchObject({
      name: 'readme.txt',
      owner: 'owner',
      group: null,
      size: 3072,
    });
  });

  it('refuses what is not an ls -l line', () => {
    expect(parseUnixLine('total 12')).toBeNull();
    expect(parseUnixLine('readme.txt')).toBeNull();
  });
});

describe('parseDosLine', () => {
  it('reads IIS files and directories', () => {
    expect(parseDosLine('01-15-24  12:00PM       <DIR>          inetpub')).toMatchObject({
      name: 'inetpub',
      type: 'dir',
      size: null,
      modified: '01-15-24 12:00PM',
      format: 'dos',
    });
    expect(parseDosLine('2024-01-15  09:30         1048576 setup files.zip')).toMatchObject({
      name: 'setup files.zip',
      type: 'file',
      size: 1048576,
    });
  });
});

describe('parseMlsdLine', () => {
  it('reads the facts pyftpdlib sends, case-blind, and the name after the space', () => {
    expect(
      parseMlsdLine('modify=20261130141815;perm=radfwMT;size=1560;type=file;unique=fe00g20c324; text.txt'),
    ).toEqual({
      name: 'text.txt',
      type: 'file',
      size: 1560,
      modified: '20261130141815',
      permissions: 'radfwMT',
      owner: null,
      group: null,
      target: null,
      format: 'mlsd',
    });
    expect(parseMlsdLine('Type=dir;Modify=20240101000000;UNIX.owner=ftp; pub dir')).toMatchObject({
      name: 'pub dir',
      type: 'dir',
      owner: 'ftp',
    });
  });

  it('leaves out the current and parent directory lines', () => {
    expect(parseMlsdLine('type=cdir;modify=20240101000000; /pub')).toBeNull();
    expect(parseMlsdLine('type=pdir;modify=20240101000000; /')).toBeNull();
  });
});

describe('parseListing', () => {
  it('reads LIST in whichever style each line has, skips "total", keeps an unknown line as a name', () => {
    const text = 'total 8\r\n-rw-r--r-- 1 a b 5 Jan 1 2024 x.txt\r\n01-15-24  12:00PM  <DIR>  d\r\nodd line\r\n';
    const entries = parseListing('LIST', text);
    expect(entries.map((e) => [e.name, e.format])).toEqual([
      ['x.txt', 'unix'],
      ['d', 'dos'],
      ['odd line', 'names'],
    ]);
  });

  it('reads NLST as names and MLSD as facts', () => {
    expect(parseListing('NLST', 'a.dat\r\nb.dat\r\n').map((e) => [e.name, e.type])).toEqual([
      ['a.dat', null],
      ['b.dat', null],
    ]);
    expect(parseListing('MLSD', 'type=cdir; .\r\ntype=file;size=3; f\r\n').map((e) => [e.name, e.size])).toEqual([
      ['f', 3],
    ]);
  });

  it('decodes UTF-8 names, and bytes that are not UTF-8 as Latin-1', () => {
    expect(listingText(Buffer.from('отчёт.txt\r\n'))).toBe('отчёт.txt\r\n');
    expect(listingText(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe('café');
  });
});
