// One-line usage errors and the did-you-mean: commander's text made into one line, the nearest word when close.
import { describe, expect, it } from 'vitest';
import { closest, editDistance, oneLineUsage } from '../../src/cli/usage-errors.js';

describe('oneLineUsage', () => {
  it('joins commander error and suggestion on one line, ending with the help hint', () => {
    expect(oneLineUsage("error: unknown option '--jsn'\n(Did you mean --json?)\n")).toBe(
      "unknown option '--jsn' (did you mean --json?); run ftp-report --help for usage",
    );
  });

  it('drops help text printed after the error and names the subcommand in the hint', () => {
    const text = "error: missing required argument 'shell'\n\nUsage: ftp-report completion <shell>\n";
    expect(oneLineUsage(text, 'ftp-report completion')).toBe(
      "missing required argument 'shell'; run ftp-report completion --help for usage",
    );
  });
});

describe('closest', () => {
  it('finds a typo of one or two edits, swaps included', () => {
    expect(closest('gradee', ['grade', 'help', 'completion'])).toBe('grade');
    expect(closest('garde', ['grade', 'help'])).toBe('grade');
    expect(closest('sesions', ['sessions', 'commands'])).toBe('sessions');
    expect(editDistance('garde', 'grade')).toBe(1);
  });

  it('suggests nothing for a word that is not close', () => {
    expect(closest('capture', ['grade', 'help', 'completion'])).toBeNull();
    expect(closest('x', ['help'])).toBeNull();
  });
});
