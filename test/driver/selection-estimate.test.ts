// The look at a capture's first packets that chooses, with packet rows, between the selection and the whole file; and
// what a lean run would give tshark (--print-tshark-command).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ESTIMATE_MIN_PACKETS,
  estimateSelection,
  leanInputOf,
  selectionPays,
} from '../../src/driver/selection-estimate.js';
import { SELECT_LIMITS } from '../../src/protocol/defaults.js';
import { synthesizeCapture } from '../../src/synth/synthesize.js';
import { ROOT } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ftp-report-estimate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const policy = { ftpPorts: new Set([21]), ftpsPorts: new Set([990]), detectFtp: true, limits: SELECT_LIMITS };

async function estimate(file: string) {
  const fh = await open(file, 'r');
  try {
    return await estimateSelection(fh, statSync(file).size, policy);
  } finally {
    await fh.close();
  }
}

async function lean(file: string) {
  const fh = await open(file, 'r');
  try {
    return await leanInputOf(fh, policy);
  } finally {
    await fh.close();
  }
}

describe('estimateSelection', () => {
  it('a small capture is looked at whole; its selection would spare too little', async () => {
    const e = await estimate(join(ROOT, 'samples/passive-list-retr.pcapng'));
    expect(e).toMatchObject({ whole: true, packets: 55 });
    expect(e.spared).toBeLessThan(e.packets * 0.2);
    expect(selectionPays(e)).toBe(false);
  });

  it('a long transfer: the selection pays, seen within the first packets', async () => {
    const file = join(dir, 'long.pcap');
    await synthesizeCapture({ sessions: 1, transfers: 1, transferSize: 8_000_000, seed: 'estimate' }, file);
    const e = await estimate(file);
    expect(e.whole).toBe(false);
    expect(e.packets).toBe(ESTIMATE_MIN_PACKETS);
    expect(e.spared).toBeGreaterThan(e.packets * 0.9);
    expect(selectionPays(e)).toBe(true);
  });

  it('many short sessions: the selection spares nothing, concluded after a tenth of the file', async () => {
    const file = join(dir, 'short.pcap');
    await synthesizeCapture({ sessions: 120, transfers: 2, transferSize: 16_384, seed: 'estimate' }, file);
    const e = await estimate(file);
    expect(e.spared).toBe(0);
    expect(e.packets).toBeGreaterThanOrEqual(ESTIMATE_MIN_PACKETS);
    expect(selectionPays(e)).toBe(false);
  });
});

describe('leanInputOf', () => {
  it('a plain capture: tshark would be given nothing', async () => {
    expect(await lean(join(ROOT, 'samples/upload-stor.pcapng'))).toMatchObject({ toTshark: 0, opaqueRest: false });
  });

  it('FTP on ports nobody named: its payload segments would go to tshark', async () => {
    const l = await lean(join(ROOT, 'test/fixtures/robustness/nonstandard-ports.pcapng'));
    expect(l.toTshark).toBeGreaterThan(0);
    expect(l.toTshark).toBeLessThan(l.packets);
  });
});
