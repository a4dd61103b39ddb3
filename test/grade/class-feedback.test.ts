// A ten-file class of real captures as an instructor hands it in: copies (identical, re-saved pcap → pcapng,
// trimmed with editcap), a note, a zip, an empty file and a capture cut short; feedback per lost criterion on
// the grading fixtures; a custom rubric's own mistake codes; every word in Russian.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from '../../src/grade/default-rubric.js';
import {
  type GradeLang,
  type GradeRow,
  gradePaths,
  renderClassSummary,
  renderGradeSection,
  renderGradebook,
  renderStudentFeedback,
  validateRubric,
} from '../../src/grade/index.js';
import { lintMarkdown } from '../reports/markdown-check.js';

let dir: string;
let cls: string;
let rows: GradeRow[];
let fixtures: GradeRow[];

/** A zip archive holding one file, stored (no compression): what a student's "export as zip" gives. */
function zipOf(name: string, data: Buffer): Buffer {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12);
  end.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

const editcap = (...args: string[]) => execFileSync('editcap', args);

/** The ten files; samples/README.md says what each sample holds. */
function makeClass(root: string): void {
  mkdirSync(root);
  copyFileSync('samples/passive-list-retr.pcapng', join(root, 'alice.pcapng'));
  // bob hands in alice's file as it is
  copyFileSync('samples/passive-list-retr.pcapng', join(root, 'bob.pcapng'));
  editcap('-F', 'pcap', 'samples/active-list-retr.pcapng', join(root, 'carol.pcap'));
  // dave re-saves carol's pcap as pcapng
  editcap('-F', 'pcapng', join(root, 'carol.pcap'), join(root, 'dave.pcapng'));
  copyFileSync('samples/upload-stor.pcapng', join(root, 'erin.pcapng'));
  // frank cuts erin's first two packets (SYN, SYN/ACK) away
  editcap(join(root, 'erin.pcapng'), join(root, 'frank.pcapng'), '1-2');
  writeFileSync(join(root, 'gina.txt'), 'I could not get Wireshark to work, sorry.\n');
  writeFileSync(
    join(root, 'hank.pcapng.zip'),
    zipOf('hank.pcapng', readFileSync('samples/login-failed-then-ok.pcapng')),
  );
  writeFileSync(join(root, 'ivan.pcapng'), '');
  // judy's upload stopped mid-file: cut in the middle of a packet
  writeFileSync(join(root, 'judy.pcapng'), readFileSync('samples/ipv6-epsv-eprt.pcapng').subarray(0, 6000));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grade-feedback-'));
  cls = join(dir, 'class');
  makeClass(cls);
  rows = await gradePaths([cls], { rubric: DEFAULT_RUBRIC, jobs: 2 });
  fixtures = await gradePaths(
    [
      'test/fixtures/grade/mid-session.pcapng',
      'test/fixtures/grade/login-failed-only.pcapng',
      'test/fixtures/grade/control-only.pcapng',
      'test/fixtures/grade/no-data-teardown.pcapng',
      'samples/passive-list-retr.pcapng',
      'samples/active-list-retr.pcapng',
      'test/fixtures/robustness/bounce.pcapng',
      'test/fixtures/robustness/nat-pasv.pcapng',
    ],
    { rubric: DEFAULT_RUBRIC, jobs: 2 },
  );
}, 600_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const row = (list: GradeRow[], name: string) => list.find((r) => r.file.endsWith(name))!;
const names = (r: GradeRow) => r.copies.map((c) => [rows[c.row]!.student, c.kind]);

describe('every file under the path gets a row', () => {
  it('ten rows in path order, with status and reason', () => {
    expect(rows.map((r) => [r.student, r.status, r.reason])).toEqual([
      ['alice', 'graded', null],
      ['bob', 'graded', null],
      ['carol', 'graded', null],
      ['dave', 'graded', null],
      ['erin', 'graded', null],
      ['frank', 'graded', null],
      ['gina', 'failed', 'not-a-capture'],
      ['hank', 'failed', 'archive'],
      ['ivan', 'failed', 'empty'],
      ['judy', 'partial', 'truncated'],
    ]);
    expect(row(rows, 'gina.txt').error).toBe('is not a pcap or pcapng capture (it starts with bytes 4920636f)');
    expect(row(rows, 'hank.pcapng.zip').error).toBe('is a zip archive: unpack it and grade the capture inside');
    expect(row(rows, 'ivan.pcapng').error).toBe('is empty (0 bytes), not a capture');
  });
});

describe('files that are not regular files, and empty ones', () => {
  it('a named pipe and a link to nowhere get rows; two empty files are not copies', async () => {
    const odd = join(dir, 'odd');
    mkdirSync(odd);
    execFileSync('mkfifo', [join(odd, 'pipe.pcapng')]);
    symlinkSync(join(odd, 'gone.pcapng'), join(odd, 'link.pcapng'));
    writeFileSync(join(odd, 'empty1.pcapng'), '');
    writeFileSync(join(odd, 'empty2.pcapng'), '');
    const odds = await gradePaths([odd], { rubric: DEFAULT_RUBRIC, jobs: 2 });
    expect(odds.map((r) => [r.student, r.status, r.reason, r.error, r.copies])).toEqual([
      ['empty1', 'failed', 'empty', 'is empty (0 bytes), not a capture', []],
      ['empty2', 'failed', 'empty', 'is empty (0 bytes), not a capture', []],
      ['link', 'failed', 'not-found', 'no such file', []],
      ['pipe', 'failed', 'unreadable', 'is not a regular file', []],
    ]);
  }, 120_000);
});

describe('copy detection', () => {
  it('an identical file: both students flagged', () => {
    expect(names(row(rows, 'alice.pcapng'))).toEqual([['bob', 'identical']]);
    expect(names(row(rows, 'bob.pcapng'))).toEqual([['alice', 'identical']]);
  });

  it('a pcap re-saved as pcapng holds the same sessions', () => {
    expect(names(row(rows, 'carol.pcap'))).toEqual([['dave', 'same-sessions']]);
    expect(names(row(rows, 'dave.pcapng'))).toEqual([['carol', 'same-sessions']]);
    // every packet of the FTP session shared, although the files differ
    expect(row(rows, 'dave.pcapng').copies[0]!.sharedPackets).toBeGreaterThan(50);
  });

  it('a copy trimmed with editcap holds the same sessions, and is graded on what is left', () => {
    expect(names(row(rows, 'erin.pcapng'))).toEqual([['frank', 'same-sessions']]);
    expect(names(row(rows, 'frank.pcapng'))).toEqual([['erin', 'same-sessions']]);
    // the SYN and SYN/ACK of erin's first session are gone from frank's copy; her second session keeps its own
    expect(row(rows, 'frank.pcapng').copies[0]!.sharedPackets).toBeGreaterThan(50);
    expect(row(rows, 'frank.pcapng').grade!.criteria[0]).toMatchObject({ id: 'handshake', passed: true });
  });

  it('a capture made from another by filtering (the grading fixtures) is the same sessions too', () => {
    // mid-session and control-only are cut from passive-list-retr, no-data-teardown from active-list-retr
    const pairs = new Set(
      fixtures.flatMap((r) => r.copies.map((c) => [r.student, fixtures[c.row]!.student, c.kind].join(' '))),
    );
    expect([...pairs].sort()).toEqual([
      'active-list-retr no-data-teardown same-sessions',
      'control-only mid-session same-sessions',
      'control-only passive-list-retr same-sessions',
      'mid-session control-only same-sessions',
      'mid-session passive-list-retr same-sessions',
      'no-data-teardown active-list-retr same-sessions',
      'passive-list-retr control-only same-sessions',
      'passive-list-retr mid-session same-sessions',
    ]);
  });

  it('students who recorded their own captures are not flagged', () => {
    for (const r of rows.slice(6)) expect(r.copies).toEqual([]);
    const own = ['login-failed-only', 'bounce', 'nat-pasv'];
    for (const r of fixtures.filter((x) => own.includes(x.student))) expect(r.copies).toEqual([]);
  });

  it('the gradebook flags both, and the summary lists the pairs', () => {
    const book = parse(renderGradebook(rows, DEFAULT_RUBRIC), { columns: true }) as Record<string, string>[];
    expect(book.map((b) => [b.student, b.copy, b.copyOf])).toEqual([
      ['alice', 'identical', 'bob'],
      ['bob', 'identical', 'alice'],
      ['carol', 'same-sessions', 'dave'],
      ['dave', 'same-sessions', 'carol'],
      ['erin', 'same-sessions', 'frank'],
      ['frank', 'same-sessions', 'erin'],
      ['gina', '', ''],
      ['hank', '', ''],
      ['ivan', '', ''],
      ['judy', '', ''],
    ]);
    const summary = renderClassSummary(rows, DEFAULT_RUBRIC);
    expect(summary).toContain('## Possible copies');
    expect(summary).toMatch(/\| alice, bob \| .*alice\.pcapng, .*bob\.pcapng \| identical files \| \d+ \|/);
    expect(summary).toMatch(/\| carol, dave \| .* \| same sessions, file re-saved or trimmed \| \d+ \|/);
    expect(summary).toMatch(/\| erin, frank \| .* \| same sessions, file re-saved or trimmed \| \d+ \|/);
    expect(lintMarkdown(summary)).toEqual([]);
  });
});

describe('a capture cut short', () => {
  it('earns the criteria its readable part shows, marked partial', () => {
    const judy = row(rows, 'judy.pcapng');
    expect(judy.grade!.partial).toBe(true);
    // the readable part holds the handshake, the login and the passive LIST; the active transfers are cut away
    const passed = judy.grade!.criteria.filter((c) => c.passed).map((c) => c.id);
    expect(passed).toEqual(['handshake', 'login', 'passive', 'data-moved', 'teardown']);
    expect(judy.grade!.score).toBe(6);
    const summary = renderClassSummary(rows, DEFAULT_RUBRIC);
    expect(summary).toContain('10 files: 7 graded (1 in part: cut short), 3 could not be graded.');
    expect(summary).toMatch(/\| judy \| 6 \/ 8 \(in part\) \| 75% \| no \|/);
    const book = parse(renderGradebook(rows, DEFAULT_RUBRIC), { columns: true }) as Record<string, string>[];
    expect(book[9]).toMatchObject({ status: 'partial', reason: 'truncated', score: '6', percent: '75' });
    expect(renderStudentFeedback(rows, 9, DEFAULT_RUBRIC, 'en')).toMatch(
      /Your capture file is cut short: it was graded on the \d+ packets that could be read\./,
    );
  });
});

describe('feedback: a few sentences per lost criterion', () => {
  const feedback = (name: string) => {
    const i = fixtures.findIndex((r) => r.file.endsWith(name));
    return renderStudentFeedback(fixtures, i, DEFAULT_RUBRIC, 'en');
  };

  it('handshake: the capture started late, its first frame named', () => {
    expect(feedback('mid-session.pcapng')).toContain(
      '- Not met: Control connection set-up captured (SYN, SYN/ACK, ACK to the FTP port). The capture starts ' +
        'after the connection was set up: its first FTP packet (frame 1) is not a SYN. Start the capture before ' +
        'you connect to the server, and capture again.',
    );
  });

  it('login: every login refused, with the 530 and its frames', () => {
    expect(feedback('login-failed-only.pcapng')).toContain(
      '- Not met: Login shown: USER, PASS and the 230 reply. Every login was refused (530) (frames 9, 11). Log in ' +
        'again with USER and the right PASS while capturing, so that the 230 reply is recorded.',
    );
  });

  it('active: every data connection was set up in passive mode, with the set-up frames', () => {
    expect(feedback('passive-list-retr.pcapng')).toContain(
      '- Not met: Active mode: a transfer after PORT/EPRT whose data connection the server opened. There is no ' +
        'active transfer: every data connection was set up in passive mode (frames 13, 29). Repeat a transfer (a ' +
        'listing or a download) in active mode (PORT or EPRT), so that the server opens the data connection to you.',
    );
  });

  it('passive: the other way round', () => {
    expect(feedback('active-list-retr.pcapng')).toMatch(
      /- Not met: Passive mode: .* There is no passive transfer: every data connection was set up in active mode \(frames \d+, \d+\)\. Repeat a transfer \(a listing or a download\) with PASV \(or EPSV\), so that your client opens the data connection\./,
    );
  });

  it('data moved: the closest transfer and the conditions it missed (no data connection in the capture)', () => {
    const text = feedback('control-only.pcapng');
    expect(text).toMatch(
      /- Not met: Data moved: .* The closest transfer, LIST after PASV \(frames [\d, ]+\), does not count: it moved 0 bytes, not at least 1\. Repeat a transfer \(a listing or a download\) while capturing every port \(no "port 21" filter\) and wait for the 226 reply\./,
    );
    expect(text).toMatch(
      /The closest transfer, LIST after PASV \(frames [\d, ]+\), does not count: its data connection is not in the capture\./,
    );
  });

  it('teardown: the data connections never close, their SYN frames named', () => {
    expect(feedback('no-data-teardown.pcapng')).toMatch(
      /- Not met: Data connection teardown \(FIN\) captured\. The data connections \(frames \d+, \d+\) never close in the capture \(no FIN\)\. Keep capturing until the transfer is over and the data connection is closed; stop only after QUIT\./,
    );
  });

  it('the gradebook has the same sentences in its feedback column, and a percent column', () => {
    const book = parse(renderGradebook(fixtures, DEFAULT_RUBRIC), { columns: true }) as Record<string, string>[];
    const passive = book.find((b) => b.file!.endsWith('passive-list-retr.pcapng'))!;
    expect(passive.percent).toBe('75');
    expect(passive.feedback).toMatch(/^Not met: Active mode: .* There is no active transfer: /);
    const all = book.find((b) => b.file!.endsWith('upload-stor.pcapng'));
    expect(all).toBeUndefined();
  });

  it('a capture that met everything says so', () => {
    const erin = rows.findIndex((r) => r.student === 'erin');
    expect(renderStudentFeedback(rows, erin, DEFAULT_RUBRIC, 'en')).toContain('You met every criterion. Well done.');
  });

  it('a file not graded tells the student why and what to hand in', () => {
    const hank = rows.findIndex((r) => r.student === 'hank');
    expect(renderStudentFeedback(rows, hank, DEFAULT_RUBRIC, 'en')).toBe(
      '# Feedback: hank\n\nYour file could not be graded: is a zip archive: unpack it and grade the capture ' +
        'inside.\n\nHand in the capture itself, as a .pcapng or .pcap file saved by Wireshark, tshark or dumpcap.\n',
    );
  });
});

describe('NAT and bounce', () => {
  it('are marked as mistakes that cost no points', () => {
    const bounce = row(fixtures, 'bounce.pcapng').grade!;
    expect(bounce.mistakes.map((m) => m.id)).toContain('ftp-bounce');
    expect(bounce.mistakes.find((m) => m.id === 'ftp-bounce')!.frames.length).toBeGreaterThan(0);
    const nat = row(fixtures, 'nat-pasv.pcapng').grade!;
    expect(nat.mistakes.map((m) => m.id)).toContain('pasv-address-mismatch');
    // the passive transfers still count: the client reached the server
    expect(nat.criteria.find((c) => c.id === 'passive')!.passed).toBe(true);
  });
});

describe('a custom rubric', () => {
  const rubric = validateRubric({
    title: { en: 'Passive only', ru: 'Только пассивный режим' },
    criteria: [
      { id: 'login', title: 'Login', check: 'login' },
      {
        id: 'passive',
        title: { en: 'A passive download', ru: 'Загрузка в пассивном режиме' },
        check: 'transfer',
        where: { mode: 'passive', direction: 'download', status: 'complete' },
        weight: 2,
      },
      {
        id: 'epsv',
        title: { en: 'EPSV used', ru: 'Использована EPSV' },
        check: 'transfer',
        where: { setup: 'EPSV' },
        mistake: {
          id: 'no-epsv',
          message: { en: 'the client never asked for EPSV', ru: 'клиент ни разу не запросил EPSV' },
        },
        hint: { en: 'Use curl without --disable-epsv.', ru: 'Используйте curl без --disable-epsv.' },
      },
      { id: 'quit', title: 'QUIT sent', check: 'command', where: { command: 'QUIT', replyCode: 221 } },
    ],
  });

  it('lists its own mistake codes, and no built-in code about what it does not ask for', async () => {
    // on the default rubric, the passive capture lists no-active
    expect(row(fixtures, 'passive-list-retr.pcapng').grade!.mistakes.map((m) => m.id)).toEqual(['no-active']);
    const custom = await gradePaths(['samples/passive-list-retr.pcapng', 'samples/active-list-retr.pcapng'], {
      rubric,
      jobs: 2,
    });
    const [active, pasv] = custom;
    // curl with --disable-epsv: PASV only; this rubric asks nothing about active mode
    expect(pasv!.grade!.mistakes.map((m) => m.id)).toEqual(['no-epsv']);
    expect(active!.grade!.mistakes.map((m) => m.id)).toEqual(['no-passive', 'no-epsv']);
    const book = parse(renderGradebook(custom, rubric, { lang: 'ru' }), { columns: true }) as Record<string, string>[];
    expect(book[1]!.mistakes).toBe('no-epsv');
    expect(book[1]!.feedback).toMatch(/^Не выполнено: Использована EPSV\. .* Используйте curl без --disable-epsv\.$/);
    const summary = renderClassSummary(custom, rubric, { lang: 'ru' });
    expect(summary).toContain(
      '| клиент ни разу не запросил EPSV | no-epsv | 2 | active-list-retr, passive-list-retr |',
    );
    expect(summary.startsWith('# Сводка по группе: Только пассивный режим\n')).toBe(true);
  }, 120_000);
});

/** Criterion ids and protocol words: codes, not English prose. */
const CODES = [...DEFAULT_RUBRIC.criteria.map((c) => c.id), 'tshark', 'pcap', 'pcapng', 'dumpcap', 'Wireshark', 'zip'];

/** Latin words left once file names, ids, hex bytes, upper-case commands and codes are taken out. */
function englishWords(text: string, names: string[]): string[] {
  const allowed = new Set([...names, ...CODES, 'port', 'bounce']);
  const words =
    text
      .replace(/\]\([^)]*\)/g, ']')
      .replace(/\S*[/.]\S*[A-Za-z]\S*/g, ' ')
      .replace(/\b[0-9a-f]{8}\b/g, ' ')
      .match(/[A-Za-z][A-Za-z'-]*/g) ?? [];
  return words.filter((w) => !allowed.has(w) && !w.includes('-') && w !== w.toUpperCase());
}

/** Common English words of grade's sentences (for Vietnamese, whose letters are Latin too). */
const ENGLISH = /\b(the|and|of|is|not|was|with|your|you|capture|frames?|every|criterion|repeat|met|graded|files?)\b/i;

describe('--lang ru: everything grade writes is in Russian', () => {
  it('the summary, every feedback file, the grade section and the feedback column hold no English word', () => {
    const who = rows.map((r) => r.student);
    const summary = renderClassSummary(rows, DEFAULT_RUBRIC, { lang: 'ru' });
    expect(englishWords(summary, who)).toEqual([]);
    expect(summary).toContain('## Возможные копии');
    expect(summary).toContain('Файлов: 10; оценено: 7 (частично, так как файл обрезан: 1); не удалось оценить: 3.');
    expect(lintMarkdown(summary)).toEqual([]);
    rows.forEach((r, i) => {
      const text = renderStudentFeedback(rows, i, DEFAULT_RUBRIC, 'ru');
      expect([r.student, englishWords(text, who)]).toEqual([r.student, []]);
      expect(lintMarkdown(text)).toEqual([]);
    });
    for (const r of [...rows, ...fixtures].filter((x) => x.grade)) {
      const section = renderGradeSection(r.grade!, DEFAULT_RUBRIC, { lang: 'ru', partialPackets: 10 });
      expect(englishWords(section, who)).toEqual([]);
    }
    const book = parse(renderGradebook([...rows, ...fixtures], DEFAULT_RUBRIC, { lang: 'ru' }), {
      columns: true,
    }) as Record<string, string>[];
    for (const b of book) {
      // tshark's own reason is quoted as tshark wrote it, after "сообщение tshark:"
      const error = b.error!.replace(/сообщение tshark: .*$/, '');
      expect(englishWords(`${b.feedback} ${error}`, who)).toEqual([]);
    }
    expect(book[9]!.error).toMatch(
      /^tshark остановился, не дойдя до конца захвата \(прочитано \d+ пакет\S*\); сообщение tshark: /,
    );
  });

  it.each(['zh', 'vi'] as GradeLang[])('%s: the summary and feedback are written in that language', (lang) => {
    const who = rows.map((r) => r.student);
    const texts = [
      renderClassSummary(rows, DEFAULT_RUBRIC, { lang }),
      ...rows.map((_r, i) => renderStudentFeedback(rows, i, DEFAULT_RUBRIC, lang)),
    ];
    for (const text of texts) {
      expect(lintMarkdown(text)).toEqual([]);
      // drop file paths and kebab-case codes (capture-ended-early) before looking for English words
      expect(text.replace(/\S*[/.]\S*/g, ' ').replace(/[a-z0-9]+(-[a-z0-9]+)+/g, ' ')).not.toMatch(ENGLISH);
      if (lang === 'zh') expect(englishWords(text, who)).toEqual([]);
    }
  });
});

describe("a student's TLS key log beside the capture", () => {
  it('decrypts that capture only: graded on its plaintext, the other stays tls-encrypted', async () => {
    const ftps = join(dir, 'ftps');
    mkdirSync(ftps);
    // the same FTPS capture (curl, AUTH TLS, PROT P) handed in twice; only alice hands in her key log
    copyFileSync('test/fixtures/ftps/ftps-curl-prot-p.pcapng', join(ftps, 'alice.pcapng'));
    copyFileSync('test/fixtures/ftps/ftps-curl-prot-p.keys', join(ftps, 'alice.keys'));
    copyFileSync('test/fixtures/ftps/ftps-curl-prot-p.pcapng', join(ftps, 'zoe.pcapng'));
    const [alice, zoe] = await gradePaths([ftps], { rubric: DEFAULT_RUBRIC, jobs: 2 });
    expect(alice).toMatchObject({ student: 'alice', keyLog: join(ftps, 'alice.keys'), status: 'graded' });
    expect(zoe).toMatchObject({ student: 'zoe', keyLog: null, status: 'graded' });
    const passed = (r: GradeRow) => r.grade!.criteria.filter((c) => c.passed).map((c) => c.id);
    expect(passed(alice!)).toEqual(['handshake', 'login', 'passive', 'data-moved', 'teardown']);
    expect(alice!.grade!.mistakes.map((m) => m.id)).toEqual(['no-active']);
    expect(passed(zoe!)).toEqual(['handshake']);
    expect(zoe!.grade!.mistakes.map((m) => m.id)).toContain('tls-encrypted');
    expect(renderStudentFeedback([zoe!], 0, DEFAULT_RUBRIC, 'en')).toMatch(
      /- Not met: Login shown: USER, PASS and the 230 reply\. The control channel switched to TLS \(frame \d+\), so nothing after it can be read\./,
    );
  }, 120_000);
});
