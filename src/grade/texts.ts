// A row's texts in one language: criterion titles, mistake lines, failure sentences and feedback paragraphs.

import type { CaptureGrade, GradeMistake } from './grade-report.js';
import { type GradeLang, textIn } from './lang.js';
import { GRADE_CATALOGS, type GradeCatalog } from './messages/index.js';
import type { MistakeId } from './mistakes.js';
import type { Criterion, Rubric } from './rubric.js';
import type { GradeRow } from './run-batch.js';

/** Everything a view needs to write in one language. */
export interface Texts {
  lang: GradeLang;
  t: GradeCatalog;
  title(c: Criterion): string;
  mistake(m: GradeMistake): string;
  /** Why a row was not graded (or graded in part), one sentence; "" for a row graded whole. */
  failure(row: GradeRow): string;
  /** One paragraph per lost criterion: what was expected, what the capture shows instead, what to redo. */
  feedback(grade: CaptureGrade | null): string[];
}

export function textsFor(rubric: Rubric, lang: GradeLang): Texts {
  const t = GRADE_CATALOGS[lang];
  const byId = new Map(rubric.criteria.map((c) => [c.id, c]));
  const title = (c: Criterion) => textIn(c.title, lang);
  return {
    lang,
    t,
    title,
    mistake(m) {
      if (m.builtIn) return t.mistake[m.id as MistakeId];
      const c = m.criterion === null ? undefined : byId.get(m.criterion);
      if (c?.mistake?.message) return textIn(c.mistake.message, lang);
      return t.notMet(c ? title(c) : m.id);
    },
    failure(row) {
      return row.failure ? t.failure(row.failure.facts) : '';
    },
    feedback(grade) {
      if (!grade) return [];
      return grade.shortfalls.map((s) => {
        const c = byId.get(s.criterion)!;
        const redo = c.hint ? textIn(c.hint, lang) : t.redo(s.redo);
        return `${t.lost(title(c))} ${t.observation(s.observation)} ${redo}`;
      });
    },
  };
}
