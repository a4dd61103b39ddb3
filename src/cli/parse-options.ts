// Option-value parsers shared by the root command and `grade`: each rejects a bad value with commander's usage error.

import { InvalidArgumentError } from 'commander';

/** A TCP port, collected into the list of ports given so far (--ftp-port is repeatable). */
export function parsePort(value: string, previous: number[] = []): number[] {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError(`"${value}" is not a TCP port (1-65535)`);
  return [...previous, n];
}

/** A packet-table row limit (--max-rows): a whole number of at least 8. */
export function parseRows(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 8) throw new InvalidArgumentError(`"${value}" is not a row count of 8 or more`);
  return n;
}
