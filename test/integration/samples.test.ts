// Runs the real tshark on every bundled sample and compares its JSON view with the reviewed expected JSON.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedReport } from '../shared-report.js';
import { reportJson } from '../../src/reports/json.js';
import { assertContract } from '../contract.js';
// @ts-expect-error plain ESM helper shared with scripts/update-expected.mjs
import { maskReport } from '../../scripts/mask-report.mjs';

const samples = readdirSync('samples')
  .filter((f) => /\.pcapng?(\.gz)?$/.test(f))
  .sort();

describe.each(samples)('sample %s', (name) => {
  const expectedFile = `samples/${name.replace(/\.pcapng?(\.gz)?$/, '')}.expected.json`;

  it('follows the JSON contract and matches its reviewed expected JSON', async () => {
    const report = await sharedReport({ capture: `samples/${name}` });
    assertContract(report);
    expect(existsSync(expectedFile), `${expectedFile} is missing: run scripts/update-expected.mjs and review it`).toBe(
      true,
    );
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
    expect(JSON.parse(JSON.stringify(reportJson(maskReport(report), { schemaVersion: 1 })))).toEqual(expected);
  });

  it('is a small capture (under 1 MB)', () => {
    expect(readFileSync(`samples/${name}`).length).toBeLessThan(1024 * 1024);
  });
});
