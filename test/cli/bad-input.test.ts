import { mkdtempSync, writeFileSync, readFileSync, chmodSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { assertContract } from '../contract.js';
import { expectOneLineError, runCli, ROOT } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = join(ROOT, 'samples', 'passive-list-retr.pcapng');

describe('bad input gets one line and a documented exit code', () => {
  it('a file that does not exist: exit 3', () => {
    const r = runCli([join(dir, 'nope.pcapng')]);
    expect(r.code).toBe(3);
    expect(expectOneLineError(r)).toMatch(/no such file/);
  });

  it('a directory: exit 3', () => {
    const r = runCli([dir]);
    expect(r.code).toBe(3);
    expect(expectOneLineError(r)).toMatch(/is a directory/);
  });

  it('an empty file: exit 4', () => {
    const f = join(dir, 'empty.pcap');
    writeFileSync(f, '');
    const r = runCli([f]);
    expect(r.code).toBe(4);
    expect(expectOneLineError(r)).toMatch(/empty/);
  });

  it('a text file (which tshark 4.0 would read as MP4 and exit 0): exit 4', () => {
    const f = join(dir, 'notes.txt');
    writeFileSync(f, 'this is not a capture\n'.repeat(20));
    const r = runCli([f]);
    expect(r.code).toBe(4);
    expect(expectOneLineError(r)).toMatch(/not a pcap or pcapng capture/);
  });

  it('a gzip file that does not hold a capture: exit 4', () => {
    const f = join(dir, 'text.gz');
    writeFileSync(f, gzipSync(Buffer.from('hello world\n'.repeat(100))));
    const r = runCli([f]);
    expect(r.code).toBe(4);
    expect(expectOneLineError(r)).toMatch(/gzip-compressed but does not hold/);
  });

  it('a truncated capture: the report of what was read is marked partial, exit 4', () => {
    const whole = readFileSync(SAMPLE);
    const f = join(dir, 'cut.pcapng');
    writeFileSync(f, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = runCli([f, '--json']);
    expect(r.code).toBe(4);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /tshark stopped before the end \(.*cut short.*\); the report above is PARTIAL: it covers the first \d+ packets only/,
    );
    const report = JSON.parse(r.stdout);
    assertContract(report);
    expect(report.capture.complete).toBe(false);
    expect(report.warnings[0]).toMatch(/^PARTIAL REPORT: tshark stopped after \d+ packets/);
    // the RETR whose data the cut removed is not claimed complete
    expect(report.sessions[0].transfers.map((t: { status: string }) => t.status)).toContain('incomplete');
  });

  it('a capture cut inside its first packet: no packet read, so no report, exit 4', () => {
    const whole = readFileSync(SAMPLE);
    const f = join(dir, 'cut-first.pcapng');
    // section header (192 bytes) and interface block (88), then 20 bytes of the first packet block
    writeFileSync(f, whole.subarray(0, 192 + 88 + 20));
    const r = runCli([f, '--json']);
    expect(r.code).toBe(4);
    expect(expectOneLineError(r)).toBe(
      `ftp-report: ${f}: tshark could not read it (The file "${f}" appears to have been cut short in the middle ` +
        'of a packet.); no packet was read, so no report is made',
    );
  });

  it('an unreadable file: exit 3', () => {
    if (process.getuid?.() === 0) return; // root reads everything; the check is for ordinary users
    const f = join(dir, 'secret.pcap');
    writeFileSync(f, readFileSync(SAMPLE));
    chmodSync(f, 0o000);
    const r = runCli([f]);
    expect(r.code).toBe(3);
    expectOneLineError(r);
  });

  it('no capture at all: usage, exit 2', () => {
    const r = runCli([]);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(/no capture file given/);
  });

  it('an unknown option: usage, exit 2', () => {
    const r = runCli(['--frobnicate', SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown option/);
  });

  it('an invalid --ftp-port: usage, exit 2', () => {
    const r = runCli([SAMPLE, '--ftp-port', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a TCP port/);
  });

  it('an EK file that is not EK: exit 4', () => {
    const f = join(dir, 'bad.ek');
    writeFileSync(f, 'not json at all\n{"also": "not a packet"}\n');
    const r = runCli(['--ek', f]);
    expect(r.code).toBe(4);
    expect(expectOneLineError(r)).toMatch(/no tshark -T ek packet records/);
  });

  it('an output file that cannot be written: exit 7', () => {
    const sub = join(dir, 'ro');
    mkdirSync(sub);
    const r = runCli([SAMPLE, '--json', '-o', join(sub, 'missing-dir', 'out.json')]);
    expect(r.code).toBe(7);
    expect(expectOneLineError(r)).toMatch(/cannot be written/);
  });
});

describe('tshark problems (a fake tshark first on PATH)', () => {
  // Run as root, ftp-report runs tshark (here the fake) as nobody, who must be able to reach it.
  chmodSync(dir, 0o711);
  const fakeBin = join(dir, 'fakebin');
  mkdirSync(fakeBin, { mode: 0o755 });
  const fake = (name: string, script: string) => {
    const d = join(fakeBin, name);
    mkdirSync(d);
    writeFileSync(join(d, 'tshark'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(d, 'tshark'), 0o755);
    return { PATH: `${d}:/usr/bin:/bin` };
  };

  it('tshark missing: names the package, exit 5', () => {
    const emptyDir = join(fakeBin, 'empty');
    mkdirSync(emptyDir);
    const r = runCli([SAMPLE], { env: { PATH: emptyDir } });
    expect(r.code).toBe(5);
    expect(expectOneLineError(r)).toMatch(/apt-get install tshark/);
  });

  it('tshark too old: exit 5', () => {
    const env = fake('old', 'echo "TShark (Wireshark) 2.6.20 (Git v2.6.20)"');
    // an output with packet rows, which always starts tshark (without them: below)
    const r = runCli([SAMPLE, '--md'], { env });
    expect(r.code).toBe(5);
    expect(expectOneLineError(r)).toMatch(/too old/);
  });

  // The real tshark, cut off after its first 20 records and then killed, both when ftp-report pipes it the
  // selected packets (kept for this small capture, which the default gives tshark whole) and when tshark reads the
  // whole capture itself (--dissect-all).
  const killedAfter20 = fake(
    'killed',
    `if [ "$1" = "--version" ]; then exec /usr/bin/tshark --version; fi\n/usr/bin/tshark "$@" | head -n 40\nkill -9 $$`,
  );
  it.each([[[]], [['--dissect-all']]])(
    'tshark killed mid-stream: the report says it is partial, exit 6 (%j)',
    (extra: string[]) => {
      // with packet rows, so that tshark is given every control packet (without rows it is given none of them)
      const env = { ...killedAfter20, FTP_REPORT_FORCE_SELECTION: '1' };
      const r = runCli([SAMPLE, '--json', '--packet-rows', ...extra], { env });
      expect(r.code).toBe(6);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /tshark stopped before the end \(killed by SIGKILL\); the report above is PARTIAL: it covers the first 20 packets only/,
      );
      const report = JSON.parse(r.stdout);
      assertContract(report);
      expect(report.capture).toMatchObject({ complete: false, packets: 20 });
      expect(report.warnings[0]).toMatch(/^PARTIAL REPORT/);
      expect(report.sessions[0].commands.map((c: { command: string }) => c.command)).toContain('USER');
    },
  );

  it('tshark killed before any packet: no report, exit 6', () => {
    const env = fake(
      'killed-early',
      `if [ "$1" = "--version" ]; then echo "TShark (Wireshark) 4.0.17 (Git v4.0.17)"; exit 0; fi\nkill -9 $$`,
    );
    // with packet rows tshark is given the control packets (the lean path would not start it: see below)
    const r = runCli([SAMPLE, '--json', '--packet-rows'], { env });
    expect(r.code).toBe(6);
    expect(expectOneLineError(r)).toMatch(/no packet was read, so no report is made/);
  });

  it('without packet rows tshark is never started on a plain capture: the same tshark does not stop the report', () => {
    const env = fake(
      'killed-if-started',
      `if [ "$1" = "--version" ]; then echo "TShark (Wireshark) 4.0.17 (Git v4.0.17)"; exit 0; fi\nkill -9 $$`,
    );
    const r = runCli([SAMPLE, '--json'], { env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).sessions.length).toBeGreaterThan(0);
  });

  // Without packet rows a run may never start tshark: before the capture is read it only checks that tshark is there
  // and runnable (starting it, even for --version, costs as much memory as ftp-report's whole run), and checks its
  // version and Lua when it needs it.
  it('tshark missing, without packet rows too: names the package, exit 5, nothing on stdout', () => {
    const emptyDir = join(fakeBin, 'empty-lean');
    mkdirSync(emptyDir);
    const r = runCli([SAMPLE, '--json'], { env: { PATH: emptyDir } });
    expect(r.code).toBe(5);
    expect(expectOneLineError(r)).toMatch(/^ftp-report: tshark not found: .*apt-get install tshark/);
  });

  const NONSTANDARD = join(ROOT, 'test/fixtures/robustness/nonstandard-ports.pcapng');
  it('tshark too old, without packet rows: a capture ftp-report reads whole needs no tshark; one it needs: exit 5', () => {
    const env = fake('old-lean', 'echo "TShark (Wireshark) 2.6.20 (Git v2.6.20)"');
    const plain = runCli([SAMPLE, '--json'], { env });
    expect(plain.code, plain.stderr).toBe(0);
    const report = JSON.parse(plain.stdout);
    assertContract(report);
    // no tshark read a packet: the report names none
    expect(report.capture.tsharkVersion).toBeNull();
    expect(report.sessions.length).toBeGreaterThan(0);
    // FTP on ports nobody named: its payload goes to tshark (the Lua script judges it), so tshark is checked then
    const needed = runCli([NONSTANDARD, '--json'], { env });
    expect(needed.code).toBe(5);
    expect(expectOneLineError(needed)).toBe('ftp-report: tshark 2.6.20 is too old: ftp-report needs 3.6 or newer');
  });

  it('a tshark without Lua, started part-way by a run without packet rows: the report of a tshark with Lua', () => {
    const env = fake(
      'no-lua',
      'if [ "$1" = "--version" ]; then /usr/bin/tshark --version | sed "s/with Lua/without Lua/"; exit 0; fi\n' +
        'exec /usr/bin/tshark "$@"',
    );
    const withLua = runCli([NONSTANDARD, '--json']);
    const noLua = runCli([NONSTANDARD, '--json'], { env });
    expect(noLua.code, noLua.stderr).toBe(0);
    expect(JSON.parse(noLua.stdout).capture.tsharkVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(noLua.stdout).toBe(withLua.stdout);
  });
});
