import { readFileSync } from 'node:fs';

// Generates custom-elements.json from the element classes' JSDoc. The
// registration files (define.ts) give the tag names.
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,

  // The glob lists files in directory order, which differs between file
  // systems. Sorted files give the same manifest on every machine.
  overrideModuleCreation: ({ ts, globs }) =>
    [...globs]
      .sort()
      .map((path) => ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2015, true)),
};
