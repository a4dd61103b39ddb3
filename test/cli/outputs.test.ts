import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { TRANSFER_COLUMNS } from '../../src/reports/csv.js';
import { assertContract } from '../contract.js';
import { ROOT, runCli } from './run-cli.js';

// A saved tshark EK stream (zeek's ipv4 trace): the engine runs on it without tshark.
const EK = join(ROOT, 'test', 'fixtures', 'zeek-ipv4.ek.jsonl');

function jsonReport(args: string[], input?: string): Report {
  const r = runCli([...args, '--json'], { input });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

describe('outputs from one model', () => {
  const report = jsonReport(['--ek', EK]);

  it('--json follows the contract', () => {
    assertContract(report);
    expect(report.capture).toMatchObject({
      format: 'ek',
      packets: 95,
      tsharkVersion: null,
      ftpPorts: [21],
      firstAt: '2012-02-21T16:52:41.968492Z',
    });
    expect(report.sessions).toHaveLength(1);
    expect(report.sessions[0]!.transfers.map((t) => [t.command, t.mode, t.bytes, t.status])).toEqual([
      ['LIST', 'passive', 342, 'complete'],
      ['RETR', 'passive', 77, 'complete'],
      ['LIST', 'active', 342, 'complete'],
      ['RETR', 'active', 77, 'complete'],
    ]);
  });

  it('--ek - reads the same stream from stdin', () => {
    const fromStdin = jsonReport(['--ek', '-'], readFileSync(EK, 'utf8'));
    expect({ ...fromStdin, capture: { ...fromStdin.capture, file: EK } }).toEqual(report);
  });

  it('--csv parses back to the transfers of the JSON model', () => {
    const r = runCli(['--ek', EK, '--csv']);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...TRANSFER_COLUMNS]);
    const transfers = report.sessions.flatMap((s) => s.transfers);
    expect(rows).toHaveLength(transfers.length);
    rows.forEach((row, i) => {
      const t = transfers[i]!;
      expect(row.transfer).toBe(t.id);
      expect(row.command).toBe(t.command);
      expect(row.arg).toBe(t.arg ?? '');
      expect(row.mode).toBe(t.mode);
      expect(Number(row.announcedPort)).toBe(t.setup.announced.port);
      expect(row.initiator).toBe(t.data?.initiator ?? '');
      expect(Number(row.dataSrcPort)).toBe(t.data?.src.port);
      expect(row.openedBeforeCommand).toBe(String(t.data?.openedBeforeCommand));
      expect(Number(row.bytes)).toBe(t.bytes);
      expect(row.status).toBe(t.status);
      expect(row.replyCodes).toBe(t.replyCodes.join(' '));
      expect(Number(row.setupToSynMs)).toBe(t.timing.setupToSynMs);
    });
  });

  it('--md prints the lab report: sessions, packet tables and transfers', () => {
    const r = runCli(['--ek', EK, '--md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# FTP traffic analysis: /);
    expect(r.stdout).toContain('## Session S1: 141.142.220.235:50003 → 199.233.217.249:21');
    expect(r.stdout).toContain(
      '| No. | Time | Source | Destination | Protocol | Length | Info | Source port | Destination port |',
    );
    expect(r.stdout).toContain('#### S1-T3: LIST (active mode)');
    expect(r.stdout).toContain('port 131×256+46 = **33582**');
    expect(r.stdout).toContain(
      'The server opened the data connection (SYN in frame 60) from port 61920 — not from port 20, 199.233.217.249:61920 → 141.142.220.235:33582, after the client sent LIST',
    );
  });

  it('--md --lang ru prints the report in Russian; --ladder prints an ASCII ladder', () => {
    const ru = runCli(['--ek', EK, '--md', '--lang', 'ru']);
    expect(ru.code).toBe(0);
    expect(ru.stdout).toContain('## Сеанс S1: 141.142.220.235:50003 → 199.233.217.249:21');
    const ladder = runCli(['--ek', EK, '--ladder']);
    expect(ladder.code).toBe(0);
    expect(ladder.stdout).toContain('  port 50003   --------------------------------->   port 21');
    expect(ladder.stdout).toContain('(data connection S1-T3)');
  });

  it('without a format flag prints a short summary on stdout and nothing on stderr', () => {
    const r = runCli(['--ek', EK]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(`${EK}: 95 packets, 38.111 s, 1 FTP session(s)`);
    expect(r.stdout).toContain(
      'S1-T1 LIST: passive (PASV 199.233.217.249:56666), client opened 141.142.220.235:37604 -> 199.233.217.249:56666 before the command, 342 bytes, complete',
    );
  });

  it('--help shows examples and exit codes', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('Exit codes:');
  });
});
