// --version: ftp-report's version, and the tshark it would run (version, path, whether the Lua helper is used).

import { TOOL_VERSION, checkTshark } from '../api.js';
import { FtpReportError } from '../errors.js';
import type { CliIo } from './io.js';

/** Prints the versions; a missing or unusable tshark is said on its line (ftp-report itself still has a version). */
export async function printVersion(io: CliIo, tsharkUser: string | undefined): Promise<void> {
  io.stdout(`ftp-report ${TOOL_VERSION}\n`);
  io.stdout(`node ${process.versions.node}\n`);
  try {
    const t = await checkTshark({ tsharkUser });
    io.stdout(`tshark ${t.version} (${t.path})\n`);
    io.stdout(
      t.lua
        ? 'Lua helper: used (tshark exports the FTP control payload only, through dist/driver/ftp-control.lua)\n'
        : 'Lua helper: not used (this tshark has no Lua: ftp-report reads tcp.payload and keeps the FTP ports)\n',
    );
  } catch (err) {
    if (!(err instanceof FtpReportError)) throw err;
    io.stdout(`tshark: unavailable (${err.message})\n`);
  }
}
