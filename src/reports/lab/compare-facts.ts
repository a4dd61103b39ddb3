// Active against passive mode, transfer by transfer: the facts the comparison section shows (never averaged).

import type { Addr, Report, Session, Transfer } from '../../model.js';

/** One transfer seen from the data connection's side. */
export interface ComparedTransfer {
  /** The capture's file as given. */
  capture: string;
  sessionId: string;
  transferId: string;
  command: string;
  arg: string | null;
  mode: 'active' | 'passive';
  /** PORT, PASV, EPRT … */
  setupCommand: string;
  /** Who sent the data SYN; null when no data connection was captured. */
  connector: 'client' | 'server' | null;
  src: Addr | null;
  dst: Addr | null;
  synFrame: number | null;
  commandFrame: number;
  /** The data SYN came before (true) or after (false) the transfer command; null when unknown. */
  synBeforeCommand: boolean | null;
  /** Data SYN time minus transfer command time, milliseconds: negative when the SYN came first. */
  commandToSynMs: number | null;
  /** Setup command (PORT/PASV …) to the first data byte, milliseconds. */
  setupToFirstByteMs: number | null;
  /** First to last data byte, milliseconds. */
  transferMs: number | null;
  bytes: number;
  status: Transfer['status'];
}

const ms = (from: number | null | undefined, to: number | null | undefined) =>
  from == null || to == null ? null : Math.round((to - from) * 1e6) / 1e3;

export function compareTransfer(capture: string, s: Session, tr: Transfer): ComparedTransfer {
  const d = tr.data;
  const setupT = s.commands[tr.setup.commandIndex]?.t ?? null;
  return {
    capture,
    sessionId: s.id,
    transferId: tr.id,
    command: tr.command,
    arg: tr.arg,
    mode: tr.mode,
    setupCommand: tr.setup.command,
    connector: d ? d.initiator : null,
    src: d ? d.src : null,
    dst: d ? d.dst : null,
    synFrame: d?.synFrame ?? null,
    commandFrame: tr.commandFrame,
    synBeforeCommand: d?.synFrame == null ? null : d.synFrame < tr.commandFrame,
    commandToSynMs: ms(tr.timing.commandT, tr.timing.dataSynT),
    setupToFirstByteMs: ms(setupT, tr.timing.firstByteT),
    transferMs: tr.timing.transferMs,
    bytes: tr.bytes ?? 0,
    status: tr.status,
  };
}

/** Every transfer of the reports, in capture, session and transfer order. */
export function comparedTransfers(reports: readonly Report[]): ComparedTransfer[] {
  return reports.flatMap((r) =>
    r.sessions.flatMap((s) => s.transfers.map((tr) => compareTransfer(r.capture.file, s, tr))),
  );
}

/** Both modes occur among these transfers: a comparison has something to compare. */
export function hasBothModes(transfers: readonly ComparedTransfer[]): boolean {
  return transfers.some((x) => x.mode === 'active') && transfers.some((x) => x.mode === 'passive');
}

/** The transfer that stands for its mode in the sentences: the first one with a data connection, else the first. */
export function exampleOf(transfers: readonly ComparedTransfer[], mode: 'active' | 'passive'): ComparedTransfer | null {
  const of = transfers.filter((x) => x.mode === mode);
  return (
    of.find((x) => x.synFrame !== null && x.status === 'complete') ??
    of.find((x) => x.synFrame !== null) ??
    of[0] ??
    null
  );
}
