// Which reply codes each command can get (RFC 959 §5.4 and the extensions' RFCs), to pair replies with commands
// when the capture lost some of either. Zeek (cmd_reply_code) and Suricata keep the same kind of table.

/**
 * Positive replies (1xx, 2xx, 3xx) each command can get. Error replies (4xx, 5xx) are left out: real servers send
 * 421, 450, 500-504, 530, 550 … to almost anything, so an error code never tells which command it answers.
 */
const POSITIVE: Record<string, readonly number[]> = {
  // RFC 959 §5.4 "Command-Reply Sequences"
  USER: [230, 331, 332],
  PASS: [202, 230, 332],
  ACCT: [202, 230],
  CWD: [200, 250], // 200: older servers (wu-ftpd) say "200 CWD command successful"
  XCWD: [200, 250],
  CDUP: [200, 250],
  XCUP: [200, 250],
  SMNT: [202, 250],
  REIN: [120, 220],
  QUIT: [221],
  PORT: [200],
  PASV: [227],
  MODE: [200],
  TYPE: [200],
  STRU: [200],
  ALLO: [200, 202],
  REST: [200, 350],
  STOR: [110, 125, 150, 226, 250],
  STOU: [110, 125, 150, 226, 250],
  APPE: [110, 125, 150, 226, 250],
  RETR: [110, 125, 150, 226, 250],
  LIST: [125, 150, 226, 250],
  NLST: [125, 150, 226, 250],
  RNFR: [350],
  RNTO: [250],
  DELE: [250],
  RMD: [250],
  XRMD: [250],
  MKD: [257],
  XMKD: [257],
  PWD: [257],
  XPWD: [257],
  ABOR: [225, 226],
  SYST: [215],
  STAT: [211, 212, 213],
  HELP: [200, 211, 214],
  NOOP: [200],
  // RFC 1639 (long addresses)
  LPRT: [200],
  LPSV: [228],
  // RFC 2228 (security extensions)
  AUTH: [234, 334],
  ADAT: [235, 335],
  PBSZ: [200],
  PROT: [200],
  CCC: [200],
  // RFC 2389 (feature negotiation)
  FEAT: [211],
  // RFC 2428 (IPv6 and NAT)
  EPRT: [200],
  EPSV: [229],
  // RFC 3659 (extensions)
  SIZE: [213],
  MDTM: [213],
  MLST: [250],
  MLSD: [125, 150, 226, 250],
};

/**
 * Whether a reply with this code can answer this command: an error reply answers anything, a positive one only the
 * commands listed for it; commands not listed (SITE, OPTS, vendor commands …) take any code.
 */
export function canAnswer(verb: string, code: number): boolean {
  if (code >= 400) return true;
  const positive = POSITIVE[verb];
  return positive === undefined || positive.includes(code);
}
