// Makes strings from the capture safe for where they are shown: terminals and Markdown tables.

/** Replaces control characters (ANSI escapes included) with visible \xNN escapes, keeping printable text. */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A value for a Markdown table cell: no pipe, newline, HTML or backtick can break out of it. */
export function mdCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  const text = escapeControl(String(value).replace(/\r?\n/g, ' ⏎ '));
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/`/g, '\\`')
      .replace(/\*/g, '\\*')
      .replace(/_/g, '\\_')
      .replace(/\[/g, '\\[')
      .replace(/\]/g, '\\]')
      // no autolink from capture text: a URL, www. name or e-mail address stays plain text
      .replace(/\b(https?|ftps?|mailto|xmpp):/gi, '$1\\:')
      .replace(/@/g, '\\@')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
  );
}

/** An inline code span for text from the capture: fenced with more backticks than the text holds, on one line. */
export function codeSpan(value: string): string {
  const text = escapeControl(value.replace(/\r?\n/g, ' ⏎ '));
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
