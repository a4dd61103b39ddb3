// The commander program: options, help text with examples, and which view to print.

import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { TOOL_VERSION, runReport, tsharkCommand } from '../api.js';
import { FtpReportError } from '../errors.js';
import { renderTransfersCsv } from '../reports/csv.js';
import { renderJson } from '../reports/json.js';
import { renderMarkdown } from '../reports/markdown.js';
import { renderSummary } from '../reports/summary.js';
import { shellQuote } from '../driver/tshark.js';

const EXAMPLES = `
Examples:
  ftp-report capture.pcapng                 short summary of every FTP session
  ftp-report capture.pcapng --md > report.md
  ftp-report capture.pcapng --json | jq '.sessions[].transfers[] | {command, mode, bytes}'
  ftp-report capture.pcap.gz --csv > transfers.csv
  ftp-report capture.pcapng --ftp-port 2121 --json
  tshark -r capture.pcapng -T ek ... | ftp-report --ek - --json
  ftp-report capture.pcapng --print-tshark-command

Exit codes:
  0 report written    2 usage error           3 capture not found or unreadable
  4 not a capture     5 tshark missing/old    6 tshark failed mid-way
  7 output not written                        70 internal error
`;

function parsePort(value: string, previous: number[] = []): number[] {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError(`"${value}" is not a TCP port (1-65535)`);
  return [...previous, n];
}

interface CliOptions {
  json?: boolean;
  csv?: boolean;
  md?: boolean;
  csvRaw?: boolean;
  ek?: string;
  ftpPort?: number[];
  printTsharkCommand?: boolean;
  output?: string;
  progress?: boolean;
}

/** What the program asks the caller to do with its streams. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTty: boolean;
}

export function buildProgram(io: CliIo): Command {
  const program = new Command();
  program
    .name('ftp-report')
    .description('Rebuild every FTP session of a packet capture: commands and replies, logins, active/passive data connections, bytes and timing.')
    .version(TOOL_VERSION, '-V, --version')
    .argument('[capture]', 'pcap or pcapng capture, optionally .gz')
    .addOption(new Option('--json', 'print the JSON report (schema version 1)').conflicts(['csv', 'md']))
    .addOption(new Option('--csv', 'print the transfers table as CSV').conflicts(['json', 'md']))
    .addOption(new Option('--md', 'print a Markdown report').conflicts(['json', 'csv']))
    .option('--csv-raw', 'do not neutralise CSV cells that start with = + - @ (spreadsheet formulas)')
    .option('--ek <file>', 'read a saved `tshark -T ek` stream instead of a capture ("-" for stdin)')
    .option('--ftp-port <port>', 'also treat this TCP port as FTP control (repeatable; 21 always is)', parsePort)
    .option('--print-tshark-command', 'print the tshark command ftp-report runs, then exit')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--no-progress', 'no progress lines on stderr')
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run ftp-report --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .action(async (capture: string | undefined, opts: CliOptions) => {
      if (capture !== undefined && opts.ek !== undefined) throw new FtpReportError('USAGE', 'give either a capture file or --ek, not both');
      if (capture === undefined && opts.ek === undefined) throw new FtpReportError('USAGE', 'no capture file given (run ftp-report --help for usage)');
      if (opts.printTsharkCommand) {
        const cmd = await tsharkCommand({ capture, ftpPorts: opts.ftpPort });
        io.stdout(`${cmd.map(shellQuote).join(' ')}\n`);
        return;
      }
      const showProgress = opts.progress !== false;
      const report = await runReport({
        capture,
        ek: opts.ek,
        ftpPorts: opts.ftpPort,
        onProgress: showProgress ? (n) => io.stderr(`ftp-report: ${n.toLocaleString('en-US')} packets read\n`) : undefined,
      });
      const text = opts.json
        ? renderJson(report)
        : opts.csv
          ? renderTransfersCsv(report, { raw: opts.csvRaw })
          : opts.md
            ? renderMarkdown(report)
            : renderSummary(report);
      if (opts.output) {
        try {
          await writeFile(opts.output, text);
        } catch (err) {
          throw new FtpReportError('OUTPUT_FAILED', `${opts.output}: cannot be written (${(err as NodeJS.ErrnoException).code ?? 'error'})`, err);
        }
      } else io.stdout(text);
    });
  return program;
}
