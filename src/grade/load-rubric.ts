// Reads a rubric file and validates it into the rubric model; every error is one line naming the bad field.

import { readFile } from 'node:fs/promises';
import { FtpReportError } from '../errors.js';
import { GRADE_LANGS, type LocalText } from './lang.js';
import { CHECK_NAMES, type CheckName, type Criterion, type Rubric, type RubricMistake } from './rubric.js';

/** A rubric that does not validate: `path` is where in the document, e.g. "rubric.criteria[2].check". */
export class RubricError extends Error {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'RubricError';
    this.path = path;
  }
}

type Json = unknown;
type Parse<T> = (value: Json, path: string) => T;
/** A parser for every field of T. */
type Spec<T> = { [K in keyof T]-?: Parse<T[K]> };

const show = (v: Json): string => {
  const text = JSON.stringify(v);
  if (text === undefined) return String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};
const kindOf = (v: Json): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${show(v)}`;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const text: Parse<string> = (v, path) => {
  if (typeof v !== 'string' || v.trim() === '')
    throw new RubricError(path, `must be a non-empty string (got ${kindOf(v)})`);
  return v;
};

/** A text in one language (English), or an object of texts per language with "en" required. */
const localText: Parse<LocalText> = (v, path) => {
  if (typeof v === 'string') return { en: text(v, path) };
  if (!isObject(v))
    throw new RubricError(path, `must be a string or an object of texts per language (got ${kindOf(v)})`);
  const spec = Object.fromEntries(GRADE_LANGS.map((l) => [l, text])) as Spec<LocalText>;
  return fields<LocalText>(v, path, spec, ['en']) as LocalText;
};

const mistakeCode: Parse<string> = (v, path) => {
  if (typeof v !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) || v.length > 48)
    throw new RubricError(path, `must be a kebab-case mistake code of at most 48 characters (got ${kindOf(v)})`);
  return v;
};

/** "no-epsv", or { "id": "no-epsv", "message": "…" | { "en": "…", "ru": "…" } }. */
const rubricMistake: Parse<RubricMistake> = (v, path) => {
  if (typeof v === 'string') return { id: mistakeCode(v, path) };
  const m = fields<RubricMistake>(v, path, { id: mistakeCode, message: localText }, ['id']);
  return { id: m.id!, ...(m.message !== undefined ? { message: m.message } : {}) };
};

const bool: Parse<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new RubricError(path, `must be true or false (got ${kindOf(v)})`);
  return v;
};

function int(min: number, max: number): Parse<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new RubricError(path, `must be a whole number from ${min} to ${max} (got ${kindOf(v)})`);
    }
    return v;
  };
}

function oneOf<T extends string>(values: readonly T[], upper = false): Parse<T> {
  return (v, path) => {
    const s = typeof v === 'string' && upper ? v.toUpperCase() : v;
    if (typeof s !== 'string' || !(values as readonly string[]).includes(s)) {
      throw new RubricError(path, `must be one of ${values.map((x) => `"${x}"`).join(', ')} (got ${kindOf(v)})`);
    }
    return s as T;
  };
}

/** One value or a non-empty array of values, as an array. */
function listOf<T>(item: Parse<T>): Parse<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) return [item(v, path)];
    if (v.length === 0) throw new RubricError(path, 'must not be an empty list');
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };
}

const verb: Parse<string> = (v, path) => {
  if (typeof v !== 'string' || !/^[A-Za-z]{3,4}$/.test(v))
    throw new RubricError(path, `must be an FTP command of 3 or 4 letters (got ${kindOf(v)})`);
  return v.toUpperCase();
};

const replyCode = int(100, 599);

/** Reads an object's fields with one parser each; a field not in the table is an error that lists the known ones. */
function fields<T>(v: Json, path: string, spec: Spec<T>, required: (keyof T)[] = []): Partial<T> {
  if (!isObject(v)) throw new RubricError(path, `must be an object (got ${kindOf(v)})`);
  const known = Object.keys(spec);
  for (const key of Object.keys(v)) {
    if (!known.includes(key)) {
      throw new RubricError(`${path}.${key}`, `unknown field (known: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of known) {
    if (v[key] === undefined) {
      if (required.includes(key as keyof T)) throw new RubricError(`${path}.${key}`, 'is missing');
      continue;
    }
    out[key] = (spec as Record<string, Parse<unknown>>)[key]!(v[key], `${path}.${key}`);
  }
  return out as Partial<T>;
}

const WHERE_SPECS: {
  [C in CheckName]: { spec: Spec<Record<string, unknown>>; required?: string[]; defaults?: Record<string, unknown> };
} = {
  'control-handshake': { spec: {} },
  login: {
    spec: {
      outcome: oneOf(['success', 'failed'] as const),
      replyCode,
      withPassword: bool,
      user: text,
      anonymous: bool,
    },
    defaults: { outcome: 'success', withPassword: true },
  },
  transfer: {
    spec: {
      mode: oneOf(['active', 'passive'] as const),
      setup: listOf(oneOf(['PORT', 'EPRT', 'PASV', 'EPSV', 'LPRT', 'LPSV'] as const, true)),
      command: listOf(verb),
      direction: listOf(oneOf(['download', 'upload', 'listing'] as const)),
      initiator: oneOf(['client', 'server'] as const),
      status: listOf(oneOf(['complete', 'failed', 'aborted', 'incomplete'] as const)),
      minBytes: int(0, Number.MAX_SAFE_INTEGER),
      replyCode,
      dataSrcPort: int(1, 65535),
      openedBeforeCommand: bool,
    },
  },
  'data-teardown': {
    spec: {
      closedBy: listOf(oneOf(['client', 'server', 'reset'] as const)),
      mode: oneOf(['active', 'passive'] as const),
    },
    defaults: { closedBy: ['client', 'server'] },
  },
  command: { spec: { command: listOf(verb), replyCode: listOf(replyCode) }, required: ['command'] },
  finding: {
    spec: {
      id: listOf((v, path) => {
        if (typeof v !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(v))
          throw new RubricError(path, `must be a kebab-case finding id (got ${kindOf(v)})`);
        return v;
      }),
    },
    required: ['id'],
  },
};

const weight: Parse<number> = (v, path) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1000)
    throw new RubricError(path, `must be a number from 0 to 1000 (got ${kindOf(v)})`);
  return v;
};

function parseCriterion(v: Json, path: string): Criterion {
  const base = fields<{
    id: string;
    title: LocalText;
    description: string;
    check: string;
    where: Json;
    weight: number;
    required: boolean;
    bonus: boolean;
    mistake: RubricMistake;
    hint: LocalText;
  }>(
    v,
    path,
    {
      id: (x, p) => {
        if (typeof x !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/.test(x)) {
          throw new RubricError(
            p,
            `must be 1-40 letters, digits, - or _, starting with a letter or digit (got ${kindOf(x)})`,
          );
        }
        return x;
      },
      title: localText,
      description: text,
      check: (x, p) => {
        if (typeof x !== 'string') throw new RubricError(p, `must be a string (got ${kindOf(x)})`);
        if (!(CHECK_NAMES as readonly string[]).includes(x))
          throw new RubricError(p, `unknown check "${x}" (checks: ${CHECK_NAMES.join(', ')})`);
        return x;
      },
      where: (x) => x,
      weight,
      required: bool,
      bonus: bool,
      mistake: rubricMistake,
      hint: localText,
    },
    ['id', 'title', 'check'],
  );
  const check = base.check! as CheckName;
  const shape = WHERE_SPECS[check];
  const where = {
    ...shape.defaults,
    ...fields(base.where === undefined ? {} : base.where, `${path}.where`, shape.spec, shape.required ?? []),
  };
  const bonus = base.bonus ?? false;
  if (bonus && base.required === true)
    throw new RubricError(`${path}.required`, 'a bonus criterion cannot be required');
  const criterion = {
    id: base.id!,
    title: base.title!,
    ...(base.description !== undefined ? { description: base.description } : {}),
    ...(base.mistake !== undefined ? { mistake: base.mistake } : {}),
    ...(base.hint !== undefined ? { hint: base.hint } : {}),
    check,
    where,
    weight: base.weight ?? 1,
    required: base.required ?? !bonus,
    bonus,
  };
  return criterion as Criterion;
}

/** Validates a parsed rubric document; throws RubricError naming the first bad field. */
export function validateRubric(doc: Json): Rubric {
  const top = fields<{
    title: LocalText;
    description: LocalText;
    criteria: Json;
    partialCredit: number;
    $schema: string;
  }>(
    doc,
    'rubric',
    {
      title: localText,
      description: localText,
      criteria: (x) => x,
      partialCredit: (x, p) => {
        if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1)
          throw new RubricError(p, `must be a number from 0 to 1 (got ${kindOf(x)})`);
        return x;
      },
      $schema: text,
    },
    ['criteria'],
  );
  if (!Array.isArray(top.criteria))
    throw new RubricError('rubric.criteria', `must be an array of criteria (got ${kindOf(top.criteria)})`);
  if (top.criteria.length === 0) throw new RubricError('rubric.criteria', 'must hold at least one criterion');
  // Ids are compared without case: they become column names, which spreadsheets compare that way.
  const seen = new Map<string, number>();
  const criteria = top.criteria.map((doc, i) => {
    const c = parseCriterion(doc, `rubric.criteria[${i}]`);
    const first = seen.get(c.id.toLowerCase());
    if (first !== undefined)
      throw new RubricError(`rubric.criteria[${i}].id`, `"${c.id}" is already the id of criteria[${first}]`);
    seen.set(c.id.toLowerCase(), i);
    return c;
  });
  if (!criteria.some((c) => !c.bonus && c.weight > 0)) {
    throw new RubricError(
      'rubric.criteria',
      'needs at least one criterion that is not a bonus and has a weight above 0',
    );
  }
  return {
    title: top.title ?? { en: 'FTP lab' },
    ...(top.description !== undefined ? { description: top.description } : {}),
    partialCredit: top.partialCredit ?? 1,
    criteria,
  };
}

/** "line 3, column 7" for a character offset of a text. */
function lineColumn(source: string, offset: number): string {
  const before = source.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** Parses rubric JSON text; syntax errors and validation errors are USAGE errors that start with the file name. */
export function parseRubric(source: string, file: string): Rubric {
  let doc: Json;
  try {
    doc = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? ` at ${lineColumn(source, Number(at[1]))}` : '';
    const problem = message.replace(/ in JSON at position \d+.*$/, '');
    const text = `${file}: the rubric is not valid JSON${where} (${problem})`;
    throw new FtpReportError('USAGE', text, { file, cause: err });
  }
  try {
    return validateRubric(doc);
  } catch (err) {
    if (err instanceof RubricError) throw new FtpReportError('USAGE', `${file}: ${err.message}`, { file, cause: err });
    throw err;
  }
}

/** Reads and validates a rubric file (--rubric FILE). */
export async function loadRubric(file: string): Promise<Rubric> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    const unread = `cannot be read (${errno ?? 'error'})`;
    const why = errno === 'ENOENT' ? 'no such file' : errno === 'EISDIR' ? 'is a directory' : unread;
    throw new FtpReportError('USAGE', `--rubric ${file}: ${why}`, { file, errno, cause: err });
  }
  return parseRubric(source, file);
}

/** A text in English only is written as a plain string, as most rubric files give it. */
const textJson = (t: LocalText): string | LocalText => (Object.keys(t).length === 1 ? t.en : t);

/** The rubric as JSON a user can save, edit and pass back with --rubric. */
export function rubricToJson(rubric: Rubric): string {
  const doc = {
    ...rubric,
    title: textJson(rubric.title),
    ...(rubric.description ? { description: textJson(rubric.description) } : {}),
    criteria: rubric.criteria.map((c) => ({
      ...c,
      title: textJson(c.title),
      ...(c.hint ? { hint: textJson(c.hint) } : {}),
      ...(c.mistake?.message ? { mistake: { ...c.mistake, message: textJson(c.mistake.message) } } : {}),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
