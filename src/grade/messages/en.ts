// English words of everything grade writes.

import type { FailureFacts } from '../failure.js';
import type { Observation, Redo, UnmetCondition } from '../feedback.js';
import type { GradeCatalog } from './catalog.js';

const list = (items: (string | number)[]) => items.join(', ');
const frames = (f: number[]) => (f.length === 1 ? `frame ${f[0]}` : `frames ${list(f)}`);
const inFrames = (f: number[]) => (f.length > 0 ? ` (${frames(f)})` : '');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const who = (x: 'client' | 'server') => (x === 'client' ? 'the client' : 'the server');

function unmet(u: UnmetCondition): string {
  switch (u.key) {
    case 'mode':
      return `it used ${u.actual} mode`;
    case 'setup':
      return `its data channel was set up with ${u.actual}`;
    case 'command':
      return `it was a ${u.actual}`;
    case 'direction':
      return `it was a ${u.actual}`;
    case 'initiator':
      return u.actual === null
        ? 'its data connection is not in the capture'
        : `its data connection was opened by ${who(u.actual)}`;
    case 'status':
      return `it ended ${u.actual}${u.replyCodes.length > 0 ? ` (replies ${list(u.replyCodes)})` : ' (no reply)'}`;
    case 'minBytes':
      return `it moved ${plural(u.actual, 'byte')}, not at least ${u.wanted}`;
    case 'replyCode':
      return `its replies were ${u.actual.length > 0 ? list(u.actual) : 'none'}, not ${u.wanted}`;
    case 'dataSrcPort':
      return u.actual === null
        ? 'its data connection is not in the capture'
        : `its data connection came from port ${u.actual}, not ${u.wanted}`;
    case 'openedBeforeCommand':
      return u.actual === null
        ? 'when its data connection opened is not known'
        : `its data connection opened ${u.actual ? 'before' : 'after'} the command`;
  }
}

function observation(o: Observation): string {
  switch (o.kind) {
    case 'tls-encrypted':
      return `The control channel switched to TLS${inFrames(o.frames)}, so nothing after it can be read.`;
    case 'no-handshake':
      return (
        'The capture starts after the connection was set up: its first FTP packet' +
        `${inFrames(o.frames)} is not a SYN.`
      );
    case 'no-login':
      return 'The capture holds no USER or PASS command.';
    case 'login-failed':
      return `Every login was refused${o.codes.length > 0 ? ` (${list(o.codes)})` : ''}${inFrames(o.frames)}.`;
    case 'login-other':
      return (
        `The login in the capture${o.user !== null ? ` (user ${o.user})` : ''} ended with ` +
        `${o.code ?? 'no reply'}${inFrames(o.frames)}, which is not the one asked for.`
      );
    case 'no-transfer':
      return 'The capture holds no transfer at all (no LIST, RETR or STOR).';
    case 'other-mode':
      return (
        `There is no ${o.wanted} transfer: every data connection was set up in ` +
        `${o.wanted === 'active' ? 'passive' : 'active'} mode${inFrames(o.frames)}.`
      );
    case 'transfer-unmet':
      return (
        `The closest transfer, ${o.command} after ${o.setup}${inFrames(o.frames)}, does not count: ` +
        `${o.unmet.map(unmet).join('; ')}.`
      );
    case 'no-data-connection':
      return 'No data connection is in the capture.';
    case 'data-not-closed':
      return `The data connections${inFrames(o.frames)} never close in the capture (no FIN).`;
    case 'data-reset':
      return `The data connections were reset, not closed with a FIN${inFrames(o.frames)}.`;
    case 'no-command':
      return `The client never sent ${o.commands.join(' or ')}.`;
    case 'command-reply':
      return (
        `${o.command} was answered ${o.code ?? 'with nothing'}${inFrames(o.frames)}, ` +
        'which is not the reply asked for.'
      );
    case 'no-finding':
      return `The report shows no ${o.ids.join(' or ')}.`;
  }
}

function redo(r: Redo): string {
  switch (r.kind) {
    case 'handshake':
      return 'Start the capture before you connect to the server, and capture again.';
    case 'login':
      return 'Log in again with USER and the right PASS while capturing, so that the 230 reply is recorded.';
    case 'failed-login':
      return 'Also try a wrong password once while capturing.';
    case 'transfer': {
      const what =
        r.direction === 'upload'
          ? 'the upload'
          : r.direction === 'listing'
            ? 'the listing'
            : r.direction === 'download'
              ? 'the download'
              : 'a transfer (a listing or a download)';
      if (r.mode === 'passive')
        return `Repeat ${what} with PASV (or EPSV), so that your client opens the data connection.`;
      if (r.mode === 'active')
        return `Repeat ${what} in active mode (PORT or EPRT), so that the server opens the data connection to you.`;
      return `Repeat ${what} while capturing every port (no "port 21" filter) and wait for the 226 reply.`;
    }
    case 'teardown':
      return 'Keep capturing until the transfer is over and the data connection is closed; stop only after QUIT.';
    case 'command':
      return `Send ${r.commands.join(' or ')} while capturing.`;
    case 'finding':
      return `Repeat the step of the lab that shows ${r.ids.join(' or ')}.`;
  }
}

function failure(f: FailureFacts): string {
  switch (f.kind) {
    case 'no-such-file':
      return 'no such file';
    case 'no-match':
      return 'no file matches this pattern';
    case 'is-directory':
      return 'is a directory, not a capture file';
    case 'not-a-file':
      return 'is not a regular file';
    case 'cannot-read':
      return `cannot be read (${f.errno ?? 'error'})`;
    case 'empty-file':
      return 'is empty (0 bytes), not a capture';
    case 'no-packets':
      return 'the capture holds no packets';
    case 'not-a-capture':
      return `is not a pcap or pcapng capture (it starts with bytes ${f.firstBytes ?? '?'})`;
    case 'gzip-not-capture':
      return 'is gzip-compressed but does not hold a pcap or pcapng capture';
    case 'archive':
      return `is a ${f.format} archive: unpack it and grade the capture inside`;
    case 'not-ek':
      return 'is not a tshark -T ek stream';
    case 'tshark-stopped': {
      const why = f.tsharkReason ?? f.exit;
      if (why === null) return "tshark's output could not be read";
      const read = f.packetsRead > 0 ? ` (after ${f.packetsRead} packets)` : '';
      return `tshark stopped before the end of the capture${read}: ${why}`;
    }
    case 'no-ftp': {
      const also =
        f.dataConnections > 0
          ? ` (${plural(f.dataConnections, 'TCP connection')} that look like FTP data, but no control connection)`
          : '';
      const ports = `${f.ports.length > 1 ? 'ports' : 'port'} ${list(f.ports)}`;
      return `no FTP control session in ${f.packets} packets on ${ports}${also}`;
    }
    case 'tshark-missing':
      return 'tshark not found';
    case 'tshark-unusable':
      if (f.version !== null) return `tshark ${f.version} is too old`;
      if (f.tsharkReason !== null) return `tshark --version failed: ${f.tsharkReason}`;
      return 'tshark could not be run';
    case 'internal':
      return `internal error: ${f.text}`;
  }
}

export const en: GradeCatalog = {
  kind: { required: 'required', optional: 'optional', bonus: 'bonus' },
  pass: 'pass',
  fail: 'fail',
  yes: 'yes',
  no: 'no',
  status: { graded: 'graded', partial: 'graded in part', failed: 'not graded' },
  frames,

  summaryTitle: (title) => `Class summary: ${title}`,
  summaryCounts: (n) =>
    `${plural(n.files, 'file')}: ${n.graded} graded${n.partial > 0 ? ` (${n.partial} in part: cut short)` : ''}, ` +
    `${n.failed} could not be graded.`,
  summaryScores: (n) =>
    `${n.met} of ${n.graded} met every required criterion. Mean score ${n.mean} of ${n.max} (median ${n.median}).`,
  criteriaHeading: 'Criteria',
  criteriaHeader: ['#', 'Criterion', 'Id', 'Kind', 'Weight', 'Passed', 'Share'],
  mistakesHeading: 'Common mistakes',
  mistakesHeader: ['Mistake', 'Id', 'Captures', 'Students'],
  noMistakes: 'No common mistakes were found in the graded captures.',
  copiesHeading: 'Possible copies',
  copiesIntro:
    'These files hold the same recorded packets (same addresses, ports and microsecond times): one student ' +
    'recorded them, not each. Which one is the original cannot be told from the files.',
  copiesHeader: ['Students', 'Files', 'How', 'Shared packets'],
  copyKind: { identical: 'identical files', 'same-sessions': 'same sessions, file re-saved or trimmed' },
  notGradedHeading: 'Files that could not be graded',
  notGradedHeader: ['File', 'Student', 'Reason', 'Why'],
  everyHeading: 'Every file',
  everyHeader: ['File', 'Student', 'Score', 'Percent', 'Required met', 'Criteria not met', 'Mistakes', 'Copy of'],
  notGradedCell: (reason) => `not graded: ${reason}`,
  partialCell: 'in part',

  gradeHeading: 'Grade',
  gradeScore: (n) =>
    `Score **${n.score} of ${n.max}** (${n.percent}%)${n.bonus ? ' (bonus points included)' : ''}; ` +
    `every required criterion met: **${n.requiredMet ? 'yes' : 'no'}**.`,
  gradeHeader: ['Criterion', 'Kind', 'Weight', 'Result', 'Evidence frames', 'Where'],
  mistakesSeen: 'Mistakes seen in the capture:',
  partialNote: (packets) =>
    `The capture is cut short: graded on the ${plural(packets, 'packet')} that could be read (partial).`,
  labInEnglish: 'The detailed report below is in English.',

  mistake: {
    'active-refused': 'active mode attempted but the server could not connect (425 or no data connection)',
    'passive-failed': 'passive mode attempted but the data connection failed (425 or no data connection)',
    'no-active': 'no active-mode transfer attempted (no PORT/EPRT)',
    'no-passive': 'no passive-mode transfer attempted (no PASV/EPSV)',
    'login-failed-only': 'login failed only: no login attempt succeeded',
    'no-login': 'no login in the capture (no USER/PASS)',
    'mid-session': 'capture started mid-session: the control connection handshake is missing',
    'data-not-captured':
      'data connections missing from the capture although the server answered the transfer (capture filter on ' +
      'port 21 only?)',
    'teardown-missing': 'data connection teardown missing: no FIN of a data connection in the capture',
    'no-transfer': 'no data transfer (no LIST, RETR or STOR)',
    'capture-ended-early': 'capture stopped before a transfer finished (no final reply)',
    'tls-encrypted': 'the control channel switched to TLS (AUTH TLS): commands and replies cannot be read',
    'ftp-bounce': 'FTP bounce: PORT/EPRT sent the server to an address that is not the client (costs no points)',
    'pasv-address-mismatch':
      'NAT: the passive reply announced another address than the server the client reached (costs no points)',
  },
  notMet: (title) => `not met: ${title}`,

  reason: {
    'not-found': 'not found',
    unreadable: 'unreadable',
    empty: 'empty',
    'not-a-capture': 'not a capture',
    archive: 'an archive',
    truncated: 'cut short',
    corrupt: 'damaged',
    'no-ftp': 'no FTP in it',
    'tshark-error': 'tshark failed',
    'internal-error': 'internal error',
  },
  failure,

  lost: (title) => `Not met: ${title}.`,
  observation,
  redo,

  feedbackTitle: (student) => `Feedback: ${student}`,
  feedbackScore: (n) =>
    `Your score: **${n.score} of ${n.max}** (${n.percent}%). Every required criterion met: ` +
    `**${n.requiredMet ? 'yes' : 'no'}**.`,
  feedbackPartial: (packets) =>
    `Your capture file is cut short: it was graded on the ${plural(packets, 'packet')} that could be read.`,
  feedbackAllMet: 'You met every criterion. Well done.',
  feedbackLostHeading: 'What is missing and what to redo',
  feedbackMistakesHeading: 'Mistakes seen in your capture',
  feedbackNotGraded: (reason) => `Your file could not be graded: ${reason}.`,
  feedbackNotGradedAdvice:
    'Hand in the capture itself, as a .pcapng or .pcap file saved by Wireshark, tshark or dumpcap.',
  feedbackCopy: (kind, others) =>
    kind === 'identical'
      ? `Your file is identical to the file of ${list(others)}. Your instructor will ask you about it.`
      : `Your capture holds the same recorded packets as the one of ${list(others)}. ` +
        'Your instructor will ask you about it.',
};
