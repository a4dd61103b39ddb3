// The Markdown view: the lab-style report (src/reports/lab/), in the language and detail asked for.

import type { Report } from '../model.js';
import { type LabOptions, renderLabReport } from './lab/render.js';

export type MarkdownOptions = LabOptions;

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  return renderLabReport(report, options);
}
