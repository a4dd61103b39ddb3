// A tshark that starts only when it is given something: on the lean path (no packet rows, no key log) ftp-report
// reads every plain TCP packet itself, and on most captures tshark would be started for nothing but the file header,
// costing its start-up time and its memory (150 MiB, more than ftp-report itself on a long transfer).

import { PassThrough, Writable } from 'node:stream';
import type { TsharkProcess } from './tshark.js';
import { drained } from './tshark-input.js';

type Piped = TsharkProcess & { stdin: Writable };
type Outcome = Awaited<TsharkProcess['done']>;

/** A start that failed is told once, through `done` and `failure`. */
const noop = (): void => {};

/** A tshark process as the run sees it, plus start(); until then what is written to its stdin is held here. */
export interface DeferredTshark extends Piped {
  /** Starts tshark (once) and hands it what was held. */
  start(): void;
  /** tshark was started. */
  readonly started: boolean;
  /** Why it could not be started (then `done` says exit 1, with this message as its stderr); null otherwise. */
  readonly failure: unknown;
}

/**
 * Wraps `spawn` (checking tshark's version, then startTsharkPiped of a prepared folder and pipe) so that tshark starts
 * at start(), or never; `cleanUp` (removing that folder) runs when it never started.
 */
export function deferTshark(spawn: () => Promise<Piped>, cleanUp: () => Promise<void>): DeferredTshark {
  const stdout = new PassThrough();
  let held: Buffer[] = [];
  let real: Promise<Piped> | null = null;
  let settle: (o: Outcome) => void = () => {};
  const done = new Promise<Outcome>((resolve) => (settle = resolve));
  let ended = false;
  let failure: unknown = null;
  /** Never started and ended (or killed): an empty output and a clean exit, as tshark on a header alone gives. */
  const endUnstarted = (): void => {
    if (ended) return;
    ended = true;
    stdout.end();
    void cleanUp().then(() => settle({ exitCode: 0, signal: null, stderr: '' }));
  };
  const start = (): void => {
    if (real || ended) return;
    real = spawn().then((p) => {
      p.stdin.on('error', () => {}); // tshark gone early (a damaged block it stops at): its exit status says why
      p.stdout.pipe(stdout);
      void p.done.then(settle);
      for (const b of held) p.stdin.write(b);
      held = [];
      return p;
    });
    // tshark could not be started (its folder, its pipe): the run ends as when tshark fails at once
    real.catch(async (err: unknown) => {
      failure = err;
      stdout.end();
      await cleanUp();
      settle({ exitCode: 1, signal: null, stderr: (err as Error).message });
    });
  };
  const stdin = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (!real) {
        held.push(chunk);
        cb();
        return;
      }
      void real.then(async (p) => {
        if (!p.stdin.destroyed && !p.stdin.write(chunk)) await drained(p.stdin);
        cb();
      }, cb);
    },
    final(cb) {
      if (!real) {
        endUnstarted();
        cb();
        return;
      }
      void real.then((p) => {
        p.stdin.end();
        cb();
      }, cb);
    },
    destroy(err, cb) {
      if (real) real.then((p) => p.stdin.destroy(), noop);
      else endUnstarted();
      cb(err);
    },
  });
  return {
    stdout,
    stdin,
    done,
    kill: () => {
      if (real) real.then((p) => p.kill(), noop);
      else endUnstarted();
    },
    start,
    get started() {
      return real !== null;
    },
    get failure() {
      return failure;
    },
  };
}
