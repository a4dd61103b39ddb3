// Checks a report against ../shared/spec/report-json.md: every named field, its type and enumerations.
// A report model (runReport's result) is checked in its JSON form, as src/reports/json.ts writes it.

import type { FindingId, Report, WarningCode } from '../src/model.js';
import { reportJson } from '../src/reports/json.js';

type Json = unknown;

/** The facts each finding id carries in `data` (src/model.ts FindingData). */
const FINDING_DATA: Record<FindingId, string[]> = {
  'connection-refused': ['code', 'text'],
  'capture-starts-mid-session': [],
  'cleartext-credentials': ['passwords', 'users'],
  'anonymous-login': ['user'],
  'failed-logins': ['count', 'codes'],
  'brute-force': ['count'],
  'tls-implicit': ['port'],
  'tls-upgrade': [],
  'tls-refused': [],
  'not-ftp': ['port', 'firstServerLine'],
  'pasv-address-mismatch': ['command', 'announced', 'serverIp'],
  'ftp-bounce': ['command', 'announced', 'clientIp'],
  'ftp-nonstandard-port': ['port'],
  'data-connection-unmatched': ['count'],
  'source-brute-force': [
    'clientIp',
    'failures',
    'inWindow',
    'sessions',
    'users',
    'firstT',
    'lastT',
    'windowSeconds',
    'threshold',
    'succeeded',
  ],
  'password-spraying': ['clientIp', 'users', 'userNames', 'attempts', 'sessions', 'succeeded', 'threshold'],
  'port-scan': ['clientIp', 'serverIp', 'targetIp', 'ports', 'setups', 'reachedPorts', 'bounce', 'threshold'],
  'vsftpd-backdoor': ['user', 'clientIp', 'serverIp', 'shellTcpStream', 'shellClientIp', 'shellBytesToClient'],
  'connection-attempts': ['count', 'refused', 'unanswered', 'ports'],
  'syn-scan': ['source', 'target', 'ports'],
};

/** The facts each warning code carries besides `code` (src/model.ts Warning). */
const WARNING_FIELDS: Record<WarningCode, string[]> = {
  'partial-report': ['packets', 'reason'],
  'ek-lines-skipped': ['lines'],
  'timestamps-out-of-range': [],
  'no-ftp-session': [],
  'handshake-missing': ['sessionId'],
  'control-bytes-missing': ['sessionId', 'bytes'],
  'replies-unanswered': ['sessionId', 'count'],
  'protocol-oddity': ['sessionId', 'kind', 'count', 'frames'],
  'transfer-bytes-missing': ['sessionId', 'transferId', 'command', 'bytes'],
  'expectations-dropped': ['count', 'max'],
  'expectations-expired': ['count', 'seconds'],
  'other-protocol': ['tcpStream', 'port', 'commands'],
  'tls-not-decrypted': ['sessionId'],
  'tls-cleartext-again': ['sessionId', 'frame'],
  'tls-mid-session': ['sessionId', 'frame'],
};

const REPLY_KINDS = ['preliminary', 'completion', 'intermediate', 'transient', 'permanent', 'protected'];
const REPLY_AREAS = ['syntax', 'information', 'connections', 'authentication', 'unspecified', 'file-system'];
const OUTCOMES = ['success', 'failed', 'unknown'];

class ContractError extends Error {}

function fail(path: string, what: string): never {
  throw new ContractError(`${path}: ${what}`);
}

const isInt = (v: Json) => Number.isInteger(v);
const isNum = (v: Json) => typeof v === 'number' && Number.isFinite(v);

function obj(v: Json, path: string): Record<string, Json> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, 'not an object');
  return v as Record<string, Json>;
}
function arr(v: Json, path: string): Json[] {
  if (!Array.isArray(v)) fail(path, 'not an array');
  return v;
}
function has(o: Record<string, Json>, key: string, path: string): Json {
  if (!(key in o)) fail(`${path}.${key}`, 'missing');
  return o[key];
}
function int(o: Record<string, Json>, key: string, path: string, nullable = false): void {
  const v = has(o, key, path);
  if (nullable && v === null) return;
  if (!isInt(v)) fail(`${path}.${key}`, `not an integer: ${JSON.stringify(v)}`);
}
function num(o: Record<string, Json>, key: string, path: string, nullable = false): void {
  const v = has(o, key, path);
  if (nullable && v === null) return;
  if (!isNum(v)) fail(`${path}.${key}`, `not a number: ${JSON.stringify(v)}`);
}
function str(o: Record<string, Json>, key: string, path: string, nullable = false): void {
  const v = has(o, key, path);
  if (nullable && v === null) return;
  if (typeof v !== 'string') fail(`${path}.${key}`, `not a string: ${JSON.stringify(v)}`);
}
function bool(o: Record<string, Json>, key: string, path: string, nullable = false): void {
  const v = has(o, key, path);
  if (nullable && v === null) return;
  if (typeof v !== 'boolean') fail(`${path}.${key}`, `not a boolean`);
}
function oneOf(o: Record<string, Json>, key: string, path: string, values: string[]): void {
  const v = has(o, key, path);
  if (typeof v !== 'string' || !values.includes(v))
    fail(`${path}.${key}`, `not one of ${values.join('|')}: ${JSON.stringify(v)}`);
}
function addr(v: Json, path: string): void {
  const a = obj(v, path);
  str(a, 'ip', path);
  int(a, 'port', path);
  if ((a.port as number) < 0 || (a.port as number) > 65535) fail(`${path}.port`, 'out of range');
}
function ints(v: Json, path: string): void {
  arr(v, path).forEach((x, i) => isInt(x) || fail(`${path}[${i}]`, 'not an integer'));
}
/** An announced address: ip, port, and the numbers as on the wire (null for EPRT/EPSV). */
function announced(v: Json, path: string): void {
  addr(v, path);
  const n = has(obj(v, path), 'numbers', path);
  if (n !== null) ints(n, `${path}.numbers`);
}
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function finding(v: Json, path: string): void {
  const f = obj(v, path);
  str(f, 'id', path);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(f.id as string)) fail(`${path}.id`, 'not kebab-case');
  oneOf(f, 'severity', path, ['info', 'low', 'medium', 'high']);
  str(f, 'sessionId', path, true);
  arr(has(f, 'frames', path), `${path}.frames`).forEach(
    (x, i) => isInt(x) || fail(`${path}.frames[${i}]`, 'not an integer'),
  );
  str(f, 'message', path);
  const keys = FINDING_DATA[f.id as FindingId];
  if (keys === undefined) fail(`${path}.id`, `not a known finding id: ${JSON.stringify(f.id)}`);
  const data = obj(has(f, 'data', path), `${path}.data`);
  for (const k of keys) has(data, k, `${path}.data`);
}

function warningDetail(v: Json, path: string): void {
  const w = obj(v, path);
  str(w, 'code', path);
  const keys = WARNING_FIELDS[w.code as WarningCode];
  if (keys === undefined) fail(`${path}.code`, `not a known warning code: ${JSON.stringify(w.code)}`);
  for (const k of keys) has(w, k, path);
}

function dataConnection(v: Json, path: string): void {
  const d = obj(v, path);
  int(d, 'tcpStream', path);
  oneOf(d, 'initiator', path, ['client', 'server']);
  addr(has(d, 'src', path), `${path}.src`);
  addr(has(d, 'dst', path), `${path}.dst`);
  int(d, 'synFrame', path, true);
  num(d, 'handshakeRttMs', path, true);
  bool(d, 'openedBeforeCommand', path, true);
  int(d, 'bytesToClient', path);
  int(d, 'bytesToServer', path);
  if ('tls' in d) {
    const tls = obj(d.tls, `${path}.tls`);
    int(tls, 'recordBytesToClient', `${path}.tls`);
    int(tls, 'recordBytesToServer', `${path}.tls`);
  }
  oneOf(d, 'closedBy', path, ['client', 'server', 'reset', 'none']);
}

/**
 * firstFrame/firstT of a greeting, command or reply: always written in schema version 1; in version 2 only when they
 * differ from frame/t (the message spanned segments), so that a missing one reads as frame/t exactly.
 */
function firstOf(o: Record<string, Json>, path: string, v2: boolean): void {
  if (!v2) {
    int(o, 'firstFrame', path);
    num(o, 'firstT', path); // rev 7
    return;
  }
  if ('firstFrame' in o) {
    int(o, 'firstFrame', path);
    if (o.firstFrame === o.frame) fail(`${path}.firstFrame`, 'written in schema version 2 though it equals frame');
  }
  if ('firstT' in o) {
    num(o, 'firstT', path);
    if (o.firstT === o.t) fail(`${path}.firstT`, 'written in schema version 2 though it equals t');
  }
}

/** A field schema version 1 writes null when unknown and version 2 leaves out then: `check` it when it is there. */
function knownOnly(o: Record<string, Json>, key: string, path: string, v2: boolean, check: (v: Json) => void): void {
  if (v2 && !(key in o)) return;
  const v = has(o, key, path);
  if (v === null) {
    if (v2) fail(`${path}.${key}`, 'null in schema version 2 (left out when unknown)');
    return;
  }
  check(v);
}

function command(v: Json, path: string, v2: boolean): void {
  const c = obj(v, path);
  int(c, 'frame', path);
  num(c, 't', path);
  str(c, 'command', path);
  if ((c.command as string) !== (c.command as string).toUpperCase()) fail(`${path}.command`, 'not upper-case');
  str(c, 'arg', path, true);
  firstOf(c, path, v2);
  knownOnly(c, 'announced', path, v2, (ann) => announced(ann, `${path}.announced`));
  knownOnly(c, 'statedSize', path, v2, (n) => isInt(n) || fail(`${path}.statedSize`, 'not an integer'));
  knownOnly(c, 'directory', path, v2, (d) => typeof d === 'string' || fail(`${path}.directory`, 'not a string'));
  const r = has(c, 'reply', path);
  if (r !== null) {
    const rp = obj(r, `${path}.reply`);
    int(rp, 'code', `${path}.reply`);
    oneOf(rp, 'kind', `${path}.reply`, REPLY_KINDS);
    oneOf(rp, 'area', `${path}.reply`, REPLY_AREAS);
    str(rp, 'text', `${path}.reply`);
    int(rp, 'frame', `${path}.reply`);
    num(rp, 't', `${path}.reply`);
    firstOf(rp, `${path}.reply`, v2);
    num(rp, 'latencyMs', `${path}.reply`);
    // schema version 2: only when not empty
    if (!v2 || 'intermediate' in rp) {
      const list = arr(has(rp, 'intermediate', `${path}.reply`), `${path}.reply.intermediate`);
      if (v2 && list.length === 0) fail(`${path}.reply.intermediate`, 'empty in schema version 2 (left out then)');
      list.forEach((x, i) => {
        const it = obj(x, `${path}.reply.intermediate[${i}]`);
        int(it, 'code', `${path}.reply.intermediate[${i}]`);
        int(it, 'frame', `${path}.reply.intermediate[${i}]`);
      });
    }
  }
}

function transfer(v: Json, path: string, v2: boolean): void {
  const t = obj(v, path);
  str(t, 'id', path);
  str(t, 'command', path);
  str(t, 'arg', path, true);
  int(t, 'commandFrame', path);
  int(t, 'commandIndex', path);
  int(t, 'completeFrame', path, true);
  oneOf(t, 'direction', path, ['download', 'upload', 'listing']);
  oneOf(t, 'mode', path, ['active', 'passive']);
  const s = obj(has(t, 'setup', path), `${path}.setup`);
  oneOf(s, 'command', `${path}.setup`, ['PORT', 'EPRT', 'PASV', 'EPSV', 'LPRT', 'LPSV']);
  int(s, 'commandIndex', `${path}.setup`);
  int(s, 'frame', `${path}.setup`);
  int(s, 'replyCode', `${path}.setup`, true);
  int(s, 'replyFrame', `${path}.setup`, true);
  str(s, 'replyText', `${path}.setup`, true);
  announced(has(s, 'announced', `${path}.setup`), `${path}.setup.announced`);
  const d = has(t, 'data', path);
  if (d !== null) dataConnection(d, `${path}.data`);
  int(t, 'bytes', path, true); // rev 2.2: null when the data connection is not in the capture
  if ('tls' in t) int(obj(t.tls, `${path}.tls`), 'recordBytes', `${path}.tls`);
  oneOf(t, 'status', path, ['complete', 'failed', 'aborted', 'incomplete']);
  arr(has(t, 'replyCodes', path), `${path}.replyCodes`).forEach(
    (x, i) => isInt(x) || fail(`${path}.replyCodes[${i}]`, 'not an integer'),
  );
  const tm = obj(has(t, 'timing', path), `${path}.timing`);
  num(tm, 'commandT', `${path}.timing`);
  for (const k of [
    'dataSynT',
    'firstByteT',
    'lastByteT',
    'completeT',
    'setupToSynMs',
    'commandToFirstByteMs',
    'transferMs',
    'throughputBytesPerSec',
    // deprecated since rev 3; gone in schema version 2
    ...(v2 ? [] : ['throughputBps']),
  ]) {
    num(tm, k, `${path}.timing`, true);
  }
  if (v2 && 'throughputBps' in tm) fail(`${path}.timing.throughputBps`, 'written in schema version 2');
  // rev 2.2: only with --files/--extract
  if ('file' in t && t.file !== null) transferFile(t.file, `${path}.file`);
  if ('listing' in t) {
    arr(t.listing, `${path}.listing`).forEach((e, i) => listingEntry(e, `${path}.listing[${i}]`));
  }
}

function transferFile(v: Json, path: string): void {
  const f = obj(v, path);
  str(f, 'sha256', path);
  if (!/^[0-9a-f]{64}$/.test(f.sha256 as string)) fail(`${path}.sha256`, 'not 64 hex digits');
  str(f, 'md5', path);
  if (!/^[0-9a-f]{32}$/.test(f.md5 as string)) fail(`${path}.md5`, 'not 32 hex digits');
  for (const k of ['size', 'missingBytes', 'gaps', 'bytesAfterGap']) int(f, k, path);
  str(f, 'mime', path);
  bool(f, 'complete', path);
  str(f, 'extractedAs', path, true);
}

function listingEntry(v: Json, path: string): void {
  const e = obj(v, path);
  str(e, 'name', path);
  const type = has(e, 'type', path);
  if (type !== null) oneOf(e, 'type', path, ['file', 'dir', 'link', 'other']);
  int(e, 'size', path, true);
  for (const k of ['modified', 'permissions', 'owner', 'group', 'target']) str(e, k, path, true);
  oneOf(e, 'format', path, ['unix', 'dos', 'mlsd', 'names']);
}

function session(v: Json, path: string, v2: boolean): void {
  const s = obj(v, path);
  str(s, 'id', path);
  if (!/^S\d+$/.test(s.id as string)) fail(`${path}.id`, 'not S<n>');
  int(s, 'tcpStream', path);
  addr(has(s, 'client', path), `${path}.client`);
  addr(has(s, 'server', path), `${path}.server`);
  num(s, 'startT', path);
  num(s, 'endT', path);
  const h = has(s, 'handshake', path);
  if (h !== null) {
    const hs = obj(h, `${path}.handshake`);
    for (const k of ['synFrame', 'synAckFrame', 'ackFrame']) int(hs, k, `${path}.handshake`);
    num(hs, 'rttMs', `${path}.handshake`);
  }
  // packet rows: only with --packet-rows (rev 5); tNs is rev 6
  if ('packets' in s) {
    arr(s.packets, `${path}.packets`).forEach((p, i) => {
      const row = obj(p, `${path}.packets[${i}]`);
      int(row, 'frame', `${path}.packets[${i}]`);
      num(row, 't', `${path}.packets[${i}]`);
      int(row, 'tNs', `${path}.packets[${i}]`);
    });
  }
  str(s, 'banner', path, true);
  const g = has(s, 'greeting', path);
  if (g !== null) {
    const gp = obj(g, `${path}.greeting`);
    int(gp, 'code', `${path}.greeting`);
    str(gp, 'text', `${path}.greeting`);
    arr(has(gp, 'lines', `${path}.greeting`), `${path}.greeting.lines`).forEach(
      (x, i) => typeof x === 'string' || fail(`${path}.greeting.lines[${i}]`, 'not a string'),
    );
    int(gp, 'frame', `${path}.greeting`);
    num(gp, 't', `${path}.greeting`);
    firstOf(gp, `${path}.greeting`, v2);
  }
  const l = obj(has(s, 'login', path), `${path}.login`);
  str(l, 'user', `${path}.login`, true);
  str(l, 'password', `${path}.login`, true);
  bool(l, 'anonymous', `${path}.login`);
  oneOf(l, 'outcome', `${path}.login`, ['success', 'failed', 'unknown']);
  arr(has(l, 'attempts', `${path}.login`), `${path}.login.attempts`).forEach((x, i) => {
    const a = obj(x, `${path}.login.attempts[${i}]`);
    str(a, 'user', `${path}.login.attempts[${i}]`, true);
    str(a, 'password', `${path}.login.attempts[${i}]`, true);
    int(a, 'replyCode', `${path}.login.attempts[${i}]`, true);
    int(a, 'frame', `${path}.login.attempts[${i}]`);
    num(a, 't', `${path}.login.attempts[${i}]`);
    int(a, 'userFrame', `${path}.login.attempts[${i}]`, true);
    int(a, 'replyFrame', `${path}.login.attempts[${i}]`, true);
    oneOf(a, 'outcome', `${path}.login.attempts[${i}]`, OUTCOMES);
  });
  const tls = obj(has(s, 'tls', path), `${path}.tls`);
  bool(tls, 'requested', `${path}.tls`);
  bool(tls, 'accepted', `${path}.tls`);
  int(tls, 'frame', `${path}.tls`, true);
  bool(tls, 'implicit', `${path}.tls`);
  if ('decrypted' in tls) bool(tls, 'decrypted', `${path}.tls`);
  arr(has(s, 'commands', path), `${path}.commands`).forEach((c, i) => command(c, `${path}.commands[${i}]`, v2));
  arr(has(s, 'transfers', path), `${path}.transfers`).forEach((t, i) => transfer(t, `${path}.transfers[${i}]`, v2));
  const close = obj(has(s, 'close', path), `${path}.close`);
  oneOf(close, 'by', `${path}.close`, ['client', 'server', 'reset', 'none']);
  num(close, 't', `${path}.close`, true);
  arr(has(s, 'findings', path), `${path}.findings`).forEach((f, i) => finding(f, `${path}.findings[${i}]`));
}

/**
 * Throws a ContractError naming the first field that breaks the contract: schema version 1 (every field), or 2 (the
 * fields a reader derives left out, and only those: docs/report-json.md "Schema version 2").
 */
export function assertContract(report: Json): void {
  const given = obj(report, '$');
  // The model has structured warnings and no `warningDetails`: check what the JSON view makes of it.
  const r = 'warningDetails' in given ? given : obj(reportJson(given as unknown as Report), '$');
  if (r.schemaVersion !== 1 && r.schemaVersion !== 2) fail('$.schemaVersion', 'not 1 or 2');
  const v2 = r.schemaVersion === 2;
  const tool = obj(has(r, 'tool', '$'), '$.tool');
  if (tool.name !== 'ftp-report') fail('$.tool.name', 'not ftp-report');
  str(tool, 'version', '$.tool');
  const c = obj(has(r, 'capture', '$'), '$.capture');
  str(c, 'file', '$.capture');
  str(c, 'format', '$.capture');
  int(c, 'packets', '$.capture');
  for (const k of ['firstAt', 'lastAt']) {
    const v = has(c, k, '$.capture');
    if (v !== null && (typeof v !== 'string' || !ISO.test(v))) fail(`$.capture.${k}`, 'not ISO-8601 UTC');
  }
  num(c, 'durationMs', '$.capture');
  // rev 6: Wireshark's time precision, and firstAt/lastAt with that many decimals
  const precision = has(c, 'timePrecision', '$.capture') as number;
  if (!isInt(precision) || precision < 0 || precision > 9) fail('$.capture.timePrecision', 'not an integer 0-9');
  for (const k of ['firstAtExact', 'lastAtExact']) {
    const v = has(c, k, '$.capture');
    const exact = new RegExp(
      `^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}${precision > 0 ? `\\.\\d{${precision}}` : ''}Z$`,
    );
    if (v !== null && (typeof v !== 'string' || !exact.test(v)))
      fail(`$.capture.${k}`, 'not ISO-8601 UTC at timePrecision');
  }
  str(c, 'tsharkVersion', '$.capture', true);
  bool(c, 'complete', '$.capture');
  arr(has(c, 'ftpPorts', '$.capture'), '$.capture.ftpPorts').forEach(
    (p, i) => isInt(p) || fail(`$.capture.ftpPorts[${i}]`, 'not an integer'),
  );
  arr(has(r, 'sessions', '$'), '$.sessions').forEach((s, i) => session(s, `$.sessions[${i}]`, v2));
  arr(has(r, 'unmatchedDataConnections', '$'), '$.unmatchedDataConnections').forEach((d, i) =>
    dataConnection(d, `$.unmatchedDataConnections[${i}]`),
  );
  arr(has(r, 'findings', '$'), '$.findings').forEach((f, i) => finding(f, `$.findings[${i}]`));
  const warnings = arr(has(r, 'warnings', '$'), '$.warnings');
  warnings.forEach((w, i) => typeof w === 'string' || fail(`$.warnings[${i}]`, 'not a string'));
  const details = arr(has(r, 'warningDetails', '$'), '$.warningDetails');
  details.forEach((w, i) => warningDetail(w, `$.warningDetails[${i}]`));
  if (details.length !== warnings.length) fail('$.warningDetails', 'not one per warning');
}
