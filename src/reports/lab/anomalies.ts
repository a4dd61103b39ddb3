// What went wrong in a session, with its cause and the frames that show it: facts the lab report explains.

import type { Addr, PacketRow, ReplyKind, Session, Transfer } from '../../model.js';
import { SETUP_COMMANDS } from '../../protocol/ftp.js';
import { TCP_ACK, TCP_RST, TCP_SYN } from '../../protocol/tcp.js';

export type Side = 'client' | 'server';

/** One anomaly; `frame` is where the diagram draws its note (the frame that shows it best). */
export type Anomaly =
  /** A PORT/EPRT/PASV/EPSV the server refused (4xx/5xx): no data connection follows from it. */
  | {
      kind: 'setup-refused';
      transferId: string | null;
      frame: number;
      command: string;
      arg: string | null;
      code: number;
      commandFrame: number;
      replyText: string;
    }
  /** The data SYN was answered by RST (nothing listened there), and the transfer command failed. */
  | {
      kind: 'connect-refused';
      transferId: string;
      frame: number;
      synFrame: number;
      rstFrame: number;
      connector: Side;
      dst: Addr;
      code: number | null;
      replyFrame: number | null;
    }
  /** A data SYN to an address that never answered (no SYN/ACK in the capture). */
  | {
      kind: 'connect-unanswered';
      transferId: string;
      frame: number;
      synFrame: number;
      connector: Side;
      dst: Addr;
      code: number | null;
      replyFrame: number | null;
    }
  /** A data connection reset after data had moved. */
  | {
      kind: 'data-reset';
      transferId: string;
      frame: number;
      rstFrame: number;
      by: Side;
      bytes: number;
      code: number | null;
      replyFrame: number | null;
    }
  /** The client aborted the transfer with ABOR. */
  | {
      kind: 'aborted';
      transferId: string;
      frame: number;
      aborFrame: number;
      code: number | null;
      replyFrame: number | null;
      aborCode: number | null;
      bytes: number;
    }
  /** The transfer command was refused or failed without one of the causes above. */
  | { kind: 'failed'; transferId: string; frame: number; command: string; code: number }
  /** A passive reply announced an address other than the server's; where the client then connected. */
  | {
      kind: 'nat-announced';
      transferId: string;
      frame: number;
      announced: Addr;
      serverIp: string;
      connectedTo: Addr | null;
      replyFrame: number | null;
    }
  /** REST set a start offset for the transfer that follows it. */
  | {
      kind: 'rest';
      transferId: string;
      frame: number;
      offset: number;
      restFrame: number;
      code: number | null;
      bytes: number;
      statedSize: number | null;
    };

export type AnomalyKind = Anomaly['kind'];

/** A transient or permanent negative reply (4xx, 5xx): what Reply.kind says, not a range of codes. */
export const isNegative = (kind: ReplyKind | undefined): boolean => kind === 'transient' || kind === 'permanent';

const dataRows = (s: Session, tr: Transfer): PacketRow[] =>
  tr.data ? s.packets.filter((p) => p.tcpStream === tr.data!.tcpStream) : [];

/** The side of a row's sender on a data connection. */
function senderSide(tr: Transfer, r: PacketRow): Side {
  const d = tr.data!;
  const initiatorSent = r.src.port === d.src.port && r.src.ip === d.src.ip;
  const other: Side = d.initiator === 'client' ? 'server' : 'client';
  return initiatorSent ? d.initiator : other;
}

/** Every anomaly of a session, in frame order. */
export function sessionAnomalies(s: Session): Anomaly[] {
  const out: Anomaly[] = [];
  const setupTransfers = new Map(s.transfers.map((tr) => [tr.setup.commandIndex, tr.id]));
  s.commands.forEach((c, i) => {
    if (!(c.command in SETUP_COMMANDS) || !c.reply || !isNegative(c.reply.kind)) return;
    out.push({
      kind: 'setup-refused',
      transferId: setupTransfers.get(i) ?? null,
      frame: c.reply.frame,
      command: c.command,
      arg: c.arg,
      code: c.reply.code,
      commandFrame: c.firstFrame,
      replyText: (c.reply.text.split('\n')[0] ?? '').replace(/^\d{3}[ -]?/, ''),
    });
  });
  for (const tr of s.transfers) {
    const rows = dataRows(s, tr);
    const d = tr.data;
    const finalCode = tr.replyCodes.length > 0 ? tr.replyCodes[tr.replyCodes.length - 1]! : null;
    let explained = false;
    const ann = tr.setup.announced;
    if (tr.mode === 'passive' && ann.ip !== s.server.ip) {
      out.push({
        kind: 'nat-announced',
        transferId: tr.id,
        frame: d?.synFrame ?? tr.setup.replyFrame ?? tr.setup.frame,
        announced: { ip: ann.ip, port: ann.port },
        serverIp: s.server.ip,
        connectedTo: d ? d.dst : null,
        replyFrame: tr.setup.replyFrame,
      });
    }
    if (d && d.synFrame !== null) {
      const synAck = rows.find(
        (r) => r.frame > d.synFrame! && (r.tcpFlags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK),
      );
      const rst = rows.find((r) => r.tcpFlags & TCP_RST);
      if (!synAck && rst && tr.bytes === 0) {
        out.push({
          kind: 'connect-refused',
          transferId: tr.id,
          frame: rst.frame,
          synFrame: d.synFrame,
          rstFrame: rst.frame,
          connector: d.initiator,
          dst: d.dst,
          code: finalCode,
          replyFrame: tr.completeFrame,
        });
        explained = true;
      } else if (!synAck && tr.bytes === 0) {
        out.push({
          kind: 'connect-unanswered',
          transferId: tr.id,
          frame: d.synFrame,
          synFrame: d.synFrame,
          connector: d.initiator,
          dst: d.dst,
          code: finalCode,
          replyFrame: tr.completeFrame,
        });
        explained = true;
      }
    }
    const abor = s.commands.find((c, i) => i > tr.commandIndex && c.command === 'ABOR');
    if (tr.status === 'aborted' && abor && tr.bytes !== null) {
      out.push({
        kind: 'aborted',
        transferId: tr.id,
        frame: abor.firstFrame,
        aborFrame: abor.firstFrame,
        code: finalCode,
        replyFrame: tr.completeFrame,
        aborCode: abor.reply?.code ?? null,
        bytes: tr.bytes,
      });
      explained = true;
    }
    if (!explained && d && tr.bytes !== null && tr.bytes > 0) {
      const rst = rows.find((r) => r.tcpFlags & TCP_RST);
      if (rst) {
        out.push({
          kind: 'data-reset',
          transferId: tr.id,
          frame: rst.frame,
          rstFrame: rst.frame,
          by: senderSide(tr, rst),
          bytes: tr.bytes,
          code: finalCode,
          replyFrame: tr.completeFrame,
        });
        explained = true;
      }
    }
    const setupRefused = isNegative(s.commands[tr.setup.commandIndex]?.reply?.kind);
    if (!explained && !setupRefused && tr.status === 'failed' && finalCode !== null && finalCode >= 400) {
      out.push({
        kind: 'failed',
        transferId: tr.id,
        frame: tr.completeFrame ?? tr.commandFrame,
        command: tr.command,
        code: finalCode,
      });
    }
    // REST n since the previous transfer command applies to this one (RFC 3659 §5)
    const previous = s.transfers.filter((x) => x.commandIndex < tr.commandIndex).pop();
    const rest = s.commands
      .slice(previous ? previous.commandIndex + 1 : 0, tr.commandIndex)
      .filter((c) => c.command === 'REST' && c.arg !== null && /^\d+$/.test(c.arg.trim()))
      .pop();
    if (rest && tr.bytes !== null) {
      const size = s.commands
        .slice(0, tr.commandIndex + 1)
        .filter((c) => c.statedSize !== null && (c.command === 'SIZE' ? c.arg === tr.arg : true))
        .pop();
      out.push({
        kind: 'rest',
        transferId: tr.id,
        frame: rest.firstFrame,
        offset: Number(rest.arg!.trim()),
        restFrame: rest.firstFrame,
        code: rest.reply?.code ?? null,
        bytes: tr.bytes,
        statedSize: size?.statedSize ?? null,
      });
    }
  }
  return out.sort((a, b) => a.frame - b.frame);
}
