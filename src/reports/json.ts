// The JSON view: the model in the contract's JSON form (docs/report-json.md), with the English sentences added.
// Findings and warnings are codes and facts in the model; the contract also gives each its sentence: a finding
// its `message`, and `warnings` stays the list of sentences, with the structured warnings in `warningDetails`.
// Schema version 1 writes every field of the model; version 2 leaves out what a reader derives exactly (the
// contract's migration rules, docs/report-json.md "Schema version 2"): it is version 1 with those fields omitted.

import type { Command, Finding, Greeting, Reply, Report, Session, Severity, Transfer, Warning } from '../model.js';
import { findingMessage, warningMessage } from './messages/en.js';

/** A finding as the contract writes it: the model's fields with its English sentence before its facts. */
export interface FindingJson {
  id: Finding['id'];
  severity: Severity;
  sessionId: string | null;
  frames: number[];
  /** One English sentence a student can read. */
  message: string;
  /** The facts behind it, per id (model.ts FindingData). */
  data: Finding['data'];
}

/** A session as the contract writes it; `packets` and `collapsedPackets` only when asked for (rev 5). */
export type SessionJson = Omit<Session, 'findings' | 'packets' | 'collapsedPackets'> &
  Partial<Pick<Session, 'packets' | 'collapsedPackets'>> & { findings: FindingJson[] };

/** The contract's schema versions: 1 writes every field, 2 (the CLI's default) leaves out what a reader derives. */
export type SchemaVersion = 1 | 2;
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [1, 2];

/** Greeting in schema version 2: firstFrame/firstT only when they differ from frame/t (it spanned segments). */
export type GreetingJsonV2 = Omit<Greeting, 'firstFrame' | 'firstT'> & Partial<Pick<Greeting, 'firstFrame' | 'firstT'>>;

/** Reply in schema version 2: firstFrame/firstT as Greeting's; `intermediate` only when not empty. */
export type ReplyJsonV2 = Omit<Reply, 'firstFrame' | 'firstT' | 'intermediate'> &
  Partial<Pick<Reply, 'firstFrame' | 'firstT' | 'intermediate'>>;

/** Command in schema version 2: firstFrame/firstT as Greeting's; announced, statedSize, directory only when known. */
export type CommandJsonV2 = Omit<
  Command,
  'firstFrame' | 'firstT' | 'reply' | 'announced' | 'statedSize' | 'directory'
> &
  Partial<Pick<Command, 'firstFrame' | 'firstT'>> & {
    reply: ReplyJsonV2 | null;
    announced?: NonNullable<Command['announced']>;
    statedSize?: number;
    directory?: string;
  };

/** Transfer in schema version 2: no `timing.throughputBps` (the deprecated alias of throughputBytesPerSec). */
export type TransferJsonV2 = Omit<Transfer, 'timing'> & { timing: Omit<Transfer['timing'], 'throughputBps'> };

/** A session in schema version 2: version 1's, its greeting, commands and transfers compacted. */
export type SessionJsonV2 = Omit<SessionJson, 'greeting' | 'commands' | 'transfers'> & {
  greeting: GreetingJsonV2 | null;
  commands: CommandJsonV2[];
  transfers: TransferJsonV2[];
};

export interface JsonOptions {
  /**
   * Write each session's packet rows (`packets`, `collapsedPackets`; default true). The CLI writes them only with
   * `--packet-rows`: without them the report grows with sessions, commands and transfers, not with packets.
   */
  packets?: boolean;
  /**
   * Indent the JSON two spaces per level (default true). The CLI writes it indented only to a terminal (or with
   * `--pretty`): compact JSON parses to the same value and is about half the size.
   */
  pretty?: boolean;
  /**
   * The contract's schema version to write (default 1 in the library; the CLI writes 2 unless `--schema-version 1`):
   * 2 leaves out the fields a reader derives exactly (docs/report-json.md "Schema version 2").
   */
  schemaVersion?: SchemaVersion;
}

/** JSON.stringify's indent for these options: two spaces, or none (one line). */
export const jsonIndent = (options: JsonOptions): number | undefined => (options.pretty === false ? undefined : 2);

/** The contract's report object (schema version 1). */
export type ReportJson = Omit<Report, 'sessions' | 'findings' | 'warnings'> & {
  sessions: SessionJson[];
  findings: FindingJson[];
  /** One English sentence per warning, in the order they were found. */
  warnings: string[];
  /** The same warnings as codes and facts, in the same order. */
  warningDetails: Warning[];
};

/** The contract's report object in schema version 2. */
export type ReportJsonV2 = Omit<ReportJson, 'schemaVersion' | 'sessions'> & {
  schemaVersion: 2;
  sessions: SessionJsonV2[];
};

export function findingJson(f: Finding): FindingJson {
  const { id, severity, sessionId, frames, data } = f;
  return { id, severity, sessionId, frames, message: findingMessage(f), data };
}

/**
 * One session as the contract writes it (the same object `reportJson` puts in `sessions`): every field of the model
 * in schema version 1, the version-2 compaction of that with `schemaVersion: 2`. Never changes the model's objects.
 */
export function sessionJson(s: Session, options: JsonOptions & { schemaVersion: 2 }): SessionJsonV2;
export function sessionJson(s: Session, options?: JsonOptions & { schemaVersion?: 1 }): SessionJson;
export function sessionJson(s: Session, options?: JsonOptions): SessionJson | SessionJsonV2;
export function sessionJson(s: Session, options: JsonOptions = {}): SessionJson | SessionJsonV2 {
  let full: SessionJson;
  if (options.packets ?? true) full = { ...s, findings: s.findings.map(findingJson) };
  else {
    const { packets: _rows, collapsedPackets: _collapsed, ...rest } = s;
    full = { ...rest, findings: s.findings.map(findingJson) };
  }
  return options.schemaVersion === 2 ? compactSession(full) : full;
}

/**
 * Schema version 2 of a session: version 1's object less what a reader derives exactly, keys in version 1's order.
 * The migration rules back (docs/report-json.md): a missing firstFrame/firstT is frame/t; a missing announced,
 * statedSize or directory is null; a missing intermediate is []; throughputBps is throughputBytesPerSec.
 */
function compactSession(s: SessionJson): SessionJsonV2 {
  return {
    ...s,
    greeting: s.greeting === null ? null : (omitKeys(s.greeting, sameFirst(s.greeting)) as GreetingJsonV2),
    commands: s.commands.map(compactCommand),
    transfers: s.transfers.map(compactTransfer),
  };
}

/** firstFrame/firstT of a message that came in one segment: the same as frame/t, so version 2 leaves them out. */
const sameFirst =
  (m: Pick<Greeting, 'frame' | 'firstFrame' | 't' | 'firstT'>) =>
  (key: string): boolean =>
    (key === 'firstFrame' && m.firstFrame === m.frame) || (key === 'firstT' && m.firstT === m.t);

/** Fields of a command version 2 writes only when known (version 1 writes them null). */
const KNOWN_ONLY = new Set(['announced', 'statedSize', 'directory']);

function compactCommand(c: Command): CommandJsonV2 {
  const first = sameFirst(c);
  const out = omitKeys(c, (key) => first(key) || (KNOWN_ONLY.has(key) && c[key as keyof Command] === null));
  if (c.reply !== null) out.reply = compactReply(c.reply);
  return out as CommandJsonV2;
}

function compactReply(r: Reply): ReplyJsonV2 {
  const first = sameFirst(r);
  return omitKeys(r, (key) => first(key) || (key === 'intermediate' && r.intermediate.length === 0)) as ReplyJsonV2;
}

function compactTransfer(t: Transfer): TransferJsonV2 {
  const { throughputBps: _alias, ...timing } = t.timing;
  return { ...t, timing };
}

/** A copy of an object without the keys `drop` names, the others in their order. */
function omitKeys<T extends object>(o: T, drop: (key: string) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) if (!drop(key)) out[key] = o[key as keyof T];
  return out;
}

/** The contract object of one report; keys keep the model's order, `warningDetails` comes last. */
export function reportJson(report: Report, options: JsonOptions & { schemaVersion: 2 }): ReportJsonV2;
export function reportJson(report: Report, options?: JsonOptions & { schemaVersion?: 1 }): ReportJson;
export function reportJson(report: Report, options?: JsonOptions): ReportJson | ReportJsonV2;
export function reportJson(report: Report, options: JsonOptions = {}): ReportJson | ReportJsonV2 {
  return {
    ...report,
    schemaVersion: options.schemaVersion ?? 1,
    sessions: report.sessions.map((s) => sessionJson(s, options)),
    findings: report.findings.map(findingJson),
    warnings: report.warnings.map(warningMessage),
    warningDetails: report.warnings,
  } as ReportJson | ReportJsonV2;
}

export function renderJson(report: Report, options: JsonOptions = {}): string {
  return `${JSON.stringify(reportJson(report, options), null, jsonIndent(options))}\n`;
}
