// The grading logic on hand-built report models: checks, evidence frames, score and mistakes.
import { describe, expect, it } from 'vitest';
import { evaluateCriterion } from '../../src/grade/checks.js';
import { DEFAULT_RUBRIC } from '../../src/grade/default-rubric.js';
import { gradeReport } from '../../src/grade/grade-report.js';
import { en } from '../../src/grade/messages/en.js';
import { detectMistakes } from '../../src/grade/mistakes.js';
import { validateRubric } from '../../src/grade/load-rubric.js';
import type { Criterion } from '../../src/grade/rubric.js';
import { attempt, cmd, data, login, report, session, transfer } from './report-builder.js';

const criterion = (c: object): Criterion => validateRubric({ criteria: [{ id: 'c', title: 'c', ...c }] }).criteria[0]!;
const mistakeIds = (r: ReturnType<typeof report>) => detectMistakes(r).map((m) => m.id);

/** USER/PASS/230, PORT + LIST refused with 425, then PASV + LIST that worked. */
function refusedActiveThenPassive() {
  return report([
    session({
      login: login(attempt('alice', 'pw', 230, 8, 6)),
      commands: [
        cmd(6, 'USER', 'alice', 331),
        cmd(8, 'PASS', 'pw', 230),
        cmd(10, 'PORT', '10,0,0,2,195,82', 200),
        cmd(12, 'LIST', null, 425, 15),
        cmd(16, 'PASV', null, 227),
        cmd(20, 'LIST', null, 226, 26),
      ],
      transfers: [
        transfer(1, {
          mode: 'active',
          setupFrame: 10,
          commandFrame: 12,
          replyCodes: [425],
          data: data(1, 'server', 13, 0, 'reset'),
        }),
        transfer(2, {
          mode: 'passive',
          setupFrame: 16,
          setupReply: 227,
          commandFrame: 20,
          replyCodes: [150, 226],
          data: data(2, 'client', 18, 120, 'server'),
        }),
      ],
      packets: [
        {
          frame: 14,
          t: 0.014,
          src: { ip: '10.0.0.2', port: 50002 },
          dst: { ip: '10.0.0.1', port: 20 },
          protocol: 'TCP',
          length: 54,
          info: 'RST',
          tcpStream: 1,
          payloadBytes: 0,
          tcpFlags: 20,
        },
        {
          frame: 24,
          t: 0.024,
          src: { ip: '10.0.0.1', port: 40000 },
          dst: { ip: '10.0.0.2', port: 50001 },
          protocol: 'TCP',
          length: 54,
          info: 'FIN',
          tcpStream: 2,
          payloadBytes: 0,
          tcpFlags: 17,
        },
        {
          frame: 25,
          t: 0.025,
          src: { ip: '10.0.0.2', port: 50001 },
          dst: { ip: '10.0.0.1', port: 40000 },
          protocol: 'TCP',
          length: 54,
          info: 'FIN',
          tcpStream: 2,
          payloadBytes: 0,
          tcpFlags: 17,
        },
      ],
    }),
  ]);
}

describe('checks', () => {
  const r = refusedActiveThenPassive();

  it('an active transfer answered 425 does not pass "active", and is the active-refused mistake with its frames', () => {
    const active = DEFAULT_RUBRIC.criteria.find((c) => c.id === 'active')!;
    expect(evaluateCriterion(r, active)).toEqual({ passed: false, frames: [], where: null });
    const m = detectMistakes(r).find((x) => x.id === 'active-refused');
    expect(m?.frames).toEqual([10, 12, 13, 15]);
    expect(en.mistake[m!.id]).toMatch(/active mode attempted but the server could not connect \(425/);
  });

  it('the passive transfer passes with the set-up, its reply, the SYN, the command and the final reply as evidence', () => {
    const passive = DEFAULT_RUBRIC.criteria.find((c) => c.id === 'passive')!;
    expect(evaluateCriterion(r, passive)).toEqual({ passed: true, frames: [16, 17, 18, 20, 26], where: 'S1-T2 LIST' });
  });

  it('login evidence is USER, PASS and the 230 reply', () => {
    expect(evaluateCriterion(r, criterion({ check: 'login' }))).toEqual({
      passed: true,
      frames: [6, 8, 9],
      where: 'S1',
    });
    expect(evaluateCriterion(r, criterion({ check: 'login', where: { outcome: 'failed' } })).passed).toBe(false);
    expect(evaluateCriterion(r, criterion({ check: 'login', where: { user: 'bob' } })).passed).toBe(false);
    expect(
      evaluateCriterion(r, criterion({ check: 'login', where: { anonymous: false, replyCode: 230 } })).passed,
    ).toBe(true);
  });

  it('teardown evidence is the FIN frames of the data connection; a reset counts only when allowed', () => {
    expect(evaluateCriterion(r, criterion({ check: 'data-teardown' }))).toEqual({
      passed: true,
      frames: [24, 25],
      where: 'S1-T2 LIST',
    });
    expect(evaluateCriterion(r, criterion({ check: 'data-teardown', where: { mode: 'active' } })).passed).toBe(false);
    expect(
      evaluateCriterion(r, criterion({ check: 'data-teardown', where: { mode: 'active', closedBy: 'reset' } })),
    ).toEqual({
      passed: true,
      frames: [14],
      where: 'S1-T1 LIST',
    });
  });

  it('login checks take the outcome the engine decided: an attempt left at 331 neither passed nor failed', () => {
    const user331 = session({ login: login(attempt('a', null, 331, 7, 7)), commands: [cmd(7, 'USER', 'a', 331)] });
    const r331 = report([user331]);
    expect(evaluateCriterion(r331, criterion({ check: 'login', where: { withPassword: false } })).passed).toBe(false);
    const failed = criterion({ check: 'login', where: { outcome: 'failed', withPassword: false } });
    expect(evaluateCriterion(r331, failed).passed).toBe(false);
    expect(mistakeIds(r331)).not.toContain('login-failed-only');
    const pass421 = session({ login: login(attempt('a', 'b', 421, 9, 7)), commands: [cmd(9, 'PASS', 'b', 421)] });
    const r421 = report([pass421]);
    expect(evaluateCriterion(r421, failed)).toEqual({ passed: true, frames: [7, 9, 10], where: 'S1' });
  });

  it('command and finding checks', () => {
    expect(evaluateCriterion(r, criterion({ check: 'command', where: { command: 'pasv', replyCode: 227 } }))).toEqual({
      passed: true,
      frames: [16, 17],
      where: 'S1',
    });
    expect(evaluateCriterion(r, criterion({ check: 'command', where: { command: 'EPSV' } })).passed).toBe(false);
    expect(evaluateCriterion(r, criterion({ check: 'finding', where: { id: 'cleartext-credentials' } })).passed).toBe(
      false,
    );
  });

  it('transfer conditions: bytes, reply code, data source port, opened before the command', () => {
    expect(evaluateCriterion(r, criterion({ check: 'transfer', where: { minBytes: 121 } })).passed).toBe(false);
    expect(
      evaluateCriterion(r, criterion({ check: 'transfer', where: { minBytes: 120, replyCode: 226 } })).passed,
    ).toBe(true);
    expect(evaluateCriterion(r, criterion({ check: 'transfer', where: { dataSrcPort: 20 } })).where).toBe('S1-T1 LIST');
    expect(evaluateCriterion(r, criterion({ check: 'transfer', where: { openedBeforeCommand: true } })).passed).toBe(
      false,
    );
  });

  it('score: weights of passed criteria, bonus outside the maximum; required criteria decide requiredMet', () => {
    const g = gradeReport(r, DEFAULT_RUBRIC);
    expect(g.criteria.map((c) => [c.id, c.passed])).toEqual([
      ['handshake', true],
      ['login', true],
      ['failed-login', false],
      ['active', false],
      ['passive', true],
      ['data-moved', true],
      ['teardown', true],
    ]);
    expect(g).toMatchObject({ score: 6, maxScore: 8, requiredMet: false });
  });
});

describe('mistakes', () => {
  it('a 425 to PORT itself (servers that connect on PORT) is active-refused', () => {
    const r = report([
      session({
        commands: [cmd(10, 'PORT', '10,0,0,2,195,82', 425), cmd(12, 'PASV', null, 227)],
      }),
    ]);
    expect(detectMistakes(r).find((m) => m.id === 'active-refused')?.frames).toEqual([10, 11]);
  });

  it('an active transfer with no data connection that failed is active-refused; once active mode worked it is not', () => {
    const failed = transfer(1, { mode: 'active', setupFrame: 10, commandFrame: 12, replyCodes: [425] });
    const worked = transfer(2, {
      mode: 'active',
      setupFrame: 20,
      commandFrame: 22,
      replyCodes: [150, 226],
      data: data(2, 'server', 23, 10, 'server'),
    });
    const commands = [cmd(10, 'PORT', 'x', 200), cmd(12, 'LIST', null, 425), cmd(16, 'PASV', null, 227)];
    expect(mistakeIds(report([session({ commands, transfers: [failed] })]))).toContain('active-refused');
    expect(mistakeIds(report([session({ commands, transfers: [failed, worked] })]))).not.toContain('active-refused');
  });

  it('a passive transfer that got 425 is passive-failed', () => {
    const t = transfer(1, { mode: 'passive', setupFrame: 10, commandFrame: 12, replyCodes: [425] });
    expect(
      mistakeIds(
        report([session({ commands: [cmd(10, 'PASV', null, 227), cmd(12, 'LIST', null, 425)], transfers: [t] })]),
      ),
    ).toEqual(['passive-failed', 'no-active', 'no-login']);
  });

  it('replies that say the transfer happened with no data connection in the capture: data-not-captured', () => {
    const t = transfer(1, { mode: 'passive', setupFrame: 10, commandFrame: 12, replyCodes: [150, 226] });
    expect(
      mistakeIds(
        report([session({ commands: [cmd(10, 'PASV', null, 227), cmd(12, 'LIST', null, 226)], transfers: [t] })]),
      ),
    ).toContain('data-not-captured');
  });

  it('failed logins only, no handshake, no transfer, TLS, a transfer cut off by the end of the capture', () => {
    const s = session({
      handshake: null,
      login: login(attempt('a', 'b', 530, 9, 7)),
      tls: { requested: true, accepted: true, frame: 4, implicit: false },
      commands: [cmd(4, 'AUTH', 'TLS', 234), cmd(7, 'USER', 'a', 331), cmd(9, 'PASS', 'b', 530)],
    });
    expect(mistakeIds(report([s]))).toEqual([
      'no-active',
      'no-passive',
      'login-failed-only',
      'mid-session',
      'no-transfer',
      'tls-encrypted',
    ]);
    const cut = transfer(1, {
      mode: 'passive',
      setupFrame: 10,
      commandFrame: 12,
      replyCodes: [150],
      data: data(1, 'client', 11, 5, 'none'),
    });
    expect(mistakeIds(report([session({ commands: [cmd(10, 'PASV', null, 227)], transfers: [cut] })]))).toEqual([
      'no-active',
      'no-login',
      'teardown-missing',
      'capture-ended-early',
    ]);
  });
});

describe('TLS', () => {
  const tls = { requested: true, accepted: true, frame: 7, implicit: false };
  const auth = [cmd(7, 'AUTH', 'TLS', 234)];

  it('a control channel switched to TLS is tls-encrypted, and every lost criterion but the handshake says why', () => {
    const g = gradeReport(report([session({ tls, commands: auth })]), DEFAULT_RUBRIC);
    expect(g.mistakes.map((m) => m.id)).toContain('tls-encrypted');
    const kinds = g.shortfalls.map((s) => [s.criterion, s.observation.kind]);
    expect(kinds).toEqual([
      ['login', 'tls-encrypted'],
      ['active', 'tls-encrypted'],
      ['passive', 'tls-encrypted'],
      ['data-moved', 'tls-encrypted'],
      ['teardown', 'tls-encrypted'],
    ]);
  });

  it('one a key log decrypted (tls.decrypted) is read like clear FTP', () => {
    const decrypted = { ...tls, decrypted: true };
    const g = gradeReport(report([session({ tls: decrypted, commands: auth })]), DEFAULT_RUBRIC);
    expect(g.mistakes.map((m) => m.id)).not.toContain('tls-encrypted');
    expect(g.shortfalls.find((s) => s.criterion === 'login')!.observation.kind).toBe('no-login');
  });
});
