// tshark links ftp-data packets to the frame that set them up (ftp-data.setup-frame): a free
// cross-check of our own linking wherever tshark manages to link (it misses some active ones).
import { readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sharedReport } from '../shared-report.js';

const samples = readdirSync('samples')
  .filter((f) => f.endsWith('.pcapng'))
  .sort();

describe.each(samples)('%s', (name) => {
  it("agrees with tshark's ftp-data.setup-frame wherever tshark links a data connection", async () => {
    const out = execFileSync(
      'tshark',
      [
        '-r',
        `samples/${name}`,
        '-n',
        '-Y',
        'ftp-data',
        '-T',
        'fields',
        '-e',
        'tcp.stream',
        '-e',
        'ftp-data.setup-frame',
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const tsharkLinks = new Map<number, number>();
    for (const line of out.trim().split('\n').filter(Boolean)) {
      const [stream, frame] = line.split('\t').map(Number) as [number, number];
      if (Number.isFinite(frame)) tsharkLinks.set(stream, frame);
    }
    // tshark 4.0 does not link pyftpdlib's active data connection (it connects before its 200 reply);
    // everywhere else it links at least one, so this check is never empty by accident.
    if (name !== 'active-retr-125.pcapng') expect(tsharkLinks.size).toBeGreaterThan(0);
    const report = await sharedReport({ capture: `samples/${name}` });
    const ours = new Map<number, number>();
    for (const s of report.sessions) {
      for (const t of s.transfers) {
        if (!t.data) continue;
        // tshark names the PASV/EPSV reply for passive mode and the PORT/EPRT command for active mode.
        const setupCmd = s.commands.find((c) => c.frame === t.setup.frame)!;
        ours.set(t.data.tcpStream, t.mode === 'passive' ? setupCmd.reply!.frame : t.setup.frame);
      }
    }
    for (const [stream, frame] of tsharkLinks) expect(ours.get(stream), `tcp.stream ${stream}`).toBe(frame);
  });
});
