import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { playwrightLauncher } from '@web/test-runner-playwright';

// papaparse ships CommonJS only; the dev server serves ES modules.
const commonjs = fromRollup(rollupCommonjs);

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default {
  files: process.env.TEST_FILES?.split(',') ?? ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    commonjs({ include: ['**/node_modules/papaparse/**'] }),
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
