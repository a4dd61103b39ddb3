// What a reply code's digits mean (RFC 959 §4.2.1; 6xx protected replies from RFC 2228 §5).

import type { ReplyArea, ReplyKind } from '../model.js';

const KINDS: Record<number, ReplyKind> = {
  1: 'preliminary',
  2: 'completion',
  3: 'intermediate',
  4: 'transient',
  5: 'permanent',
  6: 'protected',
};

const AREAS: Record<number, ReplyArea> = {
  0: 'syntax',
  1: 'information',
  2: 'connections',
  3: 'authentication',
  4: 'unspecified',
  5: 'file-system',
};

/** The first digit's meaning; codes outside 100-699 read as permanent (they answer nothing). */
export function replyKind(code: number): ReplyKind {
  return KINDS[Math.floor(code / 100)] ?? 'permanent';
}

/** The second digit's meaning; an unknown digit reads as unspecified. */
export function replyArea(code: number): ReplyArea {
  return AREAS[Math.floor(code / 10) % 10] ?? 'unspecified';
}

/** 2xx: the command succeeded. */
export const isCompletion = (code: number | null): boolean => code !== null && code >= 200 && code < 300;
/** 4xx/5xx: the command was refused or failed. */
export const isRefusal = (code: number | null): boolean => code !== null && code >= 400 && code < 600;
