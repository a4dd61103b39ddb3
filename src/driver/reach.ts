// Judges whether a user (uid and primary group only) can open a path, from the owner and mode of it and every folder
// above it. ACLs are not read, so a path only an ACL opens counts as closed: the caller then copies what it needs.

import { realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Ids {
  uid: number;
  gid: number;
}

/** The permission bits (r=4, w=2, x=1) that apply to `ids` on a file with this owner, group and mode. */
function bitsFor(ids: Ids, st: { uid: number; gid: number; mode: number }): number {
  if (ids.uid === 0) return 7;
  if (st.uid === ids.uid) return (st.mode >> 6) & 7;
  if (st.gid === ids.gid) return (st.mode >> 3) & 7;
  return st.mode & 7;
}

/** True when `ids` may search every folder from / down to `dir` (the path resolved through its symbolic links). */
export async function canEnter(dir: string, ids: Ids): Promise<boolean> {
  try {
    let d = await realpath(dir);
    for (;;) {
      if ((bitsFor(ids, await stat(d)) & 1) === 0) return false;
      const up = dirname(d);
      if (up === d) return true;
      d = up;
    }
  } catch {
    return false;
  }
}

/** True when `ids` may open `file` for reading: every folder above it searchable, the file readable. */
export async function canRead(file: string, ids: Ids): Promise<boolean> {
  try {
    const real = await realpath(file);
    return (bitsFor(ids, await stat(real)) & 4) !== 0 && (await canEnter(dirname(real), ids));
  } catch {
    return false;
  }
}
