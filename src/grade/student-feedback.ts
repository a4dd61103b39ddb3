// The per-student feedback file (grade --out: feedback/<file>.md): score, what was lost and what to redo, the
// mistakes seen, a copy notice; for a file not graded, why and what to hand in.

import { mdCell } from '../reports/escape.js';
import { nameOf } from './class-summary.js';
import type { GradeLang } from './lang.js';
import type { Rubric } from './rubric.js';
import type { GradeRow } from './run-batch.js';
import { textsFor } from './texts.js';

/** The feedback Markdown for rows[index] (the other rows name the students it shares a copy with). */
export function renderStudentFeedback(rows: GradeRow[], index: number, rubric: Rubric, lang: GradeLang): string {
  const row = rows[index]!;
  const x = textsFor(rubric, lang);
  const t = x.t;
  const out: string[] = [`# ${mdCell(t.feedbackTitle(nameOf(row)))}`, ''];
  for (const kind of ['identical', 'same-sessions'] as const) {
    const others = row.copies.filter((c) => c.kind === kind).map((c) => nameOf(rows[c.row]!));
    if (others.length > 0) out.push(mdCell(t.feedbackCopy(kind, others)), '');
  }
  const g = row.grade;
  if (!g) {
    out.push(mdCell(t.feedbackNotGraded(x.failure(row))), '', t.feedbackNotGradedAdvice, '');
    return `${out.join('\n').trimEnd()}\n`;
  }
  out.push(t.feedbackScore({ score: g.score, max: g.maxScore, percent: g.percent, requiredMet: g.requiredMet }), '');
  if (row.status === 'partial') {
    const packets = row.failure?.facts.kind === 'tshark-stopped' ? row.failure.facts.packetsRead : 0;
    out.push(t.feedbackPartial(packets), '');
  }
  const paragraphs = x.feedback(row.grade);
  if (paragraphs.length === 0) out.push(t.feedbackAllMet, '');
  else {
    out.push(`## ${t.feedbackLostHeading}`, '');
    for (const p of paragraphs) out.push(`- ${mdCell(p)}`);
    out.push('');
  }
  if (g.mistakes.length > 0) {
    out.push(`## ${t.feedbackMistakesHeading}`, '');
    for (const m of g.mistakes)
      out.push(`- ${mdCell(x.mistake(m))}${m.frames.length > 0 ? `: ${t.frames(m.frames)}` : ''}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
