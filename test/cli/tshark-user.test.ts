// Least privilege: run as root, ftp-report never lets tshark parse a capture as root. While the built command reads a
// synthesized capture, every tshark child it starts is watched in /proc: its user, groups and open files.
import { spawn } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeCapture } from '../../src/synth/synthesize.js';
import { BIN, expectOneLineError, ROOT, runCli } from './run-cli.js';

const ROOT_USER = process.getuid?.() === 0;
const SAMPLE = join(ROOT, 'samples', 'passive-list-retr.pcapng');

/** What /proc said of one tshark child at one moment. */
interface Sight {
  pid: number;
  /** Real, effective, saved and file-system uid. */
  uids: number[];
  gids: number[];
  groups: string;
  args: string[];
  /** Where its open file descriptors lead. */
  files: string[];
  /** The names of its environment variables. */
  env: string[];
  /** Files mapped into its memory from Wireshark's plugin folders. */
  plugins: string[];
}

/** Every tshark process whose parent is `parent`, as /proc shows it now (processes gone meanwhile are left out). */
function tsharkChildren(parent: number): Sight[] {
  const seen: Sight[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const field = (key: string) => new RegExp(`^${key}:[ \\t]*(.*)$`, 'm').exec(status)?.[1] ?? '';
      if (field('Name') !== 'tshark' || Number(field('PPid')) !== parent) continue;
      const fdDir = `/proc/${name}/fd`;
      seen.push({
        pid: Number(name),
        uids: field('Uid').split(/\s+/).map(Number),
        gids: field('Gid').split(/\s+/).map(Number),
        groups: field('Groups').trim(),
        args: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean),
        files: readdirSync(fdDir).flatMap((fd) => {
          try {
            return [readlinkSync(join(fdDir, fd))];
          } catch {
            return [];
          }
        }),
        env: readFileSync(`/proc/${name}/environ`, 'utf8')
          .split('\0')
          .filter(Boolean)
          .map((kv) => kv.slice(0, kv.indexOf('='))),
        plugins: readFileSync(`/proc/${name}/maps`, 'utf8')
          .split('\n')
          .filter((l) => /\/wireshark\/plugins\//.test(l)),
      });
    } catch {
      // the process ended while being read
    }
  }
  return seen;
}

/** Runs the built command, looking at its tshark children every few milliseconds until it ends. */
async function watchRun(args: string[]): Promise<{ code: number | null; stdout: string; sights: Sight[] }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.resume();
  let code: number | null | undefined;
  const closed = new Promise<void>((resolve) =>
    child.on('close', (c) => {
      code = c;
      resolve();
    }),
  );
  const sights: Sight[] = [];
  while (code === undefined) {
    sights.push(...tsharkChildren(child.pid!));
    await new Promise((r) => setTimeout(r, 5));
  }
  await closed;
  return { code, stdout: Buffer.concat(out).toString('utf8'), sights };
}

const nobody = { uid: -1, gid: -1 };
if (ROOT_USER) {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === 'nobody') Object.assign(nobody, { uid: Number(uid), gid: Number(gid) });
  }
}

describe.skipIf(!ROOT_USER)('run as root, ftp-report runs tshark as nobody (skipped: these tests need root)', () => {
  // Only root can enter this folder: nobody reads the capture through ftp-report's pipe or not at all.
  const dir = mkdtempSync(join(tmpdir(), 'ftp-report-user-'));
  const capture = join(dir, 'big.pcapng');
  const gzipped = join(dir, 'big.pcapng.gz');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // about a second of tshark with --dissect-all on a 2-core machine
    await synthesizeCapture({ size: 30 * 2 ** 20, sessions: 2, seed: 'tshark-user' }, capture);
    await pipeline(createReadStream(capture), createGzip({ level: 1 }), createWriteStream(gzipped));
  });

  it('has a user nobody to run tshark as', () => {
    expect(nobody.uid).toBeGreaterThan(0);
  });

  it.each([
    ['the default path with packet rows (selected packets)', () => [capture, '--packet-rows']],
    ['--dissect-all', () => [capture, '--dissect-all']],
    ['a gzip capture', () => [gzipped]],
  ])('%s: every tshark child runs as nobody, with no groups, reading only the pipe', async (_name, args) => {
    const run = await watchRun([...args(), '--json', '--no-progress']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).sessions).toHaveLength(2);
    const readers = run.sights.filter((s) => s.args.includes('-r'));
    expect(readers.length, 'tshark seen reading the capture').toBeGreaterThan(0);
    for (const s of run.sights) {
      expect(s.uids, `uids of tshark ${s.pid}`).toEqual([nobody.uid, nobody.uid, nobody.uid, nobody.uid]);
      expect(s.gids, `gids of tshark ${s.pid}`).toEqual([nobody.gid, nobody.gid, nobody.gid, nobody.gid]);
      expect(s.groups, `supplementary groups of tshark ${s.pid}`).toBe('');
      expect(s.files.filter((f) => f.startsWith(dir))).toEqual([]);
    }
    for (const s of readers) {
      expect(s.plugins, `plugins mapped by tshark ${s.pid}`).toEqual([]);
      // nothing of root's environment but PATH, locale and time zone (a secret in an environment variable stays)
      const env = s.env.filter((k) => !/^(PATH|TZ|LANG|LC_.*)$/.test(k)).sort();
      expect(env).toEqual(['HOME', 'WIRESHARK_EXTCAP_DIR', 'WIRESHARK_PLUGIN_DIR', 'XDG_CONFIG_HOME']);
    }
    for (const s of readers) expect(s.args[s.args.indexOf('-r') + 1]).toMatch(/\/ftp-report-[^/]+\/packets$/);
    // once started, it has the pipe open
    expect(readers.some((s) => s.files.includes(s.args[s.args.indexOf('-r') + 1]!))).toBe(true);
  });

  it('the lean path (no packet rows): no tshark is started on this plain capture, not even tshark --version', async () => {
    const run = await watchRun([capture, '--json', '--no-progress']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.sessions).toHaveLength(2);
    expect(report.capture.tsharkVersion).toBeNull();
    expect(run.sights).toEqual([]);
  });

  it('a tshark nobody cannot run: exit 5 before the capture is read, also on the lean path', () => {
    const closed = join(dir, 'closed-bin');
    mkdirSync(closed, { mode: 0o700 });
    const fake = join(closed, 'tshark');
    writeFileSync(fake, '#!/bin/sh\nexec /usr/bin/tshark "$@"\n', { mode: 0o755 });
    for (const extra of [[], ['--json']]) {
      const r = runCli([SAMPLE, ...extra], { env: { FTP_REPORT_TSHARK: fake } });
      expect(r.code, extra.join(' ')).toBe(5);
      expect(expectOneLineError(r)).toBe(
        `ftp-report: ${fake} cannot be run as user nobody (EACCES): ` +
          'put tshark where that user can run it, or name another user with --tshark-user',
      );
    }
    // root may run it
    expect(runCli([SAMPLE, '--json', '--tshark-user', 'root'], { env: { FTP_REPORT_TSHARK: fake } }).code).toBe(0);
  });

  it.each([
    ['--dissect-all', [SAMPLE, '--dissect-all']],
    ['a gzip capture', [join(ROOT, 'test', 'fixtures', 'grade', 'upload-stor.cap.gz')]],
  ])('%s: the report is the one tshark gives run as root on the file itself', (_name, args) => {
    const asNobody = runCli([...args, '--json']);
    const asRoot = runCli([...args, '--json', '--tshark-user', 'root']);
    expect(asNobody.code, asNobody.stderr).toBe(0);
    expect(asNobody.stdout).toBe(asRoot.stdout);
  });

  it('--print-tshark-command says who tshark runs as, on a comment line above the command', () => {
    // with packet rows (Markdown), on a capture big enough for the selection to pay
    const r = runCli([capture, '--md', '--print-tshark-command']);
    expect(r.code).toBe(0);
    const [note, command, ...rest] = r.stdout.split('\n');
    expect(note).toBe(
      `# as user nobody (uid ${nobody.uid}, gid ${nobody.gid}, no supplementary groups), without Wireshark's ` +
        'plugins; ' +
        `-r - is a pipe ftp-report writes the packets of ${capture} it selects into`,
    );
    expect(command).toMatch(/^tshark -r - -n -T ek -l /);
    expect(command).toContain('-e _ws.col.Info');
    expect(rest).toEqual(['']);
    const all = runCli([SAMPLE, '--print-tshark-command', '--dissect-all']).stdout.split('\n');
    expect(all[0]).toMatch(new RegExp(`-r - is a pipe ftp-report writes ${SAMPLE} unchanged into$`));
    expect(all[1]).toMatch(/^tshark -r - -n -T ek -d /);
  });

  it('--tshark-user root keeps tshark root, reading the file itself (no comment line)', () => {
    const r = runCli([SAMPLE, '--print-tshark-command', '--dissect-all', '--tshark-user', 'root']);
    expect(r.stdout).toMatch(new RegExp(`^tshark -r ${SAMPLE} -n -T ek -d [^\\n]*\\n$`));
  });

  it('a TMPDIR nobody cannot enter (the pipe would be out of its reach): usage, exit 2, naming the folder', () => {
    const closed = join(dir, 'closed-tmp');
    mkdirSync(closed, { mode: 0o700 });
    const r = runCli([SAMPLE], { env: { TMPDIR: closed } });
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe(
      `ftp-report: tshark runs as user nobody, who cannot enter ${closed} to read its input pipe there: ` +
        'set TMPDIR to a folder every user can enter, such as /tmp',
    );
    expect(readdirSync(closed)).toEqual([]);
  });

  it('a --tshark-user that does not exist: usage, exit 2, before tshark runs', () => {
    const r = runCli([SAMPLE, '--tshark-user', 'no-such-user-here']);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe('ftp-report: --tshark-user "no-such-user-here": no such user');
    const g = runCli(['grade', SAMPLE, '--tshark-user', 'no-such-user-here']);
    expect(g.code).toBe(2);
    expect(expectOneLineError(g)).toBe('ftp-report: --tshark-user "no-such-user-here": no such user');
  });
});

describe.skipIf(ROOT_USER)('run as an ordinary user (skipped: the tests run as root)', () => {
  it('tshark runs as that user: --tshark-user naming another is a usage error', () => {
    const r = runCli([SAMPLE, '--tshark-user', 'root']);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(/--tshark-user root: only root can run tshark as another user/);
  });

  it('--print-tshark-command prints the command alone, reading the file itself with --dissect-all', () => {
    const r = runCli([SAMPLE, '--print-tshark-command', '--dissect-all']);
    expect(r.stdout).toMatch(new RegExp(`^tshark -r ${SAMPLE} -n -T ek [^\\n]*\\n$`));
  });
});
