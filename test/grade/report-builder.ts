// Hand-built report models for the grading logic: a session, its commands with replies, transfers with data.
import type { Command, DataConnection, Report, Session, Transfer } from '../../src/model.js';

const CLIENT = { ip: '10.0.0.2', port: 50000 };
const SERVER = { ip: '10.0.0.1', port: 21 };

/** A command line and its final reply, frames as given. */
export function cmd(frame: number, command: string, arg: string | null, code: number | null, replyFrame = frame + 1): Command {
  return {
    frame,
    firstFrame: frame,
    t: frame / 1000,
    command,
    arg,
    reply: code === null ? null : { code, text: `${code} ok`, frame: replyFrame, t: replyFrame / 1000, latencyMs: 1, intermediate: [] },
  };
}

/** A data connection opened by `initiator` in frame synFrame, closed by closedBy. */
export function data(tcpStream: number, initiator: 'client' | 'server', synFrame: number, bytes: number, closedBy: DataConnection['closedBy']): DataConnection {
  const src = initiator === 'client' ? { ip: CLIENT.ip, port: 50001 } : { ip: SERVER.ip, port: 20 };
  const dst = initiator === 'client' ? { ip: SERVER.ip, port: 40000 } : { ip: CLIENT.ip, port: 50002 };
  return {
    tcpStream,
    initiator,
    src,
    dst,
    synFrame,
    handshakeRttMs: 0.1,
    openedBeforeCommand: false,
    bytesToClient: bytes,
    bytesToServer: 0,
    closedBy,
    closeT: closedBy === 'none' ? null : (synFrame + 5) / 1000,
    endT: (synFrame + 6) / 1000,
  };
}

export interface TransferSpec {
  command?: string;
  mode: 'active' | 'passive';
  setupFrame: number;
  setupReply?: number | null;
  commandFrame: number;
  replyCodes: number[];
  data?: DataConnection | null;
  bytes?: number;
}

export function transfer(i: number, spec: TransferSpec): Transfer {
  const final = spec.replyCodes[spec.replyCodes.length - 1];
  const status = final === undefined || final < 200 ? 'incomplete' : final < 300 ? 'complete' : 'failed';
  const setupCommand = spec.mode === 'active' ? 'PORT' : 'PASV';
  return {
    id: `S1-T${i}`,
    command: spec.command ?? 'LIST',
    commandFrame: spec.commandFrame,
    arg: null,
    direction: 'listing',
    mode: spec.mode,
    setup: { command: setupCommand, frame: spec.setupFrame, replyCode: spec.setupReply ?? 200, announced: { ip: CLIENT.ip, port: 50002 } },
    data: spec.data ?? null,
    bytes: spec.bytes ?? spec.data?.bytesToClient ?? 0,
    missingBytes: 0,
    status,
    replyCodes: spec.replyCodes,
    timing: {
      commandT: spec.commandFrame / 1000,
      dataSynT: null,
      firstByteT: null,
      lastByteT: null,
      completeT: null,
      setupToSynMs: null,
      commandToFirstByteMs: null,
      transferMs: null,
      throughputBps: null,
    },
  };
}

export function session(parts: Partial<Session> & { commands: Command[] }): Session {
  return {
    id: 'S1',
    tcpStream: 0,
    client: CLIENT,
    server: SERVER,
    startT: 0,
    endT: 1,
    handshake: { synFrame: 1, synAckFrame: 2, ackFrame: 3, rttMs: 0.1 },
    banner: 'ready',
    login: { user: null, password: null, anonymous: false, outcome: 'unknown', attempts: [] },
    tls: { requested: false, accepted: false, frame: null },
    transfers: [],
    close: { by: 'client', t: 1 },
    findings: [],
    packets: [],
    collapsedPackets: [],
    ...parts,
  };
}

export function report(sessions: Session[]): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'ftp-report', version: '0.0.0' },
    capture: {
      file: 'hand-made',
      format: 'pcapng',
      packets: 100,
      firstAt: '2024-01-15T12:00:00.000000Z',
      lastAt: '2024-01-15T12:00:01.000000Z',
      durationMs: 1000,
      tsharkVersion: '4.0.17',
      ftpPorts: [21],
    },
    sessions,
    unmatchedDataConnections: [],
    findings: [],
    warnings: [],
  };
}
