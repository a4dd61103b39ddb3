// Builds packet records for engine tests: TCP connections with real sequence numbers, FTP lines, data.

import type { PacketRecord } from '../../src/records/types.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../src/protocol/tcp.js';

const PSH = 0x08;

interface Side {
  ip: string;
  port: number;
  seq: number;
}

/** One TCP connection between two endpoints; a is the SYN sender. */
export class Conn {
  constructor(
    private readonly net: Net,
    readonly stream: number,
    readonly a: Side,
    readonly b: Side,
    private readonly ctl: boolean,
  ) {}

  private emit(fromA: boolean, flags: number, len: number, payload: Uint8Array | null, seq?: number): PacketRecord {
    const s = fromA ? this.a : this.b;
    const d = fromA ? this.b : this.a;
    return this.net.add({
      src: s.ip,
      dst: d.ip,
      tcp: {
        stream: this.stream,
        srcPort: s.port,
        dstPort: d.port,
        flags,
        seq: seq ?? s.seq,
        len,
        ctl: this.ctl && len > 0 ? payload : null,
      },
    });
  }

  /** Only the opener's SYN (a connection attempt the other side may refuse). */
  syn(): this {
    this.emit(true, TCP_SYN, 0, null);
    this.a.seq += 1;
    return this;
  }

  handshake(): this {
    this.emit(true, TCP_SYN, 0, null);
    this.a.seq += 1;
    this.emit(false, TCP_SYN | TCP_ACK, 0, null);
    this.b.seq += 1;
    this.emit(true, TCP_ACK, 0, null);
    return this;
  }

  /** Sends bytes from a (true) or b (false) in one segment; returns the record. */
  send(fromA: boolean, data: Uint8Array | string): PacketRecord {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    const rec = this.emit(fromA, PSH | TCP_ACK, bytes.length, bytes);
    (fromA ? this.a : this.b).seq += bytes.length;
    return rec;
  }

  /** Sends n payload bytes (content irrelevant) as segments of at most mss. */
  sendBytes(fromA: boolean, n: number, mss = 1448): this {
    for (let off = 0; off < n; off += mss) this.send(fromA, new Uint8Array(Math.min(mss, n - off)));
    return this;
  }

  /** Re-sends an earlier segment: same sequence number and bytes. */
  retransmit(rec: PacketRecord): PacketRecord {
    const tcp = rec.tcp!;
    const fromA = tcp.srcPort === this.a.port && rec.src === this.a.ip;
    return this.emit(fromA, tcp.flags, tcp.len, tcp.ctl ?? new Uint8Array(tcp.len), tcp.seq);
  }

  /** Sends a segment at an explicit sequence offset without advancing (for out-of-order tests). */
  sendAt(fromA: boolean, seq: number, data: string): PacketRecord {
    return this.emit(fromA, PSH | TCP_ACK, data.length, Buffer.from(data, 'latin1'), seq);
  }

  fin(fromA: boolean): this {
    this.emit(fromA, TCP_FIN | TCP_ACK, 0, null);
    (fromA ? this.a : this.b).seq += 1;
    return this;
  }

  rst(fromA: boolean): this {
    this.emit(fromA, TCP_RST, 0, null);
    return this;
  }
}

/** The network: frame numbers, time, stream numbers. */
export class Net {
  readonly records: PacketRecord[] = [];
  private frame = 0;
  private us = 1_600_000_000_000_000;
  private streams = 0;
  /** Microseconds between consecutive packets. */
  step = 1000;

  add(partial: Pick<PacketRecord, 'src' | 'dst' | 'tcp'>): PacketRecord {
    this.frame += 1;
    this.us += this.step;
    const rec: PacketRecord = {
      frame: this.frame,
      epochUs: this.us,
      len: 60 + (partial.tcp?.len ?? 0),
      protocol: null,
      info: null,
      setupFrame: null,
      ...partial,
    };
    this.records.push(rec);
    return rec;
  }

  connect(
    a: { ip: string; port: number },
    b: { ip: string; port: number },
    options: { ctl?: boolean; handshake?: boolean } = {},
  ): Conn {
    const conn = new Conn(
      this,
      this.streams++,
      { ...a, seq: 1000 + this.streams * 7919 },
      { ...b, seq: 5000 + this.streams * 104729 },
      options.ctl ?? false,
    );
    if (options.handshake !== false) conn.handshake();
    return conn;
  }
}

export const CLIENT = '192.168.0.106';
export const SERVER = '193.166.3.2';

/** An FTP conversation on one control connection, written the way a lab describes it. */
export class Ftp {
  readonly net: Net;
  readonly ctl: Conn;

  constructor(
    options: {
      client?: string;
      server?: string;
      clientPort?: number;
      serverPort?: number;
      net?: Net;
      handshake?: boolean;
    } = {},
  ) {
    this.net = options.net ?? new Net();
    this.ctl = this.net.connect(
      { ip: options.client ?? CLIENT, port: options.clientPort ?? 52686 },
      { ip: options.server ?? SERVER, port: options.serverPort ?? 21 },
      { ctl: true, handshake: options.handshake },
    );
  }

  get client(): string {
    return this.ctl.a.ip;
  }
  get server(): string {
    return this.ctl.b.ip;
  }

  /** Client sends one command line. */
  cmd(line: string): this {
    this.ctl.send(true, `${line}\r\n`);
    return this;
  }

  /** Client types a line one character per segment, then CR LF as its own segment. */
  typed(line: string): this {
    for (const ch of line) this.ctl.send(true, ch);
    this.ctl.send(true, '\r\n');
    return this;
  }

  /** Server sends one reply (lines joined with CRLF). */
  reply(...lines: string[]): this {
    this.ctl.send(false, lines.map((l) => `${l}\r\n`).join(''));
    return this;
  }

  banner(text = '220 FTP server ready'): this {
    return this.reply(text);
  }

  login(user = 'anonymous', pass = 'x@x.com', code = 230): this {
    return this.cmd(`USER ${user}`)
      .reply('331 Please specify the password.')
      .cmd(`PASS ${pass}`)
      .reply(`${code} ${code === 230 ? 'Login successful.' : 'Login incorrect.'}`);
  }

  /** PASV and its 227 reply announcing the server's (or another) address and port. */
  pasv(port: number, ip = this.server): this {
    const [p1, p2] = [Math.floor(port / 256), port % 256];
    return this.cmd('PASV').reply(`227 Entering Passive Mode (${ip.split('.').join(',')},${p1},${p2}).`);
  }

  port(port: number, ip = this.client): this {
    const [p1, p2] = [Math.floor(port / 256), port % 256];
    return this.cmd(`PORT ${ip.split('.').join(',')},${p1},${p2}`).reply('200 PORT command successful.');
  }

  /** Client opens a data connection to the server's port. */
  clientConnects(serverPort: number, clientPort = 52700): Conn {
    return this.net.connect({ ip: this.client, port: clientPort }, { ip: this.server, port: serverPort });
  }

  /** Server opens a data connection to the client's port (from port 20 by default). */
  serverConnects(clientPort: number, serverPort = 20): Conn {
    return this.net.connect({ ip: this.server, port: serverPort }, { ip: this.client, port: clientPort });
  }

  get records(): PacketRecord[] {
    return this.net.records;
  }
}
