// The lab-style Markdown report: summary, then per session set-up, authentication, commands and replies, modes,
// data, timing, close, glossary, diagram, findings; the modes compared; conclusion.

import { DEFAULT_MAX_ROWS } from '../../protocol/defaults.js';
import type { Command, Finding, PacketRow, ReplyArea, ReplyKind, Report, Session, Transfer } from '../../model.js';
import { FTP_CONTROL_PORT } from '../../protocol/ftp.js';
import { TCP_FIN, TCP_RST } from '../../protocol/tcp.js';
import { codeSpan, mdCell } from '../escape.js';
import { maskSecrets } from '../mask.js';
import { type Anomaly, isNegative, sessionAnomalies } from './anomalies.js';
import type { Catalog, CloseFacts } from './catalog.js';
import { renderComparison } from './compare.js';
import { comparedTransfers, hasBothModes } from './compare-facts.js';
import { en } from './en.js';
import { frameFilter, streamsFilter } from './filters.js';
import { sequenceDiagram } from './mermaid.js';
import { packetTable, type TableOptions, type TypedCommand } from './packet-table.js';
import { ru } from './ru.js';
import { tlsUpgradeFacts } from './tls-upgrade.js';
import { vi } from './vi.js';
import { zh } from './zh.js';

export const CATALOGS: Record<string, Catalog> = { en, ru, zh, vi };
export type Lang = keyof typeof CATALOGS;

export interface LabOptions {
  lang?: string;
  /**
   * Render the report maskSecrets (src/reports/mask.ts) makes of it: every password masked, as in every other view.
   * A report the caller already masked reads the same (masking again changes nothing).
   */
  maskSecrets?: boolean;
  /** Packet tables longer than this collapse the middle of their data connections (default 40). */
  maxRows?: number;
}

const addr = (a: { ip: string; port: number }) => (a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`);
/** Text from the capture inside prose: a code span it cannot break out of. */
const code = (text: string) => codeSpan(text);

/** An anomaly whose capture text (a refused command's argument) is put in a code span before it reaches prose. */
const safeAnomaly = (a: Anomaly): Anomaly =>
  a.kind === 'setup-refused' && a.arg !== null ? { ...a, arg: code(a.arg) } : a;

/** The catalog of a language, English when it is not known. */
export const catalogOf = (lang: string | undefined): Catalog => CATALOGS[lang ?? 'en'] ?? en;

/** Login attempts the server refused, over every session (LoginAttempt.outcome, decided by the engine). */
const failedAttempts = (report: Report) =>
  report.sessions.reduce((n, s) => n + s.login.attempts.filter((a) => a.outcome === 'failed').length, 0);

export function table(head: string[], rows: (string | number | null)[][], rightAligned: number[] = []): string {
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (rightAligned.includes(i) ? ' ---: ' : ' --- ')).join('|')}|`,
  ];
  for (const r of rows) lines.push(`| ${r.map((c) => mdCell(c)).join(' | ')} |`);
  return lines.join('\n');
}

const transferBytes = (s: Session) => s.transfers.reduce((n, x) => n + (x.bytes ?? 0), 0);

export function renderLabReport(input: Report, options: LabOptions = {}): string {
  const t = catalogOf(options.lang);
  // --no-secrets masks the model, once; no part of this view masks on its own
  const report = options.maskSecrets ? maskSecrets(input) : input;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const out: string[] = [];
  const c = report.capture;
  const hosts = new Set(report.sessions.flatMap((s) => [s.client.ip, s.server.ip]));
  const transfers = report.sessions.flatMap((s) => s.transfers);
  out.push(`# ${mdCell(t.title(c.file))}`);
  const findings = report.sessions.reduce((n, s) => n + s.findings.length, 0) + report.findings.length;
  out.push(
    t.summary({
      sessions: report.sessions.length,
      logins: report.sessions.filter((s) => s.login.outcome === 'success').length,
      failedLogins: failedAttempts(report),
      transfers: transfers.length,
      active: transfers.filter((x) => x.mode === 'active').length,
      passive: transfers.filter((x) => x.mode === 'passive').length,
      findings,
      hosts: hosts.size,
    }),
  );
  if (report.sessions.length > 0) out.push(summaryTable(t, report, findings));
  const ct = t.captureTable;
  out.push(`## ${ct.heading}`);
  out.push(
    table(
      [ct.field, ct.value],
      [
        [ct.file, c.file],
        [ct.format, c.format],
        [ct.packets, t.count(c.packets)],
        // with every decimal the capture's times carry, as Wireshark shows them
        [ct.first, c.firstAtExact ?? c.firstAt],
        [ct.last, c.lastAtExact ?? c.lastAt],
        [ct.duration, t.ms(c.durationMs)],
        [ct.hosts, [...hosts].join(', ') || null],
        [ct.tshark, c.tsharkVersion],
        [ct.ports, c.ftpPorts.join(', ')],
      ],
    ),
  );
  if (report.sessions.length === 0) out.push(t.noSessions);
  for (const s of report.sessions) out.push(renderSession(t, s, maxRows, c.timePrecision));
  const compared = comparedTransfers([report]);
  if (hasBothModes(compared)) {
    out.push(`## ${t.headings.comparison}`);
    out.push(renderComparison(t, compared, false));
  }
  if (report.findings.length > 0) {
    out.push(`## ${t.headings.findings}`);
    const where = (f: Finding) => (f.frames.length > 0 ? frameFilter(f.frames) : '–');
    out.push(
      report.findings.map((f) => `- **${t.severity(f.severity)}** ${mdCell(t.finding(f.id))} (${where(f)})`).join('\n'),
    );
  }
  const concluded = conclusion(t, report);
  // nothing to conclude (no transfer, no login): no empty section
  if (concluded.length > 0) out.push(`## ${t.headings.conclusion}`, concluded.join('\n\n'));
  if (report.warnings.length > 0) {
    out.push(`## ${t.headings.warnings}`);
    out.push(report.warnings.map((w) => `- ${mdCell(t.warning(w))}`).join('\n'));
  }
  return `${out.join('\n\n')}\n`;
}

function summaryTable(t: Catalog, report: Report, findings: number): string {
  const rows = report.sessions.map((s) =>
    t.summaryRow({
      session: s.id,
      endpoints: `${addr(s.client)} → ${addr(s.server)}`,
      login: s.login.attempts.length === 0 ? 'none' : s.login.outcome,
      user: s.login.user,
      active: s.transfers.filter((x) => x.mode === 'active').length,
      passive: s.transfers.filter((x) => x.mode === 'passive').length,
      bytes: transferBytes(s),
      findings: s.findings.length,
    }),
  );
  if (report.sessions.length > 1 || report.findings.length > 0) {
    const all = report.sessions.flatMap((s) => s.transfers);
    rows.push(
      t.summaryRow({
        session: t.total,
        endpoints: '',
        login: 'none',
        user: null,
        active: all.filter((x) => x.mode === 'active').length,
        passive: all.filter((x) => x.mode === 'passive').length,
        bytes: all.reduce((n, x) => n + (x.bytes ?? 0), 0),
        findings,
      }),
    );
  }
  return table(t.summaryColumns, rows, [3, 4, 5, 6]);
}

/** Client payload segments of the control connection from a command's first byte to its CRLF. */
const commandSegments = (s: Session, c: Command) =>
  s.packets.filter(
    (p) =>
      p.tcpStream === s.tcpStream &&
      p.frame >= c.firstFrame &&
      p.frame <= c.frame &&
      p.payloadBytes > 0 &&
      p.src.port === s.client.port &&
      p.src.ip === s.client.ip,
  );

/** Server payload segments of the control connection from a reply's first segment to its last. */
const replySegments = (s: Session, first: number, last: number) =>
  s.packets.filter(
    (p) =>
      p.tcpStream === s.tcpStream &&
      p.frame >= first &&
      p.frame <= last &&
      p.payloadBytes > 0 &&
      p.src.port === s.server.port &&
      p.src.ip === s.server.ip,
  );

const commandLine = (c: Command) => `${c.command}${c.arg === null ? '' : ` ${c.arg}`}`;

/** Commands typed in several segments: one table row each, and the control rows inside them to leave out. */
function typedCommands(s: Session): { typed: Map<number, TypedCommand>; hidden: Set<number> } {
  const typed = new Map<number, TypedCommand>();
  const hidden = new Set<number>();
  for (const c of s.commands) {
    if (c.firstFrame >= c.frame) continue;
    const segs = commandSegments(s, c);
    if (segs.length < 2) continue;
    typed.set(c.frame, {
      firstFrame: c.firstFrame,
      frame: c.frame,
      line: commandLine(c),
      segments: segs.length,
      t: segs[0]!.t,
      tNs: segs[0]!.tNs,
    });
    for (const p of s.packets)
      if (
        p.tcpStream === s.tcpStream &&
        p.frame >= c.firstFrame &&
        p.frame < c.frame &&
        !(p.tcpFlags & (TCP_FIN | TCP_RST))
      )
        hidden.add(p.frame);
  }
  return { typed, hidden };
}

function renderSession(t: Catalog, s: Session, maxRows: number, timePrecision?: number): string {
  const out: string[] = [];
  const { typed, hidden } = typedCommands(s);
  const tableOpts: TableOptions = { maxRows, typed, typedHidden: hidden };
  if (timePrecision !== undefined) tableOpts.timePrecision = timePrecision;
  const rowsOf = (frames: Set<number>) => s.packets.filter((p) => frames.has(p.frame));
  const cmdAt = new Map(s.commands.map((c) => [c.frame, c]));
  /** The frame a command is cited by: its first segment. */
  const firstOf = (frame: number) => cmdAt.get(frame)?.firstFrame ?? frame;
  out.push(`## ${mdCell(t.sessionHeading(s.id, addr(s.client), addr(s.server)))}`);

  // 1. Control connection set-up
  out.push(`### ${t.headings.setup}`);
  if (s.handshake) {
    const hs = s.handshake;
    const frames = [hs.synFrame, hs.synAckFrame, hs.ackFrame];
    out.push(packetTable(t, rowsOf(new Set(frames)), [], s.tcpStream, tableOpts));
    out.push(t.filter(frameFilter(frames)));
    out.push(
      t.handshake({
        clientIp: s.client.ip,
        clientPort: s.client.port,
        serverIp: s.server.ip,
        serverPort: s.server.port,
        synFrame: hs.synFrame,
        ackFrame: hs.ackFrame,
        rttMs: hs.rttMs,
      }),
    );
  } else out.push(t.noHandshake);
  if (s.server.port !== FTP_CONTROL_PORT) out.push(t.nonStandardPort(s.server.port));
  const g = s.greeting;
  // Named by its first segment: the frame Wireshark lists as "Response: 220".
  if (g) {
    out.push(`${t.banner(g.firstFrame)}\n\n${g.lines.map((l) => `> ${mdCell(l)}`).join('  \n')}`);
    const segs = replySegments(s, g.firstFrame, g.frame).length;
    if (segs > 1) out.push(t.splitReply(g.code, g.firstFrame, g.frame, segs));
  }

  // 2. Authentication
  out.push(`### ${t.headings.auth}`);
  const authCommands = s.commands.filter((x) => x.command === 'USER' || x.command === 'PASS' || x.command === 'AUTH');
  if (authCommands.length === 0) out.push(t.noLogin);
  else {
    out.push(t.authIntro);
    const all = authCommands.flatMap((x) => [
      ...commandSegments(s, x).map((p) => p.frame),
      x.frame,
      ...(x.reply
        ? [
            ...replySegments(s, x.reply.firstFrame, x.reply.frame).map((p) => p.frame),
            x.reply.frame,
            ...x.reply.intermediate.map((i) => i.frame),
          ]
        : []),
    ]);
    out.push(packetTable(t, rowsOf(new Set(all)), [], s.tcpStream, tableOpts));
    out.push(t.filter(frameFilter(all)));
    const attempts = s.login.attempts;
    const users = [...new Set(attempts.map((a) => a.user).filter((u): u is string => u !== null))];
    const passwords = [...new Set(attempts.map((a) => a.password).filter((p): p is string => p !== null))];
    if (s.commands.some((x) => x.command === 'USER' && x.reply && x.reply.code === 331)) out.push(t.userNote);
    if (!s.tls.accepted && attempts.some((a) => a.password !== null || a.user !== null)) {
      out.push(
        t.cleartext(
          users.map(code),
          passwords.map(code),
          attempts.map((a) => firstOf(a.frame)),
        ),
      );
    }
    if (s.login.anonymous && s.login.user !== null) out.push(t.anonymousLogin(code(s.login.user)));
    const failed = attempts.filter((a) => a.outcome === 'failed');
    if (failed.length > 0)
      out.push(
        t.failedLogins(
          failed.length,
          failed.map((a) => firstOf(a.frame)),
        ),
      );
    if (s.findings.some((f) => f.id === 'brute-force')) out.push(t.bruteForce(failed.length));
    out.push(t.loginOutcome(s.login.outcome, s.login.user === null ? null : code(s.login.user)));
    if (s.tls.decrypted !== undefined) out.push(t.tlsKeylog(tlsUpgradeFacts(s)));
    else if (s.tls.accepted) out.push(t.tlsAccepted(s.tls.frame));
    else if (s.tls.requested) out.push(t.tlsRefused(s.tls.frame));
  }

  // 3. Commands and replies
  out.push(`### ${t.headings.commands}`);
  out.push(renderReplies(t, s, typed));

  // 4. Mode negotiation
  out.push(`### ${t.headings.modes}`);
  if (s.transfers.length === 0) out.push(t.noTransfers);
  for (const tr of s.transfers) out.push(renderSetup(t, s, tr));
  for (const a of sessionAnomalies(s).filter((x) => x.kind === 'setup-refused' && x.transferId === null))
    out.push(t.anomaly(safeAnomaly(a)));

  // 5. Data transfer
  out.push(`### ${t.headings.data}`);
  if (s.transfers.length === 0) out.push(t.noTransfers);
  for (const tr of s.transfers) out.push(renderData(t, s, tr, tableOpts));

  // 6. Timing
  out.push(`### ${t.headings.timing}`);
  out.push(renderTiming(t, s));

  // 7. Closing the control connection
  out.push(`### ${t.headings.close}`);
  out.push(renderClose(t, s, tableOpts));

  // 8. Commands seen
  out.push(`### ${t.headings.glossary}`);
  out.push(renderGlossary(t, s));

  // 9. Sequence diagram
  out.push(`### ${t.headings.diagram}`);
  out.push(t.diagramIntro);
  out.push(`\`\`\`mermaid\n${sequenceDiagram(t, s)}\n\`\`\``);

  // 10. Findings
  out.push(`### ${t.headings.findings}`);
  out.push(
    s.findings.length === 0
      ? t.noFindings
      : s.findings
          .map((f) => `- **${t.severity(f.severity)}** ${mdCell(t.finding(f.id))} (${framesCode(f)})`)
          .join('\n'),
  );
  return out.join('\n\n');
}

/** A finding's frames as a display filter in a code span, '–' when it has none. */
const framesCode = (f: Finding) => (f.frames.length > 0 ? `\`${frameFilter(f.frames)}\`` : '–');

/** One row per reply code seen (the greeting's, every final and preliminary reply), what it answered. */
function renderReplies(t: Catalog, s: Session, typed: Map<number, TypedCommand>): string {
  const byCode = new Map<number, { kind: ReplyKind; area: ReplyArea; answered: string[]; frames: number[] }>();
  const note = (n: number, kind: ReplyKind, area: ReplyArea, answered: string, frame: number) => {
    const e = byCode.get(n) ?? { kind, area, answered: [], frames: [] };
    if (!e.answered.includes(answered)) e.answered.push(answered);
    e.frames.push(frame);
    byCode.set(n, e);
  };
  const g = s.greeting;
  if (g)
    note(
      g.code,
      g.code >= 400 ? 'transient' : 'completion',
      'connections',
      t.answered(null, g.firstFrame),
      g.firstFrame,
    );
  const splits: string[] = [];
  for (const c of s.commands) {
    const r = c.reply;
    if (!r) continue;
    for (const i of r.intermediate)
      note(i.code, 'preliminary', areaOf(i.code), t.answered(c.command, c.firstFrame), i.frame);
    note(r.code, r.kind, r.area, t.answered(c.command, c.firstFrame), r.firstFrame);
    const segs = replySegments(s, r.firstFrame, r.frame).length;
    if (segs > 1) splits.push(t.splitReply(r.code, r.firstFrame, r.frame, segs));
  }
  const out: string[] = [];
  if (byCode.size === 0) return t.noLogin;
  out.push(t.replyIntro);
  const rows = [...byCode.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, e]) => [
      n,
      t.codeMeaning(n),
      `${Math.floor(n / 100)} – ${t.firstDigit(e.kind)}`,
      `${Math.floor(n / 10) % 10} – ${t.secondDigit(e.area)}`,
      e.answered.join(', '),
      [...new Set(e.frames)].sort((a, b) => a - b).join(', '),
    ]);
  out.push(table([...t.replyColumns], rows));
  out.push(...splits);
  if (typed.size > 0) {
    const all = [...typed.values()];
    const segments = all.reduce((n, x) => n + x.segments, 0);
    const ex = all.find((x) => !x.line.startsWith('PASS')) ?? all[0]!;
    out.push(t.typedCommands(all.length, segments, code(ex.line), ex.firstFrame, ex.frame));
  }
  return out.join('\n\n');
}

/** RFC 959 §4.2.1: what the second digit of a code is about. */
const AREAS: ReplyArea[] = ['syntax', 'information', 'connections', 'authentication', 'unspecified', 'file-system'];
function areaOf(n: number): ReplyArea {
  return AREAS[Math.floor(n / 10) % 10] ?? 'unspecified';
}

function renderSetup(t: Catalog, s: Session, tr: Transfer): string {
  const out: string[] = [`#### ${mdCell(t.transferHeading(tr.id, tr.command, tr.arg, tr.mode))}`];
  const setup = tr.setup;
  const setupCmd = s.commands[setup.commandIndex];
  // The command line and the reply's first line are shown as sent; the facts come from setup.announced.
  const line = setupCmd ? `${setupCmd.command}${setupCmd.arg ? ` ${setupCmd.arg}` : ''}` : setup.command;
  const reply = setup.replyCode === null ? null : `${setup.replyCode} ${(setup.replyText ?? '').split('\n')[0]}`;
  const replyFrame = setupCmd?.reply?.firstFrame ?? setup.replyFrame;
  out.push(
    t.setupExchange(code(line), setupCmd?.firstFrame ?? setup.frame, reply === null ? null : code(reply), replyFrame),
  );
  const ann = setup.announced;
  const six = (setup.command === 'PASV' || setup.command === 'PORT') && ann.numbers?.length === 6 ? ann.numbers : null;
  if (six) out.push(t.decodeSix(six, ann.ip, ann.port));
  else if (tr.setup.command === 'EPSV') out.push(t.decodeEpsv(ann.port, ann.ip));
  else if (tr.setup.command === 'EPRT') out.push(t.decodeEprt(ann.ip, ann.port, setupCmd?.arg ?? null));
  if (setupCmd?.reply && isNegative(setupCmd.reply.kind)) {
    const refused = setupCmd.reply.code;
    out.push(t.setupRefused(setup.command, refused, replyFrame ?? setup.frame, t.codeMeaning(refused)));
    return out.join('\n\n');
  }
  out.push(t.whoConnects(tr.mode, addr(ann)));
  if (tr.mode === 'passive' && ann.ip !== s.server.ip) out.push(t.natNote(ann.ip, s.server.ip));
  if (tr.mode === 'active' && ann.ip !== s.client.ip) out.push(t.bounceNote(ann.ip, s.client.ip));
  return out.join('\n\n');
}

/** Control rows from the setup command to the final reply, and every kept row of the data connection. */
function transferRows(s: Session, tr: Transfer): { rows: PacketRow[]; from: number; to: number; streams: number[] } {
  const from = s.commands[tr.setup.commandIndex]?.firstFrame ?? tr.setup.frame;
  const dataRows = tr.data ? s.packets.filter((p) => p.tcpStream === tr.data!.tcpStream) : [];
  const lastData = dataRows.length > 0 ? dataRows[dataRows.length - 1]!.frame : from;
  const to = Math.max(tr.completeFrame ?? from, lastData, tr.commandFrame);
  const control = s.packets.filter((p) => p.tcpStream === s.tcpStream && p.frame >= from && p.frame <= to);
  const rows = [...control, ...dataRows.filter((p) => p.frame >= from && p.frame <= to)].sort(
    (a, b) => a.frame - b.frame,
  );
  return { rows, from, to, streams: tr.data ? [s.tcpStream, tr.data.tcpStream] : [s.tcpStream] };
}

function renderData(t: Catalog, s: Session, tr: Transfer, tableOpts: TableOptions): string {
  const out: string[] = [`#### ${mdCell(t.transferHeading(tr.id, tr.command, tr.arg, tr.mode))}`];
  const { rows, from, to, streams } = transferRows(s, tr);
  const collapsed = tr.data ? s.collapsedPackets.filter((c) => c.tcpStream === tr.data!.tcpStream) : [];
  out.push(packetTable(t, rows, collapsed, s.tcpStream, tableOpts));
  out.push(t.filter(streamsFilter(streams, from, to)));
  const d = tr.data;
  const commandFirst = s.commands[tr.commandIndex]?.firstFrame ?? tr.commandFrame;
  if (!d) out.push(t.noDataConnection(tr.command));
  else {
    const setupReplyFrame = tr.setup.replyFrame;
    out.push(
      t.dataOpened({
        mode: tr.mode,
        initiator: d.initiator,
        src: addr(d.src),
        dst: addr(d.dst),
        srcPort: d.src.port,
        synFrame: d.synFrame,
        command: tr.command,
        commandFrame: commandFirst,
        before: d.openedBeforeCommand,
        beforeSetupReply: d.synFrame !== null && setupReplyFrame !== null && d.synFrame < setupReplyFrame,
      }),
    );
  }
  const final = tr.replyCodes.length > 0 ? tr.replyCodes[tr.replyCodes.length - 1]! : null;
  out.push(
    t.dataResult({
      bytes: tr.bytes ?? 0,
      direction: tr.direction,
      status: tr.status,
      replyCodes: tr.replyCodes,
      finalMeaning: final !== null && final >= 400 ? t.codeMeaning(final) : null,
      missingBytes: tr.missingBytes,
      closedBy: d?.closedBy ?? 'none',
    }),
  );
  for (const a of sessionAnomalies(s).filter((x) => x.transferId === tr.id && x.kind !== 'setup-refused'))
    out.push(t.anomaly(safeAnomaly(a)));
  // with --files/--extract: hashes of what crossed, and a short preview of a listing
  if (tr.file) out.push(t.fileFacts(tr.file));
  if (tr.listing && tr.listing.length > 0) {
    const shown = tr.listing.slice(0, LISTING_PREVIEW);
    const rows = shown.map((e) => [e.name, e.type ?? '', e.size, e.modified ?? '']);
    out.push(table(t.listingColumns, rows, [2]));
    if (tr.listing.length > shown.length) out.push(t.listingMore(tr.listing.length - shown.length));
  }
  return out.join('\n\n');
}

/** Listing entries shown in the Markdown report (all are in the JSON). */
const LISTING_PREVIEW = 10;

const msBetween = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null ? null : Math.round((b - a) * 1e6) / 1e3;

function renderTiming(t: Catalog, s: Session): string {
  const out: string[] = [t.timingIntro];
  const rows: (string | number | null)[][] = [];
  if (s.handshake) rows.push([t.phases.handshake, s.handshake.synFrame, s.handshake.ackFrame, t.ms(s.handshake.rttMs)]);
  const firstUser = s.commands.find((x) => x.command === 'USER');
  const lastPass = [...s.commands].reverse().find((x) => x.command === 'PASS' && x.reply);
  if (firstUser && lastPass?.reply)
    rows.push([
      t.phases.login,
      firstUser.firstFrame,
      lastPass.reply.frame,
      t.ms(msBetween(firstUser.t, lastPass.reply.t)),
    ]);
  const lastFrame = s.packets.length > 0 ? s.packets[s.packets.length - 1]!.frame : null;
  rows.push([t.phases.session, s.packets[0]?.frame ?? null, lastFrame, t.ms(msBetween(s.startT, s.endT))]);
  out.push(table([...t.sessionPhaseColumns], rows, [1, 2, 3]));
  if (s.transfers.length > 0) {
    const trows = s.transfers.map((tr) => {
      const setupReply = s.commands[tr.setup.commandIndex]?.reply ?? null;
      return [
        tr.id,
        t.mode(tr.mode),
        t.ms(setupReply ? setupReply.latencyMs : null),
        t.fmt.signed(msBetween(tr.timing.commandT, tr.timing.dataSynT)),
        t.ms(tr.timing.commandToFirstByteMs),
        t.ms(tr.timing.transferMs),
        t.ms(msBetween(tr.timing.lastByteT, tr.timing.completeT)),
        t.ms(tr.data ? msBetween(tr.data.closeT, tr.data.endT) : null),
        t.fmt.rate(tr.timing.throughputBps, tr.timing.transferMs),
      ];
    });
    out.push(table(t.transferPhaseColumns, trows, [2, 3, 4, 5, 6, 7, 8]));
    out.push(t.rateNote);
  }
  return out.join('\n\n');
}

function renderClose(t: Catalog, s: Session, tableOpts: TableOptions): string {
  const quit = [...s.commands].reverse().find((c) => c.command === 'QUIT') ?? null;
  const control = s.packets.filter((p) => p.tcpStream === s.tcpStream);
  const closes = control.filter((p) => p.tcpFlags & (TCP_FIN | TCP_RST));
  const first = closes[0] ?? null;
  const sideOf = (p: PacketRow) => (p.src.port === s.client.port && p.src.ip === s.client.ip ? 'client' : 'server');
  const answer = first ? (closes.find((p) => sideOf(p) !== sideOf(first)) ?? null) : null;
  const facts: CloseFacts = {
    quitFrame: quit?.firstFrame ?? null,
    replyCode: quit?.reply?.code ?? null,
    replyFrame: quit?.reply?.firstFrame ?? null,
    closeFrame: first?.frame ?? null,
    closedBy: first ? (first.tcpFlags & TCP_RST ? 'reset' : sideOf(first)) : 'none',
    answerFrame: answer?.frame ?? null,
  };
  const out: string[] = [];
  const from = quit?.firstFrame ?? first?.frame ?? null;
  if (from !== null) {
    const rows = control.filter((p) => p.frame >= from);
    if (rows.length > 0) {
      out.push(packetTable(t, rows, [], s.tcpStream, tableOpts));
      out.push(t.filter(`tcp.stream == ${s.tcpStream} && frame.number >= ${from}`));
    }
  }
  out.push(t.close(facts));
  return out.join('\n\n');
}

function renderGlossary(t: Catalog, s: Session): string {
  const seen = new Map<string, number>();
  for (const c of s.commands) seen.set(c.command, (seen.get(c.command) ?? 0) + 1);
  const rows = [...seen.entries()].map(([cmd, n]) => [cmd, t.glossary(cmd) ?? '–', n]);
  return rows.length === 0 ? t.noLogin : table([...t.glossaryColumns], rows, [2]);
}

function conclusion(t: Catalog, report: Report): string[] {
  const transfers = report.sessions.flatMap((s) => s.transfers);
  const active = transfers.filter((x) => x.mode === 'active');
  const cleartextUsers = [
    ...new Set(
      report.sessions
        .filter((s) => !s.tls.accepted)
        .flatMap((s) => s.login.attempts.filter((a) => a.password !== null && a.user !== null).map((a) => a.user!)),
    ),
  ];
  const ids = new Set(report.sessions.flatMap((s) => s.findings.map((f) => f.id)));
  return t.conclusion({
    active: active.length,
    passive: transfers.length - active.length,
    serverFromPort20: active.some((x) => x.data?.initiator === 'server' && x.data.src.port === 20),
    serverFromOtherPort: active.some((x) => x.data?.initiator === 'server' && x.data.src.port !== 20),
    cleartextUsers: cleartextUsers.map(code),
    anonymous: report.sessions.some((s) => s.login.anonymous),
    tls: report.sessions.some((s) => s.tls.accepted),
    natMismatch: ids.has('pasv-address-mismatch'),
    bounce: ids.has('ftp-bounce'),
    failedLogins: failedAttempts(report),
  });
}
