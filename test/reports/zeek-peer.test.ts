// `--zeek` against Zeek itself: for every ftp.log baseline in ../shared/peer/zeek, ftp-report writes the log with
// the settings that Zeek test used and must agree field by field; each difference is listed below with why.
// Rows are paired in order by command (a baseline's rows are a subsequence of ours when Zeek left rows out).

import { beforeAll, describe, expect, it } from 'vitest';
import { sharedReport } from '../shared-report.js';
import type { Report } from '../../src/model.js';
import { ZEEK_DEFAULT_COMMANDS, type ZeekOptions, renderZeekFtpLog } from '../../src/reports/zeek.js';
import {
  loadPeerTraces,
  peerAvailable,
  peerRoot,
  type PeerTrace,
  type ZeekRowExpectation,
} from '../peer/expectations.js';
import { parseZeekLog, readZeekLog, type ZeekLog, type ZeekRow } from '../peer/zeek-log.js';

const available = peerAvailable();
const traces: PeerTrace[] = available
  ? loadPeerTraces().filter((t) => t.zeekBaselines.some((b) => b.logs.includes('ftp.log')))
  : [];

const FTP = 'scripts.base.protocols.ftp.';

/**
 * The settings of each Zeek test (its .zeek file in zeek/zeek testing/btest/scripts/base/protocols/ftp), as
 * ftp-report options: extra logged commands, length limits and FTP::default_capture_password.
 */
const SETTINGS: Record<string, { zeek: string; options: ZeekOptions }> = {
  [`${FTP}ftp-ipv4`]: { zeek: 'defaults', options: {} },
  [`${FTP}ftp-ipv6`]: { zeek: 'defaults', options: {} },
  [`${FTP}ftp-get-file-size`]: { zeek: 'defaults', options: {} },
  'scripts.policy.protocols.ftp.ftp': { zeek: 'defaults (policy scripts loaded)', options: {} },
  [`${FTP}ftp-max-arg-length`]: {
    zeek: 'logged_commands += CWD, USER; max_arg_length = 13; max_reply_msg_length = 17',
    options: { commands: [...ZEEK_DEFAULT_COMMANDS, 'CWD', 'USER'], maxArgLength: 13, maxReplyMsgLength: 17 },
  },
  [`${FTP}ftp-max-user-length`]: {
    zeek: 'max_user_length = 4; max_password_length = 2; default_capture_password = T',
    options: { maxUserLength: 4, maxPasswordLength: 2, showPasswords: true },
  },
  [`${FTP}ftp-multiline-reply`]: {
    zeek: 'logged_commands += <init>, USER, PASS',
    options: { commands: [...ZEEK_DEFAULT_COMMANDS, 'init', 'USER', 'PASS'] },
  },
  [`${FTP}ftp-auth-tls`]: {
    zeek: 'logged_commands += <init>, AUTH',
    options: { commands: [...ZEEK_DEFAULT_COMMANDS, 'init', 'AUTH'] },
  },
  [`${FTP}ftp-max-command-length`]: {
    zeek: 'logged_commands += USER, SYST',
    options: { commands: [...ZEEK_DEFAULT_COMMANDS, 'USER', 'SYST'] },
  },
  [`${FTP}ftp-max-pending-commands`]: {
    zeek: 'logged_commands += USER, SYST; max_pending_commands = 5',
    options: { commands: [...ZEEK_DEFAULT_COMMANDS, 'USER', 'SYST'] },
  },
  ...Object.fromEntries(
    [
      'ftp-invalid-reply-code',
      'ftp-missing-reply-code',
      'ftp-missing-space-after-reply-code',
      'ftp-password-pass-command-hidden',
    ].map((n) => [
      `${FTP}${n}`,
      {
        zeek: 'logged_commands += USER, PASS, SYST, QUIT',
        options: { commands: [...ZEEK_DEFAULT_COMMANDS, 'USER', 'PASS', 'SYST', 'QUIT'] },
      },
    ]),
  ),
  [`${FTP}ftp-password-pass-command`]: {
    zeek: 'logged_commands += USER, PASS, SYST, QUIT; default_capture_password = T',
    options: { commands: [...ZEEK_DEFAULT_COMMANDS, 'USER', 'PASS', 'SYST', 'QUIT'], showPasswords: true },
  },
};

/** Fields Zeek fills and ftp-report does not, on purpose, for every row. */
const NOT_COMPUTED: Record<string, string> = {
  ts: "Zeek's baselines mask times (XXXXXXXXXX.XXXXXX); ftp-report's is the command's capture time, checked for its form",
  uid: "Zeek's uid is random and masked in the baselines; ftp-report's is a stable hash, checked for its form",
  mime_type: 'Zeek sniffs the data connection (text/plain); ftp-report does no file analysis, so it is unset',
  fuid: "Zeek's files.log id; ftp-report writes no files.log, so it is unset",
};

const PIPELINED =
  'the client pipelined all eight commands before the greeting; Zeek writes a row when a later reply or command ' +
  'arrives, by which time PASS had set the password, while ftp-report shows the credentials in force when the ' +
  'command was sent';
const VIOLATION =
  'after the malformed reply Zeek flags a protocol violation and stops analysing, so it never logs QUIT; ftp-report reads on';

/** Our rows that Zeek did not write, per baseline: the commands, in order, and why. */
const EXTRA_ROWS: Record<string, { commands: string[]; why: string }> = {
  [`${FTP}ftp-max-pending-commands`]: {
    commands: ['PASV', 'RETR', 'PORT'],
    why: 'with max_pending_commands = 5 Zeek dropped the commands beyond the limit; ftp-report keeps them',
  },
  [`${FTP}ftp-invalid-reply-code`]: { commands: ['QUIT'], why: VIOLATION },
  [`${FTP}ftp-missing-reply-code`]: { commands: ['QUIT'], why: VIOLATION },
  [`${FTP}ftp-missing-space-after-reply-code`]: { commands: ['QUIT'], why: VIOLATION },
};

/** Single fields where ftp-report differs on purpose (reply differences come from expectations.ts instead). */
const FIELD_DIFFERENCES: {
  baseline: string;
  row: number;
  field: string;
  zeek: string | null;
  ours: string | null;
  why: string;
}[] = [
  {
    baseline: `${FTP}ftp-max-pending-commands`,
    row: 1,
    field: 'password',
    zeek: 'anonymous@zeek.org',
    ours: null,
    why: PIPELINED,
  },
];

const suite = available ? describe : describe.skip;
const title = available
  ? `--zeek against Zeek's ftp.log baselines (${peerRoot})`
  : `--zeek against Zeek's ftp.log baselines — SKIPPED: ${peerRoot} not found, so there are no baselines to compare with`;

suite(title, () => {
  it('knows the settings of every ftp.log baseline', () => {
    const names = traces.flatMap((t) => t.zeekBaselines.filter((b) => b.logs.includes('ftp.log')).map((b) => b.name));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !(n in SETTINGS))).toEqual([]);
  });

  describe.each(traces.map((t) => ({ id: t.id, trace: t })))('$id', ({ trace }) => {
    let report: Report;
    beforeAll(async () => {
      report = await sharedReport({ capture: trace.capture, ftpPorts: trace.ftpPorts });
    }, 120_000);

    const baselines = trace.zeekBaselines.filter((b) => b.logs.includes('ftp.log'));
    const short = (n: string) => n.replace(/^scripts\.(base|policy)\.protocols\.ftp\./, '$1/');
    it.each(baselines.map((b) => ({ name: b.name, label: short(b.name), zeek: SETTINGS[b.name]?.zeek ?? '?' })))(
      '$label ($zeek)',
      ({ name }) => {
        const zeekLog: ZeekLog = readZeekLog(`${peerRoot}/${trace.id}/${name}/ftp.log`);
        const ours = parseZeekLog(renderZeekFtpLog(report, SETTINGS[name]!.options), 'ftp-report --zeek');
        expect(ours.fields).toEqual(zeekLog.fields);
        expect(ours.types).toEqual(zeekLog.types);

        // Pair Zeek's rows with ours in order, by command; ours left over must be the documented extras.
        const extras: string[] = [];
        const pairs: { zeek: ZeekRow; ours: ZeekRow; row: number }[] = [];
        let j = 0;
        zeekLog.rows.forEach((z, i) => {
          while (j < ours.rows.length && ours.rows[j]!['command'] !== z['command'])
            extras.push(ours.rows[j++]!['command']!);
          expect(j, `a ${z['command']} row for Zeek's row ${i + 1}`).toBeLessThan(ours.rows.length);
          pairs.push({ zeek: z, ours: ours.rows[j++]!, row: i + 1 });
        });
        while (j < ours.rows.length) extras.push(ours.rows[j++]!['command']!);
        expect(extras, EXTRA_ROWS[name]?.why ?? 'no extra rows expected').toEqual(EXTRA_ROWS[name]?.commands ?? []);

        const uids = new Set(ours.rows.map((r) => r['uid']));
        expect(uids.size, 'one session, one uid').toBe(1);
        for (const { zeek, ours: o, row } of pairs) {
          const where = `${name} row ${row} (${zeek['command']})`;
          expect(o['ts'], `${where} ts: ${NOT_COMPUTED.ts}`).toMatch(/^\d{10}\.\d{6}$/);
          expect(o['uid'], `${where} uid: ${NOT_COMPUTED.uid}`).toMatch(/^C[0-9A-Za-z]{17}$/);
          for (const f of ['mime_type', 'fuid']) expect(o[f], `${where} ${f}: ${NOT_COMPUTED[f]}`).toBeNull();
          // Reply differences are the ones expectations.ts explains (shared with the peer test of the model).
          const rowExp: ZeekRowExpectation | undefined = trace.zeekRows.find(
            (r) => r.baseline === name && r.line === zeekLog.lineNumbers[row - 1],
          );
          const replyDiffers = rowExp?.reply.differs ?? null;
          for (const field of zeekLog.fields) {
            if (field in NOT_COMPUTED) continue;
            if (replyDiffers !== null && (field === 'reply_code' || field === 'reply_msg')) {
              const want = rowExp!.reply;
              if (field === 'reply_code') {
                const code = o[field] === null ? null : Number(o[field]);
                expect(want.codes, `${where} reply_code ${code}, Zeek ${zeek[field]}: ${replyDiffers}`).toContain(code);
              } else if (want.textContains !== null) {
                expect(o[field], `${where} reply_msg: ${replyDiffers}`).toContain(want.textContains);
              }
              continue;
            }
            const diff = FIELD_DIFFERENCES.find((d) => d.baseline === name && d.row === row && d.field === field);
            if (diff) {
              expect(zeek[field], `${where} ${field}: the baseline still says what the difference note says`).toBe(
                diff.zeek,
              );
              expect(o[field], `${where} ${field}: ${diff.why}`).toBe(diff.ours);
              continue;
            }
            expect(o[field], `${where} ${field}`).toBe(zeek[field]);
          }
        }
      },
    );
  });
});
