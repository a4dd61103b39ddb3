// FTP protocol knowledge as tables (RFC 959, 2228, 2428, 3659): the leaf every layer may import.

/** The FTP control port every run dissects (RFC 959 §3.2). */
export const FTP_CONTROL_PORT = 21;

/** TCP ports of implicit FTPS (TLS from the first byte) when the caller names none (RFC 4217 §1, IANA ftps). */
export const DEFAULT_FTPS_PORTS: readonly number[] = [990];

/** The server's active-mode data port (RFC 959 §3.2: L-1, one below the control port). */
export const FTP_DATA_PORT = 20;

/**
 * First bytes of a stream that mark it as FTP control: a greeting (220/120) or a typical first client command.
 * The engine and the capture selector must agree on it, so it lives here only.
 */
export const FTP_FIRST_PAYLOAD = /^[ \t\r\n]*(?:[12]20[ -]|(?:USER|AUTH|FEAT|SYST|OPTS|HOST) )/i;

/** 21 plus the user's ports, sorted, without duplicates. */
export function normalizePorts(ports: readonly number[] = []): number[] {
  return [...new Set([FTP_CONTROL_PORT, ...ports])].sort((a, b) => a - b);
}

/** Commands that move data over a data connection, and which way (RFC 959 §4.1.3, RFC 3659 §7). */
export const TRANSFER_COMMANDS: Record<string, 'download' | 'upload' | 'listing'> = {
  RETR: 'download',
  STOR: 'upload',
  STOU: 'upload',
  APPE: 'upload',
  LIST: 'listing',
  NLST: 'listing',
  MLSD: 'listing',
};

/** Commands that announce a data-channel address: client announces (active) or asks the server to (passive). */
export const SETUP_COMMANDS = {
  PORT: 'active',
  EPRT: 'active',
  LPRT: 'active',
  PASV: 'passive',
  EPSV: 'passive',
  LPSV: 'passive',
} as const;

/** Reply code that carries the passive address, per passive setup command. */
export const PASSIVE_REPLY: Record<'PASV' | 'EPSV' | 'LPSV', number> = { PASV: 227, EPSV: 229, LPSV: 228 };

/** User names that mean anonymous access (the usual guest ids; Zeek's guest_ids list the same). */
export const GUEST_USERS = new Set(['anonymous', 'ftp', 'ftpuser', 'guest']);

/** AUTH arguments that ask for TLS (RFC 4217 §4; TLS-C/TLS-P from early drafts). */
export const TLS_AUTH_ARGS = new Set(['TLS', 'SSL', 'TLS-C', 'TLS-P']);

/** A verb: letters only, as every RFC command is; anything else is a malformed line. */
export const VERB_PATTERN = /^[A-Za-z]{2,10}$/;

/** Every command verb of RFC 959, 2228, 2389, 2428, 2640, 3659 and 7151, and common extensions (X* of RFC 775). */
export const FTP_VERBS = new Set(
  (
    'USER PASS ACCT CWD CDUP SMNT REIN QUIT PORT PASV TYPE STRU MODE RETR STOR STOU APPE ALLO REST RNFR RNTO ABOR ' +
    'DELE RMD MKD PWD LIST NLST SITE SYST STAT HELP NOOP AUTH ADAT PROT PBSZ CCC MIC CONF ENC FEAT OPTS EPRT EPSV ' +
    'LPRT LPSV LANG MDTM SIZE MLST MLSD HOST XCWD XCUP XMKD XRMD XPWD CLNT CSID AVBL DSIZ MFMT MFCT MFF HASH'
  ).split(' '),
);
