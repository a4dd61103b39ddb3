// Usage errors as one line: commander's messages made into "ftp-report: … (did you mean …?)", and the suggestions.

import type { Command } from 'commander';

/** The hint that ends a usage error about the command line as a whole. */
export const HELP_HINT = 'run ftp-report --help for usage';

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours) between two short words. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate closest to `word` when close enough to be a typo (at most 2 edits, under half its length). */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const dist = editDistance(word.toLowerCase(), c.toLowerCase());
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best !== null && bestDistance <= 2 && bestDistance * 2 < Math.max(word.length, 2) ? best : null;
}

/**
 * Commander's error text as one line: "error: unknown option '--jsn'\n(Did you mean --json?)" becomes
 * "unknown option '--jsn' (did you mean --json?); run ftp-report --help for usage". Help text printed after an
 * error is dropped (the hint names it).
 */
export function oneLineUsage(text: string, command = 'ftp-report'): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const [first = 'usage error', ...rest] = lines;
  const main = first.replace(/^error:\s*/i, '');
  const suggestion = rest.find((l) => /^\(did you mean/i.test(l));
  const hint = command === 'ftp-report' ? HELP_HINT : `run ${command} --help for usage`;
  return `${main}${suggestion ? ` ${suggestion.replace(/^\(Did/, '(did')}` : ''}; ${hint}`;
}

/** Makes the program and every subcommand print usage errors as one `ftp-report: …` line on stderr. */
export function oneLineErrors(program: Command, stderr: (text: string) => void): void {
  const apply = (cmd: Command, name: string) => {
    cmd.configureOutput({
      writeErr: stderr,
      outputError: (text) => stderr(`ftp-report: ${oneLineUsage(text, name)}\n`),
    });
    cmd.showSuggestionAfterError(true);
    for (const sub of cmd.commands) apply(sub, `${name} ${sub.name()}`);
  };
  apply(program, 'ftp-report');
}
