// Runs a program under a small shell watchdog that ends it when ftp-report's end of a pipe closes, so that dumpcap
// and tshark never outlive ftp-report, however it ended (even SIGKILL, which leaves ftp-report no time to act).

/**
 * The watchdog: runs its arguments as a child and ends it (SIGTERM, which dumpcap takes as "stop and finish the file")
 * as soon as standard input ends. ftp-report holds the other end of that pipe and nothing else does (Node opens its
 * pipes close-on-exec), so the pipe ends when ftp-report closes it on purpose or when ftp-report exits or is killed.
 * SIGINT, SIGTERM and SIGHUP sent to the watchdog are passed on the same way. It exits with the child's status (a
 * child killed by a signal: 128 + its number). Plain POSIX sh, so it runs wherever dumpcap and tshark do.
 */
const WATCHDOG = [
  'exec 3<&0 </dev/null',
  '"$@" 3<&- &',
  'p=$!',
  "trap 'kill -TERM $p 2>/dev/null' INT TERM HUP",
  '{ cat <&3 >/dev/null; kill -TERM $p 2>/dev/null; } &',
  'exec 3<&-',
  'while :; do wait $p; rc=$?; kill -0 $p 2>/dev/null || break; done',
  'exit $rc',
].join('\n');

/** The shell that runs the watchdog. */
export const WATCHDOG_SHELL = '/bin/sh';

/** The shell's arguments that run `program args…` under the watchdog (its standard input must be a pipe kept open). */
export function watchdogArgs(program: string, args: string[]): string[] {
  return ['-c', WATCHDOG, 'ftp-report-watchdog', program, ...args];
}
