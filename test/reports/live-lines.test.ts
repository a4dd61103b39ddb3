// The live lines: compact, one per event, with control characters from the wire made visible.
import { describe, expect, it } from 'vitest';
import { renderLiveLine, renderLiveStatus } from '../../src/reports/live-lines.js';

const c = { ip: '127.0.0.1', port: 40000 };
const s = { ip: '127.0.0.1', port: 21 };

describe('live lines', () => {
  it('says each event in a few words, after its time and session', () => {
    const lines = [
      renderLiveLine({ kind: 'session-opened', session: 'S1', t: 0, client: c, server: s }),
      renderLiveLine({ kind: 'login', session: 'S1', t: 0.0051, user: 'demo', outcome: 'success', replyCode: 230 }),
      renderLiveLine({ kind: 'data-setup', session: 'S1', t: 0.006, command: 'PASV', address: { ...s, port: 50251 } }),
      renderLiveLine({ kind: 'data-opened', session: 'S1', t: 0.007, initiator: 'client', from: c, to: s }),
      renderLiveLine({
        kind: 'transfer',
        session: 'S1',
        t: 0.0081,
        command: 'RETR',
        arg: 'hehe.txt',
        status: 'complete',
        replyCode: 226,
        bytes: 5,
        transferMs: 0.4,
      }),
      renderLiveLine({ kind: 'session-closed', session: 'S1', t: 12.5, by: 'client' }),
    ];
    expect(lines.join('')).toBe(
      [
        '    0.000  S1  session opened: client 127.0.0.1:40000 → server 127.0.0.1:21',
        '    0.005  S1  login ok: demo (230)',
        '    0.006  S1  PASV → 127.0.0.1:50251',
        '    0.007  S1  data connection opened by client from port 40000 to 127.0.0.1:21',
        '    0.008  S1  RETR hehe.txt: 5 B in 0.4 ms (226)',
        '   12.500  S1  session closed by client',
        '',
      ].join('\n'),
    );
  });

  it('marks an unfinished transfer and a failed one', () => {
    const base = { kind: 'transfer', session: 'S2', t: 1, command: 'STOR', arg: 'x.bin', replyCode: null } as const;
    expect(renderLiveLine({ ...base, status: 'incomplete', bytes: 150_000, transferMs: 900 })).toBe(
      '    1.000  S2  STOR x.bin: INCOMPLETE at stop, 146.5 KB seen\n',
    );
    expect(renderLiveLine({ ...base, status: 'failed', replyCode: 550, bytes: 0, transferMs: null })).toBe(
      '    1.000  S2  STOR x.bin: failed 0 B (550)\n',
    );
  });

  it('shows control characters of a name from the wire as escapes (a terminal never runs them)', () => {
    const line = renderLiveLine({
      kind: 'login',
      session: 'S1',
      t: 0,
      user: 'evil\x1b[2Jname',
      outcome: 'failed',
      replyCode: 530,
    });
    expect(line).toBe('    0.000  S1  login failed: evil\\x1b[2Jname (530)\n');
  });

  it('has a status line of packets, sessions and seconds', () => {
    expect(renderLiveStatus('lo', 12345, 2, 7.4)).toBe(
      'capturing on lo: 12,345 packets, 2 FTP sessions, 7 s (Ctrl-C stops)',
    );
  });
});
