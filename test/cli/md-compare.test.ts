// `ftp-report A B --md`: the reports one after the other, then active and passive mode compared across them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintMarkdown, mermaidBlocks } from '../reports/markdown-check.js';
import { runCli } from './run-cli.js';

describe('several captures with --md', () => {
  it('an active and a passive capture end with the comparison section, in the language asked for', () => {
    const r = runCli(['samples/active-list-retr.pcapng', 'samples/passive-list-retr.pcapng', '--md', '--no-progress']);
    expect(r.code).toBe(0);
    const parts = r.stdout.split('\n---\n\n');
    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatch(/^# FTP traffic analysis: samples\/active-list-retr\.pcapng/);
    expect(parts[1]).toMatch(/^# FTP traffic analysis: samples\/passive-list-retr\.pcapng/);
    expect(parts[2]).toMatch(/^# Active and passive mode compared\n/);
    expect(parts[2]).toContain(
      '| samples/active-list-retr.pcapng | S1-T1 | active (PORT) | LIST | server 127.0.0.1:20 → client 127.0.0.1:45145 | after | +108 µs |',
    );
    expect(parts[2]).toMatch(
      /\| samples\/passive-list-retr\.pcapng \| S1-T1 \| passive \(PASV\) \| LIST \| client [^|]+ \| before \| −/,
    );
    for (const part of parts) expect(lintMarkdown(part)).toEqual([]);
    expect(mermaidBlocks(r.stdout)).toHaveLength(2);
    const ru = runCli(['samples/active-list-retr.pcapng', 'samples/passive-list-retr.pcapng', '--md', '--lang', 'ru']);
    expect(ru.stdout).toContain('# Сравнение активного и пассивного режимов');
  });

  it('--out DIR writes the same comparison at the end of report.md', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftp14-'));
    try {
      const r = runCli(['samples/active-list-retr.pcapng', 'samples/passive-list-retr.pcapng', '--out', dir]);
      expect(r.code).toBe(0);
      const md = readFileSync(join(dir, 'report.md'), 'utf8');
      expect(md.split('\n---\n\n').pop()).toMatch(/^# Active and passive mode compared\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('captures of one mode only print their reports', () => {
    const r = runCli(['samples/active-list-retr.pcapng', 'samples/active-retr-125.pcapng', '--md', '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('mode compared');
    expect(r.stdout.split('\n---\n\n')).toHaveLength(2);
  });
});
