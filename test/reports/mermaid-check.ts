// Checks Mermaid diagram text (the part between the ```mermaid fences) with Mermaid's own parser.
//
// How: `mermaid` 11.17.2 (the newest line that runs on Node 20; 12.x needs Node >= 22.12) is imported
// straight into the test process and its `mermaid.parse()` is called. That runs the same Jison grammar
// and the same diagram database code (e.g. "Trying to inactivate an inactive participant") as a
// browser, without laying anything out. Parsing needs a little DOM, not a browser:
//   - DOMPurify (bundled in mermaid) looks for `window` when mermaid is imported; without one,
//     `links`/`properties` lines are silently dropped;
//   - a sequenceDiagram `box` line reads `window.CSS`, `details` reads `document`: without them these
//     throw "ReferenceError: window is not defined".
// happy-dom supplies these (it imports in ~0.6 s where jsdom takes ~1.3 s). One difference from a
// browser, which does not change what parses: happy-dom's CSS.supports('color', x) says yes to any
// word, so in `box Control connection` the first word is taken as a colour, where a browser would
// show "Control connection" as the box title. They are put on globalThis only while mermaid is being
// imported or is parsing, and taken away again afterwards (unless the test file already had them,
// e.g. under `// @vitest-environment happy-dom`), so the Node code under test never sees a `window`.
// No browser and no timers: nothing keeps the process alive, so no closeMermaid() is needed.
// Cost, measured on the 2-core dev machine: ~1 s once per test file (importing happy-dom and mermaid's
// bundle, loading the sequence chunk), then per diagram ~4 ms plus ~1 ms per message, note or block
// line (Mermaid deep-copies its config for every message), e.g. ~20 ms for a 30-line FTP session
// and ~200 ms for 200 messages; two to four times that while the machine is busy with other work.
//
// What parse() does NOT catch, and a generator must therefore escape. The tests in
// mermaid-check.test.ts show the parser side; how the escaped text finally looks was checked once by
// hand in a real browser (Debian's chromium rendering with mermaid.min.js from node_modules):
//   In free text (a message after `:`, a Note, a loop/alt/opt/rect/par label, a participant alias
//   after `as`), Mermaid's lexer stops the text at `#`, `;` or a line break:
//     `#`  starts a comment: `C->>S: a # b` parses and silently shows just "a".
//     `;`  ends the statement: `C->>S: a ; b` is a parse error.
//     line breaks end the statement too: use `<br>` for an intended break, or a space.
//   Before lexing, the whole text is scanned, wherever the characters are:
//     `%%{init: ...}%%` is taken as a directive (it changes the config, e.g. the theme, and vanishes
//       from the message), so `%` must be escaped;
//     `#word;` / `#123;` are entity codes (`#35;` shows `#`, `#59;` shows `;`, `#lt;` shows `<`);
//     a line with `style` ... `:` non-space `#` ... `;` loses its last `;` (a colorscheme hack meant for
//       `style` lines), so `RETR lifestyle.txt:#35;1` shows "RETR lifestyle.txt:" - escape `:` as well;
//   and `wrap:` / `nowrap:` at the start of a text is a flag and vanishes, which `:` escaping also stops.
//   `<br>`, `<br/>`, `<br />` become line breaks; other tags (`<script>`, `<b>`) are shown as literal
//   text by the sequence renderer (and DOMPurify would strip scripts anyway), but escaping `<` and `>`
//   keeps captured data from ever forming a `<br>`.
//   Safe as they are: letters, digits, spaces, unicode (é, 日本, 🙂), `"`, `'`, backticks, `\`, `|`, `&`,
//   `,`, `.`, `@`, `/`, `()`, `[]`, `{}`, `-`, `->>` (arrows are plain text after the message's `:`).
//   So for any string s, this is safe in all of those places and shows exactly s:
//     s.replace(/\r\n?|\n/g, ' ').replace(/[#;%:<>]/g, (c) => `#${c.codePointAt(0)};`)
//   (`#` and `;` inside the produced `#35;` are fine: entity codes are replaced before lexing.)
//   Participant ids (before `as`, and in arrows, Notes, activate) are not free text: they stop at
//   whitespace and `<>:,;@+-` arrows, and keywords such as `end`, `loop`, `note`, `opt`, `alt`, `par`,
//   `rect`, `box`, `break`, `critical`, `else`, `and`, `over`, `activate` fail as ids. Use generated ids
//   like `C1`, `S1`, `D1` ([A-Za-z][A-Za-z0-9]*, not a keyword) and put the real name in the alias.
import type { Window } from 'happy-dom';
import type { Mermaid, MermaidConfig, ParseResult } from 'mermaid';

const DOM_GLOBALS = ['window', 'document'] as const;

let dom: Window | undefined;
let mermaidPromise: Promise<Mermaid> | undefined;
// Parses run one at a time, so one call cannot take the DOM globals away while another is using them.
let queue: Promise<unknown> = Promise.resolve();

async function domWindow(): Promise<Window> {
  if (!dom) {
    const { Window } = await import('happy-dom');
    dom = new Window();
  }
  return dom;
}

function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

async function withDomGlobals<T>(task: () => Promise<T>): Promise<T> {
  const win = await domWindow();
  const g = globalThis as Record<string, unknown>;
  const added: string[] = [];
  for (const name of DOM_GLOBALS) {
    if (g[name] === undefined) {
      g[name] = name === 'window' ? win : win[name];
      added.push(name);
    }
  }
  try {
    return await task();
  } finally {
    for (const name of added) delete g[name];
  }
}

function loadMermaid(): Promise<Mermaid> {
  mermaidPromise ??= withDomGlobals(async () => {
    // Mermaid's own bundled ESM build (the one its docs load in browsers): it imports in ~0.2 s where
    // the package's main entry (mermaid.core.mjs, which pulls in d3, cytoscape, katex... file by file)
    // takes ~1 s. It has no type declarations of its own; its API is the package's `Mermaid`.
    const bundle = 'mermaid/dist/mermaid.esm.min.mjs';
    const { default: mermaid } = (await import(bundle)) as { default: Mermaid };
    mermaid.initialize({ startOnLoad: false });
    return mermaid;
  });
  return mermaidPromise;
}

function numbered(text: string): string {
  return text
    .split('\n')
    .map((line, i) => `${String(i + 1).padStart(3)} | ${line}`)
    .join('\n');
}

/** Mermaid's parse, one at a time, with the DOM globals in place; errors carry the numbered diagram. */
async function parseWithMermaid<T>(
  diagram: string,
  then: (mermaid: Mermaid, result: ParseResult) => Promise<T>,
): Promise<T> {
  const mermaid = await loadMermaid();
  return serialized(() =>
    withDomGlobals(async () => {
      let result: ParseResult;
      try {
        result = await mermaid.parse(diagram);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new Error(`${message}\n--- the diagram Mermaid rejected ---\n${numbered(diagram)}`, { cause: err });
      }
      return then(mermaid, result);
    }),
  );
}

/** Resolves when Mermaid parses `diagram`; otherwise throws an Error whose message starts with Mermaid's. */
export async function assertMermaidParses(diagram: string): Promise<void> {
  await parseWithMermaid(diagram, async () => undefined);
}

export interface SequenceContents {
  /** Settings the text changed through `%%{init: ...}%%` directives or front matter (normally {}). */
  config: MermaidConfig;
  /** Participants in order of appearance: id and displayed name (the alias, or the id). */
  participants: { id: string; name: string }[];
  /**
   * Every non-empty text Mermaid recorded, in order, as it will be shown: messages, notes, and the
   * labels of loop/alt/else/opt/par/critical/break blocks (a rect records its colour here).
   */
  texts: string[];
}

/**
 * What Mermaid's parser recorded for a sequenceDiagram, with Mermaid's entity codes (`#35;`, `#lt;`)
 * turned into the characters a reader sees. Use it to prove that escaped text survives unchanged:
 * assertMermaidParses cannot see text that was silently cut at a `#`. Throws like assertMermaidParses.
 */
export async function inspectSequenceDiagram(diagram: string): Promise<SequenceContents> {
  const win = await domWindow();
  const shown = (text: string): string =>
    // Mermaid stores `#35;` / `#lt;` as `ﬂ°°35¶ß` / `ﬂ°lt¶ß`, and the browser finally reads `&#35;` / `&lt;`.
    text.replace(/ﬂ°°(\d+)¶ß|ﬂ°(\w+)¶ß/g, (_all, code?: string, name?: string) => {
      if (code !== undefined) return String.fromCodePoint(Number(code));
      const box = win.document.createElement('textarea');
      box.innerHTML = `&${name};`;
      return box.value;
    });
  return parseWithMermaid(diagram, async (mermaid, { config }) => {
    const parsed = await mermaid.mermaidAPI.getDiagramFromText(diagram);
    if (parsed.type !== 'sequence') throw new Error(`not a sequenceDiagram but a ${parsed.type} diagram`);
    const db = parsed.db as unknown as {
      getActors(): Map<string, { name: string; description: string }>;
      getMessages(): { message?: unknown }[];
    };
    return {
      config,
      participants: [...db.getActors().values()].map((a) => ({ id: a.name, name: shown(a.description) })),
      texts: db
        .getMessages()
        .map((m) => m.message)
        .filter((m): m is string => typeof m === 'string' && m !== '')
        .map(shown),
    };
  });
}
