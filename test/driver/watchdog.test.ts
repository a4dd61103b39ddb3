// The watchdog ends its program when ftp-report's end of the pipe closes: on purpose, or because the process that
// held it was killed (SIGKILL leaves it no time to do anything).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WATCHDOG_SHELL, watchdogArgs } from '../../src/driver/watchdog.js';

const alive = (pid: number): boolean => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

async function until(test: () => boolean, ms = 5000): Promise<boolean> {
  for (let t = 0; t < ms; t += 20) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return test();
}

/** The pid of the program the watchdog started (its first child), once it runs. */
async function childOf(pid: number, comm: string): Promise<number> {
  let found = 0;
  await until(() => {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    found = Number(kids.find((k) => readFileSync(`/proc/${k}/comm`, 'utf8').trim() === comm) ?? 0);
    return found !== 0;
  });
  return found;
}

describe('watchdog', () => {
  it('passes the exit status through', async () => {
    const w = spawn(WATCHDOG_SHELL, watchdogArgs('sh', ['-c', 'exit 3']), { stdio: ['pipe', 'ignore', 'ignore'] });
    const code = await new Promise((r) => w.on('close', r));
    expect(code).toBe(3);
    w.stdin.destroy();
  });

  it('ends the program when its standard input is closed', async () => {
    const w = spawn(WATCHDOG_SHELL, watchdogArgs('sleep', ['60']), { stdio: ['pipe', 'ignore', 'ignore'] });
    const sleeper = await childOf(w.pid!, 'sleep');
    expect(alive(sleeper)).toBe(true);
    w.stdin.end();
    const code = await new Promise((r) => w.on('close', r));
    expect(code).toBe(128 + 15);
    expect(await until(() => !alive(sleeper))).toBe(true);
  });

  it('ends the program when the process holding the pipe is killed with SIGKILL', async () => {
    // a middle process starts the watchdog and reports the program's pid; then it is killed outright
    const script = `
      const { spawn } = require('node:child_process');
      const w = spawn(${JSON.stringify(WATCHDOG_SHELL)}, ${JSON.stringify(watchdogArgs('sleep', ['60']))},
        { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      process.stdout.write(String(w.pid) + '\\n');
      setInterval(() => {}, 1000);`;
    const holder = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    const watchdog = await new Promise<number>((r) => holder.stdout.once('data', (d) => r(Number(String(d).trim()))));
    const sleeper = await childOf(watchdog, 'sleep');
    expect(alive(sleeper)).toBe(true);
    holder.kill('SIGKILL');
    expect(await until(() => !alive(sleeper) && !alive(watchdog))).toBe(true);
  });
});
