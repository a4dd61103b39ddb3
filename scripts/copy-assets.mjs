// Copies the files the compiled code loads at run time (the Lua postdissector) beside it: into dist/, or the folder
// given (scripts/build.mjs builds into a new folder first).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.argv[2] ?? join(ROOT, 'dist');
/** Each asset's path below src/, and so below the output folder. */
const assets = ['driver/ftp-control.lua'];
for (const asset of assets) {
  mkdirSync(dirname(join(OUT, asset)), { recursive: true });
  copyFileSync(join(ROOT, 'src', asset), join(OUT, asset));
}
