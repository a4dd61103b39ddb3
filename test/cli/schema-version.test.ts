// The JSON schema versions as a user meets them: `--json` writes version 2, which the contract's migration rules read
// back as the reviewed golden (samples/*.expected.json, version 1); `--schema-version 1` writes the golden byte for
// byte (tool and tshark versions masked, as the goldens are).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with scripts/update-expected.mjs
import { maskReport } from '../../scripts/mask-report.mjs';
import { assertContract } from '../contract.js';
import { upgradeToV1 } from '../json-v1.js';
import { ROOT, runCli } from './run-cli.js';

// a command typed a character per segment (firstFrame/firstT kept), and SIZE/PWD/PORT/150 (the null-or-known fields)
const SAMPLES = ['telnet-char-per-segment', 'active-list-retr'];

describe.each(SAMPLES)('%s', (name) => {
  const capture = join(ROOT, 'samples', `${name}.pcapng`);
  const golden = readFileSync(join(ROOT, 'samples', `${name}.expected.json`), 'utf8');
  // the goldens name the capture as the update script gave it
  const relabel = (r: { capture: object }) => ({ ...r, capture: { ...r.capture, file: `samples/${name}.pcapng` } });
  const json = (args: string[]) => {
    const r = runCli([capture, '--no-progress', '--packet-rows', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };

  it('--schema-version 1 --pretty writes the golden, byte for byte', () => {
    const text = json(['--json', '--schema-version', '1', '--pretty']);
    expect(`${JSON.stringify(maskReport(relabel(JSON.parse(text))), null, 2)}\n`).toBe(golden);
    expect(text.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
  });

  it('--json writes version 2: smaller, and the golden by the migration rules', () => {
    const text = json(['--json', '--compact']);
    const v2 = JSON.parse(text);
    assertContract(v2);
    expect(v2.schemaVersion).toBe(2);
    expect(maskReport(relabel(upgradeToV1(v2)))).toStrictEqual(JSON.parse(golden));
    expect(text.length).toBeLessThan(json(['--json', '--compact', '--schema-version', '1']).length);
  });
});
