// The words of everything grade writes, one catalog per language (en, ru, zh, vi): the class summary, the grade
// section of each report, mistake texts, failure reasons, feedback sentences and the per-student feedback file.

import type { CopyKind } from '../copies.js';
import type { FailureFacts, FailureReason } from '../failure.js';
import type { Observation, Redo } from '../feedback.js';
import type { MistakeId } from '../mistakes.js';

export type Kind = 'required' | 'optional' | 'bonus';
export type RowStatus = 'graded' | 'partial' | 'failed';

export interface GradeCatalog {
  /** Words in cells. */
  kind: Record<Kind, string>;
  pass: string;
  fail: string;
  yes: string;
  no: string;
  status: Record<RowStatus, string>;
  /** "frames 27, 39" */
  frames(frames: number[]): string;

  /** Class summary. */
  summaryTitle(title: string): string;
  summaryCounts(n: { files: number; graded: number; partial: number; failed: number }): string;
  summaryScores(n: { met: number; graded: number; mean: number; median: number; max: number }): string;
  criteriaHeading: string;
  /** #, Criterion, Id, Kind, Weight, Passed, Share */
  criteriaHeader: string[];
  mistakesHeading: string;
  /** Mistake, Id, Captures, Students */
  mistakesHeader: string[];
  noMistakes: string;
  copiesHeading: string;
  copiesIntro: string;
  /** Students, Files, How, Shared packets */
  copiesHeader: string[];
  copyKind: Record<CopyKind, string>;
  notGradedHeading: string;
  /** File, Student, Reason, Why */
  notGradedHeader: string[];
  everyHeading: string;
  /** File, Student, Score, Percent, Required met, Criteria not met, Mistakes, Copy of */
  everyHeader: string[];
  notGradedCell(reason: string): string;
  partialCell: string;

  /** Grade section of a capture's report. */
  gradeHeading: string;
  gradeScore(n: { score: number; max: number; percent: number; bonus: boolean; requiredMet: boolean }): string;
  /** Criterion, Kind, Weight, Result, Evidence frames, Where */
  gradeHeader: string[];
  mistakesSeen: string;
  partialNote(packets: number): string;
  /** Said when the detailed report below the grade is in English (no lab catalog in this language). */
  labInEnglish: string;

  /** Built-in mistakes, one line each. */
  mistake: Record<MistakeId, string>;
  /** A rubric criterion without its own mistake message. */
  notMet(title: string): string;

  /** Failure reasons, a few words each, and the full sentence from the facts. */
  reason: Record<FailureReason, string>;
  failure(facts: FailureFacts): string;

  /** Feedback: one paragraph per lost criterion. */
  lost(title: string): string;
  observation(o: Observation): string;
  redo(r: Redo): string;

  /** The per-student feedback file. */
  feedbackTitle(student: string): string;
  feedbackScore(n: { score: number; max: number; percent: number; requiredMet: boolean }): string;
  feedbackPartial(packets: number): string;
  feedbackAllMet: string;
  feedbackLostHeading: string;
  feedbackMistakesHeading: string;
  feedbackNotGraded(reason: string): string;
  feedbackNotGradedAdvice: string;
  feedbackCopy(kind: CopyKind, others: string[]): string;
}
