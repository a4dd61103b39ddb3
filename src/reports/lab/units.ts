// Numbers for people: durations in s/ms/µs, rates in B/s, kB/s, MB/s, counts with the language's grouping.

/** A language's number locale and unit names. */
export interface UnitNames {
  /** BCP 47 locale for digit grouping and the decimal sign (en-US, ru-RU, zh-CN, vi-VN). */
  locale: string;
  s: string;
  ms: string;
  us: string;
  bytesPerSecond: string;
  kilobytesPerSecond: string;
  megabytesPerSecond: string;
}

/** Below this a transfer is too short for its rate to mean anything (the clock is read in whole microseconds). */
export const MIN_RATE_MS = 1;

export interface NumberFormat {
  count(n: number): string;
  /** A duration in milliseconds in the unit that suits it: 9.43 s, 4.20 ms, 11 µs; "–" when unknown. */
  duration(ms: number | null): string;
  /** The same with its sign always written (+4.20 ms, −0.60 ms): for "how much before or after". */
  signed(ms: number | null): string;
  /** Bytes per second as B/s, kB/s or MB/s; "–" when unknown or measured over less than MIN_RATE_MS. */
  rate(bytesPerSecond: number | null, overMs: number | null): string;
}

/** Decimals that keep three significant digits for a value from 1 to 999. */
const decimalsFor = (v: number) => (v >= 100 ? 0 : v >= 10 ? 1 : 2);

export function numberFormat(u: UnitNames): NumberFormat {
  const fixed = (v: number, decimals: number) =>
    v.toLocaleString(u.locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const magnitude = (abs: number): string => {
    if (abs >= 1000) return `${fixed(abs / 1000, decimalsFor(abs / 1000))} ${u.s}`;
    if (abs >= 1) {
      const d = decimalsFor(abs);
      // 999.6 ms rounds to "1000 ms": say 1.00 s instead
      return Number(abs.toFixed(d)) >= 1000 ? `${fixed(1, 2)} ${u.s}` : `${fixed(abs, d)} ${u.ms}`;
    }
    const us = Math.round(abs * 1000);
    return us >= 1000 ? `${fixed(1, 2)} ${u.ms}` : `${fixed(us, 0)} ${u.us}`;
  };
  return {
    count: (n) => n.toLocaleString(u.locale),
    duration: (ms) => (ms === null ? '–' : magnitude(Math.abs(ms))),
    signed: (ms) => {
      if (ms === null) return '–';
      const text = magnitude(Math.abs(ms));
      return /^0 /.test(text) ? text : `${ms < 0 ? '−' : '+'}${text}`;
    },
    rate: (bps, overMs) => {
      if (bps === null || overMs === null || overMs < MIN_RATE_MS) return '–';
      if (bps < 1000) return `${fixed(bps, 0)} ${u.bytesPerSecond}`;
      if (bps < 1e6) return `${fixed(bps / 1000, decimalsFor(bps / 1000))} ${u.kilobytesPerSecond}`;
      const mb = bps / 1e6;
      return `${fixed(mb, mb >= 1000 ? 0 : decimalsFor(mb))} ${u.megabytesPerSecond}`;
    },
  };
}

/**
 * A capture-relative time as Wireshark's Time column shows it (seconds since the first packet, its automatic
 * precision): the exact nanoseconds cut (not rounded) to the capture's `precision` decimals, a minus only when what
 * is left is not zero (epan/column-utils.c: the time at the frame's precision, then display_signed_time). Without
 * the nanoseconds (a report older than revision 6), from `t`'s microseconds.
 */
export function wiresharkTime(t: number, tNs?: number | null, precision = 6): string {
  const ns = tNs ?? Math.round(t * 1e6) * 1000;
  const abs = Math.abs(ns);
  const secs = Math.floor(abs / 1e9);
  const digits = String(abs - secs * 1e9)
    .padStart(9, '0')
    .slice(0, precision);
  const minus = ns < 0 && (secs > 0 || /[1-9]/.test(digits)) ? '-' : '';
  return `${minus}${secs}${precision > 0 ? `.${digits}` : ''}`;
}
