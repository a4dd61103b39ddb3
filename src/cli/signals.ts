// How the command ends on a signal: SIGINT (Ctrl-C), SIGTERM and SIGHUP remove the temporary folders it made and end it
// with 128 + the signal's number, as a shell reports a command a signal killed. A live capture takes the first one as
// its stop (takeSignals). However the process exits, the folders still there are removed as it does.

import { removeTempFoldersSync } from '../temp-folders.js';

/** The signals that end the command, with their numbers (the same on every Unix). */
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type StopSignal = keyof typeof SIGNAL_NUMBERS;
export const STOP_SIGNALS = Object.keys(SIGNAL_NUMBERS) as StopSignal[];

/** Who takes a signal before it ends the command: returns true when it took it. */
let taker: ((signal: StopSignal) => boolean) | null = null;

function onSignal(signal: StopSignal): void {
  if (taker?.(signal)) return;
  // the 'exit' listener removes the temporary folders
  process.exit(128 + SIGNAL_NUMBERS[signal]);
}

/** Installs the command's handling of signals and exit; once, before the program runs. */
export function handleSignals(): void {
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  // also a process.exit elsewhere (a closed stdout) leaves no folder behind; tshark and the reads still under way
  // lose their pipe and end
  process.on('exit', removeTempFoldersSync);
}

/**
 * Until the function returned is called, a signal goes to `take` first: it returns true to keep the command running
 * (a live capture stops capturing and writes its report), false to let the signal end it as usual.
 */
export function takeSignals(take: (signal: StopSignal) => boolean): () => void {
  taker = take;
  return () => {
    if (taker === take) taker = null;
  };
}
