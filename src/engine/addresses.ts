// Decodes the data-channel addresses of PORT/EPRT/LPRT commands and PASV/EPSV/LPSV replies (RFC 959, 1639, 2428).

import type { AnnouncedAddr } from '../model.js';

/** Canonical textual form of an IPv4 or IPv6 address (IPv6 compressed, lower case); null if not an address. */
export function normalizeIp(text: string): string | null {
  const s = text.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    return s.split('.').every((p) => Number(p) <= 255) ? s.split('.').map(Number).join('.') : null;
  }
  if (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s)) {
    try {
      return new URL(`http://[${s}]/`).hostname.slice(1, -1);
    } catch {
      return null;
    }
  }
  return null;
}

const isByte = (n: number) => Number.isInteger(n) && n >= 0 && n <= 255;

function fromSixNumbers(nums: number[]): AnnouncedAddr | null {
  if (nums.length !== 6 || !nums.every(isByte)) return null;
  const [h1, h2, h3, h4, p1, p2] = nums as [number, number, number, number, number, number];
  return { ip: `${h1}.${h2}.${h3}.${h4}`, port: p1 * 256 + p2, numbers: nums };
}

/** PORT h1,h2,h3,h4,p1,p2 */
export function parsePortArg(arg: string | null): AnnouncedAddr | null {
  if (!arg) return null;
  const m = /^\s*(\d{1,3}(?:\s*,\s*\d{1,3}){5})\s*$/.exec(arg);
  if (!m) return null;
  return fromSixNumbers(m[1]!.split(',').map((x) => Number(x.trim())));
}

/** 227 text: the first h1,h2,h3,h4,p1,p2 group, with or without parentheses. */
export function parsePasvReply(text: string): AnnouncedAddr | null {
  const m = /(\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3})/.exec(text);
  if (!m) return null;
  return fromSixNumbers(m[1]!.split(',').map((x) => Number(x.trim())));
}

/** EPRT |af|addr|port| with any delimiter character. */
export function parseEprtArg(arg: string | null): AnnouncedAddr | null {
  if (!arg) return null;
  const s = arg.trim();
  const d = s[0];
  if (!d) return null;
  const parts = s.split(d);
  // "", af, addr, port, ""
  if (parts.length < 5) return null;
  const ip = normalizeIp(parts[2]!);
  const port = Number(parts[3]);
  if (!ip || !Number.isInteger(port) || port < 0 || port > 65535) return null;
  return { ip, port, numbers: null };
}

/** 229 text: (|||port|); the address is the server's own, supplied by the caller. */
export function parseEpsvReply(text: string, serverIp: string): AnnouncedAddr | null {
  const m = /\((.)\1\1(\d{1,5})\1\)/.exec(text);
  if (!m) return null;
  const port = Number(m[2]);
  if (port > 65535) return null;
  return { ip: serverIp, port, numbers: null };
}

/** LPRT/LPSV long address: af,hal,h1..,pal,p1.. (RFC 1639). */
export function parseLongAddress(text: string | null): AnnouncedAddr | null {
  if (!text) return null;
  const m = /(\d{1,3}(?:\s*,\s*\d{1,3}){5,})/.exec(text);
  if (!m) return null;
  const nums = m[1]!.split(',').map((x) => Number(x.trim()));
  if (!nums.every(isByte)) return null;
  const [af, hal] = nums as [number, number];
  const host = nums.slice(2, 2 + hal);
  const pal = nums[2 + hal];
  const portBytes = nums.slice(3 + hal, 3 + hal + (pal ?? 0));
  if (host.length !== hal || pal === undefined || portBytes.length !== pal || pal < 1 || pal > 2) return null;
  let ip: string | null = null;
  if (af === 4 && hal === 4) ip = host.join('.');
  if (af === 6 && hal === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((host[i]! << 8) | host[i + 1]!).toString(16));
    ip = normalizeIp(groups.join(':'));
  }
  if (!ip) return null;
  const port = portBytes.reduce((acc, b) => acc * 256 + b, 0);
  return { ip, port, numbers: nums };
}
