// `ftp-report help [SUBCOMMAND]`, and the did-you-mean for a subcommand typed wrong (`ftp-report gradee`).

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { FtpReportError } from '../errors.js';
import type { CliIo } from './io.js';
import { closest } from './usage-errors.js';

/** Adds `help [command]`: the help of the program, or of one of its subcommands. */
export function addHelpCommand(program: Command, io: CliIo): void {
  program.helpCommand(false);
  program
    .command('help')
    .description('show the help of ftp-report or of a subcommand (help grade)')
    .argument('[command]', `a subcommand: ${subcommandNames(program).join(', ')}`)
    .action((name: string | undefined) => {
      if (name === undefined) {
        io.stdout(program.helpInformation());
        return;
      }
      const sub = program.commands.find((c) => c.name() === name);
      if (!sub) {
        const guess = closest(name, subcommandNames(program));
        const hint = guess ? ` (did you mean "${guess}"?)` : '';
        throw new FtpReportError(
          'USAGE',
          `help: no subcommand "${name}"${hint}; subcommands: ${subcommandNames(program).join(', ')}`,
        );
      }
      io.stdout(sub.helpInformation());
    });
}

function subcommandNames(program: Command): string[] {
  return program.commands.map((c) => c.name());
}

/**
 * A first argument that is no file but a subcommand typed wrong (`ftp-report gradee`) is a usage error that names
 * the subcommand, not "no such file".
 */
export function checkNotCommandTypo(program: Command, captures: readonly string[]): void {
  const first = captures[0];
  if (first === undefined || first.includes('/') || first.includes('.') || existsSync(first)) return;
  const guess = closest(first, subcommandNames(program));
  if (guess) {
    throw new FtpReportError('USAGE', `${first}: no such file or subcommand (did you mean "ftp-report ${guess}"?)`);
  }
}
