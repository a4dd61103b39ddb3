// Plays one planned FTP session as TCP packets: login, a LIST and RETR/STOR transfers in active or passive mode, QUIT.

import { hostPortCommas } from './hosts.js';
import type { PacketSink } from './packet.js';
import type { PlannedSession, PlannedTransfer } from './plan.js';
import type { Prng } from './prng.js';
import { type BulkContent, type Endpoint, TcpConnection } from './tcp.js';

/** Counters a session reports when it is done. */
export interface SessionStats {
  lostSegments: number;
}

export class FtpSessionPlayer {
  private readonly clientEnd: Endpoint;
  private readonly serverEnd: Endpoint;
  private readonly ctl: TcpConnection;
  readonly stats: SessionStats = { lostSegments: 0 };

  constructor(
    private readonly s: PlannedSession,
    private readonly sink: PacketSink,
    private readonly prng: Prng,
    /** The shared 64 KiB (+ tail) file content pattern. */
    private readonly pattern: Buffer,
    private readonly lossRate: number,
  ) {
    this.clientEnd = { host: s.client, port: s.clientPort, atCapturePoint: true };
    this.serverEnd = { host: s.server, port: 21, atCapturePoint: false };
    this.ctl = new TcpConnection(sink, this.clientEnd, this.serverEnd, this.timing(), prng.fork('control'), true);
  }

  /** Generates the session's packets; each yielded value is a time before which it will push nothing more. */
  *play(): Generator<number, void> {
    const s = this.s;
    let t = this.ctl.handshake(s.startUs);
    t = this.reply(t, '220 (vsFTPd 3.0.3)');
    yield t;
    t = this.exchange(t, `USER ${s.user}`, '331 Please specify the password.');
    t = this.exchange(t, `PASS ${s.password}`, '230 Login successful.');
    yield t;
    t = this.exchange(t, 'SYST', '215 UNIX Type: L8');
    if (this.prng.chance(0.5)) t = this.exchange(t, 'PWD', '257 "/" is the current directory');
    t = this.exchange(t, 'TYPE I', '200 Switching to Binary mode.');
    yield t;
    for (let i = 0; i < s.transfers.length; i++) {
      t = yield* this.transfer(t, s.transfers[i]!, i);
      yield t;
    }
    t = this.exchange(t, 'QUIT', '221 Goodbye.');
    this.ctl.close(this.ctl.b, t + s.hostDelayUs + this.prng.range(20, 100));
  }

  private timing() {
    return { rttUs: this.s.rttUs, hostDelayUs: this.s.hostDelayUs };
  }

  /** The client's pause before its next command. */
  private think(): number {
    return this.s.interactive ? this.prng.range(200_000, 2_000_000) : this.prng.range(60, 1_500);
  }

  /** The server's time to answer a command. */
  private serverDelay(): number {
    return this.prng.range(30, 300);
  }

  private line(text: string): Buffer {
    return Buffer.from(`${text}\r\n`, 'latin1');
  }

  /** The server answers something of the client's captured at t; returns the reply's capture time. */
  private reply(t: number, text: string): number {
    const tr = this.ctl.answerAt(this.ctl.b, t, this.serverDelay());
    this.ctl.send(this.ctl.b, tr, this.line(text));
    return tr;
  }

  /** The client sends a command after thinking; returns the command's capture time. */
  private command(t: number, text: string, pause = this.think()): number {
    const tc = t + pause;
    this.ctl.send(this.ctl.a, tc, this.line(text));
    return tc;
  }

  /** Command after a pause, then its reply; returns the reply's capture time. */
  private exchange(t: number, cmd: string, reply: string): number {
    return this.reply(this.command(t, cmd), reply);
  }

  private *transfer(t0: number, x: PlannedTransfer, n: number): Generator<number, number> {
    const s = this.s;
    const ctl = this.ctl;
    const delay = s.hostDelayUs;
    const clientData: Endpoint = { host: s.client, port: x.clientDataPort, atCapturePoint: true };
    const serverData: Endpoint = { host: s.server, port: x.serverDataPort, atCapturePoint: false };
    const cmdText = x.arg === null ? x.command : `${x.command} ${x.arg}`;
    const connPrng = this.prng.fork(`data/${n}`);
    let data: TcpConnection;
    let t150: number;
    let tc: number;
    if (x.mode === 'passive') {
      const announce =
        x.setupCommand === 'PASV'
          ? `227 Entering Passive Mode (${hostPortCommas(s.server.ip, x.serverDataPort)}).`
          : `229 Entering Extended Passive Mode (|||${x.serverDataPort}|)`;
      const tr = this.exchange(t0, x.setupCommand, announce);
      // The client connects as soon as it reads the reply, then sends the transfer command.
      data = new TcpConnection(this.sink, clientData, serverData, this.timing(), connPrng, false);
      const up = data.handshake(ctl.answerAt(ctl.a, tr, this.prng.range(30, 200)));
      tc = this.command(up, cmdText, this.prng.range(20, 100));
      t150 = this.ctl.answerAt(ctl.b, tc, this.serverDelay());
    } else {
      const announce =
        x.setupCommand === 'PORT'
          ? `PORT ${hostPortCommas(s.client.ip, x.clientDataPort)}`
          : `EPRT |${s.family === 4 ? 1 : 2}|${s.client.ip}|${x.clientDataPort}|`;
      const tr = this.exchange(
        t0,
        announce,
        `200 ${x.setupCommand} command successful. Consider using ${x.setupCommand === 'PORT' ? 'PASV' : 'EPSV'}.`,
      );
      tc = this.command(tr, cmdText);
      // The server connects from port 20 when it reads the command, then says 150.
      data = new TcpConnection(this.sink, serverData, clientData, this.timing(), connPrng, false);
      const up = data.handshake(ctl.answerAt(ctl.b, tc, this.serverDelay()));
      t150 = up + delay;
    }
    const what =
      x.command === 'LIST'
        ? '150 Here comes the directory listing.'
        : x.command === 'RETR'
          ? `150 Opening BINARY mode data connection for ${x.arg} (${x.bytes} bytes).`
          : '150 Ok to send data.';
    ctl.send(ctl.b, t150, this.line(what));
    yield t150;
    const clientSide = data.sideOf(clientData);
    const serverSide = data.peer(clientSide);
    const upload = x.direction === 'upload';
    const sender = upload ? clientSide : serverSide;
    // Downloads start right after the 150 on the server; uploads when the client has read it.
    const start = upload ? ctl.answerAt(ctl.a, t150, delay + this.prng.range(10, 80)) : t150 + delay;
    const content: BulkContent =
      x.command === 'LIST' ? { buf: s.listing, salt: -1 } : { buf: this.pattern, salt: x.contentSalt };
    const sent = yield* data.bulk(sender, start, {
      bytes: x.bytes,
      content,
      rateBps: s.rateBps,
      lossRate: this.lossRate,
      prng: connPrng.fork('loss'),
    });
    this.stats.lostSegments += sent.lost;
    const closed = data.close(sender, sent.endT);
    // RETR/LIST: the server says 226 right after closing; STOR: once it has read the client's FIN.
    const t226 = upload ? ctl.answerAt(ctl.b, closed.finT, this.serverDelay()) : closed.finT + delay;
    return this.reply226(t226, x);
  }

  private reply226(t: number, x: PlannedTransfer): number {
    this.ctl.send(this.ctl.b, t, this.line(x.command === 'LIST' ? '226 Directory send OK.' : '226 Transfer complete.'));
    return t;
  }
}
