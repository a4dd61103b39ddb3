// The command's temporary folders as a user meets them: a TMPDIR that cannot hold them is one line and exit 2 (for
// every output that makes one: tshark's folder, the --json spool, --files' inflated capture), as root and as another
// user; and a run ended by SIGINT, SIGTERM, SIGHUP or a closed stdout leaves none behind, exiting 128 + the signal.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type CliResult, expectOneLineError, ROOT, runCli } from './run-cli.js';

const asRoot = process.getuid?.() === 0;
const SAMPLE = join(ROOT, 'samples/active-retr-125.pcapng');
const FILES = join(ROOT, 'test/fixtures/files/files-ipv4.pcapng');
const EK = join(ROOT, 'test/fixtures/zeek-ipv4.ek.jsonl');

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-tmp-test-'));
// another user (nobody) must reach the captures and temporary folders made in here
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GZ = join(dir, 'files-ipv4.pcapng.gz');
writeFileSync(GZ, gzipSync(readFileSync(FILES)));
chmodSync(GZ, 0o644);

let folders = 0;
/** A fresh, empty folder to be TMPDIR. */
function freshTmp(mode = 0o755): string {
  folders += 1;
  const d = join(dir, `tmp-${folders}`);
  mkdirSync(d);
  chmodSync(d, mode);
  return d;
}

const MISSING = join(dir, 'no-such-folder');
const missingLine =
  `ftp-report: the temporary folder ${MISSING} (TMPDIR) does not exist: ` +
  'set TMPDIR to a folder you can write, such as /tmp';

/** Every output that reaches a temporary folder, as root: the options (and the capture, when not the sample). */
const OUTPUTS: [string, string[]][] = [
  ['--md (tshark folder)', [SAMPLE, '--md']],
  ['--csv packets (tshark folder)', [SAMPLE, '--csv', 'packets']],
  ['the summary (tshark folder)', [SAMPLE]],
  ['--json (tshark folder, then its spool)', [SAMPLE, '--json']],
  ['--json -o FILE', [SAMPLE, '--json', '-o', join(dir, 'never.json')]],
  ['--files --json', [SAMPLE, '--files', '--json']],
  ['--extract DIR --md', [FILES, '--extract', join(dir, 'extract-never'), '--md']],
  ['--files of a gzip capture', [GZ, '--files', '--json']],
  ['--ek FILE --json (the spool only)', ['--ek', EK, '--json']],
  ['grade', ['grade', SAMPLE]],
];

describe('a TMPDIR that does not exist: one line naming it, exit 2, nothing on stdout', () => {
  it.each(OUTPUTS)('%s', (_name, args) => {
    const r = runCli([...args, '--no-progress'], { env: { TMPDIR: MISSING } });
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe(missingLine);
  });

  it('--json with stdout a file: the file stays empty', () => {
    const out = join(dir, 'stdout.json');
    const fd = openSync(out, 'w');
    const r = spawnSync(process.execPath, [BIN, SAMPLE, '--json'], {
      env: { ...process.env, TMPDIR: MISSING },
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
    });
    closeSync(fd);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${missingLine}\n`);
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  it('a TMPDIR that is a file: the same, saying so', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const r = runCli([SAMPLE, '--md'], { env: { TMPDIR: file } });
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe(
      `ftp-report: the temporary folder ${file} (TMPDIR) is not a folder: ` +
        'set TMPDIR to a folder you can write, such as /tmp',
    );
  });

  it('a good TMPDIR, given relative: the same report as given whole, and nothing left in it', () => {
    const tmp = freshTmp();
    const whole = runCli([SAMPLE, '--md'], { env: { TMPDIR: tmp } });
    const r = spawnSync(process.execPath, [BIN, SAMPLE, '--md'], {
      cwd: dir,
      env: { ...process.env, TMPDIR: tmp.slice(dir.length + 1) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(whole.code).toBe(0);
    expect(r.stdout).toBe(whole.stdout);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe.skipIf(!asRoot)('as another user (nobody; needs root to switch)', () => {
  let home: string;
  beforeAll(() => {
    home = join(dir, 'home-nobody');
    mkdirSync(home);
    const { uid, gid } = idsOf('nobody');
    chownSync(home, uid, gid);
  });

  function asNobody(args: string[], tmp: string): CliResult {
    const r = spawnSync(
      'setpriv',
      ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, ...args, '--no-progress'],
      { env: { ...process.env, HOME: home, TMPDIR: tmp }, encoding: 'utf8', timeout: 60_000 },
    );
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  // Run as nobody, tshark reads these captures itself (no folder of its own): the folder made is the output's
  const THEIRS: [string, string[]][] = [
    ['--files of a gzip capture (its inflated copy)', [GZ, '--files', '--json']],
    ['--ek FILE --json (the spool)', ['--ek', EK, '--json']],
    ['--json of a capture (the lean run makes tshark a folder at once)', [SAMPLE, '--json']],
  ];

  it.each(THEIRS)('a TMPDIR that does not exist: %s', (_name, args) => {
    const r = asNobody(args, MISSING);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe(missingLine);
  });

  it.each(THEIRS)('a TMPDIR the user cannot write: %s', (_name, args) => {
    const closed = freshTmp(0o755);
    const r = asNobody(args, closed);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toBe(
      `ftp-report: the temporary folder ${closed} (TMPDIR) cannot be written (EACCES): ` +
        'set TMPDIR to a folder you can write, such as /tmp',
    );
  });

  it('a good TMPDIR: the report, and nothing left in it', () => {
    const tmp = freshTmp(0o777);
    const r = asNobody([GZ, '--files', '--json'], tmp);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).sessions[0].transfers[0].file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

function idsOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));
  return { uid, gid };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits, polling every 10 ms, until `test()` holds; fails after `ms`. */
async function waitFor(test: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(10);
  }
}

interface Run {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the command with `tmp` as TMPDIR; its stdin a pipe the test holds open (a capture that never ends). */
function start(args: string[], tmp: string): Run {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (err += t));
  child.stdin!.on('error', () => {});
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => err, exit };
}

/** The run's exit, or a failure (and the run killed) after `ms`. */
async function exitWithin(run: Run, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.child.kill('SIGKILL');
      reject(new Error(`the command had not ended ${ms} ms after the signal`));
    }, ms);
  });
  try {
    return await Promise.race([run.exit, late]);
  } finally {
    clearTimeout(timer);
  }
}

const inTmp = (tmp: string, prefix: string) => () => readdirSync(tmp).some((n) => n.startsWith(prefix));

/** The processes whose command line names something in `tmp` (tshark, reading its pipe there), by id. */
function processesUsing(tmp: string): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        return readFileSync(`/proc/${n}/cmdline`, 'utf8').includes(`${tmp}/`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('a signal ends the command: its temporary folders removed, exit 128 + the signal', () => {
  it.each([
    ['SIGINT', 130, ['--md']],
    ['SIGTERM', 143, ['--md']],
    ['SIGHUP', 129, ['--md']],
    ['SIGTERM', 143, ['--json']],
  ] as const)('%s (exit %i), reading a capture on stdin that has not ended, %s', async (sig, code, opts) => {
    const tmp = freshTmp();
    const run = start(['-', ...opts, '--no-progress'], tmp);
    run.child.stdout!.resume();
    // the whole of a capture, and no end: the command waits for more, tshark's folder made
    run.child.stdin!.write(readFileSync(SAMPLE));
    await waitFor(inTmp(tmp, 'ftp-report-'), 30_000, "tshark's folder in TMPDIR");
    run.child.kill(sig);
    const exit = await exitWithin(run, 15_000);
    expect(exit).toEqual({ code, signal: null });
    expect(readdirSync(tmp)).toEqual([]);
    expect(run.stderr()).not.toMatch(/internal error|\n\s+at /);
  });

  it('SIGTERM while tshark starts, before it opens its pipe: tshark is ended too, not left waiting for ever', async () => {
    const tmp = freshTmp();
    const run = start(['-', '--md', '--no-progress'], tmp);
    run.child.stdout!.resume();
    run.child.stdin!.write(readFileSync(SAMPLE));
    try {
      // tshark takes a few hundred milliseconds to load its dissectors before it opens its input
      await waitFor(() => processesUsing(tmp).length > 0, 30_000, 'tshark to start');
      run.child.kill('SIGTERM');
      expect(await exitWithin(run, 15_000)).toEqual({ code: 143, signal: null });
      expect(readdirSync(tmp)).toEqual([]);
      await waitFor(() => processesUsing(tmp).length === 0, 10_000, 'tshark to end').catch(() => {});
      expect(processesUsing(tmp)).toEqual([]);
    } finally {
      for (const pid of processesUsing(tmp)) process.kill(pid, 'SIGKILL');
    }
  });

  describe('on generated captures', () => {
    let big: string;
    let gz: string;
    beforeAll(() => {
      // 2,000 sessions: a --csv packets run of it takes seconds; 80 sessions of 128 KiB transfers, gzip-compressed:
      // --files reads it a second time through an inflated copy in TMPDIR
      big = join(dir, 'big.pcap');
      const synth = join(ROOT, 'scripts/synth-capture');
      const common = ['--transfers', '2', '--mix', 'mixed', '--seed', 't'];
      execFileSync('bash', [synth, '--sessions', '2000', '--transfer-size', '16K', ...common, '--out', big]);
      const plain = join(dir, 'files.pcap');
      execFileSync('bash', [synth, '--sessions', '80', '--transfer-size', '128K', ...common, '--out', plain]);
      gz = `${plain}.gz`;
      writeFileSync(gz, gzipSync(readFileSync(plain), { level: 1 }));
      rmSync(plain);
    }, 60_000);

    it('SIGTERM while --files reads the inflated copy of a gzip capture', async () => {
      const tmp = freshTmp();
      const run = start([gz, '--files', '--json', '--no-progress'], tmp);
      run.child.stdout!.resume();
      await waitFor(inTmp(tmp, 'ftp-report-files-'), 60_000, "--files' folder in TMPDIR");
      run.child.kill('SIGTERM');
      const exit = await exitWithin(run, 15_000);
      expect(exit).toEqual({ code: 143, signal: null });
      expect(readdirSync(tmp)).toEqual([]);
    });

    it('a stdout closed part-way (| head): exit 0, as before, and no folder left', async () => {
      const tmp = freshTmp();
      const run = start([big, '--csv', 'packets', '--no-progress'], tmp);
      let rows = '';
      run.child.stdout!.setEncoding('utf8').on('data', (t: string) => (rows += t));
      await waitFor(() => rows.split('\n').length > 2, 60_000, 'two rows');
      // still running: tshark's folder is there (what a closed stdout used to leave behind)
      expect(inTmp(tmp, 'ftp-report-')()).toBe(true);
      run.child.stdout!.destroy();
      const exit = await exitWithin(run, 30_000);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(rows).toMatch(/^capture,session,kind,frame,/);
      expect(readdirSync(tmp)).toEqual([]);
    });
  });
});
