// --tls-keylog and SSLKEYLOGFILE on the built command: the report reads what TLS hid; a key log that cannot be read
// is one line and exit 3; run as root, tshark (as nobody) reads a key log kept where nobody cannot reach it.
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLineError, ROOT, runCli } from './run-cli.js';

const DIR = join(ROOT, 'test', 'fixtures', 'ftps');
const CAPTURE = join(DIR, 'ftps-curl-prot-p.pcapng');
const KEYS = join(DIR, 'ftps-curl-prot-p.keys');
const ROOT_USER = process.getuid?.() === 0;
/** No SSLKEYLOGFILE from the environment the tests run in. */
const NO_ENV = { SSLKEYLOGFILE: '' };

const tmp = mkdtempSync(join(tmpdir(), 'ftp-report-keylog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The JSON report's one session. */
function session(stdout: string) {
  const report = JSON.parse(stdout);
  expect(report.sessions).toHaveLength(1);
  return report.sessions[0];
}

describe('ftp-report --tls-keylog', () => {
  it('reads the session TLS hid: every command, and the plaintext of the PROT P transfers', () => {
    const r = runCli([CAPTURE, '--json', '--tls-keylog', KEYS], { env: NO_ENV });
    expect(r.code).toBe(0);
    const s = session(r.stdout);
    expect(s.tls.decrypted).toBe(true);
    expect(s.commands.map((c: { command: string }) => c.command)).toContain('RETR');
    expect(s.transfers.map((t: { bytes: number }) => t.bytes)).toEqual([134, 3072]);
  });

  it('takes the key log from SSLKEYLOGFILE when no --tls-keylog is given', () => {
    const r = runCli([CAPTURE, '--json'], { env: { SSLKEYLOGFILE: KEYS } });
    expect(r.code).toBe(0);
    expect(session(r.stdout).tls.decrypted).toBe(true);
  });

  it('without either, the session stays encrypted and no decrypted flag appears', () => {
    const r = runCli([CAPTURE, '--json'], { env: NO_ENV });
    expect(r.code).toBe(0);
    const s = session(r.stdout);
    expect('decrypted' in s.tls).toBe(false);
    expect(s.transfers).toEqual([]);
  });

  it('a missing key log: one line, exit 3, nothing on stdout', () => {
    const missing = join(tmp, 'gone.keys');
    const r = runCli([CAPTURE, '--json', '--tls-keylog', missing], { env: NO_ENV });
    expect(r.code).toBe(3);
    expect(expectOneLineError(r)).toBe(`ftp-report: ${missing}: no such TLS key log`);
  });

  it('a missing key log named by SSLKEYLOGFILE: the line says where the name came from', () => {
    const missing = join(tmp, 'browser.keys');
    const r = runCli([CAPTURE], { env: { SSLKEYLOGFILE: missing } });
    expect(r.code).toBe(3);
    expect(expectOneLineError(r)).toBe(
      `ftp-report: ${missing}: no such TLS key log (named by SSLKEYLOGFILE: unset it, or give --tls-keylog FILE)`,
    );
  });

  it('a directory as key log: one line, exit 3', () => {
    const r = runCli([CAPTURE, '--tls-keylog', tmp], { env: NO_ENV });
    expect(r.code).toBe(3);
    expect(expectOneLineError(r)).toBe(`ftp-report: ${tmp}: is a directory, not a TLS key log`);
  });

  it.skipIf(!ROOT_USER)(
    'run as root: tshark as nobody decrypts with a key log kept in a folder only root enters',
    () => {
      const secret = mkdtempSync(join(tmp, 'private-'));
      chmodSync(secret, 0o700);
      const keys = join(secret, 'keys.log');
      copyFileSync(KEYS, keys);
      chmodSync(keys, 0o600);
      const print = runCli([CAPTURE, '--tls-keylog', keys, '--print-tshark-command'], { env: NO_ENV });
      expect(print.stdout).toMatch(/^# as user nobody/);
      expect(print.stdout.split('\n')[0]).toMatch(new RegExp(`; it reads a copy of ${keys} only it can read$`));
      const r = runCli([CAPTURE, '--json', '--tls-keylog', keys], { env: NO_ENV });
      expect(r.code).toBe(0);
      expect(session(r.stdout).tls.decrypted).toBe(true);
    },
  );
});

describe('ftp-report grade --tls-keylog', () => {
  /** The gradebook's cells of one capture's row, by column. */
  const row = (csv: string): Record<string, string> => {
    const [head, line] = csv.trim().split('\n');
    const cells = line!.split(',');
    return Object.fromEntries(head!.split(',').map((k, i) => [k, cells[i] ?? '']));
  };

  it('grades what the key log shows: the login and the passive transfers behind TLS', () => {
    // a copy without its .keys beside it: grade would take that one as the capture's own key log
    const alone = join(tmp, 'alone.pcapng');
    copyFileSync(CAPTURE, alone);
    const without = row(runCli(['grade', alone, '--no-progress'], { env: NO_ENV }).stdout);
    const r = runCli(['grade', alone, '--no-progress', '--tls-keylog', KEYS], { env: NO_ENV });
    expect(r.code).toBe(0);
    const withKeys = row(r.stdout);
    expect([without.login, without.passive]).toEqual(['fail', 'fail']);
    expect([withKeys.login, withKeys.passive, withKeys['data-moved']]).toEqual(['pass', 'pass', 'pass']);
  });

  it('a missing key log stops the batch before any capture is read: one line, exit 3', () => {
    const missing = join(tmp, 'none.keys');
    const r = runCli(['grade', CAPTURE, '--tls-keylog', missing], { env: NO_ENV });
    expect(r.code).toBe(3);
    expect(expectOneLineError(r)).toBe(`ftp-report: ${missing}: no such TLS key log`);
  });
});
