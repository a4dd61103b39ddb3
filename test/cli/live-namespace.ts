// A network namespace of a test's own ("ftp17-…") with its loopback set up as the project's captures are (MTU 1500,
// offloads off), a pyftpdlib server in it, and the process facts the live-capture tests check in /proc.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from './run-cli.js';

/** The system python, which has pyftpdlib (the pyenv one first on PATH does not). */
const PYTHON = '/usr/bin/python3';

export class Namespace {
  readonly name: string;
  private readonly servers: ChildProcess[] = [];
  /** A folder served by the FTP server: hehe.txt (5 bytes) and big.bin (256 KiB). */
  readonly root: string;

  constructor(label: string) {
    this.name = `ftp17-${label}-${process.pid}`;
    this.root = mkdtempSync(join(tmpdir(), 'ftp17-root-'));
    writeFileSync(join(this.root, 'hehe.txt'), 'hehe\n');
    writeFileSync(join(this.root, 'big.bin'), Buffer.alloc(256 * 1024, 0x41));
    chmodSync(this.root, 0o755);
    execFileSync('ip', ['netns', 'add', this.name]);
    this.exec(['ip', 'link', 'set', 'lo', 'up']);
    this.exec(['ip', 'link', 'set', 'lo', 'mtu', '1500']);
    try {
      this.exec(['ethtool', '-K', 'lo', 'tso', 'off', 'gso', 'off', 'gro', 'off']);
    } catch {
      // some offloads cannot be changed on lo: what can be is off
    }
  }

  /** Runs a command in the namespace and returns its stdout. */
  exec(args: string[], timeout = 30_000): string {
    return execFileSync('ip', ['netns', 'exec', this.name, ...args], { encoding: 'utf8', timeout });
  }

  /** Starts ftp-report in the namespace (ip netns exec execs it: the child is node itself), `env` added to ours. */
  ftpReport(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
    return spawn('ip', ['netns', 'exec', this.name, process.execPath, BIN, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
  }

  /** Starts pyftpdlib on 127.0.0.1:21 with user demo/demo123 (who may upload) and waits until it listens. */
  async startFtpServer(): Promise<void> {
    const server = spawn(
      'ip',
      [
        'netns',
        'exec',
        this.name,
        PYTHON,
        join(ROOT, 'scripts/samples/ftpserver.py'),
        '--host',
        '127.0.0.1',
        '--root',
        this.root,
        '--user',
        'demo:demo123',
        '--writable',
      ],
      { stdio: 'ignore' },
    );
    this.servers.push(server);
    for (let i = 0; i < 200; i += 1) {
      if (this.exec(['ss', '-Hltn', 'sport = :21']).trim() !== '') return;
      await sleep(50);
    }
    throw new Error('pyftpdlib did not start listening on port 21');
  }

  destroy(): void {
    for (const s of this.servers) s.kill('SIGKILL');
    try {
      execFileSync('ip', ['netns', 'del', this.name]);
    } catch {
      // already gone
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Collects a child's output as it comes. */
export function collect(child: ChildProcess): { stdout: () => string; stderr: () => string; exit: Promise<Exit> } {
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (t: string) => (out += t));
  child.stderr?.setEncoding('utf8').on('data', (t: string) => (err += t));
  const exit = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { stdout: () => out, stderr: () => err, exit };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Waits until `test()` holds (polling), or fails after `ms`. */
export async function waitFor(test: () => boolean, ms: number, what: string): Promise<void> {
  for (let waited = 0; !test(); waited += 50) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A process as /proc tells it: its id, name and start time (so a reused id is not taken for it). */
export interface ProcInfo {
  pid: number;
  comm: string;
  start: string;
}

function procStat(pid: number): { ppid: number; comm: string; start: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const rest = text.slice(close + 2).split(' ');
    // after the name: state(0) ppid(1) … starttime is field 22 of the whole line, 19 after the name
    return { ppid: Number(rest[1]), comm, start: rest[19]! };
  } catch {
    return null;
  }
}

/** Every process descended from `pid` now. */
export function descendants(pid: number): ProcInfo[] {
  const all = readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map((n) => ({ pid: Number(n), stat: procStat(Number(n)) }))
    .filter((p) => p.stat !== null);
  const found: ProcInfo[] = [];
  const parents = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!parents.has(p.pid) && parents.has(p.stat!.ppid)) {
        parents.add(p.pid);
        found.push({ pid: p.pid, comm: p.stat!.comm, start: p.stat!.start });
        grew = true;
      }
    }
  }
  return found;
}

/** The ones of `procs` still running (the same process: same id and start time; zombies count as gone). */
export function stillRunning(procs: ProcInfo[]): ProcInfo[] {
  return procs.filter((p) => {
    const now = procStat(p.pid);
    if (now === null || now.start !== p.start) return false;
    try {
      return !/^State:\s+Z/m.test(readFileSync(`/proc/${p.pid}/status`, 'utf8'));
    } catch {
      return false;
    }
  });
}

/** Makes a folder for test output. */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ftp17-out-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}
