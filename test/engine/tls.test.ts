// What a key log decrypted, as the engine reads it: control lines from decrypted bytes, data plaintext per direction.
import { describe, expect, it } from 'vitest';
import type { DataState } from '../../src/engine/session.js';
import { countPlaintext, DecryptedControl, plaintextOf, plaintextTimes } from '../../src/engine/tls.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');

describe('decrypted control bytes', () => {
  it('make whole lines, per direction, also when a line spans TLS records in several frames', () => {
    const d = new DecryptedControl();
    expect(d.push(true, bytes('USER anon'), 10, 1)).toEqual([]);
    expect(d.push(false, bytes('331 Please specify the password.\r\n'), 11, 1.1).map((l) => l.text)).toEqual([
      '331 Please specify the password.',
    ]);
    const [user] = d.push(true, bytes('ymous\r\nPASS x\r\n'), 12, 1.2);
    expect(user).toMatchObject({ text: 'USER anonymous', firstFrame: 10, frame: 12 });
    expect(d.bytes).toBe(9 + 34 + 15);
  });

  it('give the unterminated rest at the end of the capture, client first', () => {
    const d = new DecryptedControl();
    d.push(false, bytes('221 Goodb'), 20, 2);
    d.push(true, bytes('QUI'), 19, 1.9);
    expect(d.finish(3).map((x) => [x.fromClient, x.line.text, x.line.unterminated])).toEqual([
      [true, 'QUI', true],
      [false, '221 Goodb', true],
    ]);
  });
});

describe('decrypted data plaintext', () => {
  const data = (clientIsA: boolean) => ({ clientIsA }) as unknown as DataState;

  it('is counted per direction and read toward the client and the server, whichever end is a', () => {
    for (const clientIsA of [true, false]) {
      const d = data(clientIsA);
      expect(plaintextOf(d)).toBeNull();
      countPlaintext(d, !clientIsA, 3000, 1.5); // from the server
      countPlaintext(d, !clientIsA, 72, 1.75);
      countPlaintext(d, clientIsA, 5, 1.8); // from the client
      expect(plaintextOf(d)).toEqual({ toClient: 3072, toServer: 5 });
      expect(plaintextTimes(d, true)).toEqual({ first: 1.5, last: 1.75 });
      expect(plaintextTimes(d, false)).toEqual({ first: 1.8, last: 1.8 });
    }
  });
});
