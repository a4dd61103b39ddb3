// The ftp-report command: runs the program and decides the exit code, in this one place (main.ts loads it).

import { CommanderError } from 'commander';
import { EXIT_CODES, FtpReportError } from '../errors.js';
import { buildProgram } from './program.js';
import { handleSignals } from './signals.js';

/** Writes to stdout, waiting when the pipe is full; a closed pipe (e.g. `| head`) ends quietly. */
function writeOut(text: string): void {
  process.stdout.write(text);
}

handleSignals();

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

async function main(argv: string[]): Promise<number> {
  const program = buildProgram({
    stdout: writeOut,
    stderr: (t) => process.stderr.write(t),
    stderrIsTty: Boolean(process.stderr.isTTY),
  });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version end with exit code 0; the message was already printed
      return err.exitCode === 0 ? 0 : EXIT_CODES.USAGE;
    }
    if (err instanceof FtpReportError) {
      process.stderr.write(`ftp-report: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`ftp-report: internal error: ${message.split('\n')[0]}\n`);
    if (process.env.FTP_REPORT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return EXIT_CODES.INTERNAL;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
