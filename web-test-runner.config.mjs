import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

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

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default {
  files: process.env.TEST_FILES?.split(',') ?? ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    papaparseAsModule,
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromium,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  ],
  concurrency: 1,
  testsFinishTimeout: 20 * 60 * 1000,
  testFramework: { config: { timeout: 60000 } },
};
