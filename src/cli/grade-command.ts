// The `ftp-report grade` command: its options and help, progress on stderr, the files it writes, its exit code.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { FtpReportError } from '../errors.js';
import {
  DEFAULT_RUBRIC,
  GRADE_LANGS,
  type GradeLang,
  gradePaths,
  loadRubric,
  progressBar,
  progressLine,
  renderClassSummary,
  renderGradeSection,
  renderGradebook,
  renderStudentFeedback,
  reportNamesOf,
  rubricToJson,
  withGradeSection,
} from '../grade/index.js';
import { DEFAULT_MAX_ROWS } from '../protocol/defaults.js';
import { CATALOGS } from '../reports/lab/render.js';
import { renderMarkdown } from '../reports/markdown.js';
import { maskSecrets } from '../reports/mask.js';
import type { CliIo } from './io.js';
import { parseJobs, parsePattern, parsePort, parseRows } from './parse-options.js';
import { makeOutputDir, writeOutput } from './write-output.js';
import { checkKeylogChoice, chooseKeylog } from './keylog-option.js';

const EXAMPLES = `
Examples:
  ftp-report grade submissions/ > gradebook.csv         every capture below submissions/
  ftp-report grade 'subs/**/*.pcapng' --out graded/     gradebook.csv, summary.md, reports/*.md
  ftp-report grade subs/ --id-pattern '^(\\w+)_lab3'     student id "alice" from alice_lab3.pcapng
  ftp-report grade subs/ --rubric my-rubric.json -j 4   your own criteria (docs/rubric.md)
  ftp-report grade subs/ --out graded/ --lang ru        summary, feedback and reports in Russian
  ftp-report grade --print-rubric > my-rubric.json      the default rubric, to edit

Every file below a directory gets a row: notes, archives and empty files say why they were not graded.

Exit codes:
  0 every file graded whole   8 some files not graded, or graded in part (their rows say why)
  2 usage error or bad rubric 3 no capture found      5 tshark missing/old
  7 output not written        70 internal error
  130, 143, 129 ended by SIGINT (Ctrl-C), SIGTERM, SIGHUP: its temporary folders removed
`;

interface GradeOptions {
  rubric?: string;
  printRubric?: boolean;
  idPattern?: RegExp;
  out?: string;
  jobs: number;
  ftpPort?: number[];
  lang: GradeLang;
  secrets: boolean;
  maxRows: number;
  csvRaw?: boolean;
  excel?: boolean;
  progress?: boolean;
  tsharkUser?: string;
  tlsKeylog?: string;
}

async function runGrade(paths: string[], opts: GradeOptions, io: CliIo): Promise<void> {
  const rubric = opts.rubric !== undefined ? await loadRubric(opts.rubric) : DEFAULT_RUBRIC;
  if (opts.printRubric) {
    io.stdout(rubricToJson(rubric));
    return;
  }
  if (paths.length === 0) {
    throw new FtpReportError('USAGE', 'grade: no capture, directory or pattern given (run ftp-report grade --help)');
  }
  const tlsKeylog = await checkKeylogChoice(chooseKeylog(opts.tlsKeylog));
  const reportDir = opts.out === undefined ? null : join(opts.out, 'reports');
  let reportNames = new Map<string, string>();
  const progress = opts.progress !== false;
  let failed = 0;
  const rows = await gradePaths(paths, {
    rubric,
    jobs: opts.jobs,
    ftpPorts: opts.ftpPort,
    tsharkUser: opts.tsharkUser,
    tlsKeylog,
    idPattern: opts.idPattern,
    onFound: async (entries) => {
      if (reportDir) await makeOutputDir(reportDir);
      reportNames = reportNamesOf(entries.map((e) => e.path));
    },
    onGraded: async (row, report, done, total) => {
      if (row.status !== 'graded') failed += 1;
      if (reportDir && report && row.grade) {
        // the lab report has catalogs of its own; where it has none for this language it is in English, and
        // the grade section says so
        const labInEnglish = !(opts.lang in CATALOGS);
        const labLang = labInEnglish ? 'en' : opts.lang;
        // --no-secrets masks the model once, as the report command does (passwords echoed in replies included)
        const shown = opts.secrets ? report : maskSecrets(report);
        const lab = renderMarkdown(shown, { lang: labLang, maskSecrets: !opts.secrets, maxRows: opts.maxRows });
        const section = renderGradeSection(row.grade, rubric, {
          lang: opts.lang,
          labInEnglish: labInEnglish && opts.lang !== 'en',
          partialPackets: report.capture.packets,
        });
        await writeOutput(join(reportDir, reportNames.get(row.file)!), withGradeSection(lab, section));
      }
      if (!progress) return;
      io.stderr(io.stderrIsTty ? progressBar(row, done, total, failed) : progressLine(row, done, total));
    },
  });
  if (progress && io.stderrIsTty) io.stderr('\r\x1b[2K');

  const lang = opts.lang;
  const gradebook = renderGradebook(rows, rubric, { raw: opts.csvRaw, bom: opts.excel, lang });
  if (opts.out !== undefined) {
    const links = new Map(
      [...reportNames]
        .filter(([file]) => rows.some((r) => r.file === file && r.grade))
        .map(([f, n]) => [f, `reports/${n}`]),
    );
    await writeOutput(join(opts.out, 'gradebook.csv'), gradebook);
    await writeOutput(join(opts.out, 'summary.md'), renderClassSummary(rows, rubric, { reportLinks: links, lang }));
    await makeOutputDir(join(opts.out, 'feedback'));
    for (const [i, row] of rows.entries()) {
      const text = renderStudentFeedback(rows, i, rubric, lang);
      await writeOutput(join(opts.out, 'feedback', reportNames.get(row.file)!), text);
    }
  } else {
    io.stdout(gradebook);
  }
  const graded = rows.length - failed;
  const captures = `${rows.length} file${rows.length === 1 ? '' : 's'}`;
  if (progress) {
    const where = opts.out !== undefined ? `; gradebook.csv, summary.md, reports/ and feedback/ in ${opts.out}` : '';
    const partial = rows.filter((r) => r.status === 'partial').length;
    const inPart = partial > 0 ? ` (${partial} of them in part)` : '';
    io.stderr(`ftp-report: ${captures}: ${graded + partial} graded${inPart}, ${failed - partial} not graded${where}\n`);
  }
  if (failed > 0) {
    const message = `${failed} of ${captures} could not be graded whole: see the status, reason and error columns`;
    throw new FtpReportError('NOT_ALL_GRADED', message);
  }
}

/** Adds `grade` to the program; call it after the program's output and exit settings, which it inherits. */
export function addGradeCommand(program: Command, io: CliIo): Command {
  return program
    .command('grade')
    .description(
      "Grade students' captures against the lab's rubric: a gradebook CSV, and with --out a class summary and a " +
        'report per capture.',
    )
    .argument(
      '[paths...]',
      'captures, directories (every file below them gets a row; a .keys/.keylog beside a capture is its TLS key ' +
        'log) or glob patterns (* ? [..] **)',
    )
    .option('--rubric <file>', 'grade with this rubric (JSON, see docs/rubric.md) instead of the default one')
    .option('--print-rubric', 'print the rubric in use as JSON (a starting point for --rubric) and exit')
    .option(
      '--id-pattern <regex>',
      "student id: the pattern's first group in the file name (default: the name without extension)",
      parsePattern,
    )
    .option(
      '--out <dir>',
      'write gradebook.csv, summary.md, reports/<capture>.md and feedback/<file>.md (one per student) into dir ' +
        'instead of the CSV on stdout',
    )
    .option('-j, --jobs <n>', 'captures graded at once, one tshark each', parseJobs, availableParallelism())
    .option('--ftp-port <port>', 'also treat this TCP port as FTP control (repeatable; 21 always is)', parsePort)
    .option('--tshark-user <name>', 'when run as root, run tshark as this user (default: nobody; root: as root)')
    .option(
      '--tls-keylog <file>',
      "decrypt FTPS with this TLS key log (default: $SSLKEYLOGFILE); a capture's own .keys/.keylog comes first",
    )
    .addOption(
      new Option('--lang <lang>', 'language of everything grade writes: summary, feedback, grade sections, reports')
        .choices([...GRADE_LANGS])
        .default('en'),
    )
    .option('--no-secrets', 'mask passwords in the per-capture reports')
    .option(
      '--max-rows <n>',
      'collapse the middle of data connections in packet tables longer than n rows',
      parseRows,
      DEFAULT_MAX_ROWS,
    )
    .option('--csv-raw', 'do not neutralise CSV cells that start with = + - @ tab CR (spreadsheet formulas)')
    .option('--excel', 'start the gradebook with a UTF-8 byte order mark (for Excel)')
    .option('--no-progress', 'no progress on stderr')
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], opts: GradeOptions) => {
      await runGrade(paths, opts, io);
    });
}
