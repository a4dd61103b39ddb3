// The facts of a TLS upgrade the lab report explains when a key log was given: AUTH, 234, PBSZ, PROT and what the
// data connections were, read from the model.

import type { Session } from '../../model.js';

export interface TlsUpgradeFacts {
  /** Implicit FTPS: TLS from the first byte, no AUTH. */
  implicit: boolean;
  /** The server's port (990 for implicit FTPS). */
  port: number;
  /** The AUTH command as sent ("AUTH TLS", "AUTH SSL") and its frame; null when implicit or not seen. */
  auth: string | null;
  authFrame: number | null;
  /** Frame of the 234 that accepted it. */
  acceptFrame: number | null;
  /** The key log decrypted the control channel (false: no key of this session in it). */
  decrypted: boolean;
  /** Frame of PBSZ, null when not seen. */
  pbszFrame: number | null;
  /** The last PROT level the server accepted ("P", "C" …) and its frame; null when none (or not decrypted). */
  prot: string | null;
  protFrame: number | null;
  /** Transfers whose data connection a key log decrypted (PROT P), and those that carried plaintext (PROT C). */
  privateTransfers: number;
  clearTransfers: number;
}

/** The facts of a session whose report was made with a TLS key log. */
export function tlsUpgradeFacts(s: Session): TlsUpgradeFacts {
  const auth = s.commands.find((c) => c.command === 'AUTH' && c.reply?.code === 234) ?? null;
  const pbsz = s.commands.find((c) => c.command === 'PBSZ') ?? null;
  const prot = s.commands.findLast((c) => c.command === 'PROT' && c.reply?.code === 200) ?? null;
  const moved = s.transfers.filter((t) => t.data !== null);
  return {
    implicit: s.tls.implicit,
    port: s.server.port,
    auth: auth === null ? null : `AUTH ${auth.arg ?? ''}`.trim(),
    authFrame: auth?.frame ?? null,
    acceptFrame: auth?.reply?.frame ?? null,
    decrypted: s.tls.decrypted === true,
    pbszFrame: pbsz?.frame ?? null,
    prot: prot === null ? null : (prot.arg ?? '').trim().toUpperCase(),
    protFrame: prot?.frame ?? null,
    privateTransfers: moved.filter((t) => t.tls !== undefined).length,
    clearTransfers: moved.filter((t) => t.tls === undefined).length,
  };
}
