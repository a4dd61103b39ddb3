#!/usr/bin/env node
// The synth-capture command: parses options, writes the capture, prints one summary line (and the summary JSON
// on request).

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SynthOptions } from './options.js';
import { formatSize, parseSize } from './sizes.js';
import { synthesizeCapture } from './synthesize.js';

const HELP = `Usage: synth-capture --out FILE [options]

Writes a deterministic pcap/pcapng capture of synthetic FTP traffic (Ethernet, IPv4/IPv6, TCP with
handshakes, sequence numbers, 1448-byte segments, ACKs every second segment, FIN teardown; control
sessions on port 21 with login, LIST and RETR/STOR in active (PORT/EPRT, server connects from port 20)
and passive (PASV/EPSV) mode). Only private test addresses (10.0.x.y, fd00::/16) appear. Nothing is
sent on any network: this only writes a file.

Options:
  -o, --out FILE           capture to write (.pcapng → pcapng, anything else → pcap)   [required]
  -s, --size SIZE          target file size, e.g. 50M, 500M, 2G (binary units); transfers are added
                           round-robin over the sessions until the estimate reaches it
  -n, --sessions N         control sessions (default 4 with --size, else 1)
  -t, --transfers N        RETR/STOR per session when there is no --size (default 2); each session
                           also starts with a LIST
      --transfer-size SIZE bytes per RETR/STOR (default: about size/(8·sessions), else 64K)
      --jitter F           vary each transfer size by up to ±F (0..0.99, default 0)
      --mix MIX            passive share: "active", "passive", "mixed" (= 0.5, default) or a number 0..1
      --uploads F          share of file transfers that are STOR uploads (default 0.25)
      --ipv6 [F]           sessions over IPv6 (EPSV/EPRT): --ipv6 alone = all, or a share 0..1
      --loss RATE          probability that a data segment is lost once and retransmitted (default 0)
      --seed SEED          any text; same seed and options → byte-identical file (default ftp-report)
      --format FMT         pcap or pcapng (overrides the file name)
      --summary FILE       also write the ground truth (sessions, transfers, bytes) as JSON
  -q, --quiet              no progress on stderr
  -h, --help               this help

Examples:
  synth-capture --size 500M --out /tmp/x.pcap
  synth-capture --sessions 1000 --transfers 1 --transfer-size 16K --mix mixed --out /tmp/many.pcapng
  synth-capture --sessions 3 --ipv6 0.5 --loss 0.01 --seed 7 --out small.pcap --summary small.json
`;

class UsageError extends Error {}

function num(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--${name} wants a number, not "${text}"`);
  return v;
}

function size(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseSize(text);
  } catch (err) {
    throw new UsageError(`--${name}: ${(err as Error).message}`);
  }
}

function mix(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const named: Record<string, number> = { active: 0, passive: 1, mixed: 0.5 };
  return named[text.toLowerCase()] ?? num('mix', text);
}

/** Reads argv (without node and script) into the output path and synthesizer options. */
export function parseCli(
  argv: string[],
): { help: true } | { help: false; out: string; options: SynthOptions; summary?: string; quiet: boolean } {
  // --ipv6 takes an optional share: give a bare --ipv6 the value 1 before parseArgs sees it.
  const args = argv.flatMap((a, i) =>
    a === '--ipv6' && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('-')) ? ['--ipv6=1'] : [a],
  );
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      options: {
        out: { type: 'string', short: 'o' },
        size: { type: 'string', short: 's' },
        sessions: { type: 'string', short: 'n' },
        transfers: { type: 'string', short: 't' },
        'transfer-size': { type: 'string' },
        jitter: { type: 'string' },
        mix: { type: 'string' },
        uploads: { type: 'string' },
        ipv6: { type: 'string' },
        loss: { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string' },
        summary: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  if (!v.out) throw new UsageError('--out FILE is required');
  if (v.format !== undefined && v.format !== 'pcap' && v.format !== 'pcapng')
    throw new UsageError(`--format must be pcap or pcapng, not "${v.format}"`);
  const options: SynthOptions = {
    size: size('size', v.size),
    sessions: num('sessions', v.sessions),
    transfers: num('transfers', v.transfers),
    transferSize: size('transfer-size', v['transfer-size']),
    sizeJitter: num('jitter', v.jitter),
    passiveShare: mix(v.mix),
    uploadShare: num('uploads', v.uploads),
    ipv6Share: num('ipv6', v.ipv6),
    lossRate: num('loss', v.loss),
    seed: v.seed,
    format: v.format as SynthOptions['format'],
  };
  return { help: false, out: v.out, options, summary: v.summary, quiet: v.quiet ?? false };
}

async function main(): Promise<number> {
  let cli;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`synth-capture: ${err.message} (see --help)\n`);
    return 2;
  }
  if (cli.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const started = process.hrtime.bigint();
  let lastReport = 0;
  try {
    const summary = await synthesizeCapture(cli.options, cli.out, {
      onProgress: (bytes) => {
        if (!cli.quiet && bytes - lastReport >= 256 * 2 ** 20) {
          lastReport = bytes;
          process.stderr.write(`synth-capture: ${formatSize(bytes)} written\n`);
        }
      },
    });
    if (cli.summary) writeFileSync(cli.summary, `${JSON.stringify(summary, null, 2)}\n`);
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    const transfers = summary.sessions.reduce((n, s) => n + s.transfers.length, 0);
    process.stderr.write(
      `synth-capture: wrote ${cli.out}: ${summary.format}, ${formatSize(summary.bytes)} (${summary.bytes} bytes), ` +
        `${summary.packets} packets, ${summary.sessions.length} sessions, ${transfers} transfers, ` +
        `${summary.lostSegments} lost segments, ${summary.durationS.toFixed(3)} s of traffic, ` +
        `in ${secs.toFixed(1)} s\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof RangeError) {
      process.stderr.write(`synth-capture: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`synth-capture: cannot write ${cli.out}: ${e.code ?? e.message}\n`);
    return 1;
  }
}

process.exitCode = await main();
