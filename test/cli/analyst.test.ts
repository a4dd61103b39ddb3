// The analyst's workflow through the built command: --no-secrets in every file of --out, a batch with a bad capture,
// one-line usage errors with suggestions, help SUBCOMMAND, --ek without the field list, --version, completion, man.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { assertContract } from '../contract.js';
import { ROOT, expectOneLineError, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-analyst-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (p: string) => join(ROOT, p);
const MASK = '••••••';

/** Captures with passwords and those passwords (each distinctive enough to grep for). */
const WITH_PASSWORDS: [string, string[]][] = [
  ['samples/login-failed-then-ok.pcapng', ['wrongpass', 's3cret']],
  ['samples/upload-stor.pcapng', ['up123']],
  ['samples/passive-list-retr.pcapng', ['demo123']],
  ['test/fixtures/analyst/typed-password.pcapng', ['Sw0rdf1sh-19']],
  ['test/fixtures/analyst/guess-and-spray.pcapng', ['letmein', 'Winter2026!']],
];

describe('--no-secrets with grade', () => {
  it('no file grade writes holds a password; without it the per-capture report does', { timeout: 150_000 }, () => {
    const class_ = join(dir, 'class');
    mkdirSync(class_);
    copyFileSync(at('samples/login-failed-then-ok.pcapng'), join(class_, 'alice.pcapng'));
    copyFileSync(at('test/fixtures/analyst/typed-password.pcapng'), join(class_, 'bob.pcapng'));
    const masked = join(dir, 'graded-masked');
    const plain = join(dir, 'graded-plain');
    expect(runCli(['grade', class_, '--out', masked, '--no-secrets', '--no-progress']).code).toBe(0);
    expect(runCli(['grade', class_, '--out', plain, '--no-progress']).code).toBe(0);
    const passwords = ['wrongpass', 's3cret', 'Sw0rdf1sh-19'];
    const texts = (root: string) =>
      (readdirSync(root, { recursive: true }) as string[])
        .map((f) => join(root, f))
        .filter((f) => statSync(f).isFile())
        .map((f) => [f, readFileSync(f, 'utf8')] as const);
    for (const [f, text] of texts(masked)) {
      for (const p of passwords) expect(text.includes(p), `${f} holds ${p}`).toBe(false);
    }
    const all = texts(plain)
      .map(([, t]) => t)
      .join('\n');
    for (const p of passwords) expect(all).toContain(p);
  });
});

describe('--no-secrets with --out', () => {
  it('no file written holds a password, and packets.csv masks the Info of each PASS segment', {
    timeout: 150_000,
  }, () => {
    const out = join(dir, 'masked');
    const captures = [...WITH_PASSWORDS.map(([c]) => at(c)), at('samples/telnet-char-per-segment.pcapng')];
    const r = runCli([...captures, '--out', out, '--no-secrets', '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out);
    expect(files.sort()).toEqual(
      [
        'captures.csv',
        'commands.csv',
        'files.csv',
        'findings.csv',
        'ftp.log',
        'logins.csv',
        'packets.csv',
        'report.json',
        'report.md',
        'sessions.csv',
        'transfers.csv',
      ].sort(),
    );
    for (const f of files) {
      const text = readFileSync(join(out, f), 'utf8');
      for (const [, passwords] of WITH_PASSWORDS) {
        for (const p of passwords) expect(text.includes(p), `${f} holds ${p}`).toBe(false);
      }
    }
    // the same run without --no-secrets does write them (the check above can fail)
    const plain = join(dir, 'plain');
    const unmasked = [at('test/fixtures/analyst/typed-password.pcapng'), at('samples/telnet-char-per-segment.pcapng')];
    expect(runCli([...unmasked, '--out', plain, '--no-progress']).code).toBe(0);
    expect(readFileSync(join(plain, 'logins.csv'), 'utf8')).toContain('Sw0rdf1sh-19');

    // telnet-char-per-segment: its password "1" typed one character per segment; every segment of the PASS line
    // (frames 37 to 46 hold "p", "a", "s", "s", " ", "1", CR LF) reads as the mask, and no "Request: 1" is left
    const rows = parse(readFileSync(join(out, 'packets.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const telnet = rows.filter((x) => x.capture!.endsWith('telnet-char-per-segment.pcapng'));
    const plainRows = parse(readFileSync(join(plain, 'packets.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const typed = plainRows.filter(
      (x) =>
        x.capture!.endsWith('telnet-char-per-segment.pcapng') &&
        Number(x.frame) >= 37 &&
        Number(x.frame) <= 46 &&
        x.info!.startsWith('Request:'),
    );
    expect(typed.map((x) => x.info)).toContain('Request: 1');
    for (const t of typed) expect(telnet.find((x) => x.frame === t.frame)!.info).toBe(`Request: ${MASK}`);
    expect(telnet.some((x) => x.info === 'Request: 1')).toBe(false);
    const logins = parse(readFileSync(join(out, 'logins.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    // a password is the mask, whatever it was; an attempt with no PASS (USER refused) has none
    expect(logins.filter((l) => l.password !== '').length).toBeGreaterThan(20);
    for (const l of logins) expect(['', MASK]).toContain(l.password);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as unknown[];
    for (const report of json) assertContract(report);
  });

  it('--csv logins and --jsonl logins print the mask', () => {
    const csv = runCli([at('samples/login-failed-then-ok.pcapng'), '--csv', 'logins', '--no-secrets']);
    expect(csv.stdout).not.toMatch(/wrongpass|s3cret/);
    expect(csv.stdout).toContain(MASK);
    const jsonl = runCli([at('samples/login-failed-then-ok.pcapng'), '--jsonl', 'commands', '--no-secrets']);
    const pass = jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { command: string; arg: string })
      .filter((c) => c.command === 'PASS');
    expect(pass.map((c) => c.arg)).toEqual([MASK, MASK]);
  });
});

describe('several captures, one of them bad', () => {
  const junk = join(dir, 'junk.pcap');
  writeFileSync(junk, 'this is not a capture\n');
  const good = [at('samples/upload-stor.pcapng'), at('samples/login-failed-then-ok.pcapng')];

  it('keeps the good captures rows, says one line per bad one, and exits 8', () => {
    const r = runCli([good[0]!, junk, good[1]!, '--csv', 'sessions', '--no-progress']);
    expect(r.code).toBe(8);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((x) => x.capture))).toEqual(new Set(good));
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`ftp-report: ${junk}: is not a pcap or pcapng capture (it starts with bytes 74686973)`);
    expect(lines[1]).toMatch(/^ftp-report: 1 of 3 captures could not be read/);
  });

  it('the captures table has a row per capture, the bad one with its error', () => {
    const r = runCli([good[0]!, junk, join(dir, 'missing.pcapng'), '--csv', 'captures', '--no-progress']);
    expect(r.code).toBe(8);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.status, x.errorCode, x.reason, x.exitCode])).toEqual([
      ['ok', '', '', '0'],
      ['failed', 'CAPTURE_INVALID', 'not-a-capture', '4'],
      ['failed', 'CAPTURE_NOT_FOUND', 'no-such-file', '3'],
    ]);
    expect(rows[0]!.sessions).toBe('2');
  });

  it('--json gives an array with an entry per capture; the bad one has no sessions and its error', () => {
    const r = runCli([good[0]!, junk, '--json', '--no-progress']);
    expect(r.code).toBe(8);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(2);
    for (const entry of list) assertContract(entry);
    expect(list[0]!.error).toBeUndefined();
    expect(list[1]).toMatchObject({
      sessions: [],
      capture: { file: junk, complete: false, packets: 0 },
      error: { code: 'CAPTURE_INVALID', reason: 'not-a-capture', exitCode: 4 },
    });
  });

  it('--json-array is an array for one capture too; without it one capture is its object', () => {
    const one = runCli([good[0]!, '--json', '--json-array', '--no-progress']);
    expect(one.code).toBe(0);
    const list = JSON.parse(one.stdout) as unknown[];
    expect(Array.isArray(list)).toBe(true);
    expect(list).toHaveLength(1);
    const object = JSON.parse(runCli([good[0]!, '--json', '--no-progress']).stdout) as unknown;
    expect(Array.isArray(object)).toBe(false);
    expect(list[0]).toEqual(object);
  });

  it('one capture alone that fails keeps its own exit code and prints nothing', () => {
    const r = runCli([junk, '--csv']);
    expect(r.code).toBe(4);
    expectOneLineError(r);
  });

  it('--out writes the good captures and captures.csv', () => {
    const out = join(dir, 'batch');
    const r = runCli([good[0]!, junk, '--out', out, '--no-progress']);
    expect(r.code).toBe(8);
    const sessions = parse(readFileSync(join(out, 'sessions.csv'), 'utf8'), { columns: true }) as unknown[];
    expect(sessions).toHaveLength(2);
    expect(readFileSync(join(out, 'captures.csv'), 'utf8')).toContain('CAPTURE_INVALID');
  });
});

describe('usage errors: one line, the suggestion on it, exit 2', () => {
  const SAMPLE = at('samples/passive-list-retr.pcapng');
  it.each([
    [[SAMPLE, '--jsn'], /^ftp-report: unknown option '--jsn' \(did you mean --json\?\); run ftp-report --help/],
    [['gradee'], /^ftp-report: gradee: no such file or subcommand \(did you mean "ftp-report grade"\?\)$/],
    [['help', 'gradee'], /^ftp-report: help: no subcommand "gradee" \(did you mean "grade"\?\)/],
    [[SAMPLE, '--csv', 'sesions'], /^ftp-report: --csv: no table "sesions" \(did you mean "sessions"\? tables: /],
    [[SAMPLE, '--spray-users', 'many'], /^ftp-report: option '--spray-users <n>' argument 'many' is invalid/],
    [[SAMPLE, '--ftp-port'], /^ftp-report: option '--ftp-port <port>' argument missing; run ftp-report --help/],
    [['grade', '--jbos', '2'], /^ftp-report: unknown option '--jbos' \(did you mean --jobs\?\); run ftp-report grade/],
    [['completion', 'tcsh'], /^ftp-report: completion: no shell "tcsh"/],
    [[], /^ftp-report: no capture file given/],
  ])('%j', (args, pattern) => {
    const r = runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(expectOneLineError(r)).toMatch(pattern);
  });

  it('help SUBCOMMAND prints the subcommand help, help alone the program help', () => {
    const r = runCli(['help', 'grade']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: ftp-report grade \[options\] \[paths\.\.\.\]/);
    expect(r.stdout).toContain('--rubric <file>');
    expect(runCli(['help']).stdout).toMatch(/^Usage: ftp-report \[options\] \[command\] \[captures\.\.\.\]/);
  });
});

describe('--ek without the field list', () => {
  it('a plain tshark -T ek stream is an error naming the missing fields and how to get them, exit 4', () => {
    const t = spawnSync('tshark', ['-r', at('samples/passive-list-retr.pcapng'), '-T', 'ek'], { encoding: 'utf8' });
    expect(t.status).toBe(0);
    const r = runCli(['--ek', '-'], { input: t.stdout });
    expect(r.code).toBe(4);
    const line = expectOneLineError(r);
    expect(line).toMatch(/^ftp-report: -: a plain tshark -T ek stream \(no -e fields\) without the fields/);
    expect(line).toContain('missing frame.number, frame.time_epoch');
    expect(line).toContain('--print-tshark-command');
  });

  it('a stream with some -e fields but not all names just those', () => {
    const t = spawnSync(
      'tshark',
      ['-r', at('samples/passive-list-retr.pcapng'), '-T', 'ek', '-e', 'frame.number', '-e', 'frame.time_epoch'],
      { encoding: 'utf8' },
    );
    const line = expectOneLineError(runCli(['--ek', '-'], { input: t.stdout }));
    expect(line).toMatch(/missing frame\.len, tcp\.stream, .*ip\.src or ipv6\.src, ftpr\.ctl or tcp\.payload;/);
    expect(line).not.toContain('frame.number,');
  });
});

describe('--version, completion, man page', () => {
  it('--version names ftp-report, tshark and the Lua helper', () => {
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    const pkg = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { version: string };
    const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).stdout.match(
      /TShark \(Wireshark\) ([\d.]+)/,
    )!;
    expect(r.stdout).toContain(`ftp-report ${pkg.version}\n`);
    expect(r.stdout).toMatch(new RegExp(`^tshark ${tshark[1]!.replace(/\./g, '\\.')} `, 'm'));
    expect(r.stdout).toMatch(/^Lua helper: (used|not used) /m);
  });

  it('the bash completion script is valid bash and offers options, tables and subcommands', () => {
    const script = runCli(['completion', 'bash']).stdout;
    const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    const complete = (...words: string[]) => {
      const line = ['ftp-report', ...words];
      const r = spawnSync(
        'bash',
        [
          '-c',
          `${script}\nCOMP_WORDS=(${line.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${line.length - 1}; ` +
            `_ftp_report; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8', cwd: ROOT },
      );
      return r.stdout.trim().split('\n');
    };
    expect(complete('--js')).toEqual(['--json', '--json-array', '--jsonl']);
    expect(complete('--csv', 'ca')).toEqual(['captures']);
    expect(complete('gr')).toContain('grade');
    expect(complete('grade', '--ru')).toEqual(['--rubric']);
  });

  it('zsh and fish scripts name every option of the program', () => {
    const zsh = runCli(['completion', 'zsh']).stdout;
    const fish = runCli(['completion', 'fish']).stdout;
    expect(zsh.startsWith('#compdef ftp-report')).toBe(true);
    for (const flag of ['--no-secrets', '--json-array', '--brute-force-failures', '--csv-multiline']) {
      expect(zsh).toContain(flag);
      expect(fish).toContain(`-l ${flag.slice(2)}`);
    }
    expect(fish).toContain("-a 'sessions commands transfers logins findings packets files captures'");
  });

  it('docs/ftp-report.1 is the man page the current help makes', () => {
    const fresh = join(dir, 'ftp-report.1');
    const r = spawnSync(process.execPath, [at('scripts/man-page.mjs'), fresh], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(at('docs/ftp-report.1'), 'utf8')).toBe(readFileSync(fresh, 'utf8'));
    const page = readFileSync(fresh, 'utf8');
    expect(page).toContain('.B \\-\\-no\\-secrets');
    expect(page).toContain('.SH EXIT STATUS');
    const man = spawnSync('man', ['-l', fresh], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '100' } });
    expect(man.stdout).toContain('--brute-force-failures');
  });
});
