// Grades one report against a rubric: each criterion's verdict and evidence, the score, and the mistakes seen.

import type { Report } from '../model.js';
import { evaluateCriterion } from './checks.js';
import { type Mistake, detectMistakes } from './mistakes.js';
import { type Rubric, maxScoreOf, roundScore } from './rubric.js';

export interface CriterionResult {
  /** The criterion's id. */
  id: string;
  passed: boolean;
  /** Frames that prove it, ascending; empty when it failed. */
  frames: number[];
  /** Where the evidence is, e.g. "S1-T2 LIST"; null when it failed. */
  where: string | null;
}

export interface CaptureGrade {
  /** One result per rubric criterion, in the rubric's order. */
  criteria: CriterionResult[];
  /** Weights of the passed criteria, bonus ones included. */
  score: number;
  /** Weights of every criterion that is not a bonus. */
  maxScore: number;
  /** Every required criterion passed. */
  requiredMet: boolean;
  mistakes: Mistake[];
}

export function gradeReport(report: Report, rubric: Rubric): CaptureGrade {
  const criteria = rubric.criteria.map((c) => ({ id: c.id, ...evaluateCriterion(report, c) }));
  const score = rubric.criteria.reduce((sum, c, i) => sum + (criteria[i]!.passed ? c.weight : 0), 0);
  return {
    criteria,
    score: roundScore(score),
    maxScore: maxScoreOf(rubric),
    requiredMet: rubric.criteria.every((c, i) => !c.required || criteria[i]!.passed),
    mistakes: detectMistakes(report),
  };
}
