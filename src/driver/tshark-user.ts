// Decides which user tshark runs as: the invoking one, or an unprivileged one (nobody) when ftp-report runs as root.

import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { FtpReportError } from '../errors.js';

/** Who tshark runs as when ftp-report runs as root and no --tshark-user names someone else. */
export const DEFAULT_TSHARK_USER = 'nobody';

/** The user tshark runs as instead of root: its ids, and no supplementary groups (Node drops them with the uid). */
export interface TsharkUser {
  /** As named on the command line, or DEFAULT_TSHARK_USER. */
  name: string;
  uid: number;
  /** The user's primary group. */
  gid: number;
}

/** A user name or numeric id as `id` takes it; never an option. */
const USER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/;

const looked = new Map<string, Promise<{ uid: number; gid: number } | null>>();

/** True when this process runs as root, so tshark would parse untrusted captures with every right on the machine. */
export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * The user tshark should run as, or null when it runs as ftp-report does: ftp-report is not root (then `name`, if
 * given, must be the invoking user), or root named itself (`--tshark-user root`). Throws USAGE when the user does not
 * exist or a non-root process names another user.
 */
export async function resolveTsharkUser(name?: string): Promise<TsharkUser | null> {
  const root = runsAsRoot();
  if (name === undefined && !root) return null;
  const wanted = name ?? DEFAULT_TSHARK_USER;
  const ids = USER_NAME.test(wanted) ? await lookUp(wanted) : null;
  if (ids === null) {
    const message =
      name === undefined
        ? `tshark runs as user "${wanted}" when ftp-report runs as root, but there is no such user: ` +
          'name an unprivileged one with --tshark-user NAME'
        : `--tshark-user ${JSON.stringify(wanted)}: no such user`;
    throw new FtpReportError('USAGE', message);
  }
  if (ids.uid === process.getuid?.()) return null;
  if (!root) {
    const message = `--tshark-user ${wanted}: only root can run tshark as another user (tshark runs as you)`;
    throw new FtpReportError('USAGE', message);
  }
  return { name: wanted, ...ids };
}

/**
 * The user's uid and primary gid: from /etc/passwd, else (a user of another database, such as LDAP) from `id -u NAME`
 * and `id -g NAME`; once per name and process. Null when there is no such user.
 */
function lookUp(name: string): Promise<{ uid: number; gid: number } | null> {
  let p = looked.get(name);
  if (!p) {
    p = (async () => (await fromPasswd(name)) ?? (await fromId(name)))();
    looked.set(name, p);
  }
  return p;
}

/** The user's line in /etc/passwd (name:password:uid:gid:…), by name or by numeric uid. */
async function fromPasswd(name: string): Promise<{ uid: number; gid: number } | null> {
  let text: string;
  try {
    text = await readFile('/etc/passwd', 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (uid === undefined || gid === undefined || !/^\d+$/.test(uid) || !/^\d+$/.test(gid)) continue;
    if (user === name || uid === name) return { uid: Number(uid), gid: Number(gid) };
  }
  return null;
}

async function fromId(name: string): Promise<{ uid: number; gid: number } | null> {
  const [u, g] = await Promise.all([
    execa('id', ['-u', '--', name], { reject: false }),
    execa('id', ['-g', '--', name], { reject: false }),
  ]);
  const uid = String(u.stdout ?? '');
  const gid = String(g.stdout ?? '');
  if (u.exitCode !== 0 || g.exitCode !== 0 || !/^\d+$/.test(uid) || !/^\d+$/.test(gid)) return null;
  return { uid: Number(uid), gid: Number(gid) };
}
