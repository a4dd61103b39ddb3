// FTPS read with the key log its client wrote (test/fixtures/ftps/, made by `scripts/make-samples ftps`): real
// vsftpd sessions over AUTH TLS / AUTH SSL with PROT P or PROT C, and implicit FTPS on 990, each compared with the
// same client's session in clear FTP against the same server. Real tshark, as the invoking user or (as root) as
// nobody, on the selective path and with --dissect-all.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runReport, type ReportOptions } from '../../src/api.js';
import { FtpReportError } from '../../src/errors.js';
import type { Report, Session } from '../../src/model.js';
import { assertContract } from '../contract.js';

const DIR = fileURLToPath(new URL('../fixtures/ftps/', import.meta.url));
const capture = (name: string): string => `${DIR}${name}.pcapng`;
const keys = (name: string): string => `${DIR}${name}.keys`;

const cache = new Map<string, Promise<Report>>();
/** The report of a fixture, with a key log (a fixture's name) or without (null); read once per test file. */
function report(name: string, keylog: string | null, extra: Partial<ReportOptions> = {}): Promise<Report> {
  const key = `${name}|${keylog}|${JSON.stringify(extra)}`;
  let r = cache.get(key);
  if (!r) {
    r = runReport({ capture: capture(name), ...(keylog === null ? {} : { tlsKeylog: keys(keylog) }), ...extra });
    cache.set(key, r);
  }
  return r;
}

/** Commands that only negotiate TLS (RFC 4217): a clear session has no reason to send them. */
const TLS_NEGOTIATION = new Set(['AUTH', 'PBSZ', 'PROT', 'CCC']);
/** Commands whose argument or reply text carries an address or port chosen afresh for every connection. */
const ADDRESS_COMMANDS = new Set(['PASV', 'EPSV', 'PORT', 'EPRT', 'LPSV', 'LPRT']);

/**
 * What a session did, without what naturally differs between two runs of it (frame numbers, times, ports, stream
 * numbers) and without the TLS negotiation itself: greeting, every other command with its argument, reply code and
 * text, the login and its attempts, each transfer (command, argument, direction, mode, setup command and reply, bytes,
 * status, reply codes) and its data connection (who opened it, bytes each way), and who closed the session.
 * FEAT's reply text is left out: vsftpd lists AUTH, PBSZ and PROT among its features only when TLS is on. So is who
 * closed a data connection: under TLS the client, done reading, sends close_notify and its FIN first (every TLS
 * capture here), in clear FTP vsftpd closes after the last byte: a real difference, which the report shows.
 */
function shape(s: Session) {
  return {
    banner: s.banner,
    greeting: s.greeting?.code ?? null,
    commands: s.commands
      .filter((c) => !TLS_NEGOTIATION.has(c.command))
      .map((c) => ({
        command: c.command,
        arg: ADDRESS_COMMANDS.has(c.command) ? null : c.arg,
        reply: c.reply?.code ?? null,
        text: ADDRESS_COMMANDS.has(c.command) || c.command === 'FEAT' ? null : (c.reply?.text ?? null),
        intermediate: c.reply?.intermediate.map((i) => [i.code, i.text]) ?? [],
        statedSize: c.statedSize,
        directory: c.directory,
      })),
    login: {
      user: s.login.user,
      password: s.login.password,
      anonymous: s.login.anonymous,
      outcome: s.login.outcome,
      attempts: s.login.attempts.map((a) => [a.user, a.password, a.replyCode, a.outcome, a.anonymous]),
    },
    transfers: s.transfers.map((t) => ({
      command: t.command,
      arg: t.arg,
      direction: t.direction,
      mode: t.mode,
      setup: [t.setup.command, t.setup.replyCode],
      bytes: t.bytes,
      missingBytes: t.missingBytes,
      status: t.status,
      replyCodes: t.replyCodes,
      data: t.data && {
        initiator: t.data.initiator,
        bytesToClient: t.data.bytesToClient,
        bytesToServer: t.data.bytesToServer,
      },
    })),
    close: s.close.by,
  };
}

const only = (r: Report): Session => {
  expect(r.sessions).toHaveLength(1);
  return r.sessions[0]!;
};

/** Each TLS capture, its clear twin and what its TLS is. */
const PAIRS = [
  { name: 'ftps-lftp-prot-p', twin: 'ftps-lftp-clear', auth: 'TLS', prot: 'P', implicit: false },
  { name: 'ftps-lftp-active-prot-p', twin: 'ftps-lftp-active-clear', auth: 'TLS', prot: 'P', implicit: false },
  { name: 'ftps-curl-prot-p', twin: 'ftps-curl-clear', auth: 'SSL', prot: 'P', implicit: false },
  { name: 'ftps-curl-prot-c', twin: 'ftps-curl-clear', auth: 'SSL', prot: 'C', implicit: false },
  { name: 'ftps-curl-implicit', twin: 'ftps-curl-clear', auth: null, prot: 'P', implicit: true },
  { name: 'ftps-curl-tls12-reuse', twin: 'ftps-curl-clear', auth: 'SSL', prot: 'P', implicit: false },
] as const;

describe.each(PAIRS)('$name with its key log', ({ name, twin, auth, prot, implicit }) => {
  it('reads as its twin in clear FTP: every command, reply, login and transfer', async () => {
    const r = await report(name, name);
    assertContract(r);
    const clear = await report(twin, null);
    expect(shape(only(r))).toEqual(shape(only(clear)));
    expect(r.unmatchedDataConnections).toEqual([]);
    expect(clear.unmatchedDataConnections).toEqual([]);
    expect(r.warnings).toEqual(clear.warnings);
    // the comparison is not empty: a login, a listing and the 3072-byte file
    const s = only(r);
    expect(s.login.outcome).toBe('success');
    expect(s.transfers.map((t) => [t.command, t.bytes, t.status])).toEqual([
      ['LIST', expect.any(Number), 'complete'],
      ['RETR', 3072, 'complete'],
    ]);
    expect(s.transfers[0]!.bytes).toBeGreaterThan(0);
    // active mode: vsftpd opened the data connections from port 20, under TLS as in clear
    const active = name.includes('active');
    for (const t of s.transfers) {
      expect(t.mode).toBe(active ? 'active' : 'passive');
      if (active) expect([t.data!.initiator, t.data!.src.port]).toEqual(['server', 20]);
    }
  });

  it('marks the session TLS, decrypted, with the negotiation it read', async () => {
    const s = only(await report(name, name));
    expect(s.tls).toMatchObject({ requested: true, accepted: true, implicit, decrypted: true });
    if (auth !== null) {
      const a = s.commands.find((c) => c.command === 'AUTH')!;
      expect([a.arg, a.reply?.code, s.tls.frame]).toEqual([auth, 234, a.frame]);
      expect(s.findings.find((f) => f.id === 'tls-upgrade')?.data).toEqual({ decrypted: true });
    } else {
      expect(s.findings.find((f) => f.id === 'tls-implicit')?.data).toEqual({ port: 990, decrypted: true });
    }
    const protCommand = s.commands.find((c) => c.command === 'PROT');
    expect([protCommand?.arg, protCommand?.reply?.code]).toEqual([prot, 200]);
    // the password crossed the wire inside TLS: not a cleartext credential, unlike in the twin
    expect(s.findings.map((f) => f.id)).not.toContain('cleartext-credentials');
    const clear = only(await report(twin, null));
    expect(clear.findings.map((f) => f.id)).toContain('cleartext-credentials');
  });

  it(
    prot === 'P'
      ? 'counts the plaintext of each PROT P data connection beside its TLS record bytes'
      : 'matches the clear PROT C data connections to their commands',
    async () => {
      const s = only(await report(name, name));
      for (const t of s.transfers) {
        if (prot === 'P') {
          // TLS records carry the plaintext plus a handshake and per-record overhead
          expect(t.tls!.recordBytes).toBeGreaterThan(t.bytes! + 100);
          expect(t.data!.tls!.recordBytesToClient).toBe(t.tls!.recordBytes);
          expect(t.data!.bytesToServer).toBe(0);
          expect(t.data!.tls!.recordBytesToServer).toBeGreaterThan(0);
        } else {
          expect(t.tls).toBeUndefined();
          expect(t.data!.tls).toBeUndefined();
        }
      }
    },
  );

  it('gives the same report on the selective path as with --dissect-all', async () => {
    const selective = await report(name, name);
    const all = await report(name, name, { dissectAll: true });
    const strip = (x: Report) => JSON.parse(JSON.stringify({ ...x, capture: { ...x.capture, file: '' } }));
    expect(strip(selective)).toEqual(strip(all));
  });
});

describe('TLS 1.2 data connections resuming the control session, on a port Wireshark gives to OpenFlow', () => {
  it('are decrypted all the same: the announced port is claimed before OpenFlow takes it', async () => {
    const s = only(await report('ftps-curl-tls12-reuse', 'ftps-curl-tls12-reuse'));
    expect(s.transfers.map((t) => [t.data!.dst.port, t.bytes, t.tls !== undefined])).toEqual([
      [6653, 134, true],
      [6653, 3072, true],
    ]);
    // resumed sessions: a short handshake, so little more on the wire than the plaintext
    expect(s.transfers[1]!.tls!.recordBytes).toBeLessThan(3072 + 400);
  });
});

describe('FTPS captures without a key log: nothing changes', () => {
  it.each(PAIRS)('$name: encrypted as before, no decrypted flag, the TLS bytes counted as they are', async (p) => {
    const r = await report(p.name, null);
    assertContract(r);
    const s = only(r);
    expect('decrypted' in s.tls).toBe(false);
    // nothing after the upgrade is read: AUTH is the last command (FEAT may come before it), or none when implicit
    const verbs = s.commands.map((c) => c.command);
    if (p.implicit) expect(verbs).toEqual([]);
    else expect(verbs.at(-1)).toBe('AUTH');
    expect(s.transfers).toEqual([]);
    for (const d of r.unmatchedDataConnections) expect('tls' in d).toBe(false);
    expect(r.warnings.map((w) => w.code)).not.toContain('tls-not-decrypted');
  });

  it("a clear capture reads the same with a key log as without one, but for the data packets' labels", async () => {
    const without = await report('ftps-curl-clear', null);
    const withKeys = await report('ftps-curl-clear', 'ftps-curl-prot-p');
    const noLabels = (x: Report) =>
      JSON.parse(
        JSON.stringify({
          ...x,
          capture: { ...x.capture, file: '' },
          sessions: x.sessions.map((s) => ({
            ...s,
            packets: s.packets.map((p) => ({ ...p, protocol: null, info: null })),
          })),
        }),
      );
    // ftp-data is off with a key log (its conversations would keep TLS data connections from TLS): the Protocol
    // and Info columns of data packets read as TCP there instead of FTP-DATA; everything else is identical
    expect(noLabels(withKeys)).toEqual(noLabels(without));
  });
});

describe('a saved EK stream of a run with a key log', () => {
  it('reads as that run did: decrypted, without --tls-keylog', async () => {
    const r = await runReport({ ek: `${DIR}ftps-curl-prot-p.keylog.ek.jsonl` });
    const s = only(r);
    expect(s.tls.decrypted).toBe(true);
    expect(shape(s)).toEqual(shape(only(await report('ftps-curl-prot-p', 'ftps-curl-prot-p'))));
  });
});

describe('a key log that does not match', () => {
  it('leaves an implicit FTPS session encrypted, with a tls-not-decrypted warning', async () => {
    const r = await report('ftps-curl-implicit', 'ftps-lftp-prot-p');
    assertContract(r);
    const s = only(r);
    expect(s.tls).toMatchObject({ accepted: true, implicit: true, decrypted: false });
    expect(s.commands).toEqual([]);
    expect(r.warnings).toContainEqual({ code: 'tls-not-decrypted', sessionId: s.id });
    expect(s.findings.find((f) => f.id === 'tls-implicit')?.data).toEqual({ port: 990 });
  });

  it('leaves an explicit session as it was up to AUTH, with the warning', async () => {
    const r = await report('ftps-curl-prot-p', 'ftps-lftp-prot-p');
    const s = only(r);
    expect(s.tls).toMatchObject({ accepted: true, implicit: false, decrypted: false });
    expect(s.commands.map((c) => c.command)).toEqual(['AUTH']);
    expect(r.warnings).toContainEqual({ code: 'tls-not-decrypted', sessionId: s.id });
  });
});

describe('a key log that cannot be read', () => {
  it('stops the run with KEYLOG_UNREADABLE (exit 3) before any capture is read', async () => {
    const missing = `${DIR}no-such.keys`;
    const err = await runReport({ capture: capture('ftps-curl-prot-p'), tlsKeylog: missing }).catch((e) => e);
    expect(err).toBeInstanceOf(FtpReportError);
    expect([err.code, err.exitCode, err.message]).toEqual(['KEYLOG_UNREADABLE', 3, `${missing}: no such TLS key log`]);
    expect(err.isReadFailure).toBe(false);
    const dir = await runReport({ capture: capture('ftps-curl-prot-p'), tlsKeylog: DIR }).catch((e) => e);
    expect([dir.code, dir.details.reason]).toEqual(['KEYLOG_UNREADABLE', 'is-directory']);
  });
});
