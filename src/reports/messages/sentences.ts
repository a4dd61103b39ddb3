// The shape of a language's finding and warning sentences, and how one is chosen for a finding or a warning.

import type { Finding, FindingData, FindingId, Warning, WarningCode } from '../../model.js';

/** One sentence per finding id, from its facts and its session id ('' when capture-wide). */
export type FindingSentences = { [K in FindingId]: (data: FindingData[K], session: string) => string };
/** One sentence per warning code, from its facts. */
export type WarningSentences = { [C in WarningCode]: (w: Extract<Warning, { code: C }>) => string };

/** Applies the table's sentence for the finding's own id (TypeScript cannot tie f.id to f.data by itself). */
export function sayFinding(table: FindingSentences, f: Finding): string {
  const say = table[f.id] as (data: Finding['data'], session: string) => string;
  return say(f.data, f.sessionId ?? '');
}

/** Applies the table's sentence for the warning's own code. */
export function sayWarning(table: WarningSentences, w: Warning): string {
  const say = table[w.code] as (w: Warning) => string;
  return say(w);
}

/** Items once each, in order of first appearance. */
export const distinct = <T>(items: readonly T[]): T[] => [...new Set(items)];

/** The first line of a (possibly multi-line) reply text. */
export const firstLine = (text: string): string => text.split('\n')[0] ?? '';

/** The first ten frames, and ", …" when there were more (a warning keeps only the first ten). */
export function frameList(frames: readonly number[], count: number): string {
  const shown = frames.slice(0, 10);
  return `${shown.join(', ')}${count > shown.length ? ', …' : ''}`;
}
