// Hand-built report models for the grading logic: a session, its commands with replies, transfers with data.
// session() fills what the engine would link (command indexes, reply frames), so tests name frames only.
import type { Command, DataConnection, Login, LoginAttempt, Report, Session, Transfer } from '../../src/model.js';
import { isCompletion, isRefusal, replyArea, replyKind } from '../../src/protocol/reply-codes.js';
import { GUEST_USERS } from '../../src/protocol/ftp.js';

const CLIENT = { ip: '10.0.0.2', port: 50000 };
const SERVER = { ip: '10.0.0.1', port: 21 };

/** A command line and its final reply, frames as given. */
export function cmd(
  frame: number,
  command: string,
  arg: string | null,
  code: number | null,
  replyFrame = frame + 1,
): Command {
  return {
    frame,
    firstFrame: frame,
    t: frame / 1000,
    firstT: frame / 1000,
    command,
    arg,
    reply:
      code === null
        ? null
        : {
            code,
            kind: replyKind(code),
            area: replyArea(code),
            text: `${code} ok`,
            frame: replyFrame,
            firstFrame: replyFrame,
            t: replyFrame / 1000,
            firstT: replyFrame / 1000,
            latencyMs: 1,
            intermediate: [],
          },
    announced: null,
    statedSize: null,
    directory: null,
  };
}

/** A login attempt ended by the command in `frame`, begun by the USER in userFrame, answered one frame later. */
export function attempt(
  user: string | null,
  password: string | null,
  replyCode: number | null,
  frame: number,
  userFrame: number | null = null,
): LoginAttempt {
  return {
    user,
    password,
    replyCode,
    frame,
    t: frame / 1000,
    userFrame,
    replyFrame: replyCode === null ? null : frame + 1,
    outcome: isCompletion(replyCode) ? 'success' : isRefusal(replyCode) ? 'failed' : 'unknown',
    anonymous: user !== null && GUEST_USERS.has(user.toLowerCase()),
  };
}

/** A session's login summed up from its attempts as the engine does it. */
export function login(...attempts: LoginAttempt[]): Login {
  const ok = attempts.findLast((a) => a.outcome === 'success');
  const shown = ok ?? attempts[attempts.length - 1] ?? null;
  const outcome = ok ? 'success' : attempts.some((a) => a.outcome === 'failed') ? 'failed' : 'unknown';
  const anonymous = shown?.anonymous ?? false;
  return { user: shown?.user ?? null, password: shown?.password ?? null, anonymous, outcome, attempts };
}

/** A data connection opened by `initiator` in frame synFrame, closed by closedBy. */
export function data(
  tcpStream: number,
  initiator: 'client' | 'server',
  synFrame: number,
  bytes: number,
  closedBy: DataConnection['closedBy'],
): DataConnection {
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

/** A transfer; its command indexes and reply frames are filled by session() from the session's commands. */
export function transfer(i: number, spec: TransferSpec): Transfer {
  const final = spec.replyCodes[spec.replyCodes.length - 1];
  const status = final === undefined || final < 200 ? 'incomplete' : final < 300 ? 'complete' : 'failed';
  const setupCommand = spec.mode === 'active' ? 'PORT' : 'PASV';
  return {
    id: `S1-T${i}`,
    command: spec.command ?? 'LIST',
    commandFrame: spec.commandFrame,
    commandIndex: -1,
    completeFrame: null,
    arg: null,
    direction: 'listing',
    mode: spec.mode,
    setup: {
      command: setupCommand,
      commandIndex: -1,
      frame: spec.setupFrame,
      replyCode: spec.setupReply ?? 200,
      replyFrame: null,
      replyText: null,
      announced: { ip: CLIENT.ip, port: 50002, numbers: null },
    },
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
      throughputBytesPerSec: null,
      throughputBps: null,
    },
  };
}

/** Links a transfer to the session's commands as the engine does: indexes, the setup reply, the final reply. */
function linked(t: Transfer, commands: Command[]): Transfer {
  const setupIndex = commands.findIndex((c) => c.frame === t.setup.frame);
  const commandIndex = commands.findIndex((c) => c.frame === t.commandFrame);
  const setupReply = commands[setupIndex]?.reply ?? null;
  return {
    ...t,
    commandIndex,
    completeFrame: commands[commandIndex]?.reply?.frame ?? null,
    setup: {
      ...t.setup,
      commandIndex: setupIndex,
      replyFrame: setupReply?.frame ?? null,
      replyText: setupReply?.text ?? null,
    },
  };
}

export function session(parts: Partial<Session> & { commands: Command[] }): Session {
  const s: Session = {
    id: 'S1',
    tcpStream: 0,
    client: CLIENT,
    server: SERVER,
    startT: 0,
    endT: 1,
    handshake: { synFrame: 1, synAckFrame: 2, ackFrame: 3, rttMs: 0.1 },
    banner: '220 ready',
    greeting: { code: 220, text: '220 ready', lines: ['ready'], frame: 4, firstFrame: 4, t: 0.004, firstT: 0.004 },
    login: { user: null, password: null, anonymous: false, outcome: 'unknown', attempts: [] },
    tls: { requested: false, accepted: false, frame: null, implicit: false },
    transfers: [],
    close: { by: 'client', t: 1 },
    findings: [],
    packets: [],
    collapsedPackets: [],
    ...parts,
  };
  return { ...s, transfers: s.transfers.map((t) => linked(t, s.commands)) };
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
      complete: true,
    },
    sessions,
    unmatchedDataConnections: [],
    findings: [],
    warnings: [],
  };
}
