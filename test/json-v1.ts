// The contract's migration rules from schema version 2 back to 1 (docs/report-json.md "Schema version 2"), for tests:
// a version-2 report (parsed JSON) read as version 1. Kept apart from src/ on purpose: it is the reader's side of the
// rules, written from the document, so a test can hold the writer (src/reports/json.ts) to them.

type Obj = Record<string, unknown>;

/** A greeting, command or reply: a missing firstFrame/firstT is frame/t. */
function firstOf(m: Obj): Obj {
  return { ...m, firstFrame: m.firstFrame ?? m.frame, firstT: m.firstT ?? m.t };
}

function reply(r: Obj | null): Obj | null {
  if (r === null) return null;
  return { ...firstOf(r), intermediate: r.intermediate ?? [] };
}

function command(c: Obj): Obj {
  return {
    ...firstOf(c),
    announced: c.announced ?? null,
    statedSize: c.statedSize ?? null,
    directory: c.directory ?? null,
    reply: reply(c.reply as Obj | null),
  };
}

function transfer(t: Obj): Obj {
  const timing = t.timing as Obj;
  return { ...t, timing: { ...timing, throughputBps: timing.throughputBytesPerSec } };
}

function session(s: Obj): Obj {
  return {
    ...s,
    greeting: s.greeting === null ? null : firstOf(s.greeting as Obj),
    commands: (s.commands as Obj[]).map(command),
    transfers: (s.transfers as Obj[]).map(transfer),
  };
}

/** A report entry of schema version 2 as version 1 reads (an entry of version 1 is returned as it is). */
export function upgradeToV1<T>(report: T): T {
  const r = report as Obj;
  if (r.schemaVersion !== 2) return report;
  return { ...r, schemaVersion: 1, sessions: (r.sessions as Obj[]).map(session) } as T;
}
