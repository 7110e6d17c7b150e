import { existsSync } from 'node:fs';
import { defineConfig } from 'vite';

/** Public entry points: the main module and one per element, which registers only that tag. */
export const ENTRY_POINTS: Record<string, string> = {
  index: 'src/index.ts',
  'all-users-table': 'src/elements/all-users-table/define.ts',
  'user-profile': 'src/elements/user-profile/define.ts',
  'user-create-wizard': 'src/elements/user-create-wizard/define.ts',
  'csv-import-wizard': 'src/elements/csv-import-wizard/define.ts',
  react: 'src/react/index.ts',
  locales: 'src/i18n/locales/index.ts',
  'vite-plugin': 'src/strict/vite-plugin.ts',
  'strict/vaadin-global-styles': 'src/strict/vaadin-global-styles.ts',
  'strict/vaadin-slot-styles': 'src/strict/vaadin-slot-styles.ts',
  'strict/vaadin-style-map': 'src/strict/vaadin-style-map.ts',
};

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

  const entry = Object.fromEntries(Object.entries(ENTRY_POINTS).filter(([, path]) => existsSync(path)));
  return {
    // A relative base makes the built library find its worker file next to
    // itself (`new URL('./assets/…', import.meta.url)`) wherever a host serves it.
    base: './',
    worker: { format: 'es' },
    build: {
      outDir: 'dist',
      sourcemap: true,
      target: 'es2022',
      lib: { entry, formats: ['es'] },
      rollupOptions: {
        // Dependencies stay bare imports so that the host's bundler shares them with the page.
        external: [/^lit/, /^@lit\//, /^@vaadin\//, /^idb/, /^papaparse/, /^read-excel-file/, /^libphonenumber-js/, /^react/],
      },
    },
  };
});
