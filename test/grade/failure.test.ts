// runReport's errors (and empty or FTP-less reports) as the gradebook's reason and a one-line error.
import { describe, expect, it } from 'vitest';
import { FtpReportError } from '../../src/errors.js';
import { failureOf, failureOfReport } from '../../src/grade/failure.js';
import { report, session } from './report-builder.js';

const err = (code: ConstructorParameters<typeof FtpReportError>[0], message: string) => new FtpReportError(code, message);

describe('failureOf', () => {
  it.each([
    [err('CAPTURE_NOT_FOUND', 'a.pcap: no such file'), 'not-found', 'no such file'],
    [err('CAPTURE_UNREADABLE', 'a.pcap: is a directory, not a capture file'), 'unreadable', 'is a directory, not a capture file'],
    [err('CAPTURE_INVALID', 'a.pcap: is empty (0 bytes), not a capture'), 'empty', 'is empty (0 bytes), not a capture'],
    [err('CAPTURE_INVALID', 'a.pcap: is not a pcap or pcapng capture (it starts with bytes 68656c6c)'), 'not-a-capture', 'is not a pcap or pcapng capture (it starts with bytes 68656c6c)'],
    [
      err('CAPTURE_INVALID', 'a.pcap: tshark stopped before the end, so no report is made: The file "a.pcap" appears to have been cut short in the middle of a packet.'),
      'truncated',
      'tshark stopped before the end of the capture: The file "a.pcap" appears to have been cut short in the middle of a packet.',
    ],
    [
      err('CAPTURE_INVALID', 'a.pcap: tshark stopped before the end (The file "a.pcap" appears to be damaged or corrupt.); the report above is PARTIAL: it covers the first 9 packets only'),
      'corrupt',
      'tshark stopped before the end of the capture: The file "a.pcap" appears to be damaged or corrupt.',
    ],
    [err('TSHARK_FAILED', 'a.pcap: tshark stopped before the end, so no report is made: killed by SIGKILL'), 'tshark-error', 'tshark stopped before the end of the capture: killed by SIGKILL'],
    [err('TSHARK_MISSING', 'tshark not found'), 'tshark-error', 'tshark not found'],
    [new TypeError('x is undefined\n    at f (a.js:1:1)'), 'internal-error', 'internal error: x is undefined'],
  ])('%s → %s', (e, reason, message) => {
    expect(failureOf(e, 'a.pcap')).toEqual({ reason, message });
  });

  it('says how many packets tshark read when the error carries the partial report', () => {
    const e = err('CAPTURE_INVALID', 'a.pcap: tshark stopped before the end (The file "a.pcap" appears to have been cut short in the middle of a packet.); the report above is PARTIAL');
    Object.assign(e, { partialReport: report([]) });
    expect(failureOf(e, 'a.pcap').message).toBe('tshark stopped before the end of the capture (after 100 packets): The file "a.pcap" appears to have been cut short in the middle of a packet.');
  });
});

describe('failureOfReport', () => {
  it('no packets is empty, no session is no-ftp, a session is gradable', () => {
    const none = report([]);
    expect(failureOfReport({ ...none, capture: { ...none.capture, packets: 0 } })).toEqual({ reason: 'empty', message: 'the capture holds no packets' });
    expect(failureOfReport(none)).toEqual({ reason: 'no-ftp', message: 'no FTP control session in 100 packets on port 21' });
    expect(failureOfReport(report([session({ commands: [] })]))).toBeNull();
  });
});
