// Option-value parsers for the root command and `grade`: each rejects a bad value with commander's usage error.

import { InvalidArgumentError } from 'commander';

/** A TCP port, collected into the list of ports given so far (--ftp-port is repeatable). */
export function parsePort(value: string, previous: number[] = []): number[] {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535)
    throw new InvalidArgumentError(`"${value}" is not a TCP port (1-65535)`);
  return [...previous, n];
}

/** A packet-table row limit (--max-rows): a whole number of at least 8. */
export function parseRows(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 8) throw new InvalidArgumentError(`"${value}" is not a row count of 8 or more`);
  return n;
}

/** grade's -j: captures graded at once, 1 to 256. */
export function parseJobs(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) {
    throw new InvalidArgumentError(`"${value}" is not a number of jobs (1-256)`);
  }
  return n;
}

/** grade's --id-pattern: a regular expression. */
export function parsePattern(value: string): RegExp {
  try {
    return new RegExp(value);
  } catch (err) {
    throw new InvalidArgumentError(`"${value}" is not a regular expression (${(err as Error).message})`);
  }
}

/** A threshold count (--brute-force-failures, --spray-users, --port-scan-ports, --fold-findings): 0 or more. */
export function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 1_000_000) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

/** A time window in seconds (--brute-force-window): more than 0. */
export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a number of seconds`);
  return n;
}
