// Replies and lines that do not follow the usual rhythm: 421 instead of a greeting, 421 with no command,
// commands pipelined before the banner, broken reply codes, over-long lines, and port 21 speaking
// SSH or binary noise. Real servers where they do it (pyftpdlib, vsftpd, OpenSSH's client); scripted
// servers of scripts/samples/robustness.py where a real one will not misbehave on purpose.
import { describe, expect, it } from 'vitest';
import { assertContract } from '../contract.js';
import { cmd, dialogue, only, report, warningsOf } from './captures.js';

const NO_COMMAND_WAITING = /replies arrived with no command waiting for them/;

describe('421 instead of a greeting (too-many-421, pyftpdlib max_cons_per_ip 1, a second connection)', () => {
  it('reports the refused connection as a session with no command, closed by the server', async () => {
    const r = await report('too-many-421');
    assertContract(r);
    expect(r.sessions).toHaveLength(2);
    const first = r.sessions[0]!;
    const refused = r.sessions[1]!;
    expect(refused.handshake).not.toBeNull();
    expect(refused.commands).toEqual([]);
    expect(refused.banner).toBeNull();
    expect(refused.close.by).toBe('server');
    // the first session goes on undisturbed
    expect(dialogue(first)).toEqual(['USER demo -> 331', 'PASS demo123 -> 230', 'PWD -> 257', 'QUIT -> 221']);
  });

  // DEFECT (engine): RFC 959 §5.4 lists 421 among the replies to connection establishment (120, 220, 421),
  // but the engine takes only 220/120 as the greeting, so a server refusing the connection with 421 is
  // reported as "S2: 1 replies arrived with no command waiting for them", as if replies were out of step.
  it('does not call the 421 greeting a reply without a command', async () => {
    const r = await report('too-many-421');
    expect(warningsOf(r, 'S2').filter((w) => NO_COMMAND_WAITING.test(w))).toEqual([]);
  });
});

describe("a reply without a command: vsftpd's 421 after 1 s idle (idle-timeout-421)", () => {
  it('warns about the unsolicited reply and does not attach it to the last command', async () => {
    const r = await report('idle-timeout-421');
    assertContract(r);
    const s = only(r);
    expect(warningsOf(r, 'S1')).toContain('S1: 1 replies arrived with no command waiting for them.');
    expect(dialogue(s)).toEqual(['USER anonymous -> 331', 'PASS idle@example.com -> 230', 'PWD -> 257']);
    expect(s.close.by).toBe('server');
  });
});

describe('commands pipelined before a late banner (pipelined-before-banner, scripted server delays its 220)', () => {
  it('takes the 220 as the banner though commands came first', async () => {
    const r = await report('pipelined-before-banner');
    assertContract(r);
    const s = only(r);
    expect(s.banner).toBe('Scripted FTP server (late-banner).');
    const bannerRow = s.packets.find((p) => p.src.port === s.server.port && p.payloadBytes > 0)!;
    for (const verb of ['USER', 'PASS', 'SYST', 'PWD']) expect(cmd(s, verb).frame).toBeLessThan(bannerRow.frame);
  });

  it('pairs each pipelined command with its own reply, and the login succeeds', async () => {
    const r = await report('pipelined-before-banner');
    const s = only(r);
    expect(dialogue(s)).toEqual([
      'USER demo -> 331',
      'PASS demo123 -> 230',
      'SYST -> 215',
      'PWD -> 257',
      'QUIT -> 221',
    ]);
    expect(s.login).toMatchObject({ user: 'demo', outcome: 'success' });
    expect(warningsOf(r, 'S1')).toEqual([]);
  });
});

describe('broken replies (malformed-replies, scripted server)', () => {
  it('reads "331Password…" (no space after the code) as 331 and warns', async () => {
    const r = await report('malformed-replies');
    assertContract(r);
    const s = only(r);
    expect(cmd(s, 'USER').reply).toMatchObject({ code: 331 });
    expect(warningsOf(r, 'S1').some((w) => /1 replies without a space after the code \(frames \d+\)/.test(w))).toBe(
      true,
    );
  });

  it('lets a line with no reply code answer its command, so later replies stay with their own commands', async () => {
    const r = await report('malformed-replies');
    const s = only(r);
    expect(cmd(s, 'SYST').reply).toBeNull();
    expect(cmd(s, 'NOOP').reply?.code).toBe(999);
    expect(cmd(s, 'PWD').reply?.code).toBe(257);
    expect(warningsOf(r, 'S1').some((w) => /1 server lines without a reply code/.test(w))).toBe(true);
    expect(warningsOf(r, 'S1').some((w) => /1 replies with a code outside 100-699/.test(w))).toBe(true);
  });

  it('warns about an unsolicited reply and keeps it from the next command', async () => {
    const r = await report('malformed-replies');
    const s = only(r);
    expect(warningsOf(r, 'S1')).toContain('S1: 1 replies arrived with no command waiting for them.');
    expect(cmd(s, 'HELP').reply?.code).toBe(214);
    expect(cmd(s, 'SITE').reply?.code).toBe(500);
  });

  it('cuts over-long lines (a 12004-byte reply, a 10005-byte command) at 8192 bytes with a warning, and reads on', async () => {
    const r = await report('malformed-replies');
    const s = only(r);
    const stat = cmd(s, 'STAT').reply!;
    expect(stat.code).toBe(211);
    expect(stat.text.length).toBeLessThanOrEqual(8192);
    expect(stat.text).toMatch(/^x+$/);
    const site = cmd(s, 'SITE');
    expect(site.arg!.length).toBeLessThanOrEqual(8192);
    expect(site.arg).toMatch(/^A+$/);
    expect(warningsOf(r, 'S1').some((w) => /2 control lines longer than 8192 bytes, cut/.test(w))).toBe(true);
    expect(dialogue(s).slice(-2)).toEqual(['PWD -> 257', 'QUIT -> 221']);
  });
});

describe("not FTP on port 21 (not-ftp: OpenSSH's client against an SSH banner, then binary noise)", () => {
  it('marks the SSH session not-ftp, naming the SSH banner, and parses no command from it', async () => {
    const r = await report('not-ftp');
    assertContract(r);
    expect(r.sessions).toHaveLength(2);
    const ssh = r.sessions[0]!;
    const f = ssh.findings.find((x) => x.id === 'not-ftp');
    expect(f?.message).toContain('SSH-2.0-OpenSSH');
    expect(ssh.commands).toEqual([]);
    expect(ssh.banner).toBeNull();
    expect(ssh.login.attempts).toEqual([]);
  });

  it('marks the binary session not-ftp and parses no command from it', async () => {
    const r = await report('not-ftp');
    const noise = r.sessions[1]!;
    expect(noise.findings.map((x) => x.id)).toContain('not-ftp');
    expect(noise.commands).toEqual([]);
    expect(noise.transfers).toEqual([]);
  });
});
