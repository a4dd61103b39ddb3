// The capture files under a folder, its subfolders included (pcap, pcapng, gzipped or not), sorted: the lists of
// captures that tests run over every sample, fixture and shared/realworld capture. A missing folder lists none.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function capturesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) return capturesUnder(p);
      return /\.(pcapng|pcap)(\.gz)?$/.test(name) ? [p] : [];
    })
    .sort();
}
