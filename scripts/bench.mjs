// ftp-report's benchmark: builds synthetic captures (reused when present), then times, interleaved per capture,
// ftp-report end to end, tshark's floor (dissect, print nothing), tshark's field-export floor, the bare export of
// ftp-report's own field list and the naive full -T ek; writes BENCHMARKS.md. Needs a build (npm run build).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CLI = join(ROOT, 'dist/cli/main.js');
const SYNTH = join(ROOT, 'dist/synth/cli.js');

const HELP = `Usage: npm run bench [-- options]   (or scripts/bench [options])

  --quick              only the 50M capture and the 1,000-session one, 1 repetition each
  --sizes LIST         capture sizes to build and measure, e.g. 50M,500M (default 50M,500M,2G)
  --no-many            skip the 1,000-small-sessions capture and the busy-server (5,000 sessions) one
  --sessions LIST      busy-server captures to build and measure, as session counts (default 5000);
                       e.g. --sessions 5000,20000 (the 20,000-session capture is about 0.8 GB);
                       BENCH_SESSIONS=5000,20000 in the environment does the same
  --only-sessions      measure only the busy-server captures (no size captures, no 1,000-session one)
  --reps N             repetitions per measurement (default: 3 up to 100M, 2 up to 1G, 1 above)
  --no-naive-above SZ  skip the naive full -T ek above this capture size (default: never skip)
  --explore            also time variants of ftp-report's tshark command (what each option costs)
  --dir DIR            where captures live (default $TMPDIR/ftp-report-bench; reused between runs)
  --clean              delete the captures at the end (default: keep them for the next run)
  --out FILE           report file (default: BENCHMARKS.md in the repository for the full default run;
                       bench-out/BENCHMARKS.md for --quick, --sizes or --no-many, so a partial run never
                       replaces the full table)
  --timeout SECONDS    kill any single measured run after this long (default 1800)
`;

// ---------- options ----------
function parseSizeText(text) {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text}`);
  return Math.round(Number(m[1]) * { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[m[2].toUpperCase()]);
}

function parseOptions(argv) {
  const o = {
    sizes: ['50M', '500M', '2G'],
    many: true,
    reps: null,
    naiveAbove: Infinity,
    explore: false,
    dir: join(os.tmpdir(), 'ftp-report-bench'),
    clean: false,
    out: null,
    timeout: 1800,
    quick: false,
    sessions: (process.env.BENCH_SESSIONS ?? '5000').split(',').filter(Boolean).map(Number),
    onlySessions: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      process.stdout.write(HELP);
      process.exit(0);
    } else if (a === '--quick') {
      o.quick = true;
      o.sizes = ['50M'];
    } else if (a === '--sizes') o.sizes = val().split(',').filter(Boolean);
    else if (a === '--no-many') {
      o.many = false;
      o.sessions = [];
    } else if (a === '--sessions') o.sessions = val().split(',').filter(Boolean).map(Number);
    else if (a === '--only-sessions') o.onlySessions = true;
    else if (a === '--reps') o.reps = Number(val());
    else if (a === '--no-naive-above') o.naiveAbove = parseSizeText(val());
    else if (a === '--explore') o.explore = true;
    else if (a === '--dir') o.dir = resolve(val());
    else if (a === '--clean') o.clean = true;
    else if (a === '--out') o.out = resolve(val());
    else if (a === '--timeout') o.timeout = Number(val());
    else throw new Error(`unknown option ${a} (see --help)`);
  }
  for (const s of o.sizes) parseSizeText(s);
  for (const n of o.sessions) if (!Number.isInteger(n) || n < 1) throw new Error(`not a session count: ${n}`);
  if (o.quick) o.sessions = [];
  if (o.onlySessions) {
    o.sizes = [];
    o.many = false;
  }
  const partial =
    o.quick || o.sizes.join(',') !== '50M,500M,2G' || !o.many || o.onlySessions || o.sessions.join(',') !== '5000';
  o.out ??= partial ? join(ROOT, 'bench-out', 'BENCHMARKS.md') : join(ROOT, 'BENCHMARKS.md');
  mkdirSync(dirname(o.out), { recursive: true });
  return o;
}

// ---------- helpers ----------
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
const mib = (kb) => (kb == null ? '–' : `${Math.round(kb / 1024)} MiB`);
const secs = (s) => (s == null ? '–' : s < 10 ? s.toFixed(2) : s.toFixed(1));
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length === 0 ? null : v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const mb = (bytes) => (bytes == null ? '–' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
const fmtInt = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-US'));

function capture(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    return `(${cmd} failed: ${err.message.split('\n')[0]})`;
  }
}

/** Splits the shell command ftp-report prints (POSIX words, single quotes only). */
function shellWords(line) {
  const words = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '\\') {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

const RSS_HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    "import{writeFileSync}from'node:fs';const f=process.env.BENCH_RSS_FILE;" +
      "if(f)process.on('exit',()=>{const u=process.resourceUsage();writeFileSync(f,JSON.stringify({maxRssKb:u.maxRSS,cpuS:(u.userCPUTime+u.systemCPUTime)/1e6}))});",
  );

/** The process group of the run in progress, killed if the benchmark itself is interrupted. */
let current = null;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (current) {
      try {
        process.kill(-current.pid, 'SIGKILL');
      } catch {}
    }
    log(`interrupted (${sig})`);
    process.exit(130);
  });
}

/**
 * Runs a command with stdout to /dev/null under GNU time; returns wall seconds, the peak RSS of the command itself
 * (%M: the direct child, which is tshark when run alone), CPU seconds of the command and its children (%U + %S:
 * for ftp-report, node plus tshark), and, for node, its own maxRSS and CPU time from process.resourceUsage().
 */
function measure(argv, { timeoutS, nodeHook = false, outFile = null }) {
  return new Promise((resolvePromise) => {
    const tmp = join(os.tmpdir(), `ftp-report-bench-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const timeFile = `${tmp}.time`;
    const rssFile = `${tmp}.rss`;
    // With outFile, stdout goes to that file (its size is the output size); otherwise to /dev/null.
    const devnull = openSync(outFile ?? '/dev/null', 'w');
    const env = { ...process.env, BENCH_RSS_FILE: nodeHook ? rssFile : '' };
    const args = ['-f', '%M %U %S', '-o', timeFile, ...argv];
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', args, { stdio: ['ignore', devnull, 'pipe'], env, detached: true });
    current = child;
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 20_000) stderr += d;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutS * 1000);
    child.on('close', (code, signal) => {
      current = null;
      clearTimeout(timer);
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      closeSync(devnull);
      let rssKb = null;
      let cpuS = null;
      let node = null;
      try {
        const [m, u, sy] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        rssKb = m;
        cpuS = u + sy;
      } catch {}
      try {
        node = JSON.parse(readFileSync(rssFile, 'utf8'));
      } catch {}
      rmSync(timeFile, { force: true });
      rmSync(rssFile, { force: true });
      const noise = stderr
        .split('\n')
        .filter((l) => l.trim() && !/Running as user|could be dangerous|Command exited with non-zero/.test(l));
      const ok = code === 0 && !timedOut;
      resolvePromise({
        ok,
        outBytes: outFile && existsSync(outFile) ? statSync(outFile).size : null,
        wall,
        rssKb,
        cpuS,
        node,
        error: ok ? null : timedOut ? `timed out after ${timeoutS} s` : `exit ${code ?? signal}: ${noise[0] ?? ''}`,
      });
    });
  });
}

// ---------- captures ----------
const SYNTH_COMMON = ['--ipv6', '0.1', '--mix', 'mixed', '--uploads', '0.25', '--seed', 'bench'];

function captureSpecs(o) {
  const specs = o.sizes.map((s) => ({
    name: `synth-${s}`,
    label: `${s} (4 sessions)`,
    bytesHint: parseSizeText(s),
    args: ['--size', s, '--sessions', '4', ...SYNTH_COMMON],
  }));
  for (const n of o.sessions)
    specs.push({
      name: `synth-${n}-sessions`,
      label: `busy server, ${n.toLocaleString('en-US')} sessions`,
      bytesHint: n * 42_000,
      busy: true,
      // The capture of issue 13: login, LIST and two 16 KiB transfers per session, active and passive mixed.
      args: [
        '--sessions',
        String(n),
        '--transfers',
        '2',
        '--transfer-size',
        '16K',
        '--mix',
        'mixed',
        '--seed',
        'bench',
      ],
    });
  if (o.many)
    specs.push({
      name: 'synth-1k-sessions',
      label: '1,000 small sessions',
      bytesHint: 25 * 2 ** 20,
      args: ['--sessions', '1000', '--transfers', '2', '--transfer-size', '16K', '--jitter', '0.5', ...SYNTH_COMMON],
    });
  return specs;
}

/** Builds the capture unless the same arguments already made it; returns its summary (packets, bytes). */
function ensureCapture(spec, dir) {
  const file = join(dir, `${spec.name}.pcap`);
  const side = join(dir, `${spec.name}.json`);
  const key = spec.args.join(' ');
  if (existsSync(file) && existsSync(side)) {
    try {
      const s = JSON.parse(readFileSync(side, 'utf8'));
      if (s.benchArgs === key && statSync(file).size === s.bytes) {
        log(`reusing ${file}`);
        return { file, summary: s };
      }
    } catch {}
  }
  const free = statfsSync(dir).bavail * statfsSync(dir).bsize;
  if (free < spec.bytesHint * 1.1 + 2 ** 30)
    throw new Error(`not enough disk in ${dir} for ${spec.label}: ${Math.round(free / 2 ** 20)} MiB free`);
  log(`writing ${file} (${spec.label})`);
  rmSync(side, { force: true });
  const started = Date.now();
  execFileSync(process.execPath, [SYNTH, ...spec.args, '--out', file, '--summary', side, '--quiet'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const s = JSON.parse(readFileSync(side, 'utf8'));
  const compact = {
    benchArgs: key,
    bytes: s.bytes,
    packets: s.packets,
    sessions: s.sessions.length,
    transfers: s.sessions.reduce((n, x) => n + x.transfers.length, 0),
    synthSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(side, JSON.stringify(compact));
  return { file, summary: compact };
}

// ---------- variants ----------
function variants(file, o, bytes, explore) {
  // tshark's command when it reads the whole capture itself (--dissect-all); the default pipes it a selection. Run as
  // root, ftp-report prints a "# as user nobody …" line first and pipes even the whole capture ("-r -"): the bench
  // runs that command on the file, as itself.
  const printed = execFileSync(process.execPath, [CLI, '--dissect-all', '--print-tshark-command', file], {
    encoding: 'utf8',
  });
  const exportCmd = shellWords(printed.split('\n').find((l) => l.trim() && !l.startsWith('#')) ?? '').map((w, i, a) =>
    w === '-' && a[i - 1] === '-r' ? file : w,
  );
  const v = [
    {
      id: 'e2e',
      label: 'ftp-report end-to-end',
      argv: [process.execPath, '--import', RSS_HOOK, CLI, file, '--json', '--no-progress'],
      nodeHook: true,
      cmd: `node dist/cli/main.js F --json --no-progress`,
    },
    {
      id: 'e2e-all',
      label: 'ftp-report --dissect-all (tshark reads every packet)',
      argv: [process.execPath, '--import', RSS_HOOK, CLI, file, '--json', '--no-progress', '--dissect-all'],
      nodeHook: true,
      cmd: `node dist/cli/main.js F --json --no-progress --dissect-all`,
    },
    {
      id: 'e2e-files',
      label: 'ftp-report --files (payload of data connections read, hashed, sniffed)',
      argv: [process.execPath, '--import', RSS_HOOK, CLI, file, '--json', '--no-progress', '--files'],
      nodeHook: true,
      cmd: `node dist/cli/main.js F --json --no-progress --files`,
    },
    {
      id: 'floor',
      label: 'floor: tshark dissect, print nothing',
      argv: ['tshark', '-r', file, '-n', '-d', 'tcp.port==21,ftp', '-Y', 'frame.number==0'],
      cmd: 'tshark -r F -n -d tcp.port==21,ftp -Y frame.number==0',
    },
    {
      id: 'fields-floor',
      label: 'field-export floor',
      argv: ['tshark', '-r', file, '-n', '-d', 'tcp.port==21,ftp', '-T', 'fields', '-e', 'frame.number'],
      cmd: 'tshark -r F -n -d tcp.port==21,ftp -T fields -e frame.number',
    },
    {
      id: 'export',
      label: "tshark export of ftp-report's fields",
      argv: exportCmd,
      cmd: exportCmd
        .map((w) => (w === file ? 'F' : w.startsWith('lua_script:') ? 'lua_script:…/ftp-control.lua' : w))
        .join(' '),
    },
  ];
  if (bytes <= o.naiveAbove)
    v.push({
      id: 'naive',
      label: 'naive full tshark -T ek',
      argv: ['tshark', '-r', file, '-n', '-T', 'ek'],
      cmd: 'tshark -r F -n -T ek',
    });
  if (explore) v.push(...exploreVariants(exportCmd, file));
  return v;
}

/**
 * The busy-server capture: tshark's floor, then ftp-report per output (--json, --csv transfers, --jsonl transfers),
 * each on the default path and with --dissect-all. Output goes to a file: its size and rows are part of the result.
 */
function busyVariants(file) {
  const outputs = [
    ['json', ['--json'], 'JSON'],
    ['csv', ['--csv', 'transfers'], 'CSV transfers'],
    ['jsonl', ['--jsonl', 'transfers'], 'JSONL transfers'],
  ];
  const v = [
    {
      id: 'floor',
      label: 'floor: tshark dissect, print nothing',
      argv: ['tshark', '-r', file, '-n', '-d', 'tcp.port==21,ftp', '-Y', 'frame.number==0'],
      cmd: 'tshark -r F -n -d tcp.port==21,ftp -Y frame.number==0',
    },
  ];
  for (const all of [false, true])
    for (const [id, args, name] of outputs) {
      const extra = all ? ['--dissect-all'] : [];
      v.push({
        id: `${id}${all ? '-all' : ''}`,
        output: id,
        label: `${name}${all ? ', --dissect-all' : ', default path'}`,
        argv: [process.execPath, '--import', RSS_HOOK, CLI, file, ...args, '--no-progress', ...extra],
        nodeHook: true,
        keepOutput: true,
        cmd: `ftp-report F ${[...args, ...extra].join(' ')}`,
      });
    }
  return v;
}

/** Counts what a busy-server output holds, to hold it against the synthesizer's summary. */
function countOutput(kind, path) {
  if (kind === 'json') {
    // A report larger than node's longest string cannot be parsed here; say so rather than guess.
    if (statSync(path).size > 400 * 2 ** 20) return null;
    const r = JSON.parse(readFileSync(path, 'utf8'));
    return {
      sessions: r.sessions.length,
      transfers: r.sessions.reduce((n, x) => n + (x.transfers?.length ?? 0), 0),
    };
  }
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n').filter((l) => l.length > 0).length;
  return { transfers: kind === 'csv' ? lines - 1 : lines };
}

/**
 * Variants of ftp-report's own tshark command, each changing one thing (an ablation of the real command), plus the
 * cheapest combination and the floor without TCP analysis, to see what each choice costs.
 */
function exploreVariants(exportCmd, file) {
  const dropFields = (cmd, names) => {
    const out = [];
    for (let i = 0; i < cmd.length; i++) {
      if (cmd[i] === '-e' && names.includes(cmd[i + 1])) {
        i++;
        continue;
      }
      out.push(cmd[i]);
    }
    return out;
  };
  const dropLua = (cmd) =>
    dropFields(cmd, ['ftpr.ctl']).filter(
      (w, i, a) => !w.startsWith('lua_script') && !(w === '-X' && a[i + 1]?.startsWith('lua_script')),
    );
  const afterFile = (cmd, extra) => {
    const i = cmd.indexOf(file);
    return [...cmd.slice(0, i + 1), ...extra, ...cmd.slice(i + 1)];
  };
  const asFields = (cmd) => cmd.map((w, i) => (w === 'ek' && cmd[i - 1] === '-T' ? 'fields' : w));
  const noAnalysis = ['-o', 'tcp.analyze_sequence_numbers:FALSE'];
  const columns = ['_ws.col.Protocol', '_ws.col.Info'];
  const x = (id, label, cmd, argv) => ({ id, label, cmd, argv, explore: true });
  const list = [
    x('x-floor-no-analysis', 'floor, TCP analysis off', 'floor + `-o tcp.analyze_sequence_numbers:FALSE`', [
      'tshark',
      '-r',
      file,
      '-n',
      '-d',
      'tcp.port==21,ftp',
      ...noAnalysis,
      '-Y',
      'frame.number==0',
    ]),
    x(
      'x-no-analysis',
      'export, TCP analysis off',
      'export + `-o tcp.analyze_sequence_numbers:FALSE`',
      afterFile(exportCmd, noAnalysis),
    ),
    x('x-fields', 'export as -T fields', 'export with `-T fields` instead of `-T ek`', asFields(exportCmd)),
    x('x-no-lua', 'export without the Lua postdissector', 'export − Lua (no payload at all)', dropLua(exportCmd)),
    x('x-payload', 'export, tcp.payload instead of Lua', 'export − Lua + `-e tcp.payload` (every segment)', [
      ...dropLua(exportCmd),
      '-e',
      'tcp.payload',
    ]),
    x(
      'x-no-setup-frame',
      'export without ftp-data.setup-frame',
      'export − `-e ftp-data.setup-frame`',
      dropFields(exportCmd, ['ftp-data.setup-frame']),
    ),
  ];
  if (exportCmd.some((w) => columns.includes(w))) {
    list.push(
      x(
        'x-no-columns',
        'export without columns',
        'export − `-e _ws.col.Protocol -e _ws.col.Info`',
        dropFields(exportCmd, columns),
      ),
    );
    list.push(
      x(
        'x-lean',
        'lean: no columns, -T fields, TCP analysis off',
        'export − columns, `-T fields`, + analysis off',
        afterFile(asFields(dropFields(exportCmd, columns)), noAnalysis),
      ),
    );
  } else {
    list.push(
      x(
        'x-lean',
        'lean: -T fields, TCP analysis off',
        'export with `-T fields`, + analysis off',
        afterFile(asFields(exportCmd), noAnalysis),
      ),
    );
  }
  return list;
}

// ---------- main ----------
async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (!existsSync(CLI) || !existsSync(SYNTH))
    throw new Error('dist/ is missing: run npm run build (npm run bench does it)');
  mkdirSync(o.dir, { recursive: true });
  const machine = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.availableParallelism?.() ?? os.cpus().length} (nproc ${capture('nproc', [])})`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    tshark:
      capture('tshark', ['--version'])
        .split('\n')
        .find((l) => l.startsWith('TShark')) ?? 'unknown',
    disk: capture('df', ['-h', o.dir]).split('\n').pop(),
    commit: `${capture('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'])}${capture('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src']) ? ' with uncommitted changes in src/' : ''}`,
    loadStart: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
  log(`captures in ${o.dir}; ${machine.cpu}; ${machine.memory}; ${machine.tshark}`);
  const results = [];
  for (const [index, spec] of captureSpecs(o).entries()) {
    const { file, summary } = ensureCapture(spec, o.dir);
    // --explore adds its variants to the first capture only, with at least 3 repetitions (they compare small differences).
    const explore = o.explore && index === 0;
    const reps =
      o.reps ??
      (spec.busy
        ? 1
        : explore
          ? 3
          : o.quick
            ? 1
            : summary.bytes <= 100 * 2 ** 20
              ? 3
              : summary.bytes <= 2 ** 30
                ? 2
                : 1);
    const vs = spec.busy ? busyVariants(file) : variants(file, o, summary.bytes, explore);
    const loadStart = os.loadavg()[0].toFixed(2);
    const runs = new Map(vs.map((v) => [v.id, []]));
    for (let r = 0; r < reps; r++) {
      // Rotate the order each repetition so that no variant always runs first (cold cache) or last.
      const order = vs.map((_, i) => vs[(i + r) % vs.length]);
      for (const v of order) {
        log(`${spec.name} rep ${r + 1}/${reps}: ${v.label}`);
        const outFile = v.keepOutput ? join(o.dir, `${spec.name}.${v.id}.out`) : null;
        const load1 = os.loadavg()[0];
        const m = await measure(v.argv, { timeoutS: o.timeout, nodeHook: !!v.nodeHook, outFile });
        m.load = `${load1.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`;
        if (outFile) {
          if (m.ok) {
            try {
              m.counted = countOutput(v.output, outFile);
            } catch (err) {
              m.counted = { error: err.message };
            }
          }
          rmSync(outFile, { force: true });
        }
        if (!m.ok) log(`  failed: ${m.error}`);
        else
          log(
            `  ${secs(m.wall)} s wall, ${secs(m.cpuS)} s CPU, largest ${mib(m.rssKb)}, node ${mib(m.node?.maxRssKb)}${m.outBytes != null ? `, output ${mb(m.outBytes)}` : ''}, load ${m.load}`,
          );
        runs.get(v.id).push(m);
      }
    }
    results.push({
      spec,
      file,
      summary,
      reps,
      variants: vs,
      runs,
      load: `${loadStart} → ${os.loadavg()[0].toFixed(2)}`,
      dissected: spec.busy ? null : dissectedCount(file),
    });
    writeReport(o, machine, results);
  }
  if (o.clean) for (const r of results) rmSync(r.file, { force: true });
  log(`wrote ${o.out}`);
}

/** ftp-report's own "N packets, M of them dissected by tshark" line (printed after long work). */
function dissectedCount(file) {
  try {
    const r = spawnSync(process.execPath, [CLI, file, '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 26,
    });
    const m = /([\d,]+) packets, ([\d,]+) of them dissected by tshark/.exec(r.stderr ?? '');
    return m ? `${m[2]} of ${m[1]} packets` : null;
  } catch {
    return null;
  }
}

function stats(runs) {
  const ok = runs.filter((m) => m.ok);
  if (ok.length === 0) return { error: runs[0]?.error ?? 'not run' };
  return {
    wall: median(ok.map((m) => m.wall)),
    min: Math.min(...ok.map((m) => m.wall)),
    max: Math.max(...ok.map((m) => m.wall)),
    rssKb: Math.max(...ok.map((m) => m.rssKb ?? 0)) || null,
    cpu: median(ok.map((m) => m.cpuS ?? 0)),
    nodeRssKb: ok.some((m) => m.node) ? Math.max(...ok.map((m) => m.node?.maxRssKb ?? 0)) : null,
    nodeCpuS: ok.some((m) => m.node) ? median(ok.map((m) => m.node?.cpuS ?? 0)) : null,
    outBytes: ok[0].outBytes ?? null,
    counted: ok[0].counted ?? null,
    load: ok.map((m) => m.load).join('; '),
    n: ok.length,
  };
}

/**
 * tshark's own peak RSS in an ftp-report run: GNU time's %M is the larger of node and its tshark child, so when it is
 * above node's own figure it is tshark's; otherwise tshark's is at most that.
 */
function tsharkRss(s) {
  if (s.rssKb == null || s.nodeRssKb == null) return '–';
  return s.rssKb > s.nodeRssKb * 1.02 ? mib(s.rssKb) : `≤ ${mib(s.rssKb)}`;
}

/** The busy-server section: per output and path, wall against tshark's floor, the largest process, output size. */
function writeBusy(out, r, results) {
  const st = new Map(r.variants.map((v) => [v.id, stats(r.runs.get(v.id))]));
  const floor = st.get('floor')?.wall;
  const floorCpu = st.get('floor')?.cpu;
  out.push(
    `## ${r.spec.label}: ${(r.summary.bytes / 2 ** 20).toFixed(1)} MiB, ${fmtInt(r.summary.packets)} packets, ${fmtInt(r.summary.sessions)} sessions, ${fmtInt(r.summary.transfers)} transfers`,
    '',
    `\`scripts/synth-capture ${r.spec.args.join(' ')} --out F\` — ${r.reps} repetition(s); 1-minute load average ${r.load} over the runs.`,
    '',
    '"largest process" is GNU time\'s maximum resident set over ftp-report and its tshark child (the larger of the',
    'two); "node" is the node process alone. "output" is the size of what the command wrote on stdout; "holds" counts',
    "its sessions and transfers against the synthesizer's summary (✓ when equal). The machine is shared: compare the",
    '× floor ratios and the load average of each row, not absolute seconds. "node CPU s" is the node process\'s own',
    'share of "CPU s" (the rest is tshark\'s). "tshark" is tshark\'s own peak (exact when it is the largest process,',
    'else at most that figure); for the floor row it is tshark run alone.',
    '',
    '| what | command | wall s | × floor | CPU s | CPU × floor | node CPU s | largest process | node | tshark | output | holds | load (1 min) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const v of r.variants) {
    const s = st.get(v.id);
    if (s.error) {
      out.push(`| ${v.label} | \`${v.cmd}\` | failed: ${s.error.replace(/\|/g, '\\|')} | | | | | | | | | | |`);
      continue;
    }
    const c = s.counted;
    const holds = !v.output
      ? '–'
      : c == null
        ? 'not counted (too large to parse)'
        : c.error
          ? `unreadable: ${c.error}`
          : [
              c.sessions != null
                ? `${fmtInt(c.sessions)} sessions${c.sessions === r.summary.sessions ? ' ✓' : ` ✗ (${fmtInt(r.summary.sessions)})`}`
                : null,
              `${fmtInt(c.transfers)} transfers${c.transfers === r.summary.transfers ? ' ✓' : ` ✗ (${fmtInt(r.summary.transfers)})`}`,
            ]
              .filter(Boolean)
              .join(', ');
    out.push(
      `| ${v.label} | \`${v.cmd}\` | ${secs(s.wall)} | ${floor ? (s.wall / floor).toFixed(2) : '–'} | ${secs(s.cpu)} | ${floorCpu ? (s.cpu / floorCpu).toFixed(2) : '–'} | ${v.nodeHook ? secs(s.nodeCpuS) : '–'} | ${mib(s.rssKb)} | ${v.nodeHook ? mib(s.nodeRssKb) : '–'} | ${v.nodeHook ? tsharkRss(s) : mib(s.rssKb)} | ${v.output ? mb(s.outBytes) : '–'} | ${holds} | ${s.load ?? '–'} |`,
    );
  }
  out.push('', ...busyTargets(r, st, results), '');
}

/**
 * Issue 13's targets for the busy-server captures, each with its figure: --json at most tshark's floor in wall time
 * with its largest process ≤ 250 MiB, JSON ≤ 40 MiB at 5,000 sessions (it grows with sessions), the table outputs
 * ≤ 150 MiB (node's own memory: tshark alone takes more than that on these captures, see its column), and a larger
 * capture's table outputs within 10% of the memory of the first busy capture measured.
 */
function busyTargets(r, st, results) {
  const floor = st.get('floor');
  const lines = [];
  const check = (x, max) => (Number(x.toFixed(2)) <= max ? '✓' : '✗');
  const base = results.find((x) => x.spec.busy);
  for (const all of [false, true]) {
    const path = all ? '--dissect-all' : 'default path';
    const json = st.get(all ? 'json-all' : 'json');
    if (json && !json.error && floor?.wall) {
      const x = json.wall / floor.wall;
      const rss = json.rssKb / 1024;
      let line = `- \`--json\`, ${path}: ${x.toFixed(2)}× floor ${check(x, 1)} (target ≤ 1.0×); largest process`;
      line += ` ${mib(json.rssKb)} ${check(rss, 250)} (target ≤ 250 MiB), node ${mib(json.nodeRssKb)}`;
      if (r.summary.sessions === 5000) {
        const size = json.outBytes / 2 ** 20;
        const decimal = `${(json.outBytes / 1e6).toFixed(1)} MB`;
        line += `; JSON ${mb(json.outBytes)} (${decimal}) ${check(size, 40)} (target ≤ 40 MiB)`;
      }
      lines.push(line);
    }
    for (const id of ['csv', 'jsonl']) {
      const t = st.get(all ? `${id}-all` : id);
      if (!t || t.error || !t.nodeRssKb) continue;
      const name = id === 'csv' ? '`--csv transfers`' : '`--jsonl transfers`';
      const node = t.nodeRssKb / 1024;
      let line = `- ${name}, ${path}: node ${mib(t.nodeRssKb)} ${check(node, 150)} (target ≤ 150 MiB)`;
      line += `, largest process ${mib(t.rssKb)}`;
      if (base && base !== r) {
        const b = stats(base.runs.get(all ? `${id}-all` : id));
        if (b.nodeRssKb && b.rssKb) {
          const ratio = t.nodeRssKb / b.nodeRssKb;
          const largest = t.rssKb / b.rssKb;
          line += `; against the ${fmtInt(base.summary.sessions)}-session run: node ${ratio.toFixed(2)}×`;
          line += ` ${check(ratio, 1.1)}, largest process ${largest.toFixed(2)}× ${check(largest, 1.1)} (target ≤ 1.10×)`;
        }
      }
      lines.push(line);
    }
  }
  return lines.length ? ["Against issue 13's targets:", '', ...lines] : [];
}

function writeReport(o, machine, results) {
  const out = [];
  out.push('# ftp-report benchmarks', '');
  out.push(
    `Made by \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` (scripts/bench.mjs) on ${machine.date}.`,
    '',
  );
  out.push('| machine | |', '| --- | --- |');
  out.push(
    `| CPU | ${machine.cpu} |`,
    `| memory | ${machine.memory} |`,
    `| OS | ${machine.os} |`,
    `| node | ${machine.node} |`,
    `| tshark | ${machine.tshark} |`,
    `| capture disk | \`${machine.disk}\` |`,
    `| ftp-report | ${machine.commit} (dist/ as built by npm run bench) |`,
  );
  out.push(
    `| load average (1, 5, 15 min) | at start ${machine.loadStart}; when this file was written ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} |`,
    '',
  );
  out.push(
    'Captures are written by `scripts/synth-capture` (deterministic; seed `bench`; 10% of sessions over IPv6; half the',
    'transfers active, half passive; a quarter uploads). Each row is the median wall time of the repetitions',
    '(min–max in brackets), measured interleaved with the other rows of the same capture; output goes to /dev/null.',
    '"× floor" divides by the floor row. Peak RSS: for tshark rows, GNU time\'s maximum resident set of tshark run',
    'alone; for ftp-report, "node" is the node process\'s own `process.resourceUsage().maxRSS`, and the tshark column',
    "shows GNU time's figure, the largest of node and its tshark child. By default ftp-report reads the capture",
    'itself and pipes tshark only the packets the report uses ("dissected" below); `--dissect-all` is the earlier',
    'design, where tshark reads every packet. "CPU s" is user+system CPU of the command and its children (for ftp-report: node + tshark), the',
    'median over repetitions: it is far less disturbed than wall time when other work shares the 2 cores (see the',
    'load average). "node CPU" is the node process\'s own share of it.',
    '',
  );
  for (const r of results) {
    if (r.spec.busy) {
      writeBusy(out, r, results);
      continue;
    }
    const st = new Map(r.variants.map((v) => [v.id, stats(r.runs.get(v.id))]));
    const floor = st.get('floor')?.wall;
    const floorCpu = st.get('floor')?.cpu;
    const fieldsFloor = st.get('fields-floor')?.wall;
    out.push(
      `## ${r.spec.label}: ${(r.summary.bytes / 2 ** 20).toFixed(1)} MiB, ${fmtInt(r.summary.packets)} packets, ${r.summary.sessions} sessions, ${r.summary.transfers} transfers`,
      '',
    );
    out.push(
      `\`scripts/synth-capture ${r.spec.args.join(' ')} --out F\` — ${r.reps} repetition(s); 1-minute load average ${r.load} over the runs.`,
      '',
    );
    if (r.dissected)
      out.push(`ftp-report gave tshark ${r.dissected} (its own count, from the progress line on stderr).`, '');
    out.push(
      '| what | command | wall s | packets/s | × floor | × field floor | CPU s | CPU × floor | peak RSS tshark | peak RSS node | node CPU s |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const v of r.variants) {
      const s = st.get(v.id);
      if (s.error) {
        out.push(`| ${v.label} | \`${v.cmd}\` | failed: ${s.error.replace(/\|/g, '\\|')} | | | | | | | | |`);
        continue;
      }
      const range = s.n > 1 ? ` (${secs(s.min)}–${secs(s.max)})` : '';
      const isNode = v.id === 'e2e' || v.id === 'e2e-all';
      const tsharkRss = isNode ? `≤ ${mib(s.rssKb)}` : mib(s.rssKb);
      const cmd = v.explore ? v.cmd : `\`${v.cmd}\``;
      out.push(
        `| ${v.label} | ${cmd.replace(/\|/g, '\\|')} | ${secs(s.wall)}${range} | ${fmtInt(r.summary.packets / s.wall)} | ${floor ? (s.wall / floor).toFixed(2) : '–'} | ${fieldsFloor ? (s.wall / fieldsFloor).toFixed(2) : '–'} | ${secs(s.cpu)} | ${floorCpu ? (s.cpu / floorCpu).toFixed(2) : '–'} | ${tsharkRss} | ${isNode ? mib(s.nodeRssKb) : '–'} | ${isNode ? secs(s.nodeCpuS) : '–'} |`,
      );
    }
    const e2e = st.get('e2e');
    const naive = st.get('naive');
    const bits = [];
    if (e2e?.wall && floor)
      bits.push(
        `end-to-end / floor = **${(e2e.wall / floor).toFixed(2)}×** wall, ${(e2e.cpu / floorCpu).toFixed(2)}× CPU (target ≤ 1.10×)`,
      );
    if (e2e?.wall && fieldsFloor)
      bits.push(`end-to-end / field-export floor = ${(e2e.wall / fieldsFloor).toFixed(2)}×`);
    if (e2e?.wall && naive?.wall)
      bits.push(
        `naive full EK / end-to-end = **${(naive.wall / e2e.wall).toFixed(2)}×** wall, ${(naive.cpu / e2e.cpu).toFixed(2)}× CPU (target ≥ 5×)`,
      );
    if (e2e?.nodeRssKb) bits.push(`node peak RSS ${mib(e2e.nodeRssKb)} (target ≤ 150 MiB on 2G)`);
    const first = results[0] && stats(results[0].runs.get('e2e'));
    if (e2e?.nodeRssKb && first?.nodeRssKb && r !== results[0])
      bits.push(
        `node RSS / ${results[0].spec.label} run = ${(e2e.nodeRssKb / first.nodeRssKb).toFixed(2)}× (target ≤ 1.10×)`,
      );
    if (bits.length) out.push('', bits.join('; ') + '.');
    out.push('');
  }
  writeFileSync(o.out, out.join('\n'));
}

main().catch((err) => {
  log(`failed: ${err.message}`);
  process.exitCode = 1;
});
