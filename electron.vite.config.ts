// electron-vite build of the desktop app: main process (plus the engine's utility process and its
// worker entries), the sandboxed preload (one CommonJS file: sandboxed preloads cannot load ES
// modules or node_modules), and the React renderer (same output as vite.renderer.config.ts).
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { workerEntries } from './scripts/worker-entries.mjs';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      // Native and heavy packages (better-sqlite3, hnswlib-node, onnxruntime-node, sharp, ...) stay
      // in node_modules (unpacked from the asar, see electron-builder.yml).
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          'engine-process': resolve(root, 'src/main/engine-process.ts'),
          // Worker threads the engine starts by URL (every *-worker.ts, scripts/worker-entries.mjs):
          // emitted next to engine-process.js so util/ts-worker.ts finds the .js sibling of each .ts entry.
          ...workerEntries(root),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      assetsInlineLimit: 0,
      rollupOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
  },
});
