// `ftp-report completion bash|zsh|fish`: a completion script made from the program's own options and subcommands,
// so it never falls behind them. Install: see README (Shell completion).

import type { Command, Option } from 'commander';
import { FtpReportError } from '../errors.js';
import { TABLE_NAMES } from '../reports/tables.js';
import { CAPTURES_TABLE } from '../reports/captures.js';
import type { CliIo } from './io.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

/** Captures a completion offers for file arguments. */
const CAPTURE_GLOB = '*.@(pcap|pcapng|cap|gz)';
const TABLES = [...TABLE_NAMES, CAPTURES_TABLE];

/** Values an option's argument can take, when they are a fixed list. */
function valuesOf(o: Option): string[] | null {
  if (o.long === '--csv' || o.long === '--jsonl') return TABLES;
  if (o.argChoices) return o.argChoices;
  if (o.long === '--zeek-commands') return ['default', 'all'];
  return null;
}

/** An option takes a file or directory argument. */
const takesPath = (o: Option) => ['--ek', '--out', '--output', '--rubric'].includes(o.long ?? '') || o.short === '-o';

interface Spec {
  name: string;
  options: Option[];
}

function specs(program: Command): Spec[] {
  const visible = (c: Command) => c.options.filter((o) => !o.hidden);
  return [
    { name: '', options: visible(program) },
    ...program.commands.map((c) => ({ name: c.name(), options: visible(c) })),
  ];
}

const flags = (o: Option) => [o.short, o.long].filter((f): f is string => f !== undefined);

function bash(program: Command): string {
  const subs = program.commands.map((c) => c.name());
  const cases = specs(program)
    .map((s) => `    ${s.name === '' ? 'root' : s.name}) opts="${s.options.flatMap(flags).join(' ')}" ;;`)
    .join('\n');
  // one case per flag (--lang is an option of the program and of grade alike)
  const values = [
    ...new Set(
      specs(program)
        .flatMap((s) => s.options)
        .filter((o) => valuesOf(o) !== null)
        .map(
          (o) =>
            `    ${flags(o).join('|')}) COMPREPLY=($(compgen -W "${valuesOf(o)!.join(' ')}" -- "$cur")); return ;;`,
        ),
    ),
  ];
  const paths = [...new Set(specs(program).flatMap((s) => s.options.filter(takesPath).flatMap(flags)))];
  return `# bash completion for ftp-report (made by: ftp-report completion bash)
_ftp_report() {
  local cur prev cmd opts i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=root
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in ${subs.join('|')}) cmd="\${COMP_WORDS[i]}"; break ;; esac
  done
  case "$prev" in
${values.join('\n')}
    ${paths.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  case "$cmd" in
${cases}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=()
    [[ $cmd == root && $COMP_CWORD -eq 1 ]] && COMPREPLY=($(compgen -W "${subs.join(' ')}" -- "$cur"))
    local IFS=$'\\n'
    shopt -s extglob
    COMPREPLY+=($(compgen -f -X '!${CAPTURE_GLOB}' -- "$cur") $(compgen -d -- "$cur"))
  fi
}
complete -o filenames -F _ftp_report ftp-report
`;
}

/** zsh: _arguments specs; a description's brackets and colons are escaped. */
function zsh(program: Command): string {
  const esc = (t: string) => t.replace(/[[\]:'\\]/g, (c) => (c === "'" ? "'\\''" : `\\${c}`));
  const arg = (o: Option) => {
    const v = valuesOf(o);
    if (v) return `:value:(${v.join(' ')})`;
    if (takesPath(o)) return ':file:_files';
    return o.required || o.optional ? ':value:' : '';
  };
  const line = (o: Option) => {
    const f = flags(o);
    const spec = `[${esc(o.description)}]${arg(o)}'`;
    return f.length > 1 ? `    '(${f.join(' ')})'{${f.join(',')}}'${spec}` : `    '${f[0]}${spec}`;
  };
  const subs = program.commands.map(
    (c) => `'${c.name()}:${(c.description().split('.')[0] ?? '').replace(/'/g, "'\\''")}'`,
  );
  const args = (opts: readonly Option[], rest: string[]) =>
    [...opts.filter((o) => !o.hidden).map(line), ...rest.map((r) => `    ${r}`)].join(' \\\n');
  const subFns = program.commands
    .map((c) => `_ftp_report_${c.name()}() {\n  _arguments -s \\\n${args(c.options, ["'*:file:_files'"])}\n}`)
    .join('\n\n');
  const rootArgs = args(program.options, ["'1: :->first'", `'*:capture:_files -g "*.(pcap|pcapng|cap|gz)"'`]);
  return `#compdef ftp-report
# zsh completion for ftp-report (made by: ftp-report completion zsh)

${subFns}

_ftp_report() {
  if (( CURRENT > 2 )) && (( \${+functions[_ftp_report_\${words[2]}]} )); then
    shift words; (( CURRENT-- ))
    _ftp_report_\${words[1]}
    return
  fi
  local state
  _arguments -s \\
${rootArgs}
  if [[ $state == first ]]; then
    local -a subcommands
    subcommands=(${subs.join(' ')})
    _describe subcommand subcommands
    _files -g '*.(pcap|pcapng|cap|gz)'
  fi
}

compdef _ftp_report ftp-report
`;
}

function fish(program: Command): string {
  const q = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const subs = program.commands.map((c) => c.name());
  const line = (o: Option, cond: string) => {
    const parts = ['complete -c ftp-report', `-n ${q(cond)}`];
    if (o.long) parts.push(`-l ${o.long.slice(2)}`);
    if (o.short) parts.push(`-s ${o.short.slice(1)}`);
    const v = valuesOf(o);
    if (v) parts.push(`-x -a ${q(v.join(' '))}`);
    else if (takesPath(o)) parts.push('-r -F');
    else if (o.required) parts.push('-x');
    parts.push(`-d ${q(o.description.split(' (')[0]!.slice(0, 80))}`);
    return parts.join(' ');
  };
  const root = `not __fish_seen_subcommand_from ${subs.join(' ')}`;
  return [
    '# fish completion for ftp-report (made by: ftp-report completion fish)',
    ...program.commands.map(
      (c) =>
        `complete -c ftp-report -n ${q(root)} -f -a ${c.name()} -d ${q(c.description().split('.')[0]!.slice(0, 80))}`,
    ),
    ...program.options.filter((o) => !o.hidden).map((o) => line(o, root)),
    ...program.commands.flatMap((c) =>
      c.options.filter((o) => !o.hidden).map((o) => line(o, `__fish_seen_subcommand_from ${c.name()}`)),
    ),
    '',
  ].join('\n');
}

/** The completion script for a shell. */
export function completionScript(program: Command, shell: Shell): string {
  return shell === 'bash' ? bash(program) : shell === 'zsh' ? zsh(program) : fish(program);
}

/** Adds `completion SHELL`. */
export function addCompletionCommand(program: Command, io: CliIo): void {
  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish (see README: Shell completion)')
    .argument('<shell>', SHELLS.join(', '))
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) {
        throw new FtpReportError('USAGE', `completion: no shell "${shell}" (shells: ${SHELLS.join(', ')})`);
      }
      io.stdout(completionScript(program, shell as Shell));
    });
}
