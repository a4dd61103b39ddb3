// One FTP control session: its lines, commands and replies, login, TLS, data-channel setups and transfers.

import type { Addr, AnnouncedAddr, Command, Greeting, LoginAttempt, OddityKind, SetupCommand } from '../model.js';
import { parseEpsvReply, parseEprtArg, parseLongAddress, parsePasvReply, parsePortArg } from './addresses.js';
import { type ControlLine, ControlStream } from './control-stream.js';
import {
  GUEST_USERS,
  PASSIVE_REPLY,
  SETUP_COMMANDS,
  TLS_AUTH_ARGS,
  TRANSFER_COMMANDS,
  VERB_PATTERN,
} from '../protocol/ftp.js';
import { canAnswer } from '../protocol/command-replies.js';
import { isCompletion, isRefusal, replyArea, replyKind } from '../protocol/reply-codes.js';
import { namedDirectory, statedSize } from './reply-facts.js';
import { type RawReply, ReplyReader } from './replies.js';
import { type DataPlaintext, DecryptedControl } from './tls.js';
import { type TcpConnection, ms, roundT } from './tcp.js';

/** A PORT/EPRT/LPRT or PASV/EPSV/LPSV exchange and what came of it. */
export interface SetupState {
  session: SessionState;
  command: SetupCommand;
  mode: 'active' | 'passive';
  frame: number;
  t: number;
  /** The setup command. */
  cmd: Command;
  /** Index of the setup command in the session's commands. */
  commandIndex: number;
  replyCode: number | null;
  replyT: number | null;
  replyFrame: number | null;
  replyText: string | null;
  /** Known at the command (active) or at the reply (passive); null until then or when unparsable. */
  announced: AnnouncedAddr | null;
  /** The data connection matched to this setup's expectation. */
  data: DataState | null;
  /** The transfer command that used this setup. */
  transfer: TransferState | null;
  /** Its expectation is open in the engine (set and cleared by the engine only). */
  expecting?: boolean;
}

/** A TCP connection recognised as a data connection. */
export interface DataState {
  conn: TcpConnection;
  session: SessionState;
  setup: SetupState | null;
  /** Endpoint a of the connection is the FTP client's side. */
  clientIsA: boolean;
  /** Plaintext of its TLS records, when a key log decrypted them (tls.ts). */
  plaintext?: DataPlaintext;
}

/** A transfer command and its replies. */
export interface TransferState {
  command: string;
  arg: string | null;
  direction: 'download' | 'upload' | 'listing';
  cmd: Command;
  /** Index of the transfer command in the session's commands. */
  commandIndex: number;
  setup: SetupState;
  replyCodes: number[];
  finalCode: number | null;
  completeT: number | null;
  completeFrame: number | null;
  aborted: boolean;
  /** The server answered with a line that had no reply code. */
  invalidReply?: boolean;
  /** Refused before any data moved (4xx/5xx with no 1xx): its setup served the next transfer command instead. */
  released?: boolean;
}

interface Awaiting {
  cmd: Command;
  /** Preliminary (1xx) replies seen so far. */
  intermediate: { code: number; frame: number; text: string }[];
  /** Time of the last preliminary reply. */
  intermediateT?: number;
  setup?: SetupState;
  transfer?: TransferState;
  attempt?: LoginAttempt;
  userAttempt?: LoginAttempt;
  auth?: boolean;
}

/** What a session needs from the engine around it. */
export interface SessionHooks {
  /** The setup's announced address is known: start expecting its data connection. */
  openExpectation(setup: SetupState): void;
}

/** A line the session could not read as FTP, kept so the report says so. */
export interface Oddity {
  frame: number;
  /** What was wrong; a reply with no command waiting is counted apart (unansweredReplies) but kept here too. */
  kind: OddityKind | 'reply-without-command';
  text: string;
}

/**
 * A segment that is an FTP line in clear rather than a TLS record (content type 20-24, then version 3.x): printable
 * text ending in a line break that starts with a verb or a reply code.
 */
function isClearLine(data: Uint8Array): boolean {
  if (data.length < 4 || data[data.length - 1] !== 0x0a || isTlsRecord(data)) return false;
  for (const b of data) if ((b < 0x20 || b > 0x7e) && b !== 0x0d && b !== 0x0a && b !== 0x09) return false;
  const head = Buffer.from(data.subarray(0, 12)).toString('latin1');
  return /^(?:[A-Za-z]{3,4}(?: |\r?\n)|[1-6]\d\d[ -])/.test(head);
}

/** A TLS record header: content type 20-24 (RFC 8446 §5.1), then major version 3. */
const isTlsRecord = (data: Uint8Array): boolean =>
  data.length >= 5 && data[0]! >= 0x14 && data[0]! <= 0x18 && data[1] === 3;

/** matchReply: no command waits for the reply. */
const NO_COMMAND = -1;
/** matchReply: the reply answers a command the capture lost. */
const LOST_COMMAND = -2;

/** The outcome a final reply code gives a login attempt. */
const outcomeOf = (code: number | null): LoginAttempt['outcome'] =>
  isCompletion(code) ? 'success' : isRefusal(code) ? 'failed' : 'unknown';

export class SessionState {
  readonly conn: TcpConnection;
  /** Endpoint a of the TCP connection is the client. */
  readonly clientIsA: boolean;
  readonly client: Addr;
  readonly server: Addr;
  /** The 220 greeting, with its frames. */
  greeting: Greeting | null = null;
  /** The server refused the connection at once (421 instead of a greeting). */
  refusal: { code: number; text: string; frame: number } | null = null;
  readonly commands: Command[] = [];
  readonly attempts: LoginAttempt[] = [];
  readonly setups: SetupState[] = [];
  readonly transfers: TransferState[] = [];
  readonly oddities: Oddity[] = [];
  /** Its data connections (by an expectation, or between its hosts unexplained), in the order they were found. */
  readonly dataConns: DataState[] = [];
  tlsRequested = false;
  tlsAccepted = false;
  tlsFrame: number | null = null;
  /** The control bytes are TLS records now (from the 234 until clear text comes back). */
  private encryptedNow = false;
  /** First frame of a control channel the capture caught already encrypted (TLS records, no 234 seen); else null. */
  tlsMidSessionFrame: number | null = null;
  /** A segment was read as clear text. */
  private payloadRead = false;
  /** Frame where the control channel was read in clear again after TLS (CCC or a closed TLS session); else null. */
  clearAgainFrame: number | null = null;
  /** Per direction [server, client]: its next segment starts the lines anew (clear text after TLS). */
  private restart: [boolean, boolean] = [false, false];
  /** After 234: control bytes are TLS records and are no longer read as lines. */
  encryptedBytes = 0;
  /** Implicit FTPS: encrypted from the first byte. */
  implicitTls = false;
  /** The control channel's plaintext a TLS key log decrypted (tls.ts); null until tshark hands on any. */
  decrypted: DecryptedControl | null = null;
  /** The first line the server sent, kept to say what a non-FTP peer on an FTP port was. */
  firstServerLine: string | null = null;
  /** Replies with a valid code, and commands with a known FTP verb: zero of both means the peer is not FTP. */
  validReplies = 0;
  unansweredReplies = 0;
  private readonly fromClient = new ControlStream();
  private readonly fromServer = new ControlStream();
  private readonly replies = new ReplyReader();
  private awaiting: Awaiting[] = [];
  private currentUser: string | null = null;
  private currentUserFrame: number | null = null;
  private pendingSetup: SetupState | null = null;
  private sawServerLine = false;
  /** Any payload was seen on the connection (read as lines or counted as encrypted). */
  payloadSeen = false;
  private lastFrame = 0;
  /** Frame of the server's last line read. */
  private lastServerFrame = 0;

  constructor(
    conn: TcpConnection,
    clientIsA: boolean,
    private readonly hooks: SessionHooks,
  ) {
    this.conn = conn;
    this.clientIsA = clientIsA;
    this.client = clientIsA ? { ...conn.a } : { ...conn.b };
    this.server = clientIsA ? { ...conn.b } : { ...conn.a };
  }

  /** The SYN of one side was seen: its data starts right after it. */
  setInitialSequence(fromClient: boolean, isn: number): void {
    (fromClient ? this.fromClient : this.fromServer).setInitialSequence(isn);
  }

  /** Bytes of the control channel never captured, per direction. */
  get missingBytes(): number {
    return this.fromClient.missingBytes + this.fromServer.missingBytes;
  }

  get encrypted(): boolean {
    return this.tlsAccepted;
  }

  /** Feeds one control-channel segment. */
  pushPayload(fromClient: boolean, seq: number, data: Uint8Array, frame: number, t: number): void {
    this.lastFrame = frame;
    this.payloadSeen = true;
    const stream = fromClient ? this.fromClient : this.fromServer;
    if (this.encryptedNow || this.implicitTls) {
      // After CCC (RFC 4217 §6), or once the TLS session closed, the peers speak in clear again: a segment that is no
      // TLS record but an FTP line starts the lines anew, in this direction now and in the other at its next segment.
      if (this.implicitTls || !isClearLine(data) || stream.seen(seq)) {
        this.encryptedBytes += data.length;
        return;
      }
      this.encryptedNow = false;
      this.clearAgainFrame = frame;
      this.restart = [true, true];
    }
    // Caught mid-TLS: the first payload the capture holds is a TLS record, not a line.
    if (!this.payloadRead && !this.conn.sawSyn && isTlsRecord(data)) {
      this.encryptedNow = true;
      this.tlsMidSessionFrame = frame;
      this.encryptedBytes += data.length;
      return;
    }
    this.payloadRead = true;
    const side = fromClient ? 1 : 0;
    if (this.restart[side]) {
      this.restart[side] = false;
      stream.restartAt(seq);
    }
    for (const line of stream.push(seq, data, frame, t)) this.onLine(fromClient, line);
  }

  /** Feeds control bytes TLS hid and a key log decrypted: read as lines, like a clear channel's. */
  pushDecrypted(fromClient: boolean, data: Uint8Array, frame: number, t: number): void {
    this.lastFrame = frame;
    this.decrypted ??= new DecryptedControl();
    for (const line of this.decrypted.push(fromClient, data, frame, t)) this.onLine(fromClient, line, true);
  }

  /**
   * Nothing waits to be read: no partial line, no bytes held behind a gap, no open multi-line reply. finish() then
   * reads nothing more, so it gives the same model now as at the end of the capture (it takes the capture's last
   * time only for what is still unread).
   */
  get settled(): boolean {
    const [server, client] = this.deferred;
    return (
      this.fromClient.idle &&
      this.fromServer.idle &&
      this.replies.idle &&
      server.length === 0 &&
      client.length === 0 &&
      (this.decrypted?.idle ?? true)
    );
  }

  /** End of capture: flush partial lines and replies. */
  finish(t: number): void {
    this.deferred[1].push(...this.fromClient.finish(t));
    this.deferred[0].push(...this.fromServer.finish(t));
    this.drainDeferred();
    for (const l of this.decrypted?.finish(t) ?? []) this.onLine(l.fromClient, l.line, true);
    const open = this.replies.finish(this.lastFrame, t);
    if (open) this.onReply(open);
    this.settleWaiting();
    // A passive setup whose reply was lost and whose data connection never came: its address is unknown.
    for (let i = this.transfers.length - 1; i >= 0; i--) {
      const tr = this.transfers[i]!;
      if (tr.setup.announced) continue;
      this.transfers.splice(i, 1);
      tr.setup.transfer = null;
      this.oddities.push({
        frame: tr.cmd.frame,
        kind: 'transfer-without-setup',
        text: `${tr.command} ${tr.arg ?? ''}`,
      });
    }
    if (this.pendingUser) {
      this.attempts.push(this.pendingUser);
      this.pendingUser = null;
    }
  }

  private pendingUser: LoginAttempt | null = null;

  /**
   * Reads what one side holds behind a gap that began before `frame`: the other side has gone on (sent a
   * later line, or opened the announced data connection), so those bytes were lost by the capture. Only the lines
   * before `frame` are read now; the later ones wait their turn, so both sides stay in frame order.
   */
  flushHeldBefore(frame: number, serverSide: boolean): void {
    const stream = serverSide ? this.fromServer : this.fromClient;
    const queue = this.deferred[serverSide ? 0 : 1];
    const held = stream.oldestHeldFrame;
    if (held !== null && held < frame) queue.push(...stream.skipGaps());
    while (queue.length > 0 && queue[0]!.frame < frame) this.readLine(!serverSide, queue.shift()!);
  }

  /** Lines taken from behind a gap that come after a line of the other side not yet read: [server, client]. */
  private readonly deferred: [ControlLine[], ControlLine[]] = [[], []];

  private onLine(fromClient: boolean, line: ControlLine, decrypted = false): void {
    // Earlier lines of the same side waiting their turn go first.
    const own = this.deferred[fromClient ? 1 : 0];
    while (!decrypted && own.length > 0) this.readLine(fromClient, own.shift()!);
    this.readLine(fromClient, line, decrypted);
  }

  /** End of capture: every line still waiting, both sides merged in frame order. */
  private drainDeferred(): void {
    const [server, client] = this.deferred;
    while (server.length > 0 || client.length > 0) {
      const fromClient = server.length === 0 || (client.length > 0 && client[0]!.frame < server[0]!.frame);
      this.readLine(fromClient, (fromClient ? client : server).shift()!);
    }
  }

  private readLine(fromClient: boolean, line: ControlLine, decrypted = false): void {
    if (this.encryptedNow && !decrypted) return;
    // Lines stay in order: what the other side held behind a gap comes first.
    this.flushHeldBefore(line.frame, fromClient);
    if (line.afterGap && fromClient) this.clientGap = true;
    if (line.truncated) this.oddities.push({ frame: line.frame, kind: 'line-too-long', text: line.text.slice(0, 80) });
    if (fromClient) this.onCommandLine(line);
    else {
      this.sawServerLine = true;
      if (this.firstServerLine === null) this.firstServerLine = line.text.slice(0, 80);
      if (line.afterGap) {
        const cut = this.replies.cut(this.lastServerFrame, line.t);
        if (cut) this.onReply(cut);
        this.resync = true; // the server's bytes were lost: its next reply may skip a command
        // The gap follows a whole reply: the lost bytes hold the replies to commands sent after it. After a cut
        // multi-line reply they hold its end instead.
        this.gapAfterFrame = cut ? null : this.lastServerFrame;
      }
      this.lastServerFrame = line.frame;
      const reply = this.replies.push(line);
      if (reply) this.onReply(reply);
    }
  }

  private onCommandLine(line: ControlLine): void {
    const text = line.text;
    if (text.trim() === '') {
      this.oddities.push({ frame: line.frame, kind: 'empty-command', text: '' });
      return;
    }
    const sp = text.indexOf(' ');
    const verbRaw = sp === -1 ? text : text.slice(0, sp);
    const argRaw = sp === -1 ? '' : text.slice(sp + 1);
    if (!VERB_PATTERN.test(verbRaw)) {
      this.oddities.push({ frame: line.frame, kind: 'malformed-command', text: text.slice(0, 80) });
      return;
    }
    const verb = verbRaw.toUpperCase();
    const cmd: Command = {
      frame: line.frame,
      t: roundT(line.t),
      command: verb,
      arg: argRaw === '' ? null : argRaw,
      reply: null,
      firstFrame: line.firstFrame,
      firstT: roundT(line.firstT),
      announced: null,
      statedSize: null,
      directory: null,
    };
    const index = this.commands.length;
    this.commands.push(cmd);
    const entry: Awaiting = { cmd, intermediate: [] };
    if (verb === 'USER') {
      if (this.pendingUser) this.attempts.push(this.pendingUser);
      this.currentUser = cmd.arg;
      this.currentUserFrame = cmd.frame;
      this.pendingUser = {
        user: cmd.arg,
        password: null,
        replyCode: null,
        frame: cmd.frame,
        t: cmd.t,
        userFrame: cmd.frame,
        replyFrame: null,
        outcome: 'unknown',
        anonymous: isGuest(cmd.arg),
      };
      entry.userAttempt = this.pendingUser;
    } else if (verb === 'PASS') {
      const attempt: LoginAttempt = {
        user: this.currentUser,
        password: cmd.arg,
        replyCode: null,
        frame: cmd.frame,
        t: cmd.t,
        userFrame: this.currentUserFrame,
        replyFrame: null,
        outcome: 'unknown',
        anonymous: isGuest(this.currentUser),
      };
      this.pendingUser = null;
      this.attempts.push(attempt);
      entry.attempt = attempt;
    } else if (verb === 'AUTH' && TLS_AUTH_ARGS.has((cmd.arg ?? '').trim().toUpperCase())) {
      this.tlsRequested = true;
      if (this.tlsFrame === null) this.tlsFrame = cmd.frame;
      entry.auth = true;
    } else if (verb in SETUP_COMMANDS) {
      entry.setup = this.openSetup(verb as SetupCommand, cmd, index);
    } else if (verb in TRANSFER_COMMANDS) {
      entry.transfer = this.openTransfer(verb, cmd, index);
    } else if (verb === 'ABOR') {
      for (const a of this.awaiting) if (a.transfer) a.transfer.aborted = true;
    }
    this.awaiting.push(entry);
  }

  private openSetup(command: SetupCommand, cmd: Command, commandIndex: number): SetupState {
    const mode = SETUP_COMMANDS[command];
    const setup: SetupState = {
      session: this,
      command,
      mode,
      frame: cmd.frame,
      t: cmd.t,
      cmd,
      commandIndex,
      replyCode: null,
      replyT: null,
      replyFrame: null,
      replyText: null,
      announced: null,
      data: null,
      transfer: null,
    };
    if (mode === 'active') {
      setup.announced =
        command === 'PORT'
          ? parsePortArg(cmd.arg)
          : command === 'EPRT'
            ? parseEprtArg(cmd.arg)
            : parseLongAddress(cmd.arg);
      if (!setup.announced)
        this.oddities.push({ frame: cmd.frame, kind: 'bad-address', text: `${command} ${cmd.arg ?? ''}` });
      else {
        cmd.announced = setup.announced;
        this.hooks.openExpectation(setup);
      }
    }
    this.setups.push(setup);
    this.pendingSetup = setup;
    return setup;
  }

  private openTransfer(verb: string, cmd: Command, commandIndex: number): TransferState | undefined {
    const setup = this.pendingSetup;
    // A passive setup whose reply the capture lost still serves: the client connects to the address it announced.
    const replyLost = setup?.mode === 'passive' && setup.replyCode === null;
    if (!setup || (!setup.announced && !replyLost)) {
      this.oddities.push({ frame: cmd.frame, kind: 'transfer-without-setup', text: `${verb} ${cmd.arg ?? ''}`.trim() });
      return undefined;
    }
    this.pendingSetup = null;
    const transfer: TransferState = {
      command: verb,
      arg: cmd.arg,
      direction: TRANSFER_COMMANDS[verb]!,
      cmd,
      commandIndex,
      setup,
      replyCodes: [],
      finalCode: null,
      completeT: null,
      completeFrame: null,
      aborted: false,
    };
    setup.transfer = transfer;
    this.transfers.push(transfer);
    return transfer;
  }

  private onReply(reply: RawReply): void {
    if (reply.malformed)
      this.oddities.push({ frame: reply.frame, kind: `reply-${reply.malformed}`, text: reply.text.slice(0, 80) });
    if (reply.code !== null && !reply.malformed) this.validReplies += 1;
    if (reply.code === null) {
      // A line with no reply code still answers the oldest waiting command: pairing the next valid reply
      // with it instead would shift every later command's reply by one.
      const head = this.awaiting.shift();
      if (head?.transfer) head.transfer.invalidReply = true;
      // the line right after a gap is the tail of the reply the gap cut: that reply is accounted for
      this.resync = false;
      return;
    }
    const code = reply.code;
    // The greeting: the session's first reply when it is 220 (or 120 and then 220), whatever the
    // client pipelined before it; on a capture that missed the start, a 220 may answer a command instead.
    // RFC 959 §5.4: connection establishment is answered 120, 220 or 421 (service not available).
    if (
      code === 421 &&
      !this.anyReplySeen &&
      this.greeting === null &&
      (this.conn.sawSyn || this.awaiting.length === 0)
    ) {
      this.anyReplySeen = true;
      this.refusal = { code, text: reply.text, frame: reply.frame };
      return;
    }
    const greeting =
      (code === 220 || code === 120) && this.greeting === null && (!this.anyReplySeen || this.greetingDelayed);
    if (greeting && (this.conn.sawSyn || this.awaiting.length === 0)) {
      this.anyReplySeen = true;
      this.greetingDelayed = code === 120;
      if (code === 220) {
        this.greeting = {
          code,
          text: reply.text,
          lines: reply.text.split('\n'),
          frame: reply.frame,
          firstFrame: reply.firstFrame,
          t: roundT(reply.t),
          firstT: roundT(reply.firstT),
        };
      }
      return;
    }
    this.anyReplySeen = true;
    const at = this.matchReply(code, reply);
    if (at >= 0) this.clientGap = false;
    if (at < 0) {
      if (at === LOST_COMMAND) {
        this.oddities.push({ frame: reply.frame, kind: 'command-lost', text: `${code} ${reply.text.split('\n')[0]}` });
        return;
      }
      this.unansweredReplies += 1;
      this.oddities.push({
        frame: reply.frame,
        kind: 'reply-without-command',
        text: `${code} ${reply.text.split('\n')[0]}`,
      });
      return;
    }
    this.dropLostReplies(at);
    const head = this.awaiting[0]!;
    const preliminary = code >= 100 && code < 200;
    if (head.transfer) head.transfer.replyCodes.push(code);
    if (preliminary) {
      head.intermediate.push({ code, frame: reply.frame, text: reply.text });
      head.intermediateT = reply.t;
      return;
    }
    this.awaiting.shift();
    head.cmd.reply = {
      code,
      kind: replyKind(code),
      area: replyArea(code),
      text: reply.text,
      frame: reply.frame,
      firstFrame: reply.firstFrame,
      t: roundT(reply.t),
      firstT: roundT(reply.firstT),
      latencyMs: ms(reply.t - head.cmd.t),
      intermediate: head.intermediate,
    };
    const preliminary150 =
      head.cmd.command === 'RETR' ? (head.intermediate.find((i) => i.code === 150)?.text ?? null) : null;
    head.cmd.statedSize = statedSize(head.cmd.command, code, reply.text, preliminary150);
    head.cmd.directory = namedDirectory(head.cmd.command, code, reply.text);
    if (head.attempt) settleAttempt(head.attempt, code, reply.frame);
    if (head.userAttempt && this.pendingUser === head.userAttempt) {
      settleAttempt(head.userAttempt, code, reply.frame);
      if (code < 300 || code >= 400) {
        this.attempts.push(head.userAttempt);
        this.pendingUser = null;
      }
    }
    if (head.auth && code === 234) {
      this.tlsAccepted = true;
      this.encryptedNow = true;
      this.awaiting = [];
    }
    if (head.setup) this.onSetupReply(head.setup, code, reply);
    if (head.transfer) {
      head.transfer.finalCode = code;
      head.transfer.completeT = reply.t;
      head.transfer.completeFrame = reply.frame;
      this.releaseSetup(head.transfer, head.intermediate.length > 0);
    }
  }

  /**
   * A transfer command refused at once (4xx/5xx, no 1xx, no data connection) did not use its PORT/PASV: the server
   * keeps it for the next transfer command (PORT → 200, RETR / → 550, LIST → 150 → 226).
   */
  private releaseSetup(tr: TransferState, preliminary: boolean): void {
    const setup = tr.setup;
    if (preliminary || tr.finalCode === null || tr.finalCode < 400 || setup.data || setup.transfer !== tr) return;
    if (this.pendingSetup !== null) return;
    tr.released = true;
    setup.transfer = null;
    this.pendingSetup = setup;
  }

  /**
   * End of capture: a command that got only preliminary replies (150 and then nothing) has the last of them as its
   * reply, so the report shows what the server said; the transfer stays without a final reply.
   */
  private settleWaiting(): void {
    for (const a of this.awaiting) settlePreliminary(a);
  }

  /** Server bytes were lost: replies are matched by what they can answer until one fits in order. */
  private resync = false;

  /**
   * Which waiting command a reply answers: its index in `awaiting`, NO_COMMAND when none waits, LOST_COMMAND when it
   * answers a command the capture lost. Replies come in the order of their commands and never before them, so only
   * commands sent before the reply's first byte are candidates. Order decides while nothing was lost; once the capture
   * lost bytes of either side, a reply goes to the first waiting command its code can answer (RFC 959 §5.4, table in
   * protocol/command-replies.ts), preferring one its text names ("200 PORT command successful"), and the commands
   * skipped lost their replies.
   */
  private matchReply(code: number, reply: RawReply): number {
    let n = 0;
    while (n < this.awaiting.length && this.awaiting[n]!.cmd.frame < reply.firstFrame) n += 1;
    if (n === 0) return NO_COMMAND;
    const fits = (i: number) => canAnswer(this.awaiting[i]!.cmd.command, code);
    // Client bytes lost since the last reply matched: this reply may answer the command lost in them.
    if (!this.resync) return this.clientGap && !fits(0) ? LOST_COMMAND : 0;
    // The oldest waiting command was sent after the server's last reply before the gap: its reply was in the gap.
    if (this.gapAfterFrame !== null && this.awaiting[0]!.cmd.frame > this.gapAfterFrame) {
      this.gapAfterFrame = null;
      this.dropLostReplies(1);
      n -= 1;
      if (n === 0) {
        this.resync = false;
        return LOST_COMMAND;
      }
    }
    const first = reply.text.split('\n')[0]!.toUpperCase();
    let match = -1;
    for (let i = 0; i < n && match === -1; i++) {
      if (fits(i) && new RegExp(`\\b${this.awaiting[i]!.cmd.command}\\b`).test(first)) match = i;
    }
    for (let i = 0; i < n && match === -1; i++) if (fits(i)) match = i;
    if (match === -1) {
      // No command the capture holds can take it: its command was lost. When the client side still holds bytes
      // behind a gap, that command came after every waiting one, so their replies were among the lost server bytes.
      if (this.fromClient.oldestHeldFrame !== null) this.dropLostReplies(n);
      return LOST_COMMAND;
    }
    this.resync = false;
    this.clientGap = false;
    return match;
  }

  /** Frame of the server's last line before its latest gap, when that line ended a reply; else null. */
  private gapAfterFrame: number | null = null;
  /** A gap in the client's bytes was skipped since the last reply was matched. */
  private clientGap = false;

  /** The first `count` waiting commands lost their replies in a gap of the server's bytes. */
  private dropLostReplies(count: number): void {
    if (count <= 0) return;
    const skipped = this.awaiting.splice(0, count);
    for (const a of skipped) settlePreliminary(a);
    for (const a of skipped) this.oddities.push({ frame: a.cmd.frame, kind: 'reply-lost', text: a.cmd.command });
  }

  private anyReplySeen = false;
  private greetingDelayed = false;

  private onSetupReply(setup: SetupState, code: number, reply: RawReply): void {
    setup.replyCode = code;
    setup.replyT = reply.t;
    setup.replyFrame = reply.frame;
    setup.replyText = reply.text;
    if (setup.mode !== 'passive') return;
    const want = PASSIVE_REPLY[setup.command as 'PASV' | 'EPSV' | 'LPSV'];
    if (code !== want) return;
    setup.announced =
      setup.command === 'PASV'
        ? parsePasvReply(reply.text)
        : setup.command === 'EPSV'
          ? parseEpsvReply(reply.text, this.server.ip)
          : parseLongAddress(reply.text);
    if (!setup.announced)
      this.oddities.push({ frame: reply.frame, kind: 'bad-address', text: `${code} ${reply.text}` });
    else {
      setup.cmd.announced = setup.announced;
      this.hooks.openExpectation(setup);
    }
  }

  /** The session has seen anything but a bare TCP handshake. */
  get spokeFtp(): boolean {
    return this.sawServerLine || this.commands.length > 0;
  }
}

/** Records the final reply of a login attempt and what it means. */
function settleAttempt(attempt: LoginAttempt, code: number, frame: number): void {
  attempt.replyCode = code;
  attempt.replyFrame = frame;
  attempt.outcome = outcomeOf(code);
}

/** A guest user id (anonymous, ftp …), compared without case. */
const isGuest = (user: string | null): boolean => user !== null && GUEST_USERS.has(user.toLowerCase());

/** A command left with only preliminary replies gets the last of them as its reply. */
function settlePreliminary(a: Awaiting): void {
  const last = a.intermediate[a.intermediate.length - 1];
  if (!last || a.cmd.reply) return;
  a.cmd.reply = {
    code: last.code,
    kind: replyKind(last.code),
    area: replyArea(last.code),
    text: last.text,
    frame: last.frame,
    firstFrame: last.frame,
    t: roundT(a.intermediateT ?? a.cmd.t),
    firstT: roundT(a.intermediateT ?? a.cmd.t),
    latencyMs: ms((a.intermediateT ?? a.cmd.t) - a.cmd.t),
    intermediate: a.intermediate.slice(0, -1),
  };
}
