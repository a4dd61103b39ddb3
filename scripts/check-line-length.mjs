// Fails when a source line is longer than 120 characters. The formatter wraps code, but it cannot break a long string
// or comment, so this check catches those. Usage: node scripts/check-line-length.mjs [PATH...] (default: src).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

const MAX = 120;
/** Code files only: a Markdown table row cannot be wrapped. */
const CHECKED = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.lua', '.json']);

/** Every checked file below `dir` (or `dir` itself when it is a file), sorted. */
function filesUnder(dir) {
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return filesUnder(path);
      return e.isFile() && CHECKED.has(extname(e.name)) ? [path] : [];
    })
    .sort();
}

const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['src'];
const over = [];
let files = 0;
for (const dir of dirs) {
  for (const file of filesUnder(dir)) {
    files += 1;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        // characters as a reader counts them (code points), not UTF-16 units
        const length = [...line].length;
        if (length > MAX) over.push(`${relative('.', file)}:${i + 1}: ${length} characters`);
      });
  }
}
if (over.length > 0) {
  console.error(over.join('\n'));
  const inFiles = new Set(over.map((o) => o.slice(0, o.indexOf(':')))).size;
  console.error(`line length: ${over.length} lines longer than ${MAX} characters in ${inFiles} of ${files} files`);
  process.exit(1);
}
console.log(`line length: no line longer than ${MAX} characters in ${files} files under ${dirs.join(', ')}`);
