import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { vaadinStrictStyles } from '../../../src/strict/vite-plugin.js';

const source = (path: string) => fileURLToPath(new URL(`../../../src/strict/${path}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // The page is built from the kit's sources, so the plugin gets their paths
  // in place of the package exports a host resolves.
  plugins: [
    vaadinStrictStyles({
      globalStyles: source('vaadin-global-styles.ts'),
      slotStyles: source('vaadin-slot-styles.ts'),
      styleMap: source('vaadin-style-map.ts'),
    }),
  ],
  worker: { format: 'es' },
  build: { chunkSizeWarningLimit: 2000, emptyOutDir: true },
});
