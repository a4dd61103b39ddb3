// Which TLS key log a run decrypts with: --tls-keylog FILE, else the SSLKEYLOGFILE environment variable when set.

import { checkKeylog } from '../api.js';
import { FtpReportError } from '../errors.js';

/** The key log to use and where its name came from. */
export interface KeylogChoice {
  path: string;
  from: '--tls-keylog' | 'SSLKEYLOGFILE';
}

/** The option wins; an empty SSLKEYLOGFILE counts as unset; null when neither names a key log. */
export function chooseKeylog(option: string | undefined, env: NodeJS.ProcessEnv = process.env): KeylogChoice | null {
  if (option !== undefined) return { path: option, from: '--tls-keylog' };
  const fromEnv = env.SSLKEYLOGFILE;
  return fromEnv ? { path: fromEnv, from: 'SSLKEYLOGFILE' } : null;
}

/**
 * The chosen key log's path once it is found readable (undefined without one); else KEYLOG_UNREADABLE (exit 3),
 * whose one line says when the name came from SSLKEYLOGFILE.
 */
export async function checkKeylogChoice(choice: KeylogChoice | null): Promise<string | undefined> {
  if (choice === null) return undefined;
  try {
    return await checkKeylog(choice.path);
  } catch (err) {
    if (!(err instanceof FtpReportError) || choice.from !== 'SSLKEYLOGFILE') throw err;
    const message = `${err.message} (named by SSLKEYLOGFILE: unset it, or give --tls-keylog FILE)`;
    throw new FtpReportError(err.code, message, { ...err.details, cause: err.cause });
  }
}
