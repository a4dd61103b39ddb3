// How the ftp-report command asks V8 to size its heap: imported first by main.ts, so it runs before any other module
// of the program is loaded. Only the command does this: the library never changes the flags of the process it runs in.
//
// A capture's sessions are released as they end, so what lives on the heap is what is open, while hundreds of MB are
// allocated and dropped on the way. By default V8 lets the young generation grow to 2 x 16 MiB, and the old one reach
// about four times what was live at its last full collection before collecting again: on 5,000 short sessions that
// was 130 MiB of heap for 35 MiB of live objects (node's peak RSS 180-187 MiB). The flags below keep the young
// generation at its initial size (growth factor 1: 2 x 1 MiB) and collect the old one once it has grown by 100% of
// what was live (heap 70 MiB, RSS 120-125 MiB). The many small scavenges that makes cost less CPU on one thread than
// spread over helper threads (--no-parallel-scavenge): about 10% more CPU than V8's defaults on the same code, then.
// Each flag is read by V8 at every collection, so they take effect when set here, after start-up.

import { setFlagsFromString } from 'node:v8';

/** The V8 flags the command sets (`FTP_REPORT_V8_DEFAULTS=1` in the environment leaves V8's own, for comparisons). */
export const HEAP_FLAGS = [
  '--semi-space-growth-factor=1',
  '--heap-growing-percent=100',
  '--no-parallel-scavenge',
] as const;

if (process.env.FTP_REPORT_V8_DEFAULTS !== '1') for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
