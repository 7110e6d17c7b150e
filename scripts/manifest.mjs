// Regenerates custom-elements.json and the element API pages in docs/elements/
// from the element classes' JSDoc. With --check, it changes nothing and exits
// with 1 when the committed files differ from fresh ones, naming the files.
// Either way it exits with 1 when an element renders a part or fires an
// event that its JSDoc does not document.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderElementPages } from './element-docs.mjs';
import { findUndocumented } from './manifest-coverage.mjs';

const check = process.argv.includes('--check');
// The analyzer resolves --outdir against the working directory, even when absolute.
const outdir = `.manifest-${process.pid}`;

try {
  execFileSync('npx', ['custom-elements-manifest', 'analyze', '--outdir', outdir], { stdio: 'pipe' });
  const manifestText = readFileSync(join(outdir, 'custom-elements.json'), 'utf8');
  const expected = new Map([['custom-elements.json', manifestText]]);
  for (const [file, text] of renderElementPages(JSON.parse(manifestText))) expected.set(file, text);

  const undocumented = findUndocumented(JSON.parse(manifestText));
  for (const problem of undocumented) console.error(problem);
  if (undocumented.length > 0) process.exitCode = 1;

  const stale = [...expected].filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text);
  if (check) {
    if (stale.length > 0) {
      console.error(`Out of date: ${stale.map(([file]) => file).join(', ')}. Run \`npm run analyze\` and commit the result.`);
      process.exitCode = 1;
    }
  } else {
    for (const [file, text] of stale) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
      console.log(`wrote ${file}`);
    }
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
