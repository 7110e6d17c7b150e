import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { apiServerPlugin } from './test/http/api-server-plugin.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

// papaparse 5 ships only a UMD script, and the dev server serves ES modules.
// @rollup/plugin-commonjs 29 through @web/dev-server-rollup served it as a
// bare `__require` wrapper with no default export, after failing on its
// Node-only `require('stream')`. Running the script with a local `module`
// object and exporting `module.exports` is all it needs: its `require` call
// sits in the Node stream reader, which the browser never runs.
const papaparseAsModule = {
  name: 'papaparse-as-module',
  transform(context) {
    if (!/\/papaparse\/papaparse(?:\.min)?\.js$/.test(context.path)) return undefined;
    return {
      body: `const module = { exports: {} };\nconst exports = module.exports;\n${context.body}\nexport default module.exports;\n`,
    };
  },
};

// The dev server turns every response that passes its transform plugins into
// a UTF-8 string unless it guesses the bytes are binary, which corrupts the
// Windows-1252 and UTF-16 fixtures. Files under test/fixtures/ are served
// here, byte for byte, before those plugins run.
const fixturesDir = path.resolve('test/fixtures');
async function serveFixtureBytes(context, next) {
  if (!context.path.startsWith('/test/fixtures/')) return next();
  const file = path.resolve(fixturesDir, decodeURIComponent(context.path.slice('/test/fixtures/'.length)));
  if (!file.startsWith(fixturesDir + path.sep)) return next();
  try {
    context.body = await readFile(file);
    context.type = 'application/octet-stream';
  } catch {
    context.status = 404;
  }
}


export default {
  // test/e2e holds node:test files that drive Chromium themselves (npm run test:e2e).
  files: process.env.TEST_FILES?.split(',') ?? ['test/**/*.test.ts', '!test/e2e/**'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  middleware: [serveFixtureBytes],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    papaparseAsModule,
    apiServerPlugin(),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS],
      },
    }),
  ],
  concurrency: 1,
  testsFinishTimeout: 20 * 60 * 1000,
  testFramework: { config: { timeout: 60000 } },
};
