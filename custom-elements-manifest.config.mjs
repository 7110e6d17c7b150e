// Generates custom-elements.json from the element classes' JSDoc. The
// registration files (define.ts) give the tag names.
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
