// The commander program: options, help text with examples, and which view to print.

import { DEFAULT_MAX_ROWS } from '../protocol/defaults.js';
import { parseCount, parsePort, parseRows, parseSeconds } from './parse-options.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  DEFAULT_SOURCE_THRESHOLDS,
  TOOL_VERSION,
  type TsharkRun,
  extractDirFor,
  readReport,
  tsharkRunOf,
} from '../api.js';
import { FtpReportError } from '../errors.js';
import type { Report } from '../model.js';
import { joinMarkdown, joinText, renderBundle, renderJsonOutcomes } from '../reports/bundle.js';
import { CAPTURES_TABLE, type CaptureOutcome } from '../reports/captures.js';
import { renderCapturesCsv, renderCsv } from '../reports/csv.js';
import { DEFAULT_FOLD_MIN } from '../reports/fold.js';
import { SCHEMA_VERSIONS, type SchemaVersion } from '../reports/json.js';
import { renderCapturesJsonl, renderJsonl } from '../reports/jsonl.js';
import { maskSecrets } from '../reports/mask.js';
import { TABLE_NAMES, type TableName, isSessionTable, isTableName } from '../reports/tables.js';
import { renderZeekFtpLog } from '../reports/zeek.js';
import { renderMarkdown } from '../reports/markdown.js';
import { renderSummary } from '../reports/summary.js';
import { en } from '../reports/lab/en.js';
import { renderLadder } from '../reports/lab/ladder.js';
import { CATALOGS, catalogOf } from '../reports/lab/render.js';
import { renderCapturesComparison } from '../reports/lab/compare.js';
import { shellQuote } from '../driver/tshark.js';
import { describeRunAs } from '../driver/tshark-folder.js';
import { addGradeCommand } from './grade-command.js';
import { checkKeylogChoice, chooseKeylog } from './keylog-option.js';
import {
  addLiveOptions,
  captureLive,
  checkLiveOptions,
  type LiveCliOptions,
  printInterfaces,
  printLiveCommands,
  wantsLive,
} from './live-command.js';
import type { CliIo } from './io.js';
import { makeOutputDir, writeOutput } from './write-output.js';
import { type StreamedView, StreamOutput, streamedView } from './stream-views.js';
import { JsonSessions } from './json-sessions.js';
import { addCompletionCommand } from './completion.js';
import { addHelpCommand, checkNotCommandTypo } from './help-command.js';
import { closest, oneLineErrors } from './usage-errors.js';
import { printVersion } from './version.js';

const EXAMPLES = `
Examples:
  ftp-report capture.pcapng                 short summary of every FTP session
  ftp-report capture.pcapng --md > report.md   lab-style report (--lang ru, --no-secrets)
  ftp-report capture.pcapng --ladder           ASCII ladder diagram of each session
  ftp-report capture.pcapng --json | jq '.sessions[].transfers[] | {command, mode, bytes}'
  ftp-report capture.pcap.gz --csv > transfers.csv
  ftp-report capture.pcapng --csv sessions --excel > sessions.csv
  ftp-report a.pcapng b.pcapng --jsonl commands | jq -c 'select(.replyCode >= 500)'
  ftp-report capture.pcapng --zeek > ftp.log      Zeek-format ftp.log (--show-passwords)
  ftp-report capture.pcapng --out report/         every table, report.json, report.md, ftp.log
  ftp-report capture.pcapng --ftp-port 2121 --json
  tshark -r capture.pcapng -T ek ... | ftp-report --ek - --json
  ftp-report capture.pcapng --print-tshark-command
  zcat capture.pcap.gz | ftp-report - --md      a capture on standard input (or a FIFO, <(...))
  sudo ftp-report -i lo --duration 60 --json   live: events on stderr, the report when it stops
  ftp-report capture.pcapng --extract files/ --md   files and listings that crossed the wire, hashed
  ftp-report class/*.pcap* --csv captures      which captures could be read, and why not
  ftp-report help grade                         help of a subcommand

Exit codes:
  0 report written    2 usage error           3 capture not found or unreadable
  4 not a capture     5 tshark missing/old    6 tshark failed mid-way
  7 output not written   8 some captures not read (several named) or not graded   70 internal error
  9 live capture: no right to capture (the message says how to get it)
  (4 and 6 after some packets: the report is printed, marked PARTIAL)
  130, 143, 129 ended by SIGINT (Ctrl-C), SIGTERM, SIGHUP: no report, its temporary folders removed
`;

/** --zeek-commands: "all", "default", or a comma-separated list of verbs ("init" for the greeting). */
function parseZeekCommands(value: string): 'all' | 'default' | string[] {
  const v = value.trim();
  if (v === 'all' || v === 'default') return v;
  const verbs = v
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const bad = verbs.find((x) => !/^([A-Za-z]{2,10}|<?init>?)$/.test(x));
  if (verbs.length === 0 || bad !== undefined) {
    throw new InvalidArgumentError(`"${value}" is not "all", "default" or a comma-separated list of FTP commands`);
  }
  return verbs;
}

/**
 * The table an optional-value option (--csv [table], --jsonl [table]) names. A value that is no table but an
 * existing file is a capture commander took as the option's value (`ftp-report --csv x.pcap`): it goes back
 * to the captures and the default table is meant.
 */
function tableOption(
  flag: string,
  value: string | boolean | undefined,
  captures: string[],
): TableName | typeof CAPTURES_TABLE | null {
  if (value === undefined || value === false) return null;
  if (value === true) return 'transfers';
  if (isTableName(value) || value === CAPTURES_TABLE) return value;
  if (existsSync(value) || value === '-') {
    captures.unshift(value);
    return 'transfers';
  }
  const tables = [...TABLE_NAMES, CAPTURES_TABLE];
  const guess = closest(value, tables);
  const hint = guess ? `did you mean "${guess}"? ` : '';
  throw new FtpReportError('USAGE', `${flag}: no table "${value}" (${hint}tables: ${tables.join(', ')})`);
}

interface CliOptions extends LiveCliOptions {
  json?: boolean;
  csv?: string | boolean;
  jsonl?: string | boolean;
  zeek?: boolean;
  zeekCommands?: 'all' | 'default' | string[];
  showPasswords?: boolean;
  excel?: boolean;
  out?: string;
  md?: boolean;
  csvRaw?: boolean;
  ek?: string;
  ftpPort?: number[];
  printTsharkCommand?: boolean;
  tsharkUser?: string;
  tlsKeylog?: string;
  detectFtp: boolean;
  dissectAll?: boolean;
  output?: string;
  progress?: boolean;
  lang: string;
  secrets: boolean;
  maxRows: number;
  ladder?: boolean;
  files?: boolean;
  extract?: string;
  version?: boolean;
  jsonArray?: boolean;
  csvMultiline?: boolean;
  bruteForceFailures: number;
  bruteForceWindow: number;
  sprayUsers: number;
  portScanPorts: number;
  foldFindings: number;
  packetRows?: boolean;
  pretty?: boolean;
  compact?: boolean;
  schemaVersion?: string;
}

/**
 * Internal, for tests of the selection path's equivalence (never documented for users): FTP_REPORT_FORCE_SELECTION=1
 * keeps the selection with packet rows where it would spare tshark too little (ReportOptions.forceSelection).
 */
const FORCE_SELECTION = process.env.FTP_REPORT_FORCE_SELECTION === '1';

/** What tshark is given when that is not the capture or its usual selection: a note for --print-tshark-command. */
function tsharkInputNote(run: TsharkRun): string | null {
  const count = (n: number) => n.toLocaleString('en-US');
  if (run.wholeByChoice) {
    return 'selecting packets would spare tshark too little of this capture: it is given all of it';
  }
  const lean = run.lean;
  if (!lean) return null;
  const rest = lean.opaqueRest ? ', then the rest of the file from the first block ftp-report cannot read' : '';
  if (lean.toTshark === 0 && !lean.opaqueRest) {
    return 'without packet rows ftp-report reads every packet of this capture itself: tshark is not started at all';
  }
  return (
    `without packet rows tshark is given only the packets ftp-report cannot read itself: ` +
    `${count(lean.toTshark)} of ${count(lean.packets)}${rest}`
  );
}

/**
 * Whether the engine keeps packet rows: only for the outputs that show them (Markdown packet tables, the ladder, the
 * packets table, --out's files, JSON with --packet-rows, live capture's report) and for --files/--extract, which
 * find each data connection's frames in them. Without them memory and the report grow with what happened, not with
 * packets. (--zeek needs none: the greeting's first-segment time is in the model, Greeting.firstT.)
 */
function needsPacketRows(opts: CliOptions, csvTable: string | null, jsonlTable: string | null): boolean {
  if (opts.out || wantsLive(opts)) return true;
  if (opts.files || opts.extract !== undefined) return true;
  if (opts.json || opts.jsonArray) return opts.packetRows === true;
  if (csvTable) return csvTable === 'packets';
  if (jsonlTable) return jsonlTable === 'packets';
  return Boolean(opts.md || opts.ladder);
}

/**
 * Whether the engine looks for patterns across sessions (brute force, spraying, PORT scans): for every output that
 * shows findings or counts them (the summary, Markdown, the ladder, JSON, the findings and captures tables, --out,
 * live capture). A per-session table alone or ftp.log shows none: the engine then keeps no state per client address
 * or password, which grows with the clients and passwords of the capture.
 */
function needsSourceFindings(opts: CliOptions, csvTable: string | null, jsonlTable: string | null): boolean {
  if (opts.out || wantsLive(opts) || opts.json || opts.jsonArray || opts.md || opts.ladder) return true;
  const table = csvTable ?? jsonlTable;
  if (table !== null) return !isSessionTable(table);
  return opts.zeek !== true;
}

export function buildProgram(io: CliIo): Command {
  const program = new Command();
  program
    .name('ftp-report')
    .description(
      'Rebuild every FTP session of a packet capture: commands and replies, logins, ' +
        'active/passive data connections, bytes and timing.',
    )
    .option('-V, --version', 'print the versions of ftp-report and tshark, and whether the Lua helper is used')
    .argument(
      '[captures...]',
      'pcap or pcapng captures, optionally .gz (several: one report each; table rows carry a capture column)',
    )
    .addOption(new Option('--json', 'print the JSON report (schema version 2)').conflicts(['csv', 'md']))
    .addOption(
      new Option(
        '--json-array',
        'like --json, but always an array of reports, even of one (--out: report.json)',
      ).conflicts(['csv', 'md', 'jsonl', 'zeek', 'ladder']),
    )
    .addOption(
      new Option('--csv [table]', `print a table as CSV: ${[...TABLE_NAMES, CAPTURES_TABLE].join(', ')}`)
        .preset('transfers')
        .conflicts(['json', 'md']),
    )
    .addOption(
      new Option('--md', 'print the lab-style Markdown report (--lang, --no-secrets, --max-rows)').conflicts([
        'json',
        'csv',
      ]),
    )
    .option('--packet-rows', "JSON (--json, --json-array, --out's report.json): also write each session's packet rows")
    .addOption(new Option('--pretty', 'indent the JSON (the default when it goes to a terminal)').conflicts('compact'))
    .option('--compact', 'JSON on one line (the default when it goes to a pipe or a file: -o, --out)')
    .addOption(
      new Option(
        '--schema-version <n>',
        'JSON: the contract version to write: 2 (default) leaves out fields a reader derives, 1 writes every field',
      ).choices(SCHEMA_VERSIONS.map(String)),
    )
    .option('--csv-raw', 'do not neutralise CSV cells that start with = + - @ tab CR (spreadsheet formulas)')
    .option('--excel', 'start CSV output with a UTF-8 byte order mark (for Excel)')
    .option('--csv-multiline', 'keep line breaks inside CSV cells (by default written as \\n, one row per line)')
    .addOption(
      new Option('--jsonl [table]', 'print a table as JSON Lines, one object per row (same columns as --csv)')
        .preset('transfers')
        .conflicts(['json', 'csv', 'md', 'zeek', 'ladder']),
    )
    .addOption(new Option('--zeek', 'print a Zeek-format ftp.log').conflicts(['json', 'csv', 'md', 'jsonl', 'ladder']))
    .option(
      '--zeek-commands <list>',
      "commands the ftp.log lists: default (Zeek's), all, or e.g. USER,PASS,RETR,init",
      parseZeekCommands,
    )
    .option('--show-passwords', 'ftp.log: show every password (by default only anonymous/ftp/guest ones, as Zeek does)')
    .addOption(
      new Option(
        '--out <dir>',
        'write every CSV table, report.json, report.md and ftp.log into dir, from one tshark run',
      ).conflicts(['json', 'csv', 'md', 'jsonl', 'zeek', 'ladder', 'output']),
    )
    .option('--ek <file>', 'read a saved `tshark -T ek` stream instead of a capture ("-" for stdin)')
    .option('--ftp-port <port>', 'also treat this TCP port as FTP control (repeatable; 21 always is)', parsePort)
    .option('--no-detect-ftp', 'do not look for FTP on ports other than 21 and --ftp-port ones')
    .option(
      '--dissect-all',
      'let tshark read and dissect every packet ' +
        '(slower; by default ftp-report pipes it only the packets the report uses)',
    )
    .option('--print-tshark-command', 'print the tshark command ftp-report runs, then exit')
    .option('--tshark-user <name>', 'when run as root, run tshark as this user (default: nobody; root: as root)')
    .option(
      '--tls-keylog <file>',
      'decrypt FTPS with this TLS key log (what SSLKEYLOGFILE makes curl/lftp write; default: $SSLKEYLOGFILE)',
    )
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--no-progress', 'no progress lines on stderr')
    .addOption(
      new Option('--lang <lang>', 'language of the Markdown report and ladder')
        .choices(Object.keys(CATALOGS))
        .default('en'),
    )
    .option('--no-secrets', 'mask every password in every output (tables, JSON, ftp.log, Markdown, ladder, Info)')
    .option(
      '--max-rows <n>',
      'collapse the middle of data connections in packet tables longer than n rows',
      parseRows,
      DEFAULT_MAX_ROWS,
    )
    .addOption(new Option('--ladder', 'print each session as an ASCII ladder diagram').conflicts(['json', 'csv', 'md']))
    .option('--files', 'hash and identify what each data connection carried (sha256, md5, type); parse listings')
    .option('--extract <dir>', 'as --files, and write each transferred file, listing and an index.csv into dir')
    .option(
      '--brute-force-failures <n>',
      'failed logins from one address (over any connections) that make a brute-force finding',
      parseCount,
      DEFAULT_SOURCE_THRESHOLDS.bruteForceFailures,
    )
    .option(
      '--brute-force-window <seconds>',
      'the time those failures must fall within',
      parseSeconds,
      DEFAULT_SOURCE_THRESHOLDS.bruteForceWindowSeconds,
    )
    .option(
      '--spray-users <n>',
      'user names one address tries with one password that make a password-spraying finding',
      parseCount,
      DEFAULT_SOURCE_THRESHOLDS.sprayUsers,
    )
    .option(
      '--port-scan-ports <n>',
      'ports of one host one address names in PORT/EPRT that no transfer uses, that make a port-scan finding',
      parseCount,
      DEFAULT_SOURCE_THRESHOLDS.portScanPorts,
    )
    .option(
      '--fold-findings <n>',
      'summary, findings table: fold a finding repeated in n or more sessions of one address into one line (0: never)',
      parseCount,
      DEFAULT_FOLD_MIN,
    )
    .addHelpText('after', EXAMPLES)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .action(async (captureArgs: string[], opts: CliOptions) => {
      if (opts.version) return printVersion(io, opts.tsharkUser);
      const captures = [...captureArgs];
      checkNotCommandTypo(program, captures);
      const csvTable = tableOption('--csv', opts.csv, captures);
      const jsonlTable = tableOption('--jsonl', opts.jsonl, captures);
      checkLiveOptions(opts, captures);
      if (wantsLive(opts) && (opts.files || opts.extract !== undefined))
        throw new FtpReportError('USAGE', '--files and --extract read a capture file: with -i, write one (-w) first');
      if (opts.listInterfaces) return printInterfaces(io);
      if (captures.length > 0 && opts.ek !== undefined)
        throw new FtpReportError('USAGE', 'give either a capture file or --ek, not both');
      if (captures.length === 0 && opts.ek === undefined && !wantsLive(opts))
        throw new FtpReportError('USAGE', 'no capture file given (run ftp-report --help for usage)');
      if (opts.excel && !csvTable && !opts.out)
        throw new FtpReportError('USAGE', '--excel applies to CSV output: add --csv [table] or --out DIR');
      if (opts.packetRows && !opts.json && !opts.jsonArray && !opts.out)
        throw new FtpReportError(
          'USAGE',
          '--packet-rows applies to JSON output: add --json, --json-array or --out DIR',
        );
      if ((opts.pretty || opts.compact) && !opts.json && !opts.jsonArray && !opts.out)
        throw new FtpReportError(
          'USAGE',
          `--${opts.pretty ? 'pretty' : 'compact'} applies to JSON output: add --json, --json-array or --out DIR`,
        );
      if (opts.schemaVersion !== undefined && !opts.json && !opts.jsonArray && !opts.out)
        throw new FtpReportError(
          'USAGE',
          '--schema-version applies to JSON output: add --json, --json-array or --out DIR',
        );
      if (opts.printTsharkCommand && wantsLive(opts)) return printLiveCommands(opts, io);
      const tlsKeylog = await checkKeylogChoice(chooseKeylog(opts.tlsKeylog));
      if (opts.printTsharkCommand) {
        for (const capture of captures.length > 0 ? captures : [undefined]) {
          const run = await tsharkRunOf({
            capture,
            ftpPorts: opts.ftpPort,
            detectFtp: opts.detectFtp,
            dissectAll: opts.dissectAll,
            tsharkUser: opts.tsharkUser,
            tlsKeylog,
            // the command of the outputs asked for: without packet rows tshark is given far less (or nothing)
            packetRows: needsPacketRows(opts, csvTable, jsonlTable),
            files: opts.files,
            extractDir: extractDirFor(opts.extract, capture, captures),
            forceSelection: FORCE_SELECTION,
          });
          // the privilege drop and what tshark is given as shell comments, so the command line below stays
          // copy-pasteable
          if (run.user) {
            const input = run.input === 'capture' ? `${capture} unchanged` : `the packets of ${capture} it selects`;
            const keys = tlsKeylog === undefined ? '' : `; it reads a copy of ${tlsKeylog} only it can read`;
            io.stdout(`# as ${describeRunAs(run.user)}; -r - is a pipe ftp-report writes ${input} into${keys}\n`);
          }
          const note = tsharkInputNote(run);
          if (note) io.stdout(`# ${note}\n`);
          io.stdout(`${run.command.map(shellQuote).join(' ')}\n`);
        }
        return;
      }
      // An output directory that cannot be made fails before tshark runs.
      if (opts.out) await makeOutputDir(opts.out);
      if (opts.extract !== undefined) await makeOutputDir(opts.extract);
      const showProgress = opts.progress !== false;
      const thresholds = {
        bruteForceFailures: opts.bruteForceFailures,
        bruteForceWindowSeconds: opts.bruteForceWindow,
        sprayUsers: opts.sprayUsers,
        portScanPorts: opts.portScanPorts,
      };
      const outcomes: CaptureOutcome[] = [];
      // --csv/--jsonl of a per-session table and --zeek write each session's rows as soon as it is over
      const streamed =
        wantsLive(opts) || opts.json || opts.jsonArray
          ? null
          : streamedViewOf(opts, csvTable, jsonlTable, captures.length, io);
      const streamOut = streamed ? new StreamOutput(opts.output, io) : null;
      // --json: each session serialized when it is over, the document written around them at the end
      const jsonSessions = jsonSessionsOf(opts, captures.length, io);
      if (wantsLive(opts)) {
        const live = await captureLive(opts, showProgress, io);
        const report = opts.secrets ? live.report : maskSecrets(live.report);
        outcomes.push({ file: live.report.capture.file, report, error: live.failure });
      }
      for (const capture of wantsLive(opts) ? [] : captures.length > 0 ? captures : [undefined]) {
        const label = captures.length > 1 ? ` of ${capture}` : '';
        jsonSessions?.startCapture();
        const count = (n: number) => n.toLocaleString('en-US');
        const { report, failure } = await readReport({
          capture,
          ek: capture === undefined ? opts.ek : undefined,
          ftpPorts: opts.ftpPort,
          detectFtp: opts.detectFtp,
          dissectAll: opts.dissectAll,
          tsharkUser: opts.tsharkUser,
          tlsKeylog,
          files: opts.files,
          extractDir: extractDirFor(opts.extract, capture, captures),
          thresholds,
          sourceFindings: needsSourceFindings(opts, csvTable, jsonlTable),
          packetRows: needsPacketRows(opts, csvTable, jsonlTable),
          forceSelection: FORCE_SELECTION,
          onSession: streamed
            ? (session, at) => streamOut!.write(streamed.session(session, at))
            : jsonSessions
              ? (session) => jsonSessions.add(session)
              : undefined,
          onProgress: showProgress ? (n) => io.stderr(`ftp-report: ${count(n)} packets read${label}\n`) : undefined,
          // after long work (when progress lines were shown): how much of it tshark did
          onDissected: showProgress
            ? (d, n) => {
                if (n < 50_000) return;
                io.stderr(`ftp-report: ${count(n)} packets${label}, ${count(d)} of them dissected by tshark\n`);
              }
            : undefined,
        });
        const file = capture ?? opts.ek ?? '-';
        const masked = (r: Report) => (jsonSessions ? jsonSessions.maskedReport(r) : maskSecrets(r));
        outcomes.push({ file, report: report && !opts.secrets ? masked(report) : report, error: failure });
      }
      if (outcomes.length === 1 && outcomes[0]!.report === null) {
        jsonSessions?.close();
        throw outcomes[0]!.error!;
      }
      if (streamed) streamOut!.close(streamed.end(outcomes.flatMap((o) => (o.report ? [o.report] : []))));
      else if (jsonSessions) {
        const out = new StreamOutput(opts.output, io);
        jsonSessions.write(outcomes, { name: 'ftp-report', version: TOOL_VERSION }, (text) => out.write(text));
        out.close('');
      } else await writeViews(outcomes, opts, csvTable, jsonlTable, io);
      // One capture: its failure is the run's (nothing read: no report; cut short: the partial one was printed).
      // Several: every one read is written, each failure got its line on stderr, and exit code 8 says some failed.
      const failures = outcomes.filter((o) => o.error !== null);
      if (outcomes.length === 1 && failures.length === 1) throw failures[0]!.error;
      if (failures.length > 0) {
        for (const o of failures) io.stderr(`ftp-report: ${o.error!.message}\n`);
        const message =
          `${failures.length} of ${outcomes.length} captures could not be read (whole): ` +
          'the others are in the output; see the captures table (--csv captures)';
        throw new FtpReportError('NOT_ALL_READ', message);
      }
    });
  // Options after `grade` belong to grade (both commands have --out, --lang …).
  addLiveOptions(program);
  program.enablePositionalOptions();
  addGradeCommand(program, io);
  addCompletionCommand(program, io);
  addHelpCommand(program, io);
  oneLineErrors(program, io.stderr);
  return program;
}

/** The view that streams session by session for these options (stream-views.ts says which); null for the others. */
function streamedViewOf(
  opts: CliOptions,
  csvTable: string | null,
  jsonlTable: string | null,
  captures: number,
  io: CliIo,
): StreamedView | null {
  const { csvAt, zeekOptions } = viewOptions(opts, io);
  const choice = {
    csvTable,
    jsonlTable,
    zeek: opts.zeek === true,
    captures,
    masked: !opts.secrets,
    files: opts.files === true || opts.extract !== undefined,
    out: opts.out !== undefined,
  };
  return streamedView(choice, { csv: csvAt, zeek: zeekOptions });
}

/**
 * The held sessions of --json and --json-array, or null when the JSON is made from whole reports: with --out (every
 * view reads the sessions), --files/--extract (sessions come at the end, after their files were read) and live.
 */
function jsonSessionsOf(opts: CliOptions, captures: number, io: CliIo): JsonSessions | null {
  if (!(opts.json || opts.jsonArray) || opts.out || wantsLive(opts)) return null;
  if (opts.files || opts.extract !== undefined) return null;
  return new JsonSessions(jsonOptionsOf(opts, io), opts.jsonArray === true || captures > 1, !opts.secrets);
}

/**
 * JSON is indented for a reader (a terminal, --pretty), compact for a program (a pipe or a file: -o, --out); schema
 * version 2 unless --schema-version 1 (the library's reportJson writes 1 unless told).
 */
function jsonOptionsOf(
  opts: CliOptions,
  io: CliIo,
): { packets: boolean; pretty: boolean; schemaVersion: SchemaVersion } {
  const stdoutIsTty = io.stdoutIsTty ?? Boolean(process.stdout.isTTY);
  const pretty = opts.compact ? false : (opts.pretty ?? (stdoutIsTty && !opts.output && !opts.out));
  const schemaVersion: SchemaVersion = opts.schemaVersion === '1' ? 1 : 2;
  return { packets: opts.packetRows === true, pretty, schemaVersion };
}

/** The CSV options (on a terminal, control characters shown) and ftp.log options of a run. */
function viewOptions(opts: CliOptions, io: CliIo) {
  const foldMin = opts.foldFindings;
  const zeekOptions = { showPasswords: opts.showPasswords === true, commands: opts.zeekCommands ?? 'default' };
  const csvOptions = { raw: opts.csvRaw, bom: opts.excel, multiline: opts.csvMultiline, foldMin };
  const stdoutIsTty = io.stdoutIsTty ?? Boolean(process.stdout.isTTY);
  const csvAt = { ...csvOptions, escapeControls: stdoutIsTty && !opts.output };
  return { csvOptions, csvAt, zeekOptions };
}

/** Prints (or writes) the view the options ask for, from every capture that was read. */
async function writeViews(
  outcomes: CaptureOutcome[],
  opts: CliOptions,
  csvTable: TableName | typeof CAPTURES_TABLE | null,
  jsonlTable: TableName | typeof CAPTURES_TABLE | null,
  io: CliIo,
): Promise<void> {
  const reports = outcomes.flatMap((o) => (o.report ? [o.report] : []));
  const tool = { name: 'ftp-report' as const, version: TOOL_VERSION };
  const foldMin = opts.foldFindings;
  const markdownOf = (report: Report) =>
    renderMarkdown(report, { lang: opts.lang, maskSecrets: !opts.secrets, maxRows: opts.maxRows });
  const { csvOptions, csvAt, zeekOptions } = viewOptions(opts, io);
  const jsonOptions = jsonOptionsOf(opts, io);
  if (opts.out) {
    const files = renderBundle(reports, {
      csv: csvOptions,
      zeek: zeekOptions,
      markdown: markdownOf,
      markdownAfter: (all) => renderCapturesComparison(catalogOf(opts.lang), all),
      outcomes,
      jsonArray: opts.jsonArray,
      tool,
      json: jsonOptions,
    });
    for (const f of files) await writeOutput(join(opts.out, f.name), f.text);
    return;
  }
  // One capture prints exactly its own view; several print one view after the other (JSON: an array).
  const each = (render: (report: Report) => string, combine: (texts: string[]) => string) =>
    reports.length === 1 ? render(reports[0]!) : combine(reports.map(render));
  const text =
    opts.json || opts.jsonArray
      ? renderJsonOutcomes(outcomes, opts.jsonArray === true, tool, jsonOptions)
      : csvTable === CAPTURES_TABLE
        ? renderCapturesCsv(outcomes, csvAt)
        : csvTable
          ? renderCsv(reports, csvTable, csvAt)
          : jsonlTable === CAPTURES_TABLE
            ? renderCapturesJsonl(outcomes)
            : jsonlTable
              ? renderJsonl(reports, jsonlTable, { foldMin })
              : opts.zeek
                ? renderZeekFtpLog(reports, zeekOptions)
                : opts.md
                  ? // several captures: their reports, then active and passive mode compared across them
                    each(markdownOf, (texts) =>
                      joinMarkdown(
                        [...texts, renderCapturesComparison(catalogOf(opts.lang), reports) ?? ''].filter(Boolean),
                      ),
                    )
                  : opts.ladder
                    ? each(
                        (report) =>
                          report.sessions.map((s) => renderLadder(CATALOGS[opts.lang] ?? en, s)).join('\n') ||
                          `${report.capture.file}: no FTP sessions\n`,
                        joinText,
                      )
                    : each((report) => renderSummary(report, { foldMin }), joinText);
  if (opts.output) await writeOutput(opts.output, text);
  else io.stdout(text);
}
