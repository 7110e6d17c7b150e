import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The bench page is built like a host application builds the kit (minified,
// dependencies bundled) so that the figures are those of production code.
export default defineConfig({
  root: fileURLToPath(new URL('./page', import.meta.url)),
  logLevel: 'warn',
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
});
