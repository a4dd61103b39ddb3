// Copies between students: byte-identical files, and captures that hold the same packets (same addresses, ports,
// TCP flags, sizes and microsecond timestamps) even after being re-saved (pcap <-> pcapng) or trimmed (editcap).

import type { Report } from '../model.js';

/** How two files are the same: the same bytes, or the same recorded packets in different files. */
export type CopyKind = 'identical' | 'same-sessions';

/** One other file a row's file is a copy of (or the original of: the tool cannot tell which came first). */
export interface CopyMatch {
  kind: CopyKind;
  /** The other file's index in the rows. */
  row: number;
  /** Packets both captures hold (for "identical": every packet of the smaller one). */
  sharedPackets: number;
}

/** What copy detection needs of one file. */
export interface CopyEvidence {
  /** The student the file is from: two files of one student are never flagged as copies of each other. */
  student: string;
  /** SHA-256 of the file's bytes, hex; null when the file could not be read. */
  sha256: string | null;
  /** One key per packet of the FTP sessions (fingerprintOf); empty when no report was read. */
  packets: string[];
}

/**
 * Share of the smaller capture's packets the other must hold too for "same sessions". Two students recording
 * their own sessions never share a packet: the keys hold microsecond capture times and ephemeral ports.
 */
export const SHARED_SHARE = 0.5;
/** And at least this many packets, so that a capture of two stray packets never matches. */
export const SHARED_MIN = 3;

/** Microseconds since 1970 of an ISO time with six decimals (Report.capture.firstAt). */
function microsOf(iso: string): number | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(iso);
  if (!m) return null;
  const seconds = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(seconds)) return null;
  return seconds * 1000 + Number((m[2] ?? '0').padEnd(6, '0'));
}

/**
 * The packets of a report's FTP sessions as keys that survive re-saving and trimming: absolute time in
 * microseconds, both ends (address and port), TCP flags and payload size. Frame numbers and the capture's first
 * time change when packets are cut away; these do not.
 */
export function fingerprintOf(report: Report): string[] {
  const first = report.capture.firstAt === null ? null : microsOf(report.capture.firstAt);
  if (first === null) return [];
  const keys = new Set<string>();
  for (const s of report.sessions) {
    for (const p of s.packets) {
      const at = first + Math.round(p.t * 1e6);
      keys.add(`${at} ${p.src.ip}.${p.src.port}>${p.dst.ip}.${p.dst.port} ${p.tcpFlags} ${p.payloadBytes}`);
    }
  }
  return [...keys];
}

const sameStudent = (a: CopyEvidence, b: CopyEvidence) => a.student !== '' && a.student === b.student;

/** Every copy match per row, both ways (when a copies b, b's list names a too); rows in the evidence's order. */
export function findCopies(evidence: CopyEvidence[]): CopyMatch[][] {
  const out: CopyMatch[][] = evidence.map(() => []);
  const link = (a: number, b: number, kind: CopyKind, sharedPackets: number) => {
    if (!sameStudent(evidence[a]!, evidence[b]!)) out[a]!.push({ kind, row: b, sharedPackets });
  };
  // identical files: one group per hash; only its first file is compared by packets below
  const groups = new Map<string, number[]>();
  const members: number[][] = evidence.map((e, i) => {
    if (e.sha256 === null) return [i];
    const group = groups.get(e.sha256) ?? [];
    group.push(i);
    groups.set(e.sha256, group);
    return group;
  });
  for (const group of groups.values()) {
    for (const a of group) for (const b of group) if (a !== b) link(a, b, 'identical', evidence[a]!.packets.length);
  }
  const firsts = evidence.map((_e, i) => i).filter((i) => members[i]![0] === i);
  // packets shared per pair of distinct files, through an index from packet key to the files that hold it
  const holders = new Map<string, number[]>();
  for (const i of firsts) {
    for (const k of evidence[i]!.packets) {
      const list = holders.get(k);
      if (list) list.push(i);
      else holders.set(k, [i]);
    }
  }
  const shared = new Map<string, number>();
  for (const files of holders.values()) {
    for (let x = 0; x < files.length; x += 1) {
      for (let y = x + 1; y < files.length; y += 1) {
        const pair = `${files[x]} ${files[y]}`;
        shared.set(pair, (shared.get(pair) ?? 0) + 1);
      }
    }
  }
  for (const [pair, n] of shared) {
    const [a, b] = pair.split(' ').map(Number) as [number, number];
    const smaller = Math.min(evidence[a]!.packets.length, evidence[b]!.packets.length);
    if (n < SHARED_MIN || n < smaller * SHARED_SHARE) continue;
    for (const x of members[a]!) {
      for (const y of members[b]!) {
        link(x, y, 'same-sessions', n);
        link(y, x, 'same-sessions', n);
      }
    }
  }
  for (const list of out) list.sort((x, y) => x.row - y.row);
  return out;
}
