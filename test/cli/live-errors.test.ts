// Live capture that cannot start: one line saying why (and how to fix it), a documented exit code, no child left.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Namespace } from './live-namespace.js';
import { BIN, type CliResult, expectOneLineError, ROOT, runCli } from './run-cli.js';

const asRoot = process.getuid?.() === 0;

describe('live-capture options without a capture', () => {
  it('-f, --duration, --packets and -w need -i: exit 2', () => {
    for (const args of [
      ['-f', 'tcp'],
      ['--duration', '3'],
      ['--packets', '9'],
      ['-w', 'x.pcapng'],
    ]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(expectOneLineError(r)).toBe(`ftp-report: ${args[0]} applies to live capture: add -i INTERFACE`);
    }
  });

  it('-i with a capture file: exit 2', () => {
    const r = runCli(['-i', 'lo', 'samples/upload-stor.pcapng']);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(/give either -i INTERFACE or capture files/);
  });

  it('bad --duration and --packets values: exit 2', () => {
    expect(runCli(['-i', 'lo', '--duration', '0']).code).toBe(2);
    expect(runCli(['-i', 'lo', '--packets', 'many']).code).toBe(2);
  });

  it("--print-tshark-command with -i prints dumpcap's command and tshark's, which reads the pipe line by line", () => {
    for (const extra of [[], ['--dissect-all']]) {
      const r = runCli(['-i', 'lo', '-f', 'port 21', '--print-tshark-command', ...extra]);
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(/^# as you, under a watchdog/);
      expect(lines[1]).toBe("dumpcap -i lo -f 'port 21' -w - -q");
      expect(lines[2]).toMatch(/^# .*-r - is a pipe ftp-report writes/);
      expect(lines[3]).toMatch(/^\S*tshark -r - -n -l -T ek |^\S*tshark -r - -n -T ek -l /);
    }
  });

  it('dumpcap missing: exit 5, one line saying what to install', () => {
    const r = runCli(['-i', 'lo', '--duration', '1'], { env: { FTP_REPORT_DUMPCAP: '/nonexistent/dumpcap' } });
    expect(r.code).toBe(5);
    expect(expectOneLineError(r)).toMatch(/dumpcap not found: live capture needs Wireshark's dumpcap/);
  });
});

describe.skipIf(!asRoot)('live capture refused (needs root to make a namespace)', () => {
  let ns: Namespace;
  beforeAll(() => {
    ns = new Namespace('err');
  });
  afterAll(() => ns?.destroy());

  /** ftp-report in the namespace, optionally as another user. */
  function inNs(args: string[], as: string[] = []): CliResult {
    const r = spawnSync('ip', ['netns', 'exec', ns.name, ...as, process.execPath, BIN, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('-D lists the interfaces, one a line', () => {
    const r = inNs(['-D']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\. lo \(Loopback\)$/m);
  });

  it('an unknown interface: exit 2, the valid ones listed', () => {
    const r = inNs(['-i', 'nosuch0', '--duration', '1']);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(/^ftp-report: -i nosuch0: no such interface \(interfaces: .*\blo\b.*\)$/);
  });

  it("a capture filter with a syntax error: exit 2, dumpcap's message on one line", () => {
    const r = inNs(['-i', 'lo', '-f', 'tcp port', '--duration', '1']);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe(
      `ftp-report: -f: Invalid capture filter "tcp port" for interface 'lo'. ` +
        "That string isn't a valid capture filter (can't parse filter expression: syntax error).",
    );
  });

  it('no right to capture (an ordinary user, dumpcap without capabilities): exit 9, how to fix it', () => {
    const r = inNs(
      ['-i', 'lo', '--duration', '1'],
      ['setpriv', '--reuid', 'nobody', '--regid', 'nogroup', '--clear-groups'],
    );
    expect(r.code).toBe(9);
    expect(expectOneLineError(r)).toMatch(
      /^ftp-report: cannot capture on lo: permission denied \(.*\)\. Run ftp-report as root, or give dumpcap the right to capture: sudo setcap cap_net_raw,cap_net_admin=eip /,
    );
  });

  it('tshark failing at once: exit 6, one line, the capture stopped and no child left (live and from a file)', () => {
    // a tshark that answers --version as the real one does, and fails at once when asked to read
    const bin = mkdtempSync(join(tmpdir(), 'ftp17-fake-'));
    try {
      chmodSync(bin, 0o755);
      const fake = join(bin, 'tshark');
      writeFileSync(
        fake,
        '#!/bin/sh\n[ "$1" = --version ] && exec tshark --version\necho "tshark: broken" >&2\nexit 2\n',
      );
      chmodSync(fake, 0o755);
      const live = inNs(['-i', 'lo', '--json', '--no-progress'], ['env', `FTP_REPORT_TSHARK=${fake}`]);
      expect(live.code).toBe(6);
      expect(expectOneLineError(live)).toBe(
        'ftp-report: live:lo: tshark could not read it (broken); no packet was read, so no report is made',
      );
      // from a file with a report that shows packets (a lean run would never start tshark on this plain capture)
      const file = inNs([join(ROOT, 'samples/upload-stor.pcapng'), '--md'], ['env', `FTP_REPORT_TSHARK=${fake}`]);
      expect(file.code).toBe(6);
      expect(expectOneLineError(file)).toMatch(/tshark could not read it \(broken\)/);
      const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
      expect(left).not.toContain(fake);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('-w to a folder that does not exist: exit 7 before anything is captured', () => {
    const r = inNs(['-i', 'lo', '--duration', '1', '-w', '/nonexistent/dir/x.pcapng']);
    expect(r.code).toBe(7);
    expect(expectOneLineError(r)).toBe('ftp-report: /nonexistent/dir/x.pcapng: cannot be written (ENOENT)');
  });

  it('an empty capture: a report with no session, exit 0', () => {
    const r = inNs(['-i', 'lo', '--duration', '1', '--json', '--no-progress']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.capture).toMatchObject({ file: 'live:lo', format: 'pcapng', packets: 0, complete: true });
    expect(report.sessions).toEqual([]);
  });
});
