// A capture file whose TCP this reader cannot read (here an IP-in-IP tunnel) is read a second time with every packet
// given to tshark. Sessions passed to `onSession` before that (streamed CSV/JSONL/Zeek rows, the --json spool) must
// not be passed on again: the second reading passes on only the sessions after them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import type { Session } from '../../src/model.js';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../src/protocol/tcp.js';
import { type Endpoint, ipInIp, pcapFile, tcpFrame } from '../capture/build-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-reread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One control connection's frames, its sequence numbers kept. */
class Control {
  readonly frames: Buffer[] = [];
  private cSeq = 1000;
  private sSeq = 5000;
  constructor(
    private readonly c: Endpoint,
    private readonly s: Endpoint,
  ) {}
  open(): Buffer[] {
    const out = [
      tcpFrame(this.c, this.s, TCP_SYN, this.cSeq++),
      tcpFrame(this.s, this.c, TCP_SYN | TCP_ACK, this.sSeq++),
      tcpFrame(this.c, this.s, TCP_ACK, this.cSeq),
    ];
    return [...out, this.reply('220 ready')];
  }
  command(line: string): Buffer {
    const payload = Buffer.from(`${line}\r\n`);
    const f = tcpFrame(this.c, this.s, TCP_ACK | TCP_PSH, this.cSeq, payload);
    this.cSeq += payload.length;
    return f;
  }
  reply(line: string): Buffer {
    const payload = Buffer.from(`${line}\r\n`);
    const f = tcpFrame(this.s, this.c, TCP_ACK | TCP_PSH, this.sSeq, payload);
    this.sSeq += payload.length;
    return f;
  }
  close(): Buffer[] {
    return [
      tcpFrame(this.s, this.c, TCP_FIN | TCP_ACK, this.sSeq++),
      tcpFrame(this.c, this.s, TCP_FIN | TCP_ACK, this.cSeq++),
      tcpFrame(this.s, this.c, TCP_ACK, this.sSeq),
    ];
  }
}

/** A SYN between two other hosts in an IP-in-IP tunnel: TCP only tshark reads. */
const tunnelled = (): Buffer =>
  ipInIp(tcpFrame({ ip: '10.1.0.1', port: 41000 }, { ip: '10.1.0.2', port: 21 }, TCP_SYN, 5));

describe('a capture read again after sessions were passed on', () => {
  it('passes each session on once, and they are the sessions of a --dissect-all reading', async () => {
    const server = { ip: '10.0.0.2', port: 21 };
    const first = new Control({ ip: '10.0.0.1', port: 40000 }, server);
    const second = new Control({ ip: '10.0.0.3', port: 40001 }, server);
    // S1 ends at once; S2 goes on (a frame a second) long enough for S1 to be released, then a tunnelled packet
    // makes the capture be read again, and S2 ends
    const frames = [...first.open(), first.command('QUIT'), first.reply('221 bye'), ...first.close()];
    frames.push(...second.open());
    for (let i = 0; i < 600; i++) frames.push(second.command('NOOP'), second.reply('200 ok'));
    frames.push(tunnelled(), second.command('QUIT'), second.reply('221 bye'), ...second.close());
    const file = join(dir, 'reread.pcap');
    writeFileSync(file, pcapFile(frames));

    const passed: Session[] = [];
    const streamed = await runReport({ capture: file, packetRows: false, onSession: (s) => passed.push(s) });
    const whole = await runReport({ capture: file, packetRows: false, dissectAll: true });
    expect(passed.map((s) => s.id)).toEqual(['S1', 'S2']);
    expect(passed).toEqual(whole.sessions);
    expect({ ...streamed, sessions: whole.sessions }).toEqual(whole);
    expect(whole.sessions[1]!.commands).toHaveLength(601);
  });

  it('a capture read once passes on every session once, however many', async () => {
    const server = { ip: '10.0.0.2', port: 21 };
    const frames: Buffer[] = [];
    for (let i = 0; i < 3; i++) {
      const c = new Control({ ip: `10.0.0.${10 + i}`, port: 40000 + i }, server);
      frames.push(...c.open(), c.command('QUIT'), c.reply('221 bye'), ...c.close());
    }
    const file = join(dir, 'once.pcap');
    writeFileSync(file, pcapFile(frames));
    const passed: Session[] = [];
    const streamed = await runReport({ capture: file, packetRows: false, onSession: (s) => passed.push(s) });
    expect(passed.map((s) => s.id)).toEqual(['S1', 'S2', 'S3']);
    expect(streamed.sessions).toEqual([]);
  });
});
