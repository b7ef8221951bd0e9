// Lint: typescript-eslint recommended, plus the architecture rules of DESIGN.md and
// docs/architecture.md (architectureRules below; test/unit/architecture/lint-rules.test.ts proves
// each one fails a file that breaks it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'The engine and its plain-Node front ends never import electron.' };
/** Front ends reach the engine through its one door, src/main/engine/index.ts. */
const engineDoor = {
  group: ['**/engine/*', '!**/engine/index', '**/engine/*/**'],
  message: 'Front ends import the engine only through its one door (src/main/engine, i.e. index.ts) and wire types from src/shared.',
};
/** Layers with a public surface are entered through their index.ts from outside. */
const layerDoors = ['catalog', 'vectors', 'extract/documents', 'extract/ocr', 'extract/image', 'extract/chunking'].map((layer) => ({
  group: [`**/${layer}/*`, `!**/${layer}/index`, `**/${layer}/*/**`],
  message: `Import ${layer}/ through its index.ts from outside it.`,
}));

export const architectureRules = [
  {
    // The engine: plain Node, and other layers' insides only through their index.ts.
    files: ['src/main/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: layerDoors }] },
  },
  {
    // Plain-Node front ends: the CLI and the HTTP server of `glimpse serve`.
    files: ['src/main/cli.ts', 'src/main/cli/**/*.ts', 'src/main/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [engineDoor] }] },
  },
  {
    // The Electron front end: main process, IPC handlers, preload.
    files: ['src/main/*.ts', 'src/main/ipc/**/*.ts', 'src/preload/**/*.ts'],
    ignores: ['src/main/cli.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineDoor] }] },
  },
  {
    // The renderer talks to one client (src/renderer/src/api) and shares only src/shared.
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/main/**', '**/preload/**', 'node:*'], message: 'The renderer imports src/shared and its own modules only (never src/main or src/preload).' }] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'electron', 'fs', 'path'], message: 'src/shared is pure TS: no node, no electron, no DOM.' }] }],
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  ...architectureRules,
);
