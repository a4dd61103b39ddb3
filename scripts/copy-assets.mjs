// Copies the files the compiled code loads at run time (the Lua postdissector) beside it in dist/.
import { copyFileSync, mkdirSync } from 'node:fs';

const assets = [['src/driver/ftp-control.lua', 'dist/driver/ftp-control.lua']];
for (const [from, to] of assets) {
  mkdirSync(to.slice(0, to.lastIndexOf('/')), { recursive: true });
  copyFileSync(from, to);
}
