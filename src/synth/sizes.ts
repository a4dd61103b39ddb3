// Reads and prints byte sizes such as "50M", "1.5G", "64KiB" (binary units: K = 1024).

const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** Parses "500M", "2G", "64k", "1.5GiB", "1000" into bytes; throws RangeError on anything else. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text) ?? /^\s*(\d+(?:\.\d+)?)\s*(b?)\s*$/i.exec(text);
  if (!m) throw new RangeError(`not a size: "${text}" (examples: 1000, 64K, 50M, 2G)`);
  const unit = UNITS[(m[2] ?? '').toLowerCase()];
  if (unit === undefined) throw new RangeError(`not a size: "${text}"`);
  const bytes = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes)) throw new RangeError(`size too large: "${text}"`);
  return bytes;
}

/** 52428800 → "50M", 1536 → "1.5K", 999 → "999". */
export function formatSize(bytes: number): string {
  for (const [unit, scale] of [
    ['G', 2 ** 30],
    ['M', 2 ** 20],
    ['K', 2 ** 10],
  ] as const) {
    if (bytes >= scale) {
      const v = bytes / scale;
      return `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`;
    }
  }
  return String(bytes);
}
