// Rubric files: defaults, the documented example, and one clear error per bad field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from '../../src/grade/default-rubric.js';
import { RubricError, parseRubric, rubricToJson, validateRubric } from '../../src/grade/load-rubric.js';
import { maxScoreOf } from '../../src/grade/rubric.js';
import { FtpReportError } from '../../src/errors.js';

const base = { id: 'a', title: 'A', check: 'control-handshake' };

/** The message validateRubric gives for a document. */
function problem(doc: unknown): string {
  try {
    validateRubric(doc);
  } catch (err) {
    expect(err).toBeInstanceOf(RubricError);
    return (err as Error).message;
  }
  throw new Error('the rubric validated');
}

describe('rubric validation', () => {
  it('fills in the defaults: weight 1, required unless bonus, login success with a password, FIN teardown', () => {
    const r = validateRubric({
      criteria: [
        { id: 'l', title: 'L', check: 'login' },
        { id: 't', title: 'T', check: 'data-teardown' },
        { id: 'b', title: 'B', check: 'login', where: { outcome: 'failed' }, bonus: true },
        { id: 'o', title: 'O', check: 'command', where: { command: 'quit' }, required: false, weight: 0.5 },
      ],
    });
    expect(r.title).toEqual({ en: 'FTP lab' });
    expect(r.partialCredit).toBe(1);
    expect(r.criteria).toEqual([
      {
        id: 'l',
        title: { en: 'L' },
        check: 'login',
        where: { outcome: 'success', withPassword: true },
        weight: 1,
        required: true,
        bonus: false,
      },
      {
        id: 't',
        title: { en: 'T' },
        check: 'data-teardown',
        where: { closedBy: ['client', 'server'] },
        weight: 1,
        required: true,
        bonus: false,
      },
      {
        id: 'b',
        title: { en: 'B' },
        check: 'login',
        where: { outcome: 'failed', withPassword: true },
        weight: 1,
        required: false,
        bonus: true,
      },
      {
        id: 'o',
        title: { en: 'O' },
        check: 'command',
        where: { command: ['QUIT'] },
        weight: 0.5,
        required: false,
        bonus: false,
      },
    ]);
    expect(maxScoreOf(r)).toBe(2.5);
  });

  it('the default rubric survives --print-rubric and --rubric unchanged', () => {
    expect(parseRubric(rubricToJson(DEFAULT_RUBRIC), 'x.json')).toEqual(DEFAULT_RUBRIC);
    expect(maxScoreOf(DEFAULT_RUBRIC)).toBe(8);
  });

  it('the documented example validates and uses every check', () => {
    const r = parseRubric(readFileSync('docs/rubric.example.json', 'utf8'), 'docs/rubric.example.json');
    expect(new Set(r.criteria.map((c) => c.check))).toEqual(
      new Set(['control-handshake', 'login', 'transfer', 'data-teardown', 'command', 'finding']),
    );
  });

  it('texts per language, a mistake code with its messages, a hint and partial credit', () => {
    const r = parseRubric(readFileSync('docs/rubric.example.json', 'utf8'), 'docs/rubric.example.json');
    expect(r.partialCredit).toBe(0.5);
    const passive = r.criteria.find((c) => c.id === 'passive')!;
    expect(passive.title.ru).toBe('Пассивный режим: клиент подключается к порту из ответа 227/229');
    expect(passive.mistake).toEqual({
      id: 'no-passive-connect',
      message: {
        en: 'no data connection opened by the client after PASV/EPSV',
        ru: 'после PASV/EPSV клиент не открыл соединение данных',
      },
    });
    expect(passive.hint?.en).toBe('Download a file with curl --ftp-pasv while capturing.');
    // a bare code, and a plain string title, as most rubric files give them
    const short = validateRubric({ criteria: [{ id: 'q', title: 'Q', check: 'control-handshake', mistake: 'no-q' }] });
    expect(short.criteria[0]).toMatchObject({ title: { en: 'Q' }, mistake: { id: 'no-q' } });
    // printed back the way it was written: plain strings where only English was given
    const printed = JSON.parse(rubricToJson(short));
    expect(printed.criteria[0]).toMatchObject({ title: 'Q', mistake: { id: 'no-q' } });
    expect(validateRubric(printed)).toEqual(short);
    expect(validateRubric(JSON.parse(rubricToJson(r)))).toEqual(r);
  });

  it.each([
    [{ title: { ru: 'Только по-русски' } }, 'rubric.title.en: is missing'],
    [{ title: { en: 'x', de: 'y' } }, 'rubric.title.de: unknown field (known: en, ru, zh, vi)'],
    [{ partialCredit: 2 }, 'rubric.partialCredit: must be a number from 0 to 1 (got number 2)'],
    [
      { criteria: [{ id: 'a', title: 'A', check: 'login', mistake: 'No Login' }] },
      'rubric.criteria[0].mistake: must be a kebab-case mistake code of at most 48 characters (got string "No Login")',
    ],
    [
      { criteria: [{ id: 'a', title: 'A', check: 'login', mistake: { message: 'x' } }] },
      'rubric.criteria[0].mistake.id: is missing',
    ],
    [
      { criteria: [{ id: 'a', title: 'A', check: 'login', hint: 3 }] },
      'rubric.criteria[0].hint: must be a string or an object of texts per language (got number 3)',
    ],
  ])('%j → %s', (extra, message) => {
    expect(problem({ criteria: [{ id: 'a', title: 'A', check: 'login' }], ...extra })).toBe(message);
  });

  it.each([
    [
      { criteria: [base, base, { ...base, id: 'c', check: 'foo' }] },
      'rubric.criteria[1].id: "a" is already the id of criteria[0]',
    ],
    [
      { criteria: [base, { ...base, id: 'b' }, { ...base, id: 'c', check: 'foo' }] },
      'rubric.criteria[2].check: unknown check "foo" (checks: control-handshake, login, transfer, data-teardown, command, finding)',
    ],
    [
      { criteria: [{ ...base, check: 'transfer', where: { mod: 'active' } }] },
      'rubric.criteria[0].where.mod: unknown field (known: mode, setup, command, direction, initiator, status, minBytes, replyCode, dataSrcPort, openedBeforeCommand)',
    ],
    [
      { criteria: [{ ...base, check: 'transfer', where: { mode: 'activ' } }] },
      'rubric.criteria[0].where.mode: must be one of "active", "passive" (got string "activ")',
    ],
    [
      { criteria: [{ ...base, check: 'transfer', where: { status: ['complete', 'done'] } }] },
      'rubric.criteria[0].where.status[1]: must be one of "complete", "failed", "aborted", "incomplete" (got string "done")',
    ],
    [
      { criteria: [{ ...base, check: 'transfer', where: { minBytes: -1 } }] },
      'rubric.criteria[0].where.minBytes: must be a whole number from 0 to 9007199254740991 (got number -1)',
    ],
    [
      { criteria: [{ ...base, check: 'login', where: { replyCode: 2300 } }] },
      'rubric.criteria[0].where.replyCode: must be a whole number from 100 to 599 (got number 2300)',
    ],
    [{ criteria: [{ ...base, check: 'command' }] }, 'rubric.criteria[0].where.command: is missing'],
    [
      { criteria: [{ ...base, check: 'command', where: { command: [] } }] },
      'rubric.criteria[0].where.command: must not be an empty list',
    ],
    [{ criteria: [{ ...base, where: { x: 1 } }] }, 'rubric.criteria[0].where.x: unknown field (known: none)'],
    [{ criteria: [{ ...base, where: null }] }, 'rubric.criteria[0].where: must be an object (got null)'],
    [
      { criteria: [{ ...base, weight: '2' }] },
      'rubric.criteria[0].weight: must be a number from 0 to 1000 (got string "2")',
    ],
    [
      { criteria: [{ ...base, bonus: true, required: true }] },
      'rubric.criteria[0].required: a bonus criterion cannot be required',
    ],
    [
      { criteria: [{ ...base, id: 'has space' }] },
      'rubric.criteria[0].id: must be 1-40 letters, digits, - or _, starting with a letter or digit (got string "has space")',
    ],
    [{ criteria: [{ id: 'a', check: 'login' }] }, 'rubric.criteria[0].title: is missing'],
    [
      { criteria: [{ ...base, colour: 'red' }] },
      'rubric.criteria[0].colour: unknown field (known: id, title, description, check, where, weight, required, bonus, mistake, hint)',
    ],
    [{ criteria: ['login'] }, 'rubric.criteria[0]: must be an object (got string "login")'],
    [{ criteria: [] }, 'rubric.criteria: must hold at least one criterion'],
    [
      { criteria: [{ ...base, bonus: true }] },
      'rubric.criteria: needs at least one criterion that is not a bonus and has a weight above 0',
    ],
    [{ title: 'x' }, 'rubric.criteria: is missing'],
    [{ criteria: {} }, 'rubric.criteria: must be an array of criteria (got an object)'],
    [[], 'rubric: must be an object (got an array)'],
  ])('%j → %s', (doc, message) => {
    expect(problem(doc)).toBe(message);
  });

  it('a syntax error names the file, line and column; validation errors are USAGE errors (exit 2)', () => {
    const err = (() => {
      try {
        parseRubric('{\n  "criteria": [\n    { id: "a" }\n  ]\n}\n', 'my.json');
      } catch (e) {
        return e as FtpReportError;
      }
      throw new Error('parsed');
    })();
    expect(err).toBeInstanceOf(FtpReportError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^my\.json: the rubric is not valid JSON at line 3, column 7 \(/);
    expect(() => parseRubric('{"criteria": [{"id": "a", "title": "A", "check": "foo"}]}', 'r.json')).toThrow(
      /^r\.json: rubric\.criteria\[0\]\.check: unknown check "foo"/,
    );
  });
});
