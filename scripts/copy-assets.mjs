// Copies the files the compiled code loads at run time (the Lua postdissector) beside it in dist/.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const assets = [['src/driver/ftp-control.lua', 'dist/driver/ftp-control.lua']];
for (const [from, to] of assets) {
  mkdirSync(dirname(join(ROOT, to)), { recursive: true });
  copyFileSync(join(ROOT, from), join(ROOT, to));
}
