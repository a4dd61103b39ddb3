// --files and --extract DIR as a user runs them: the folder, index.csv, files.log with --out, and the bad uses.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLineError, ROOT, runCli } from './run-cli.js';

const IPV4 = join(ROOT, 'test/fixtures/files/files-ipv4.pcapng');
const DISORDER = join(ROOT, 'test/fixtures/files/files-disorder.pcapng');
const dir = mkdtempSync(join(tmpdir(), 'ftp18-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--extract DIR', () => {
  it('writes every file, listing and index.csv, and prints the report as asked', () => {
    const out = join(dir, 'one');
    const r = runCli([IPV4, '--extract', out, '--json', '--no-progress']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const transfers = report.sessions[0].transfers;
    expect(readdirSync(out).sort()).toEqual(
      [...transfers.map((t: { file: { extractedAs: string } }) => t.file.extractedAs), 'index.csv'].sort(),
    );
    expect(readFileSync(join(out, 'index.csv'), 'utf8').split('\n')[0]).toMatch(/^file,session,transfer,/);
  });

  it('puts each of several captures in its own folder', () => {
    const out = join(dir, 'two');
    const r = runCli([IPV4, DISORDER, '--extract', out, '--no-progress']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['1-files-ipv4.pcapng', '2-files-disorder.pcapng']);
    expect(readdirSync(join(out, '2-files-disorder.pcapng')).sort()).toEqual([
      'S1-T1-bulk.dat',
      'S1-T2-bulk-up.dat',
      'index.csv',
    ]);
  });

  it('a folder that cannot be made: exit 7, one line, before anything is read', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const r = runCli([IPV4, '--extract', join(file, 'sub'), '--no-progress']);
    expect(r.code).toBe(7);
    expect(expectOneLineError(r)).toMatch(/plain-file\/sub: cannot be created as a directory \(ENOTDIR\)/);
  });
});

describe('--files', () => {
  it('with --out writes files.csv and files.log beside ftp.log', () => {
    const out = join(dir, 'out');
    const r = runCli([IPV4, '--files', '--out', out, '--no-progress']);
    expect(r.code).toBe(0);
    const names = readdirSync(out);
    expect(names).toContain('files.log');
    expect(names).toContain('files.csv');
    const log = readFileSync(join(out, 'files.log'), 'utf8');
    expect(log).toContain('#path\tfiles');
    expect(log).toContain('68fadca6d57b00ff112ea268c12287ad9e09190cd8adfef7a5f78bbdd8f2ede2');
  });

  it('--csv files prints the table', () => {
    const r = runCli([IPV4, '--files', '--csv', 'files', '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.includes(',RETR,bin.dat,'))).toHaveLength(1);
  });

  it('with a capture on standard input, or with -i, is a usage error (exit 2): the capture is read twice', () => {
    const stdin = runCli(['-', '--files'], { input: readFileSync(IPV4) });
    expect(stdin.code).toBe(2);
    expect(expectOneLineError(stdin)).toMatch(/--files and --extract read the capture a second time/);
    const live = runCli(['-i', 'lo', '--extract', join(dir, 'live')]);
    expect(live.code).toBe(2);
    expect(expectOneLineError(live)).toMatch(/--files and --extract read a capture file: with -i/);
  });

  it('with --ek is a usage error (exit 2): a saved EK stream has no payload', () => {
    const r = runCli(['--ek', join(ROOT, 'test/fixtures/zeek-ipv4.ek.jsonl'), '--files']);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(/--files and --extract read payload from a capture file/);
  });
});
