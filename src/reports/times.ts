// Turns capture-relative seconds (`t`) into absolute times: ISO-8601 UTC strings and epoch seconds.

/** Microseconds since the epoch of an ISO-8601 UTC time such as "2012-02-21T16:52:41.968492Z"; null if unreadable. */
export function isoToEpochMicros(iso: string): number | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(iso);
  if (!m) return null;
  const seconds = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(seconds)) return null;
  // Only the first six fraction digits count: the contract's times have microsecond precision.
  const micros = Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
  return seconds * 1000 + micros;
}

/** ISO-8601 UTC with six fraction digits, from microseconds since the epoch. */
export function epochMicrosToIso(us: number): string {
  const whole = Math.floor(us / 1_000_000);
  const micros = us - whole * 1_000_000;
  return `${new Date(whole * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
}

/** Microseconds since the epoch of the moment `t` seconds after the capture's first packet. */
function momentMicros(firstAt: string | null, t: number | null): number | null {
  if (firstAt === null || t === null) return null;
  const base = isoToEpochMicros(firstAt);
  if (base === null) return null;
  return base + Math.round(t * 1_000_000);
}

/** The absolute time of capture-relative second `t`, as ISO-8601 UTC; null when either is unknown. */
export function isoAt(firstAt: string | null, t: number | null): string | null {
  const us = momentMicros(firstAt, t);
  return us === null ? null : epochMicrosToIso(us);
}

/** Epoch seconds with exactly six decimals (Zeek's `time` column), e.g. "1329843161.968492"; null when unknown. */
export function epochSecondsAt(firstAt: string | null, t: number | null): string | null {
  const us = momentMicros(firstAt, t);
  if (us === null) return null;
  const whole = Math.floor(us / 1_000_000);
  return `${whole}.${String(us - whole * 1_000_000).padStart(6, '0')}`;
}
