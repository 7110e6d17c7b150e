import { defineConfig } from 'vite';

// `npm run demo` serves demo/ (which imports src/ directly); `npm run build`
// builds the library from src/.
export default defineConfig(({ command }) => {
  if (command === 'serve') {
    return {
      root: 'demo',
      server: { fs: { allow: ['..'] } },
      worker: { format: 'es' },
    };
  }
  return {
    worker: { format: 'es' },
    build: {
      outDir: 'dist',
      sourcemap: true,
      lib: {
        entry: { index: 'src/index.ts' },
        formats: ['es'],
      },
      rollupOptions: {
        // Dependencies stay imports so the host's bundler deduplicates them.
        external: [/^lit/, /^@lit\//, /^@vaadin\//, /^idb/, /^papaparse/, /^read-excel-file/, /^libphonenumber-js/],
      },
    },
  };
});
