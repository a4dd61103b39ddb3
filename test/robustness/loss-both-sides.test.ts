// Loss on both sides of a long session (issue 12): loss-both-sides.pcapng is a 30-round session against pyftpdlib
// from which editcap took out, as a capture that missed them would, the 257 to the 10th PWD and the 10th SIZE, the
// 227 to the 5th PASV, and the 213 to the 20th MDTM and the 20th NOOP (test/fixtures/robustness/README.md).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/model.js';
import { checkInvariants } from '../invariants.js';
import { sharedReport } from '../shared-report.js';
import { cmd, fixture, only, report } from './captures.js';

const ROUNDS = 30;

describe('loss on both sides of a long session (loss-both-sides)', () => {
  let s: Awaited<ReturnType<typeof report>>['sessions'][number];
  let warnings: string[];
  beforeAll(async () => {
    const r = await report('loss-both-sides');
    s = only(r);
    warnings = r.warnings;
  });

  const byVerb = (verb: string): Command[] => s.commands.filter((c) => c.command === verb);

  it('holds every command the capture kept, and no reply before its command', async () => {
    expect(byVerb('PWD')).toHaveLength(ROUNDS);
    expect(byVerb('SIZE')).toHaveLength(ROUNDS - 1);
    expect(byVerb('NOOP')).toHaveLength(ROUNDS - 1);
    expect(checkInvariants(await sharedReport({ capture: fixture('loss-both-sides') }))).toEqual([]);
  });

  it('leaves the 10th PWD without a reply and gives the 213 after it to the SIZE the capture lost', () => {
    const pwd = cmd(s, 'PWD', 9);
    expect(pwd.reply).toBeNull();
    const next = s.commands[s.commands.indexOf(pwd) + 1]!;
    expect(next.command).toBe('MDTM');
    expect(next.reply?.code).toBe(213);
    expect(next.reply!.frame).toBeGreaterThan(next.frame);
    expect(
      warnings.some((w) => w.includes('commands whose reply the capture lost') && w.includes(`${pwd.frame}`)),
    ).toBe(true);
    expect(warnings.some((w) => w.includes('replies to commands the capture lost'))).toBe(true);
  });

  it('leaves the 20th MDTM without a reply instead of giving it the 200 of the NOOP the capture lost', () => {
    const mdtm = cmd(s, 'MDTM', 19);
    expect(mdtm.reply).toBeNull();
    for (const c of byVerb('MDTM')) if (c.reply) expect(c.reply.code).toBe(213);
    for (const c of byVerb('PWD')) if (c.reply) expect(c.reply.code).toBe(257);
  });

  it('keeps the LIST after the PASV whose 227 was lost a transfer, on the address the client connected to', () => {
    const pasv = cmd(s, 'PASV', 4);
    expect(pasv.reply).toBeNull();
    const t = s.transfers.find((x) => x.setup.frame === pasv.frame)!;
    expect(t).toMatchObject({ command: 'LIST', status: 'complete', mode: 'passive' });
    expect(t.data).not.toBeNull();
    expect(t.setup.announced).toMatchObject({ ip: '127.0.0.1', port: t.data!.dst.port, numbers: null });
    expect(s.transfers).toHaveLength(10);
    expect(s.transfers.every((x) => x.status === 'complete' && x.bytes === t.bytes)).toBe(true);
  });

  it('pairs every other command with the reply its code can answer', () => {
    expect(s.commands.filter((c) => c.reply === null).map((c) => c.command)).toEqual(['PWD', 'PASV', 'MDTM']);
    expect(byVerb('CWD').every((c) => c.reply?.code === 250)).toBe(true);
    expect(byVerb('TYPE').every((c) => c.reply?.code === 200)).toBe(true);
  });
});
