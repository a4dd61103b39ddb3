// Writes docs/ftp-report.1, the manual page, from the built command's own help: its options (flags, descriptions,
// defaults) and subcommands from the commander program, its examples and exit codes from the help text.
// Usage: node scripts/man-page.mjs [OUT_FILE]   (default docs/ftp-report.1; run by scripts/build.mjs after a build)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(ROOT, 'docs', 'ftp-report.1');
const { buildProgram } = await import(pathToFileURL(join(ROOT, 'dist', 'cli', 'program.js')).href);
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

const ignore = () => {};
const program = buildProgram({ stdout: ignore, stderr: ignore, stderrIsTty: false, stdoutIsTty: false });

/** The whole help of a command as `--help` prints it (the text added after the options included). */
function helpText(cmd) {
  let text = '';
  cmd.configureOutput({ writeOut: (t) => (text += t), writeErr: ignore });
  cmd.outputHelp();
  return text;
}

/** Text for roff: backslashes and hyphens escaped, no line starting with a dot or a quote. */
const esc = (t) =>
  t
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/^([.'])/gm, '\\&$1');

/** The block of the help after `heading:` (e.g. "Examples"), up to the next heading or the end. */
function block(text, heading) {
  const at = text.indexOf(`\n${heading}:\n`);
  if (at === -1) return null;
  const rest = text.slice(at + heading.length + 3);
  const end = rest.search(/\n[A-Z][a-z ]+:\n/);
  return (end === -1 ? rest : rest.slice(0, end)).replace(/\s+$/, '');
}

function options(cmd) {
  return cmd.options
    .filter((o) => !o.hidden)
    .map((o) => {
      const def =
        o.defaultValue !== undefined && typeof o.defaultValue !== 'boolean' ? ` (default: ${o.defaultValue})` : '';
      return `.TP\n.B ${esc(o.flags)}\n${esc(o.description + def)}`;
    })
    .join('\n');
}

const rootHelp = helpText(program);
const lines = [
  `.TH FTP\\-REPORT 1 "" "ftp-report ${version}" "User Commands"`,
  '.SH NAME',
  `ftp\\-report \\- ${esc(program.description().split(':')[0])}`,
  '.SH SYNOPSIS',
  '.B ftp\\-report',
  `[\\fIoptions\\fR] \\fIcapture\\fR...`,
  '.br',
  '.B ftp\\-report',
  '\\fB\\-\\-ek\\fR \\fIfile\\fR [\\fIoptions\\fR]',
  ...program.commands.map((c) => `.br\n.B ftp\\-report ${esc(c.name())}\n${esc(c.usage())}`),
  '.SH DESCRIPTION',
  esc(program.description()),
  '.SH OPTIONS',
  options(program),
  '.SH COMMANDS',
  ...program.commands.flatMap((c) => [`.SS ${esc(`${c.name()} ${c.usage()}`)}`, esc(c.description()), options(c)]),
];
const pre = (text) => ['.nf', esc(text.replace(/^ {2}/gm, '')), '.fi'];
const examples = block(rootHelp, 'Examples');
if (examples !== null) lines.push('.SH EXAMPLES', ...pre(examples));
const grade = program.commands.find((c) => c.name() === 'grade');
const gradeExamples = grade ? block(helpText(grade), 'Examples') : null;
if (gradeExamples) lines.push('.SS grade', ...pre(gradeExamples));
const exits = block(rootHelp, 'Exit codes');
if (exits !== null) lines.push('.SH EXIT STATUS', ...pre(exits));
lines.push(
  '.SH SEE ALSO',
  '.BR tshark (1),',
  'README.md, docs/report\\-json.md (the JSON contract), docs/csv\\-columns.md (the tables), docs/rubric.md',
  '',
);
writeFileSync(out, lines.join('\n'));
