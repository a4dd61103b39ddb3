// Reads a suricata-verify test.yaml: which capture it runs on and the EVE filters it expects to hold.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** One `- filter:` check: exactly `count` EVE events must carry every `match` key/value. */
export interface SuricataFilter {
  /** Position among the file's checks, 0-based (filters and other checks counted together). */
  index: number;
  count: number;
  /** Dotted EVE paths (e.g. "ftp.command", "event_type") to the value expected there. */
  match: Record<string, unknown>;
  /** The filter's own `requires:` block (e.g. { "min-version": 8 }), null when none. */
  requires: Record<string, unknown> | null;
}

/** A check that is not a filter (shell, file-compare, ...), kept so nothing is dropped unseen. */
export interface SuricataOtherCheck {
  index: number;
  kind: string;
  body: unknown;
}

export interface SuricataChecks {
  filters: SuricataFilter[];
  otherChecks: SuricataOtherCheck[];
  /** The `pcap:` key as written, null when absent (suricata-verify then uses input.pcap). */
  pcap: string | null;
  /** The `rules:` key as written, null when absent. */
  rules: string | null;
  args: string[];
  /** The test-wide `requires:` block, null when none. */
  requires: Record<string, unknown> | null;
}

export interface SuricataTest extends SuricataChecks {
  /** Folder holding test.yaml. */
  dir: string;
  file: string;
  /** Absolute path of the capture the test runs on, null when none could be found. */
  capture: string | null;
  /** How `capture` was found; anything but "declared"/"default" is explained in `captureNote`. */
  captureFrom: 'declared' | 'default' | 'fallback' | 'missing';
  captureNote: string | null;
}

/** Thrown when a test.yaml does not have the shape suricata-verify gives it. */
export class SuricataYamlError extends Error {
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(`${source}: ${message}`);
    this.name = 'SuricataYamlError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses the text of a test.yaml into its filters and other checks. */
export function parseSuricataChecks(text: string, source = '<test.yaml>'): SuricataChecks {
  const doc: unknown = parse(text);
  if (!isRecord(doc)) throw new SuricataYamlError('top level is not a mapping', source);
  const checks = doc['checks'] ?? [];
  if (!Array.isArray(checks)) throw new SuricataYamlError('`checks` is not a list', source);

  const filters: SuricataFilter[] = [];
  const otherChecks: SuricataOtherCheck[] = [];
  checks.forEach((entry: unknown, index) => {
    if (!isRecord(entry)) throw new SuricataYamlError(`check ${index} is not a mapping`, source);
    const keys = Object.keys(entry);
    if (keys.length !== 1)
      throw new SuricataYamlError(`check ${index} has keys ${keys.join(', ')}; expected one`, source);
    const kind = keys[0]!;
    const body = entry[kind];
    if (kind !== 'filter') {
      otherChecks.push({ index, kind, body });
      return;
    }
    if (!isRecord(body)) throw new SuricataYamlError(`filter ${index} is not a mapping`, source);
    const count = body['count'];
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new SuricataYamlError(`filter ${index} has no whole-number count`, source);
    }
    const match = body['match'] ?? {};
    if (!isRecord(match)) throw new SuricataYamlError(`filter ${index}: match is not a mapping`, source);
    const requires = body['requires'];
    if (requires !== undefined && !isRecord(requires)) {
      throw new SuricataYamlError(`filter ${index}: requires is not a mapping`, source);
    }
    filters.push({ index, count, match, requires: requires ?? null });
  });

  const pcap = doc['pcap'];
  const rules = doc['rules'];
  const args = doc['args'] ?? [];
  const requires = doc['requires'];
  if (pcap !== undefined && typeof pcap !== 'string') throw new SuricataYamlError('`pcap` is not a string', source);
  if (rules !== undefined && typeof rules !== 'string') throw new SuricataYamlError('`rules` is not a string', source);
  if (!Array.isArray(args)) throw new SuricataYamlError('`args` is not a list', source);
  if (requires !== undefined && !isRecord(requires)) throw new SuricataYamlError('`requires` is not a mapping', source);
  return {
    filters,
    otherChecks,
    pcap: pcap ?? null,
    rules: rules ?? null,
    args: args.map(String),
    requires: requires ?? null,
  };
}

/**
 * Reads `dir/test.yaml` and finds its capture. suricata-verify runs a test on its `pcap:` key, else
 * on `input.pcap` beside test.yaml. A copied subset of the suite may have moved a shared capture, so
 * when that file is missing we look for `input.pcap` in the folder and then its parents up to `root`,
 * and say so in `captureNote`.
 */
export function readSuricataTest(dir: string, root: string = dir): SuricataTest {
  const file = path.join(dir, 'test.yaml');
  const checks = parseSuricataChecks(readFileSync(file, 'utf8'), file);
  const base = { ...checks, dir, file };

  const declared = checks.pcap === null ? null : path.resolve(dir, checks.pcap);
  if (declared !== null && existsSync(declared)) {
    return { ...base, capture: declared, captureFrom: 'declared', captureNote: null };
  }
  const local = path.join(dir, 'input.pcap');
  if (declared === null && existsSync(local)) {
    return { ...base, capture: local, captureFrom: 'default', captureNote: null };
  }
  const stop = path.resolve(root);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, 'input.pcap');
    if (existsSync(candidate)) {
      const wanted = declared === null ? 'input.pcap beside test.yaml' : `pcap ${checks.pcap}`;
      return {
        ...base,
        capture: candidate,
        captureFrom: 'fallback',
        captureNote: `${wanted} is not in this copy of the suite; using ${path.relative(stop, candidate) || candidate}`,
      };
    }
    if (d === stop || d === path.dirname(d)) break;
  }
  return { ...base, capture: null, captureFrom: 'missing', captureNote: 'no capture found for this test' };
}

/** Every folder under `root` (recursively) that holds a test.yaml, read with readSuricataTest. */
export function findSuricataTests(root: string): SuricataTest[] {
  const out: SuricataTest[] = [];
  const walk = (dir: string): void => {
    const names = readdirSync(dir).sort();
    if (names.includes('test.yaml')) out.push(readSuricataTest(dir, root));
    for (const name of names) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}
