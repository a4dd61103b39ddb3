// The tshark argument list: which file, the FTP ports, the Lua postdissector on or off, and the one field list.
import { describe, expect, it } from 'vitest';
import { buildTsharkArgs, LUA_SCRIPT_PATH } from '../../src/driver/tshark.js';
import { BASE_FIELDS, LUA_PAYLOAD_FIELDS, PLAIN_PAYLOAD_FIELDS, TLS_FIELDS } from '../../src/records/fields.js';

/** The values that follow each occurrence of `flag`. */
function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag && i + 1 < args.length ? [args[i + 1]!] : []));
}

describe('buildTsharkArgs', () => {
  it('reads the capture file, without name resolution, as EK', () => {
    const args = buildTsharkArgs({ file: 'cap.pcapng', ftpPorts: [21], lua: false });
    expect(args.slice(0, 5)).toEqual(['-r', 'cap.pcapng', '-n', '-T', 'ek']);
  });

  it('prints each record as soon as it is dissected when reading the piped packets ("-")', () => {
    expect(buildTsharkArgs({ file: '-', ftpPorts: [21], lua: false })).toContain('-l');
    expect(valuesOf(buildTsharkArgs({ file: '-', ftpPorts: [21], lua: false }), '-r')).toEqual(['-']);
  });

  it('does not line-buffer when tshark reads a file itself', () => {
    expect(buildTsharkArgs({ file: 'cap.pcap', ftpPorts: [21], lua: false })).not.toContain('-l');
  });

  it('decodes every FTP port as FTP, in the order given', () => {
    const args = buildTsharkArgs({ file: 'x', ftpPorts: [21, 2121, 8021], lua: false });
    expect(valuesOf(args, '-d')).toEqual(['tcp.port==21,ftp', 'tcp.port==2121,ftp', 'tcp.port==8021,ftp']);
  });

  it('with Lua, loads the postdissector beside the driver and tells it the FTP ports', () => {
    const args = buildTsharkArgs({ file: 'x', ftpPorts: [21, 2121], lua: true });
    expect(valuesOf(args, '-X')).toEqual([`lua_script:${LUA_SCRIPT_PATH}`, 'lua_script1:21', 'lua_script1:2121']);
    expect(LUA_SCRIPT_PATH).toMatch(/\/driver\/ftp-control\.lua$/);
  });

  it('with Lua and detection off, tells the postdissector not to detect FTP on other ports', () => {
    const args = buildTsharkArgs({ file: 'x', ftpPorts: [21], lua: true, detectFtp: false });
    expect(valuesOf(args, '-X')).toContain('lua_script1:nodetect');
  });

  it('with Lua, detects FTP on other ports unless told not to', () => {
    for (const detectFtp of [true, undefined]) {
      const args = buildTsharkArgs({ file: 'x', ftpPorts: [21], lua: true, detectFtp });
      expect(valuesOf(args, '-X')).not.toContain('lua_script1:nodetect');
    }
  });

  it('without Lua, loads no script, whatever detection says', () => {
    const args = buildTsharkArgs({ file: 'x', ftpPorts: [21], lua: false, detectFtp: false });
    expect(args).not.toContain('-X');
  });

  it('with Lua, exports the base fields and the control payload the postdissector marks', () => {
    const args = buildTsharkArgs({ file: 'x', ftpPorts: [21], lua: true });
    expect(valuesOf(args, '-e')).toEqual([...BASE_FIELDS, ...LUA_PAYLOAD_FIELDS]);
  });

  it('without Lua, exports the base fields and every TCP payload', () => {
    const args = buildTsharkArgs({ file: 'x', ftpPorts: [21], lua: false });
    expect(valuesOf(args, '-e')).toEqual([...BASE_FIELDS, ...PLAIN_PAYLOAD_FIELDS]);
  });

  it('with a TLS key log and Lua: names the key log, turns ftp-data off and lets the script dissect the FTP ports', () => {
    const keys = '/tmp/session keys.log';
    const args = buildTsharkArgs({ file: '-', ftpPorts: [21, 2121], lua: true, tlsKeylog: keys, ftpsPorts: [990] });
    expect(valuesOf(args, '-o')).toEqual([`tls.keylog_file:${keys}`]);
    expect(valuesOf(args, '--disable-protocol')).toEqual(['ftp-data']);
    // the script switches the FTP ports to TLS after AUTH: no decode-as that would bypass it
    expect(valuesOf(args, '-d')).toEqual([]);
    expect(valuesOf(args, '-X')).toEqual([
      `lua_script:${LUA_SCRIPT_PATH}`,
      'lua_script1:21',
      'lua_script1:2121',
      'lua_script1:ftps=990',
      'lua_script1:tls',
    ]);
    expect(valuesOf(args, '-e')).toEqual([...BASE_FIELDS, ...LUA_PAYLOAD_FIELDS, ...TLS_FIELDS]);
  });

  it('without a key log (or without Lua, which decrypting needs) the arguments are the ones of before', () => {
    for (const lua of [true, false]) {
      const plain = buildTsharkArgs({ file: 'x', ftpPorts: [21], lua });
      expect(buildTsharkArgs({ file: 'x', ftpPorts: [21], lua, tlsKeylog: null, ftpsPorts: [990] })).toEqual(plain);
    }
    const noLua = buildTsharkArgs({ file: 'x', ftpPorts: [21], lua: false, tlsKeylog: 'k.log' });
    expect(noLua).toEqual(buildTsharkArgs({ file: 'x', ftpPorts: [21], lua: false }));
  });
});
