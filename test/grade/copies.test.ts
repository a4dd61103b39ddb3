// Copy detection on its own: identical bytes, shared packets over the thresholds, and who is never flagged.
import { describe, expect, it } from 'vitest';
import { type CopyEvidence, SHARED_MIN, findCopies } from '../../src/grade/copies.js';

const packets = (from: number, n: number) => Array.from({ length: n }, (_v, i) => `p${from + i}`);
const file = (student: string, sha256: string | null, keys: string[]): CopyEvidence => ({
  student,
  sha256,
  packets: keys,
});

describe('findCopies', () => {
  it('identical bytes flag both files, whatever their packets', () => {
    const copies = findCopies([file('a', 'h1', packets(0, 10)), file('b', 'h1', []), file('c', 'h2', [])]);
    expect(copies).toEqual([
      [{ kind: 'identical', row: 1, sharedPackets: 10 }],
      [{ kind: 'identical', row: 0, sharedPackets: 0 }],
      [],
    ]);
  });

  it('same sessions: at least half the smaller capture and at least SHARED_MIN packets in both', () => {
    const whole = file('a', 'h1', packets(0, 40));
    const trimmed = file('b', 'h2', packets(20, 20));
    const overlapping = file('c', 'h3', packets(30, 40));
    const copies = findCopies([whole, trimmed, overlapping]);
    expect(copies[0]).toEqual([{ kind: 'same-sessions', row: 1, sharedPackets: 20 }]);
    // c shares 10 with a (a quarter of a) and 10 with b (half of b)
    expect(copies[1]).toEqual([
      { kind: 'same-sessions', row: 0, sharedPackets: 20 },
      { kind: 'same-sessions', row: 2, sharedPackets: 10 },
    ]);
    expect(copies[2]).toEqual([{ kind: 'same-sessions', row: 1, sharedPackets: 10 }]);
  });

  it("a few shared packets are not enough, and one student's two files are never copies", () => {
    const tiny = findCopies([file('a', 'x', packets(0, SHARED_MIN - 1)), file('b', 'y', packets(0, SHARED_MIN - 1))]);
    expect(tiny).toEqual([[], []]);
    const own = findCopies([
      file('a', 'x', packets(0, 9)),
      file('a', 'x', packets(0, 9)),
      file('', 'z', []),
      file('', 'z', []),
    ]);
    expect(own[0]).toEqual([]);
    expect(own[1]).toEqual([]);
    // no student id (an --id-pattern that did not match): compared as anyone else
    expect(own[2]).toEqual([{ kind: 'identical', row: 3, sharedPackets: 0 }]);
  });

  it('files without a hash (unreadable, empty) are compared by packets only', () => {
    expect(findCopies([file('a', null, []), file('b', null, [])])).toEqual([[], []]);
  });
});
