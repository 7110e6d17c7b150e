import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds the example from the kit's sources, as a host's bundler would from the package.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: { 'all-users-elements/react': fileURLToPath(new URL('../../src/react/index.ts', import.meta.url)) },
  },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
