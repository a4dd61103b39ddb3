// Model addresses as the side keys the capture reader gives packets (address bytes, then the port).
import { describe, expect, it } from 'vitest';
import { sideKeyOf } from '../../src/files/side-key.js';

const key = (bytes: number[], port: number): string => String.fromCharCode(...bytes, port >> 8, port & 0xff);

describe('sideKeyOf', () => {
  it('reads IPv4 and the port', () => {
    expect(sideKeyOf({ ip: '127.0.0.1', port: 21 })).toBe(key([127, 0, 0, 1], 21));
    expect(sideKeyOf({ ip: '10.0.255.3', port: 65535 })).toBe(key([10, 0, 255, 3], 65535));
  });

  it('reads IPv6 in compressed, full and IPv4-embedded forms', () => {
    const loop = [...new Array<number>(15).fill(0), 1];
    expect(sideKeyOf({ ip: '::1', port: 20 })).toBe(key(loop, 20));
    expect(sideKeyOf({ ip: '0:0:0:0:0:0:0:1', port: 20 })).toBe(key(loop, 20));
    expect(sideKeyOf({ ip: 'fd00::a:1', port: 1 })).toBe(
      key([0xfd, 0, ...new Array<number>(10).fill(0), 0, 0xa, 0, 1], 1),
    );
    expect(sideKeyOf({ ip: '::ffff:10.0.0.1', port: 2 })).toBe(
      key([...new Array<number>(10).fill(0), 0xff, 0xff, 10, 0, 0, 1], 2),
    );
    expect(sideKeyOf({ ip: 'fe80::1%lo', port: 3 })).toBe(key([0xfe, 0x80, ...new Array<number>(13).fill(0), 1], 3));
  });

  it('gives null for what is not an IP address', () => {
    expect(sideKeyOf({ ip: 'example.org', port: 21 })).toBeNull();
    expect(sideKeyOf({ ip: '', port: 21 })).toBeNull();
  });
});
