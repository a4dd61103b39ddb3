// --print-tshark-command prints the command the given outputs would really run: the lean one (no packet-list columns)
// for outputs without packet rows, saying what tshark would be given (often nothing), the whole capture where
// selecting would spare it too little, and the selection with rows where that pays.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import { ROOT, runCli } from './run-cli.js';

const SAMPLE = join(ROOT, 'samples', 'passive-list-retr.pcapng');
const NONSTANDARD = join(ROOT, 'test/fixtures/robustness/nonstandard-ports.pcapng');

/** The comment lines (what tshark reads, as whom) and the command line. */
function printed(args: string[], env: NodeJS.ProcessEnv = {}): { notes: string[]; command: string } {
  const r = runCli([...args, '--print-tshark-command'], { env });
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  const command = lines.pop()!;
  expect(lines.every((l) => l.startsWith('# '))).toBe(true);
  return { notes: lines, command };
}

/** The tshark run of the same options, from the library (the packets it would be given). */
async function dissected(capture: string): Promise<number> {
  let n = -1;
  await runReport({ capture, packetRows: false, onDissected: (d) => (n = d) });
  return n;
}

describe('--print-tshark-command follows the outputs asked for', () => {
  it('without packet rows: the lean command, and tshark is not started on a capture ftp-report reads whole', () => {
    for (const outputs of [['--json'], ['--csv', 'transfers'], ['--zeek'], []]) {
      const { notes, command } = printed([SAMPLE, ...outputs]);
      expect(notes.at(-1), outputs.join(' ')).toBe(
        '# without packet rows ftp-report reads every packet of this capture itself: tshark is not started at all',
      );
      expect(command).toMatch(/^tshark -r - -n -T ek -l /);
      // no packet-list columns
      expect(command).not.toContain('_ws.col.Info');
      expect(command).not.toContain('ftp-data.setup-frame');
    }
  });

  it('without packet rows, FTP on ports nobody named: says how many packets tshark would be given', async () => {
    const { notes } = printed([NONSTANDARD, '--json']);
    const m =
      /^# without packet rows tshark is given only the packets ftp-report cannot read itself: (\d+) of (\d+)$/.exec(
        notes.at(-1)!,
      );
    expect(m, notes.at(-1)).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![1])).toBe(await dissected(NONSTANDARD));
    expect(Number(m![1])).toBeLessThan(Number(m![2]));
  });

  it('with packet rows on a small capture: the whole capture, as --dissect-all gives it', () => {
    for (const outputs of [['--md'], ['--csv', 'packets'], ['--json', '--packet-rows']]) {
      const { notes, command } = printed([SAMPLE, ...outputs]);
      expect(notes.at(-1), outputs.join(' ')).toBe(
        '# selecting packets would spare tshark too little of this capture: it is given all of it',
      );
      expect(command).toContain('-e _ws.col.Info');
      expect(command).not.toContain(' -l ');
      const all = printed([SAMPLE, ...outputs, '--dissect-all']);
      expect(command).toBe(all.command);
    }
  });

  it('with packet rows and the selection kept (internal, for tests): the selected packets, line-buffered', () => {
    const { notes, command } = printed([SAMPLE, '--md'], { FTP_REPORT_FORCE_SELECTION: '1' });
    expect(notes.join('\n')).not.toMatch(/too little|without packet rows/);
    expect(command).toMatch(/^tshark -r - -n -T ek -l /);
    expect(command).toContain('-e _ws.col.Info');
  });
});
