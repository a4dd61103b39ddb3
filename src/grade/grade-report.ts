// Grades one report against a rubric: each criterion's verdict and evidence, the score, the mistakes the rubric
// asks about, and why each lost criterion was lost.

import type { Report } from '../model.js';
import { evaluateCriterion } from './checks.js';
import { type Shortfall, shortfallOf } from './feedback.js';
import { ANOMALIES, type MistakeId, detectMistakes, mistakeExplains } from './mistakes.js';
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

/** One entry of the gradebook's mistakes column. */
export interface GradeMistake {
  /** A built-in mistake id (MISTAKE_IDS), a rubric's own code, or "<criterion id>-not-met". */
  id: string;
  /** A built-in mistake (its words are in the catalogs); false for a rubric's code or a not-met code. */
  builtIn: boolean;
  /** The rubric criterion the code belongs to (rubric codes and not-met codes); null for built-in ones. */
  criterion: string | null;
  /** Frames that show it; empty for something missing. */
  frames: number[];
}

export interface CaptureGrade {
  /** One result per rubric criterion, in the rubric's order. */
  criteria: CriterionResult[];
  /** Weights of the passed criteria, bonus ones included (times the rubric's partialCredit when partial). */
  score: number;
  /** Weights of every criterion that is not a bonus. */
  maxScore: number;
  /** score as a whole percentage of maxScore (above 100 with bonus points). */
  percent: number;
  /** Every required criterion passed. */
  requiredMet: boolean;
  /** Graded from the readable part of a capture tshark could not read to its end. */
  partial: boolean;
  /** What the rubric's failed criteria come to, then the anomalies (NAT, bounce). */
  mistakes: GradeMistake[];
  /** Per failed criterion that is not a bonus, in the rubric's order: what the capture shows instead. */
  shortfalls: Shortfall[];
}

export interface GradeReportOptions {
  /** The report is partial (capture.complete false): the score is scaled by the rubric's partialCredit. */
  partial?: boolean;
}

export function gradeReport(report: Report, rubric: Rubric, options: GradeReportOptions = {}): CaptureGrade {
  const partial = options.partial ?? report.capture.complete === false;
  const criteria = rubric.criteria.map((c) => ({ id: c.id, ...evaluateCriterion(report, c) }));
  const factor = partial ? rubric.partialCredit : 1;
  const score = roundScore(
    rubric.criteria.reduce((sum, c, i) => sum + (criteria[i]!.passed ? c.weight : 0), 0) * factor,
  );
  const maxScore = maxScoreOf(rubric);
  const lost = rubric.criteria.filter((c, i) => !c.bonus && !criteria[i]!.passed);

  // Mistakes follow the rubric: a lost criterion's own code when the rubric names one, else the built-in
  // mistakes that explain it, else "<id>-not-met"; the anomalies are listed whatever the rubric.
  const seen = detectMistakes(report);
  const builtIn = new Set<MistakeId>();
  const own: GradeMistake[] = [];
  for (const c of lost) {
    if (c.mistake) {
      own.push({ id: c.mistake.id, builtIn: false, criterion: c.id, frames: [] });
      continue;
    }
    const explaining = seen.filter((m) => mistakeExplains(m.id, c));
    if (explaining.length > 0) for (const m of explaining) builtIn.add(m.id);
    else own.push({ id: `${c.id}-not-met`, builtIn: false, criterion: c.id, frames: [] });
  }
  for (const m of seen) if (ANOMALIES.has(m.id)) builtIn.add(m.id);
  const mistakes: GradeMistake[] = [
    ...seen
      .filter((m) => builtIn.has(m.id))
      .map((m) => ({ id: m.id, builtIn: true, criterion: null, frames: m.frames })),
    ...own.filter((m, i) => own.findIndex((x) => x.id === m.id) === i),
  ];
  return {
    criteria,
    score,
    maxScore,
    percent: maxScore === 0 ? 0 : Math.round((score * 100) / maxScore),
    requiredMet: rubric.criteria.every((c, i) => !c.required || criteria[i]!.passed),
    partial,
    mistakes,
    shortfalls: lost.map((c) => shortfallOf(report, c)),
  };
}
