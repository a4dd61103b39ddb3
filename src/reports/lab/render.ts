// The lab-style Markdown report: per session, set-up, authentication, modes, data, timing, diagram, findings.

import { DEFAULT_MAX_ROWS } from '../../protocol/defaults.js';
import type { Finding, PacketRow, Reply, Report, Session, Transfer } from '../../model.js';
import { FTP_CONTROL_PORT } from '../../protocol/ftp.js';
import { codeSpan, mdCell } from '../escape.js';
import type { Catalog } from './catalog.js';
import { en } from './en.js';
import { frameFilter, streamsFilter } from './filters.js';
import { sequenceDiagram } from './mermaid.js';
import { packetTable, type TableOptions } from './packet-table.js';
import { ru } from './ru.js';
import { tlsUpgradeFacts } from './tls-upgrade.js';

export const CATALOGS: Record<string, Catalog> = { en, ru };
export type Lang = keyof typeof CATALOGS;

export interface LabOptions {
  lang?: string;
  /** Mask passwords (PASS arguments) everywhere. */
  maskSecrets?: boolean;
  /** Packet tables longer than this collapse the middle of their data connections (default 40). */
  maxRows?: number;
}

const MASK = '••••••';
const addr = (a: { ip: string; port: number }) => (a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`);
/** Text from the capture inside prose: a code span it cannot break out of. */
const code = (text: string) => codeSpan(text);

/** Login attempts the server refused, over every session (LoginAttempt.outcome, decided by the engine). */
const failedAttempts = (report: Report) =>
  report.sessions.reduce((n, s) => n + s.login.attempts.filter((a) => a.outcome === 'failed').length, 0);

function table(head: string[], rows: (string | number | null)[][], rightAligned: number[] = []): string {
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (rightAligned.includes(i) ? ' ---: ' : ' --- ')).join('|')}|`,
  ];
  for (const r of rows) lines.push(`| ${r.map((c) => mdCell(c)).join(' | ')} |`);
  return lines.join('\n');
}

export function renderLabReport(report: Report, options: LabOptions = {}): string {
  const t = CATALOGS[options.lang ?? 'en'] ?? en;
  const mask = options.maskSecrets ?? false;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const out: string[] = [];
  const c = report.capture;
  const hosts = new Set(report.sessions.flatMap((s) => [s.client.ip, s.server.ip]));
  const transfers = report.sessions.flatMap((s) => s.transfers);
  out.push(`# ${mdCell(t.title(c.file))}`);
  out.push(
    t.summary({
      sessions: report.sessions.length,
      logins: report.sessions.filter((s) => s.login.outcome === 'success').length,
      failedLogins: failedAttempts(report),
      transfers: transfers.length,
      active: transfers.filter((x) => x.mode === 'active').length,
      passive: transfers.filter((x) => x.mode === 'passive').length,
      findings: report.sessions.reduce((n, s) => n + s.findings.length, 0) + report.findings.length,
      hosts: hosts.size,
    }),
  );
  const ct = t.captureTable;
  out.push(`## ${ct.heading}`);
  out.push(
    table(
      [ct.field, ct.value],
      [
        [ct.file, c.file],
        [ct.format, c.format],
        [ct.packets, t.count(c.packets)],
        [ct.first, c.firstAt],
        [ct.last, c.lastAt],
        [ct.duration, t.ms(c.durationMs)],
        [ct.hosts, [...hosts].join(', ') || null],
        [ct.tshark, c.tsharkVersion],
        [ct.ports, c.ftpPorts.join(', ')],
      ],
    ),
  );
  if (report.sessions.length === 0) out.push(t.noSessions);
  for (const s of report.sessions) out.push(renderSession(t, s, mask, maxRows));
  if (report.findings.length > 0) {
    out.push(`## ${t.headings.findings}`);
    const where = (f: Finding) => (f.frames.length > 0 ? frameFilter(f.frames) : '–');
    out.push(report.findings.map((f) => `- **${f.severity}** ${mdCell(t.finding(f.id))} (${where(f)})`).join('\n'));
  }
  out.push(`## ${t.headings.conclusion}`);
  out.push(conclusion(t, report).join('\n\n'));
  if (report.warnings.length > 0) {
    out.push(`## ${t.headings.warnings}`);
    out.push(report.warnings.map((w) => `- ${mdCell(t.warning(w))}`).join('\n'));
  }
  return `${out.join('\n\n')}\n`;
}

function renderSession(t: Catalog, s: Session, mask: boolean, maxRows: number): string {
  const out: string[] = [];
  // Client segments that carry part of a PASS line, so a password typed one character at a time is masked too.
  const secretFrames = new Set(
    s.commands
      .filter((x) => x.command === 'PASS')
      .flatMap((x) =>
        s.packets
          .filter(
            (p) =>
              p.tcpStream === s.tcpStream &&
              p.src.port === s.client.port &&
              p.frame >= x.firstFrame &&
              p.frame <= x.frame,
          )
          .map((p) => p.frame),
      ),
  );
  const tableOpts = { maxRows, maskSecrets: mask, secretFrames };
  const rowsOf = (frames: Set<number>) => s.packets.filter((p) => frames.has(p.frame));
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
  if (g) out.push(`${t.banner(g.firstFrame)}\n\n${g.lines.map((l) => `> ${mdCell(l)}`).join('  \n')}`);

  // 2. Authentication
  out.push(`### ${t.headings.auth}`);
  const authCommands = s.commands.filter((x) => x.command === 'USER' || x.command === 'PASS' || x.command === 'AUTH');
  if (authCommands.length === 0) out.push(t.noLogin);
  else {
    out.push(t.authIntro);
    const frames = authCommands.flatMap((x) => [
      x.frame,
      ...(x.reply ? [x.reply.frame, ...x.reply.intermediate.map((i) => i.frame)] : []),
    ]);
    const spanned = authCommands.flatMap((x) =>
      x.firstFrame < x.frame
        ? s.packets
            .filter(
              (p) => p.tcpStream === s.tcpStream && p.frame >= x.firstFrame && p.frame <= x.frame && p.payloadBytes > 0,
            )
            .map((p) => p.frame)
        : [],
    );
    const all = [...frames, ...spanned];
    out.push(packetTable(t, rowsOf(new Set(all)), [], s.tcpStream, tableOpts));
    out.push(t.filter(frameFilter(all)));
    out.push(replyCodeTable(t, s));
    const attempts = s.login.attempts;
    const users = [...new Set(attempts.map((a) => a.user).filter((u): u is string => u !== null))];
    const passwords = [...new Set(attempts.map((a) => a.password).filter((p): p is string => p !== null))].map((p) =>
      mask ? MASK : p,
    );
    if (!s.tls.accepted && attempts.some((a) => a.password !== null || a.user !== null)) {
      out.push(
        t.cleartext(
          users.map(code),
          passwords.map(code),
          attempts.map((a) => a.frame),
        ),
      );
    }
    if (s.login.anonymous && s.login.user !== null) out.push(t.anonymousLogin(code(s.login.user)));
    const failed = attempts.filter((a) => a.outcome === 'failed');
    if (failed.length > 0)
      out.push(
        t.failedLogins(
          failed.length,
          failed.map((a) => a.frame),
        ),
      );
    if (s.findings.some((f) => f.id === 'brute-force')) out.push(t.bruteForce(failed.length));
    out.push(t.loginOutcome(s.login.outcome, s.login.user === null ? null : code(s.login.user)));
    if (s.tls.decrypted !== undefined) out.push(t.tlsKeylog(tlsUpgradeFacts(s)));
    else if (s.tls.accepted) out.push(t.tlsAccepted(s.tls.frame));
    else if (s.tls.requested) out.push(t.tlsRefused(s.tls.frame));
  }

  // 3. Mode negotiation
  out.push(`### ${t.headings.modes}`);
  if (s.transfers.length === 0) out.push(t.noTransfers);
  for (const tr of s.transfers) out.push(renderSetup(t, s, tr));

  // 4. Data transfer
  out.push(`### ${t.headings.data}`);
  if (s.transfers.length === 0) out.push(t.noTransfers);
  for (const tr of s.transfers) out.push(renderData(t, s, tr, tableOpts));

  // 5. Timing
  out.push(`### ${t.headings.timing}`);
  out.push(renderTiming(t, s));

  // 6. Sequence diagram
  out.push(`### ${t.headings.diagram}`);
  out.push(t.diagramIntro);
  out.push(`\`\`\`mermaid\n${sequenceDiagram(t, s, mask)}\n\`\`\``);

  // 7. Findings
  out.push(`### ${t.headings.findings}`);
  out.push(
    s.findings.length === 0
      ? t.noFindings
      : s.findings.map((f) => `- **${f.severity}** ${mdCell(t.finding(f.id))} (${framesCode(f)})`).join('\n'),
  );
  return out.join('\n\n');
}

/** A finding's frames as a display filter in a code span, '–' when it has none. */
const framesCode = (f: Finding) => (f.frames.length > 0 ? `\`${frameFilter(f.frames)}\`` : '–');

function replyCodeTable(t: Catalog, s: Session): string {
  const byCode = new Map<number, { reply: Reply; frames: number[] }>();
  for (const cmd of s.commands.filter((x) => ['USER', 'PASS', 'AUTH', 'ACCT'].includes(x.command))) {
    if (!cmd.reply) continue;
    const entry = byCode.get(cmd.reply.code) ?? { reply: cmd.reply, frames: [] };
    entry.frames.push(cmd.reply.frame);
    byCode.set(cmd.reply.code, entry);
  }
  // The digit shown is the code's own; what it means comes from the model (Reply.kind, Reply.area).
  const rows = [...byCode.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, { reply, frames }]) => [
      n,
      t.codeMeaning(n),
      `${Math.floor(n / 100)} – ${t.firstDigit(reply.kind)}`,
      `${Math.floor(n / 10) % 10} – ${t.secondDigit(reply.area)}`,
      frames.join(', '),
    ]);
  return rows.length === 0 ? '' : table([...t.replyColumns], rows);
}

function renderSetup(t: Catalog, s: Session, tr: Transfer): string {
  const out: string[] = [`#### ${mdCell(t.transferHeading(tr.id, tr.command, tr.arg, tr.mode))}`];
  const setup = tr.setup;
  const setupCmd = s.commands[setup.commandIndex];
  // The command line and the reply's first line are shown as sent; the facts come from setup.announced.
  const line = setupCmd ? `${setupCmd.command}${setupCmd.arg ? ` ${setupCmd.arg}` : ''}` : setup.command;
  const reply = setup.replyCode === null ? null : `${setup.replyCode} ${(setup.replyText ?? '').split('\n')[0]}`;
  out.push(t.setupExchange(code(line), setup.frame, reply === null ? null : code(reply), setup.replyFrame));
  const ann = setup.announced;
  const six = (setup.command === 'PASV' || setup.command === 'PORT') && ann.numbers?.length === 6 ? ann.numbers : null;
  if (six) out.push(t.decodeSix(six, ann.ip, ann.port));
  else if (tr.setup.command === 'EPSV') out.push(t.decodeEpsv(ann.port, ann.ip));
  else if (tr.setup.command === 'EPRT') out.push(t.decodeEprt(ann.ip, ann.port));
  out.push(t.whoConnects(tr.mode, addr(ann)));
  if (tr.mode === 'passive' && ann.ip !== s.server.ip) out.push(t.natNote(ann.ip, s.server.ip));
  if (tr.mode === 'active' && ann.ip !== s.client.ip) out.push(t.bounceNote(ann.ip, s.client.ip));
  return out.join('\n\n');
}

/** Control rows from the setup command to the final reply, and every kept row of the data connection. */
function transferRows(s: Session, tr: Transfer): { rows: PacketRow[]; from: number; to: number; streams: number[] } {
  const from = tr.setup.frame;
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
        commandFrame: tr.commandFrame,
        before: d.openedBeforeCommand,
        beforeSetupReply: d.synFrame !== null && setupReplyFrame !== null && d.synFrame < setupReplyFrame,
      }),
    );
  }
  out.push(
    t.dataResult({
      bytes: tr.bytes,
      direction: tr.direction,
      status: tr.status,
      replyCodes: tr.replyCodes,
      missingBytes: tr.missingBytes,
      closedBy: d?.closedBy ?? 'none',
    }),
  );
  return out.join('\n\n');
}

const msBetween = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null ? null : Math.round((b - a) * 1e6) / 1e3;
const mean = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? null : Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 1000) / 1000;
};

function renderTiming(t: Catalog, s: Session): string {
  const out: string[] = [t.timingIntro];
  const rows: (string | number | null)[][] = [];
  if (s.handshake) rows.push([t.phases.handshake, s.handshake.synFrame, s.handshake.ackFrame, t.ms(s.handshake.rttMs)]);
  const firstUser = s.commands.find((x) => x.command === 'USER');
  const lastPass = [...s.commands].reverse().find((x) => x.command === 'PASS' && x.reply);
  if (firstUser && lastPass?.reply)
    rows.push([t.phases.login, firstUser.frame, lastPass.reply.frame, t.ms(msBetween(firstUser.t, lastPass.reply.t))]);
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
        t.ms(tr.timing.setupToSynMs),
        t.ms(tr.timing.commandToFirstByteMs),
        t.ms(tr.timing.transferMs),
        t.ms(msBetween(tr.timing.lastByteT, tr.timing.completeT)),
        t.ms(tr.data ? msBetween(tr.data.closeT, tr.data.endT) : null),
        tr.timing.throughputBps === null ? null : `${t.count(tr.timing.throughputBps)} B/s`,
      ];
    });
    out.push(table(t.transferPhaseColumns, trows, [2, 3, 4, 5, 6, 7, 8]));
  }
  const modes = (['active', 'passive'] as const).map((m) => s.transfers.filter((x) => x.mode === m));
  if (modes[0]!.length > 0 && modes[1]!.length > 0) {
    out.push(t.comparisonIntro);
    out.push(
      table(
        t.comparisonColumns,
        (['active', 'passive'] as const).map((m, i) => [
          t.mode(m),
          modes[i]!.length,
          t.ms(mean(modes[i]!.map((x) => x.timing.setupToSynMs))),
          t.ms(mean(modes[i]!.map((x) => x.timing.commandToFirstByteMs))),
          t.ms(mean(modes[i]!.map((x) => x.timing.transferMs))),
          t.count(modes[i]!.reduce((n, x) => n + x.bytes, 0)),
        ]),
        [1, 2, 3, 4, 5],
      ),
    );
  }
  return out.join('\n\n');
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
