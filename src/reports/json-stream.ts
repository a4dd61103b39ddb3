// The JSON view written from sessions serialized one by one, as the engine released them: each session's text is
// made when it is over (sessionJson, at the depth its report's `sessions` list has in the document), held as text,
// and put between the rest of the document, which is made at the end. The bytes are renderJsonOutcomes' (compact or
// indented); test/reports/json-stream.test.ts compares them on every sample, fixture and real-world capture.

import type { Session } from '../model.js';
import { type JsonOptions, type ReportJson, type ReportJsonV2, jsonIndent, sessionJson } from './json.js';
import { escapeJsonText } from './jsonl.js';

/** Where a report's `sessions` list sits in the document: its key's indentation, and its elements'. */
export interface SessionsLayout {
  /** Indentation of each element (pretty), before its text; '' when compact. */
  open: string;
  /** Between two elements: ',' or ',\n' and the elements' indentation. */
  separator: string;
  /** After the last element, before ']'. */
  close: string;
  /** Spaces per level (undefined when compact). */
  indent: number | undefined;
  /** The elements' level: 2 in a document of one report, 3 in an array of reports. */
  depth: number;
}

/** The layout of the sessions lists in a document of one report (`inArray` false) or of an array of reports. */
export function sessionsLayout(options: JsonOptions, inArray: boolean): SessionsLayout {
  const indent = jsonIndent(options);
  const depth = inArray ? 3 : 2;
  if (indent === undefined) return { open: '', separator: ',', close: '', indent, depth };
  const element = ' '.repeat(indent * depth);
  const key = ' '.repeat(indent * (depth - 1));
  return { open: `\n${element}`, separator: `,\n${element}`, close: `\n${key}`, indent, depth };
}

/**
 * One session's text as an element of its report's `sessions` list: sessionJson's object as JSON.stringify writes
 * it there (its inner lines indented to the element's depth; JSON strings hold no raw line break), C1 controls
 * escaped as the whole document has them.
 */
export function sessionElementText(session: Session, options: JsonOptions, layout: SessionsLayout): string {
  const text = JSON.stringify(sessionJson(session, options), null, layout.indent);
  if (layout.indent === undefined) return escapeJsonText(text);
  return escapeJsonText(text.replace(/\n/g, `\n${' '.repeat(layout.indent * layout.depth)}`));
}

/** The placeholder of entry i's sessions: a string no other value of the document can be written as. */
const placeholder = (i: number): string => `\u0000ftp-report sessions ${i}\u0000`;

/**
 * The document renderJsonOutcomes writes for these entries (each a report's contract object without its sessions),
 * in pieces: text, and at the place of each streamed entry's `sessions` value the entry's index, for the caller to
 * write that list. `streamed[i]` says which entries' sessions are held apart (a capture nothing was read from has
 * none).
 */
export function jsonDocumentPieces(
  entries: readonly (ReportJson | ReportJsonV2)[],
  streamed: readonly boolean[],
  array: boolean,
  options: JsonOptions,
): (string | number)[] {
  const framed = entries.map((e, i) => (streamed[i] ? { ...e, sessions: placeholder(i) } : e));
  const value = framed.length === 1 && !array ? framed[0] : framed;
  const layout = sessionsLayout(options, framed.length !== 1 || array);
  const text = `${escapeJsonText(JSON.stringify(value, null, layout.indent))}\n`;
  const pieces: (string | number)[] = [];
  let from = 0;
  framed.forEach((_e, i) => {
    if (!streamed[i]) return;
    // `"sessions": "…"`: inside a JSON string every quote is escaped, so this can only be the entry's own key
    const held = `"sessions":${layout.indent === undefined ? '' : ' '}${JSON.stringify(placeholder(i))}`;
    const at = text.indexOf(held, from);
    if (at < 0 || text.indexOf(held, at + 1) >= 0) throw new Error(`the sessions of report ${i} have no one place`);
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (layout.indent !== undefined && text.slice(lineStart, at) !== layout.close.slice(1)) {
      throw new Error(`the sessions of report ${i} are not at the depth their text was indented for`);
    }
    const list = at + held.length - JSON.stringify(placeholder(i)).length;
    pieces.push(text.slice(from, list), i);
    from = at + held.length;
  });
  pieces.push(text.slice(from));
  return pieces;
}

/**
 * Writes a sessions list: `[]` when empty, else `[`, the elements (written by `elements`, each but the first after
 * layout.separator), and `]` at the key's indentation.
 */
export function writeSessionsList(
  count: number,
  layout: SessionsLayout,
  elements: () => void,
  out: (text: string) => void,
): void {
  if (count === 0) {
    out('[]');
    return;
  }
  out(`[${layout.open}`);
  elements();
  out(`${layout.close}]`);
}
