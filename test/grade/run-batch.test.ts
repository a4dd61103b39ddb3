// The batch runner with readReport replaced: at most N at once, rows in path order whatever finishes first.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FtpReportError } from '../../src/errors.js';
import type { ReportOptions } from '../../src/api.js';
import { DEFAULT_RUBRIC } from '../../src/grade/default-rubric.js';
import { gradeCaptures } from '../../src/grade/run-batch.js';
import { cmd, report, session } from './report-builder.js';

const state = vi.hoisted(() => ({ running: 0, maxRunning: 0, finished: [] as string[] }));

vi.mock('../../src/api.js', () => ({
  readReport: async (options: ReportOptions) => {
    const file = options.capture!;
    state.running += 1;
    state.maxRunning = Math.max(state.maxRunning, state.running);
    // later files finish first: completion order is the reverse of the input order
    await new Promise((r) => setTimeout(r, 2 + (9 - Number(file.at(-1))) * 3));
    state.running -= 1;
    state.finished.push(file);
    if (file.startsWith('bad')) {
      const details = { file, reason: 'not-a-capture', firstBytes: '68656c6c' } as const;
      return { report: null, failure: new FtpReportError('CAPTURE_INVALID', 'words the grader never reads', details) };
    }
    if (file.startsWith('crash')) throw new TypeError('x is undefined');
    return { report: report([session({ commands: [cmd(6, 'USER', 'a', 331)] })]), failure: null };
  },
}));

beforeEach(() => {
  state.running = 0;
  state.maxRunning = 0;
  state.finished = [];
});

const entries = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'bad9'].map((path) => ({ path }));

describe('gradeCaptures', () => {
  it.each([1, 3])('with -j %i runs at most that many at once and keeps the input order', async (jobs) => {
    const done: number[] = [];
    const rows = await gradeCaptures(entries, {
      rubric: DEFAULT_RUBRIC,
      jobs,
      onGraded: (_row, _report, n) => void done.push(n),
    });
    expect(state.maxRunning).toBe(jobs);
    expect(rows.map((r) => r.file)).toEqual(entries.map((e) => e.path));
    expect(done).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    if (jobs > 1) expect(state.finished).not.toEqual(entries.map((e) => e.path));
    expect(rows[9]).toMatchObject({
      status: 'failed',
      reason: 'not-a-capture',
      error: 'is not a pcap or pcapng capture (it starts with bytes 68656c6c)',
      grade: null,
    });
    expect(rows[0]).toMatchObject({ status: 'graded', reason: null, student: 'a0' });
  });

  it('an error that is not about the capture (a bug) fails that row only', async () => {
    const rows = await gradeCaptures([{ path: 'crash1' }, { path: 'a2' }], { rubric: DEFAULT_RUBRIC, jobs: 1 });
    expect(rows.map((r) => [r.status, r.reason, r.error])).toEqual([
      ['failed', 'internal-error', 'internal error: x is undefined'],
      ['graded', null, null],
    ]);
  });

  it('a missing path becomes a not-found row without running tshark', async () => {
    const rows = await gradeCaptures([{ path: 'x/*.pcap', missing: 'no file matches this pattern' }], {
      rubric: DEFAULT_RUBRIC,
      jobs: 2,
    });
    expect(rows).toMatchObject([
      {
        file: 'x/*.pcap',
        student: '*',
        status: 'failed',
        reason: 'not-found',
        error: 'no file matches this pattern',
        grade: null,
      },
    ]);
    expect(state.finished).toEqual([]);
  });

  it('an error from onGraded (e.g. a report that cannot be written) stops the batch and is thrown', async () => {
    const boom = new FtpReportError('OUTPUT_FAILED', 'out/reports/a0.md: cannot be written (EACCES)');
    await expect(
      gradeCaptures(entries, {
        rubric: DEFAULT_RUBRIC,
        jobs: 2,
        onGraded: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(state.finished.length).toBeLessThanOrEqual(2);
  });
});
