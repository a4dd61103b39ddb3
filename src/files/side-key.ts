// A model address (IPv4 dotted, IPv6 text) and port as the side key src/capture/wire.ts gives a packet's side.

import { isIPv4, isIPv6 } from 'node:net';
import type { Addr } from '../model.js';

function v4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

function v6Bytes(ip: string): number[] | null {
  let text = ip;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail = v4Bytes(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const words = (s: string) => (s === '' ? [] : s.split(':').map((w) => Number.parseInt(w, 16)));
  const front = words(head);
  const back = rest === undefined ? [] : words(rest);
  const fill = 8 - front.length - back.length;
  if (fill < 0 || (rest === undefined && fill !== 0)) return null;
  const all = [...front, ...new Array<number>(fill).fill(0), ...back];
  const bytes = all.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The side key of an address and port (address bytes then port, as latin1), or null for an address not IP. */
export function sideKeyOf(a: Addr): string | null {
  const ip = a.ip.replace(/%.*$/, '');
  const bytes = isIPv4(ip) ? v4Bytes(ip) : isIPv6(ip) ? v6Bytes(ip) : null;
  if (bytes === null) return null;
  return String.fromCharCode(...bytes, a.port >> 8, a.port & 0xff);
}
