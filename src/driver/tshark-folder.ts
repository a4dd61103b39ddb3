// Makes the temporary folder a tshark run reads from: the named pipe ftp-report writes the capture into and, when
// tshark runs as another user, that user's empty home, an empty plugin folder and, if the user cannot read the Lua
// script where it is, a copy of it; with a TLS key log, a copy of it that only that user can read.

import { chmod, chown, copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { FtpReportError } from '../errors.js';
import { makeTempFolder, removeTempFolder } from '../temp-folders.js';
import { canEnter, canRead } from './reach.js';
import type { TsharkUser } from './tshark-user.js';

export interface TsharkFolder {
  dir: string;
  /** The named pipe tshark reads its input from (its -r). */
  fifo: string;
  /** The Lua postdissector tshark is to load: the one given, or a copy in `dir` the user can read; null for none. */
  luaScript: string | null;
  /** The TLS key log tshark is to read: the one given, or a copy in `dir` only the user can read; null for none. */
  keylog: string | null;
  /** tshark's whole environment when it runs as another user; undefined when it inherits ftp-report's. */
  env: Record<string, string> | undefined;
  /** Removes the folder and everything in it. */
  remove(): Promise<void>;
}

/**
 * The environment of a tshark run as another user: the locale, time zone and PATH only (never root's other variables,
 * which may hold secrets); in a folder: HOME and XDG_CONFIG_HOME in its empty home, so that tshark reads no one's
 * preferences, profiles or personal plugins, and Wireshark's plugin and extcap folders pointed at an empty one, so
 * that it loads none of the system's plugins (12 dissector, codec and file-format libraries on Debian's 4.0) either.
 * Measured: the same report on every sample, fixture and peer capture, and no slower.
 */
export function tsharkEnv(folder?: { home: string; plugins: string }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && (k === 'PATH' || k === 'TZ' || k === 'LANG' || k.startsWith('LC_'))) env[k] = v;
  }
  if (folder !== undefined) {
    env.HOME = folder.home;
    env.XDG_CONFIG_HOME = join(folder.home, '.config');
    // tshark reads these two only when it does not run as root, as here
    env.WIRESHARK_PLUGIN_DIR = folder.plugins;
    env.WIRESHARK_EXTCAP_DIR = folder.plugins;
  }
  return env;
}

/** How a tshark run as `user` is set up, in a few words for --print-tshark-command. */
export function describeRunAs(user: TsharkUser): string {
  return `user ${user.name} (uid ${user.uid}, gid ${user.gid}, no supplementary groups), without Wireshark's plugins`;
}

/**
 * A fresh folder in the system's temporary folder holding tshark's input pipe. For a tshark run as `user`: the folder
 * can be searched but not listed by others, the pipe and an empty `home/` belong to the user, and `luaScript` is
 * copied in (owned by root, readable) when the user could not read it where it is (a checkout below a folder only
 * root enters). Throws TSHARK_FAILED when no pipe can be made, USAGE when the temporary folder cannot be made (TMPDIR
 * missing, not a folder, not writable) or the user cannot enter it.
 */
export async function makeTsharkFolder(
  user: TsharkUser | null,
  luaScript: string | null,
  keylog: string | null = null,
): Promise<TsharkFolder> {
  const dir = await makeTempFolder('ftp-report-');
  const remove = () => removeTempFolder(dir);
  const fifo = join(dir, 'packets');
  try {
    try {
      await execa('mkfifo', ['-m', '600', fifo]);
    } catch (err) {
      const message = `could not make a pipe for tshark (mkfifo: ${(err as Error).message.split('\n')[0]})`;
      throw new FtpReportError('TSHARK_FAILED', message, { cause: err });
    }
    if (user === null) return { dir, fifo, luaScript, keylog, env: undefined, remove };
    await chmod(dir, 0o711);
    if (!(await canEnter(dir, user))) {
      const message =
        `tshark runs as user ${user.name}, who cannot enter ${dirname(dir)} to read its input pipe there: ` +
        'set TMPDIR to a folder every user can enter, such as /tmp';
      throw new FtpReportError('USAGE', message);
    }
    await chown(fifo, user.uid, user.gid);
    const home = join(dir, 'home');
    await mkdir(home, { mode: 0o700 });
    await chown(home, user.uid, user.gid);
    const plugins = join(dir, 'plugins');
    await mkdir(plugins, { mode: 0o755 });
    let lua = luaScript;
    if (luaScript !== null && !(await canRead(luaScript, user))) {
      lua = join(dir, 'ftp-control.lua');
      await copyFile(luaScript, lua);
      await chmod(lua, 0o644);
    }
    // The session keys are secrets: tshark's user gets its own copy (0400), whatever it may read elsewhere.
    let keys = keylog;
    if (keylog !== null) {
      keys = join(dir, 'tls-keys');
      await copyFile(keylog, keys);
      await chmod(keys, 0o400);
      await chown(keys, user.uid, user.gid);
    }
    return { dir, fifo, luaScript: lua, keylog: keys, env: tsharkEnv({ home, plugins }), remove };
  } catch (err) {
    await remove();
    throw err;
  }
}
