// Wireshark display filters that show exactly a given set of packets.

/**
 * `frame.number in {1, 2, 3}` with runs of consecutive frames written as ranges (`{13..48}`); the elements are
 * separated by commas, as tshark 4.0 requires (it rejects `{1 2 3}`).
 */
export function frameFilter(frames: number[]): string {
  const sorted = [...new Set(frames)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}..${sorted[j]}` : sorted.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return `frame.number in {${parts.join(', ')}}`;
}

/** Packets of some TCP streams within a frame range. */
export function streamsFilter(streams: number[], from: number, to: number): string {
  const s = [...new Set(streams)].sort((a, b) => a - b);
  return `tcp.stream in {${s.join(', ')}} && frame.number in {${from}..${to}}`;
}
