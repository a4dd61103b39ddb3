// The Lua postdissector cannot import the TypeScript first-payload rule, so this test holds the two copies equal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LUA_SCRIPT_PATH } from '../../src/driver/tshark.js';
import { FTP_FIRST_PAYLOAD } from '../../src/protocol/ftp.js';

const lua = readFileSync(LUA_SCRIPT_PATH, 'utf8');

describe('the Lua script and src/protocol/ftp.ts', () => {
  it('name the same first client commands', () => {
    const luaVerbs = [...lua.matchAll(/verb == "([A-Z]+)"/g)].map((m) => m[1]).sort();
    const tsVerbs = /\(\?:([A-Z|]+)\) \)/.exec(FTP_FIRST_PAYLOAD.source)![1]!.split('|').sort();
    expect(luaVerbs.length).toBeGreaterThan(3);
    expect(luaVerbs).toEqual(tsVerbs);
  });

  it('take the same greeting codes', () => {
    expect(lua).toContain('head:match("^[12]20[ -]")');
    expect(FTP_FIRST_PAYLOAD.source).toContain('[12]20[ -]');
  });
});
