import { describe, expect, it } from 'vitest';
import {
  normalizeIp,
  parseEprtArg,
  parseEpsvReply,
  parseLongAddress,
  parsePasvReply,
  parsePortArg,
} from '../../src/engine/addresses.js';

describe('data-channel addresses', () => {
  it('decodes PORT h1,h2,h3,h4,p1,p2 as p1*256+p2', () => {
    expect(parsePortArg('192,168,0,106,205,207')).toEqual({
      ip: '192.168.0.106',
      port: 52687,
      numbers: [192, 168, 0, 106, 205, 207],
    });
    expect(parsePortArg('127,0,0,1,249,156')?.port).toBe(63900);
  });

  it('rejects PORT arguments that are not six bytes', () => {
    expect(parsePortArg('1,2,3,4,5')).toBeNull();
    expect(parsePortArg('1,2,3,4,5,256')).toBeNull();
    expect(parsePortArg(null)).toBeNull();
  });

  it('finds the address in 227 replies with or without parentheses', () => {
    expect(parsePasvReply('Entering Passive Mode (193,166,3,2,153,104)')).toMatchObject({
      ip: '193.166.3.2',
      port: 39272,
    });
    expect(parsePasvReply('Entering Passive Mode (127,0,0,1,196,75).')?.port).toBe(50251);
    expect(parsePasvReply('=192,168,1,109,104,134')?.port).toBe(26758);
    expect(parsePasvReply('Entering Passive Mode')).toBeNull();
  });

  it('decodes EPRT for IPv4 and IPv6 with any delimiter', () => {
    expect(parseEprtArg('|1|132.235.1.2|6275|')).toMatchObject({ ip: '132.235.1.2', port: 6275 });
    expect(parseEprtArg('|2|2001:0DB8::0001|5282|')).toMatchObject({ ip: '2001:db8::1', port: 5282 });
    expect(parseEprtArg('!2!::1!40000!')).toMatchObject({ ip: '::1', port: 40000 });
    expect(parseEprtArg('|2|nonsense|1|')).toBeNull();
  });

  it('takes the EPSV port and the server address', () => {
    expect(parseEpsvReply('Entering Extended Passive Mode (|||6446|)', '::1')).toMatchObject({ ip: '::1', port: 6446 });
    expect(parseEpsvReply('Entering Extended Passive Mode', '::1')).toBeNull();
  });

  it('decodes LPRT/LPSV long addresses', () => {
    expect(parseLongAddress('4,4,10,0,0,1,2,4,1')).toMatchObject({ ip: '10.0.0.1', port: 1025 });
    const v6 = parseLongAddress('6,16,32,1,13,184,0,0,0,0,0,0,0,0,0,0,0,1,2,156,64');
    expect(v6).toMatchObject({ ip: '2001:db8::1', port: 40000 });
  });

  it('normalises IP text', () => {
    expect(normalizeIp('010.0.0.1')).toBe('10.0.0.1');
    expect(normalizeIp('FE80:0:0:0:0:0:0:1')).toBe('fe80::1');
    expect(normalizeIp('300.1.1.1')).toBeNull();
  });
});
