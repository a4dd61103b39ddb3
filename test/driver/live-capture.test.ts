// dumpcap's arguments and how its refusals become one-line errors with their exit codes (dumpcap 4.0's own words).
import { describe, expect, it } from 'vitest';
import { buildDumpcapArgs, captureError, firstLines } from '../../src/driver/live-capture.js';

describe('dumpcap arguments', () => {
  it('capture TCP by default, pcapng to standard output', () => {
    expect(buildDumpcapArgs({ iface: 'lo' })).toEqual(['-i', 'lo', '-f', 'tcp', '-w', '-', '-q']);
  });

  it('hand the filter, duration and packet count to dumpcap', () => {
    expect(buildDumpcapArgs({ iface: 'eth0', filter: 'port 21', durationS: 5, packets: 100 })).toEqual([
      '-i',
      'eth0',
      '-f',
      'port 21',
      '-w',
      '-',
      '-q',
      '-a',
      'duration:5',
      '-c',
      '100',
    ]);
  });
});

describe("dumpcap's refusals", () => {
  it('no permission: CAPTURE_DENIED (exit 9), with the way to fix it', () => {
    const stderr =
      'Capturing on \'lo\'\ndumpcap: You do not have permission to capture on device "lo".\n' +
      '(socket: Operation not permitted)\nPlease check to make sure you have sufficient permissions.\n';
    const err = captureError(firstLines(stderr), 'lo');
    expect(err.code).toBe('CAPTURE_DENIED');
    expect(err.exitCode).toBe(9);
    expect(err.message).toMatch(/^cannot capture on lo: permission denied \(You do not have permission/);
    expect(err.message).toContain('setcap cap_net_raw,cap_net_admin=eip');
    expect(err.message).not.toContain('\n');
  });

  it('unknown interface: USAGE (exit 2), listing the valid names', () => {
    const stderr = 'Capturing on \'nosuch\'\ndumpcap: There is no device named "nosuch".\n(No such device exists)\n';
    const err = captureError(firstLines(stderr), 'nosuch', ['1. eth0', '2. any', '3. lo (Loopback)']);
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('-i nosuch: no such interface (interfaces: eth0, any, lo)');
  });

  it("capture filter syntax: USAGE (exit 2), dumpcap's words on one line", () => {
    const stderr =
      "Capturing on 'Loopback: lo'\ndumpcap: Invalid capture filter \"tcp port\" for interface 'lo'.\n\n" +
      "That string isn't a valid capture filter (can't parse filter expression: syntax error).\n" +
      "See the User's Guide for a description of the capture filter syntax.\n";
    const err = captureError(firstLines(stderr), 'lo');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      `-f: Invalid capture filter "tcp port" for interface 'lo'. ` +
        "That string isn't a valid capture filter (can't parse filter expression: syntax error).",
    );
  });

  it('anything else: TSHARK_FAILED (exit 6) with its reason', () => {
    const err = captureError('The capture session could not be initiated', 'eth0');
    expect(err.exitCode).toBe(6);
    expect(err.message).toBe('dumpcap failed on eth0: The capture session could not be initiated');
  });
});
