// The rubric's checks: each looks for the first fact of the report model that meets a criterion, with its frames.

import { TCP_FIN, TCP_RST } from '../protocol/tcp.js';
import type { Report, Transfer } from '../model.js';
import type { CommandWhere, Criterion, FindingWhere, LoginWhere, TeardownWhere, TransferWhere } from './rubric.js';

/** What a check found: passed or not, and the frames that prove it (empty when it failed). */
export interface Evidence {
  passed: boolean;
  /** Wireshark frame numbers, ascending. */
  frames: number[];
  /** Where the evidence is, e.g. "S1-T2 LIST" or "S1"; null when the check failed. */
  where: string | null;
}

const NOT_FOUND: Evidence = { passed: false, frames: [], where: null };

function found(where: string, frames: (number | null | undefined)[]): Evidence {
  const list = [...new Set(frames.filter((f): f is number => typeof f === 'number'))].sort((a, b) => a - b);
  return { passed: true, frames: list, where };
}

function checkHandshake(report: Report): Evidence {
  for (const s of report.sessions) {
    if (s.handshake) return found(s.id, [s.handshake.synFrame, s.handshake.synAckFrame, s.handshake.ackFrame]);
  }
  return NOT_FOUND;
}

function checkLogin(report: Report, where: LoginWhere): Evidence {
  for (const s of report.sessions) {
    for (const a of s.login.attempts) {
      // Success and failure are decided once, by the engine (LoginAttempt.outcome).
      if (a.outcome !== where.outcome) continue;
      if (where.replyCode !== undefined && a.replyCode !== where.replyCode) continue;
      if (where.withPassword && a.password === null) continue;
      if (where.user !== undefined && a.user !== where.user) continue;
      if (where.anonymous !== undefined && a.anonymous !== where.anonymous) continue;
      // The attempt's frame is its PASS (or its USER when no PASS followed); userFrame is the USER that began it.
      return found(s.id, [a.userFrame, a.frame, a.replyFrame]);
    }
  }
  return NOT_FOUND;
}

/** Whether one transfer meets every condition given. */
export function transferMatches(t: Transfer, where: TransferWhere): boolean {
  if (where.mode !== undefined && t.mode !== where.mode) return false;
  if (where.setup !== undefined && !where.setup.includes(t.setup.command)) return false;
  if (where.command !== undefined && !where.command.includes(t.command)) return false;
  if (where.direction !== undefined && !where.direction.includes(t.direction)) return false;
  if (where.initiator !== undefined && t.data?.initiator !== where.initiator) return false;
  if (where.status !== undefined && !where.status.includes(t.status)) return false;
  if (where.minBytes !== undefined && (t.bytes ?? 0) < where.minBytes) return false;
  if (where.replyCode !== undefined && !t.replyCodes.includes(where.replyCode)) return false;
  if (where.dataSrcPort !== undefined && t.data?.src.port !== where.dataSrcPort) return false;
  if (where.openedBeforeCommand !== undefined && t.data?.openedBeforeCommand !== where.openedBeforeCommand)
    return false;
  return true;
}

function checkTransfer(report: Report, where: TransferWhere): Evidence {
  for (const s of report.sessions) {
    for (const t of s.transfers) {
      if (!transferMatches(t, where)) continue;
      return found(`${t.id} ${t.command}`, [
        t.setup.frame,
        t.setup.replyFrame,
        t.data?.synFrame,
        t.commandFrame,
        t.completeFrame,
      ]);
    }
  }
  return NOT_FOUND;
}

function checkTeardown(report: Report, where: TeardownWhere): Evidence {
  for (const s of report.sessions) {
    for (const t of s.transfers) {
      const d = t.data;
      if (!d || d.closedBy === 'none' || d.closeT === null || !where.closedBy.includes(d.closedBy)) continue;
      if (where.mode !== undefined && t.mode !== where.mode) continue;
      const flags = d.closedBy === 'reset' ? TCP_RST : TCP_FIN;
      const frames = s.packets
        .filter((p) => p.tcpStream === d.tcpStream && (p.tcpFlags & flags) !== 0)
        .map((p) => p.frame);
      return found(`${t.id} ${t.command}`, frames);
    }
  }
  return NOT_FOUND;
}

function checkCommand(report: Report, where: CommandWhere): Evidence {
  for (const s of report.sessions) {
    for (const c of s.commands) {
      if (!where.command.includes(c.command)) continue;
      if (where.replyCode !== undefined && (c.reply === null || !where.replyCode.includes(c.reply.code))) continue;
      return found(s.id, [c.frame, c.reply?.frame]);
    }
  }
  return NOT_FOUND;
}

function checkFinding(report: Report, where: FindingWhere): Evidence {
  const all = [...report.sessions.flatMap((s) => s.findings), ...report.findings];
  const f = all.find((x) => where.id.includes(x.id));
  return f ? found(f.sessionId ?? 'capture', f.frames) : NOT_FOUND;
}

/** Evaluates one criterion on a report. */
export function evaluateCriterion(report: Report, criterion: Criterion): Evidence {
  switch (criterion.check) {
    case 'control-handshake':
      return checkHandshake(report);
    case 'login':
      return checkLogin(report, criterion.where);
    case 'transfer':
      return checkTransfer(report, criterion.where);
    case 'data-teardown':
      return checkTeardown(report, criterion.where);
    case 'command':
      return checkCommand(report, criterion.where);
    case 'finding':
      return checkFinding(report, criterion.where);
  }
}
