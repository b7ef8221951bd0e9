// Builds only the renderer, to out/renderer, for browser mode (`glimpse serve` serves that folder).
// Same source and output as the renderer part of electron.vite.config.ts. Relative base so the same
// files work from http://127.0.0.1:<port>/ and from the app's glimpse://app/ origin.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

export default defineConfig({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // The CSP forbids inline scripts and styles: keep everything in files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
