import { describe, expect, it } from 'vitest';
import { assertMermaidParses, inspectSequenceDiagram } from './mermaid-check.js';

// The escaping rule documented in mermaid-check.ts, as a generator would apply it to any string that
// goes into message text, a Note, a block label or a participant alias.
const escapeText = (s: string): string =>
  s.replace(/\r\n?|\n/g, ' ').replace(/[#;%:<>]/g, (c) => `#${c.codePointAt(0)};`);

const diagram = (...lines: string[]): string => ['sequenceDiagram', ...lines.map((l) => `  ${l}`)].join('\n') + '\n';

/** A two-party diagram with `text` as the one message. */
const oneMessage = (text: string): string =>
  diagram('participant C1 as Client', 'participant S1 as Server', `C1->>S1: ${text}`);

const ftpSession = diagram(
  'autonumber',
  'box rgb(240,240,255) Control connection',
  'participant C as Client 127.0.0.1:60202',
  'participant S as Server 127.0.0.1:21',
  'end',
  'participant D as Data 127.0.0.1:40001',
  'Note over C,S: session 1, 12:00:00.000 to 12:00:01.250',
  'S-->>C: 220 (vsFTPd 3.0.3)',
  'C->>S: USER demo',
  'S-->>C: 331 Password required',
  'C->>+S: PASS ****',
  'S-->>-C: 230 Login successful.',
  'rect rgb(230, 245, 230)',
  '  C->>S: PASV',
  '  S-->>C: 227 Entering Passive Mode (127,0,0,1,156,65).',
  '  activate D',
  '  C->>S: LIST',
  '  loop 3 segments',
  '    D-->>C: 1.2 KiB',
  '  end',
  '  deactivate D',
  'end',
  'opt transfer failed',
  "  S-->>C: 425 Can't open data connection.",
  'end',
  'alt logged in',
  '  C->>S: QUIT',
  'else timed out',
  '  S--xC: connection reset',
  'end',
  'Note right of S: 221 Goodbye.',
);

describe('assertMermaidParses accepts valid diagrams', () => {
  it('accepts an FTP sequenceDiagram with aliases, notes, rect, loop, opt, alt, box and activations', async () => {
    await expect(assertMermaidParses(ftpSession)).resolves.toBeUndefined();
    const contents = await inspectSequenceDiagram(ftpSession);
    expect(contents.participants).toEqual([
      { id: 'C', name: 'Client 127.0.0.1:60202' },
      { id: 'S', name: 'Server 127.0.0.1:21' },
      { id: 'D', name: 'Data 127.0.0.1:40001' },
    ]);
    expect(contents.texts).toContain('USER demo');
    expect(contents.texts).toContain('331 Password required');
    expect(contents.texts).toContain('session 1, 12:00:00.000 to 12:00:01.250');
    expect(contents.config).toEqual({});
  });

  it('accepts other diagram types too (it is a Mermaid check, not a sequenceDiagram check)', async () => {
    await expect(assertMermaidParses('flowchart LR\n  A[capture] --> B{FTP?}\n')).resolves.toBeUndefined();
  });

  it('leaves no DOM globals behind for the code under test', async () => {
    await assertMermaidParses(ftpSession);
    const g = globalThis as Record<string, unknown>;
    expect([g.window, g.document]).toEqual([undefined, undefined]);
  });

  it('checks 20 diagrams in well under a few seconds', async () => {
    await assertMermaidParses(ftpSession); // loaded already by the tests above in this file
    const started = performance.now();
    for (let i = 0; i < 20; i++) await assertMermaidParses(ftpSession.replace('USER demo', `USER demo${i}`));
    const perCheck = (performance.now() - started) / 20;
    // Measured for this 31-line diagram: ~40 ms per check under vitest while the 2-core machine was busy.
    expect(perCheck).toBeLessThan(250);
  });
});

describe("assertMermaidParses rejects invalid diagrams with Mermaid's message", () => {
  const rejected: [string, string, RegExp][] = [
    [
      'a message without an arrow',
      diagram('participant C', 'participant S', 'C S: USER demo'),
      /Parse error on line 4[\s\S]*Expecting .*SOLID_ARROW/,
    ],
    [
      'an unknown keyword',
      diagram('participant C', 'participant S', 'repeat 3 times', '  C->>S: NOOP', 'end'),
      /Parse error on line 4/,
    ],
    ['a misspelt keyword', diagram('participnt C as Client', 'C->>C: x'), /Parse error on line 2/],
    [
      'an unclosed loop',
      diagram('participant C', 'participant S', 'loop every second', '  C->>S: NOOP'),
      /Parse error on line \d+:[\s\S]*Expecting .*'end'/,
    ],
    [
      'an end without a block',
      diagram('participant C', 'participant S', 'C->>S: NOOP', 'end'),
      /Parse error on line 5/,
    ],
    [
      'deactivating an inactive participant',
      diagram('participant C', 'participant S', 'C->>S: NOOP', 'deactivate S'),
      /Trying to inactivate an inactive participant \(S\)/,
    ],
    ['a `;` in message text', oneMessage('CWD a;b'), /Parse error on line 4/],
    ['a raw line break in message text', oneMessage('first line\nsecond line'), /Parse error on line 5/],
    ['a keyword as participant id', diagram('participant end as End', 'participant S', 'end->>S: x'), /Parse error/],
    ['no diagram type', 'C->>S: USER demo\n', /No diagram type detected/],
    ['the Markdown fence left on', '```mermaid\n' + ftpSession + '```\n', /No diagram type detected/],
  ];
  it.each(rejected)('rejects %s', async (_name, text, message) => {
    const error = await assertMermaidParses(text).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('--- the diagram Mermaid rejected ---');
  });
});

describe('hostile text: what Mermaid does with it raw, and that the escaping rule makes it safe', () => {
  it('takes %%{init}%% anywhere as a directive: it changes the config and is cut out of the message', async () => {
    const hostile = 'STOR %%{init: {"theme":"dark"}}%% x.txt';
    const raw = await inspectSequenceDiagram(oneMessage(hostile));
    expect(raw.config).toEqual({ theme: 'dark' });
    expect(raw.texts).toEqual(['STOR  x.txt']);

    const safe = await inspectSequenceDiagram(oneMessage(escapeText(hostile)));
    expect(safe.config).toEqual({});
    expect(safe.texts).toEqual([hostile]);
  });

  it('cuts text silently at # (a comment): the diagram still parses, so only inspection shows it', async () => {
    const raw = await inspectSequenceDiagram(oneMessage('RETR file#1.txt'));
    expect(raw.texts).toEqual(['RETR file']);
    const safe = await inspectSequenceDiagram(oneMessage(escapeText('RETR file#1.txt')));
    expect(safe.texts).toEqual(['RETR file#1.txt']);
  });

  it('needs : escaped too: a "style...:#" line loses its last ; and then the # cuts the text', async () => {
    const name = 'RETR lifestyle.txt:#1';
    const onlyHashAndSemicolon = name.replace(/[#;]/g, (c) => `#${c.codePointAt(0)};`);
    expect((await inspectSequenceDiagram(oneMessage(onlyHashAndSemicolon))).texts).toEqual(['RETR lifestyle.txt:']);
    expect((await inspectSequenceDiagram(oneMessage(escapeText(name)))).texts).toEqual([name]);
  });

  it('drops a leading wrap: / nowrap: as a flag unless : is escaped', async () => {
    expect((await inspectSequenceDiagram(oneMessage('wrap: 500 Syntax error'))).texts).toEqual(['500 Syntax error']);
    expect((await inspectSequenceDiagram(oneMessage(escapeText('wrap: 500 x')))).texts).toEqual(['wrap: 500 x']);
  });

  it('parses <script> as plain message text (the renderer shows it as text; escaping keeps it so)', async () => {
    const hostile = '<script>alert(1)</script> <br> <b>x</b>';
    await expect(assertMermaidParses(oneMessage(hostile))).resolves.toBeUndefined();
    expect((await inspectSequenceDiagram(oneMessage(hostile))).texts).toEqual([hostile]);
    expect((await inspectSequenceDiagram(oneMessage(escapeText(hostile)))).texts).toEqual([hostile]);
  });

  it('keeps quotes, backticks, backslashes, pipes, braces, & and unicode as they are', async () => {
    const text = 'it\'s "quoted" `ls -l` a\\n C:\\dir |x| {y} [z] & é 日本 🙂 -> ->> --x';
    // Raw, only the : in C:\dir is a risk (see above); escaped, everything comes back.
    const plain = text.replace('C:', 'C');
    expect((await inspectSequenceDiagram(oneMessage(plain))).texts).toEqual([plain]);
    expect((await inspectSequenceDiagram(oneMessage(escapeText(text)))).texts).toEqual([text]);
  });

  it('makes any string safe in messages, notes, block labels and aliases', async () => {
    const nasty = 'a#b;c %%{init: {"theme":"forest"}}%% wrap: <br/> #35; &amp; style:#1; "q" `t` \\ 日本\r\nnext';
    const e = escapeText(nasty);
    const text = await inspectSequenceDiagram(
      diagram(
        `participant C1 as ${e}`,
        'participant S1 as Server',
        `C1->>S1: ${e}`,
        `Note over C1,S1: ${e}`,
        `loop ${e}`,
        `  S1-->>C1: ${e}`,
        'end',
        `rect rgb(1,2,3)`,
        `  alt ${e}`,
        `    C1->>S1: ok`,
        `  else ${e}`,
        `    C1->>S1: ok`,
        '  end',
        'end',
      ),
    );
    const expected = nasty.replace(/\r\n/, ' ');
    expect(text.config).toEqual({});
    expect(text.participants[0]).toEqual({ id: 'C1', name: expected });
    // message, note, loop label, loop body, rect colour, alt label, ok, else label, ok
    expect(text.texts).toEqual([expected, expected, expected, expected, 'rgb(1,2,3)', expected, 'ok', expected, 'ok']);
  });

  it('shows named entity codes as their characters, as a browser does', async () => {
    const text = await inspectSequenceDiagram(oneMessage('#lt;b#gt; #quot;q#quot; #amp; #9829; #nosuchname;'));
    expect(text.texts).toEqual(['<b> "q" & ♥ &nosuchname;']);
  });

  it('rejects raw ; and cuts raw # in participant aliases too', async () => {
    await expect(assertMermaidParses(diagram('participant C as a;b', 'C->>C: x'))).rejects.toThrow(
      /Parse error on line 2/,
    );
    expect((await inspectSequenceDiagram(diagram('participant C as a#b', 'C->>C: x'))).participants).toEqual([
      { id: 'C', name: 'a' },
    ]);
    expect(
      (await inspectSequenceDiagram(diagram(`participant C as ${escapeText('a;b#c')}`, 'C->>C: x'))).participants,
    ).toEqual([{ id: 'C', name: 'a;b#c' }]);
  });
});
