// The architecture rules in eslint.config.js fail a build that breaks them: each case lints a
// one-line file at a path in the tree with the project's own config and expects the rule to fire
// (or not). If a rule is loosened or a pattern stops matching, this test says which.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/paths';

const eslint = new ESLint({ cwd: repoRoot });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code + '\n', { filePath: `${repoRoot}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; code: string; refused: boolean; why: string }[] = [
  { file: 'src/main/cli/x-command.ts', code: "export { Catalog } from '../engine/catalog';", refused: true, why: 'CLI reaching a catalog' },
  { file: 'src/main/cli/x-command.ts', code: "export { Engine } from '../engine/engine';", refused: true, why: 'CLI reaching the Engine class' },
  { file: 'src/main/cli/x-command.ts', code: "export { openEngine } from '../engine';", refused: false, why: 'CLI through the one door' },
  { file: 'src/main/cli/x-command.ts', code: "export { app } from 'electron';", refused: true, why: 'CLI importing electron' },
  { file: 'src/main/server/x.ts', code: "export { logger } from '../engine/util/logger';", refused: true, why: 'server reaching engine utils' },
  { file: 'src/main/server/x.ts', code: "export { httpStatusFor } from '../../shared/http-status';", refused: false, why: 'server using shared wire vocabulary' },
  { file: 'src/main/ipc/x.ts', code: "export type { EngineHost } from '../engine/engine-host';", refused: true, why: 'IPC reaching engine-host directly' },
  { file: 'src/main/x.ts', code: "export { PackStore } from './engine/models/pack-store';", refused: true, why: 'Electron main reaching the pack store' },
  { file: 'src/main/x.ts', code: "export { openEngine } from './engine';", refused: false, why: 'Electron main through the one door' },
  { file: 'src/preload/x.ts', code: "export { logger } from '../main/engine/util/logger';", refused: true, why: 'preload reaching the engine' },
  { file: 'src/renderer/src/x.tsx', code: "export { IPC } from '../../main/ipc/register';", refused: true, why: 'renderer importing main' },
  { file: 'src/renderer/src/x.tsx', code: "export type { GlimpseBridge } from '../../preload/index';", refused: true, why: 'renderer importing preload' },
  { file: 'src/renderer/src/x.tsx', code: "export { Calls } from '../../shared/contract';", refused: false, why: 'renderer using src/shared' },
  { file: 'src/main/engine/search/x.ts', code: "export { Files } from '../catalog/files';", refused: true, why: 'deep import into catalog/' },
  { file: 'src/main/engine/search/x.ts', code: "export { Catalog } from '../catalog';", refused: false, why: 'catalog/ through its index' },
  { file: 'src/main/engine/x.ts', code: "export { HnswIndex } from './vectors/hnsw-index';", refused: true, why: 'deep import into vectors/' },
  { file: 'src/main/engine/x.ts', code: "export { thumbnail } from './extract/image/thumbnail';", refused: true, why: 'deep import into extract/image/' },
  { file: 'src/main/engine/x.ts', code: "export { createOcrEngine } from './extract/ocr/ocr-engine';", refused: true, why: 'deep import into extract/ocr/' },
  { file: 'src/main/engine/x.ts', code: "export { app } from 'electron';", refused: true, why: 'engine importing electron' },
  { file: 'src/main/engine/catalog/x.ts', code: "export { Files } from './files';", refused: false, why: 'a layer using its own modules' },
  { file: 'src/shared/x.ts', code: "export { readFileSync } from 'node:fs';", refused: true, why: 'src/shared importing node' },
];

describe('architecture lint rules', () => {
  it.each(cases)('$why: $file imports ... -> refused $refused', async ({ file, code, refused }) => {
    const messages = await restrictedImports(file, code);
    expect(messages.length > 0, messages.join('\n') || 'no restriction fired').toBe(refused);
  });
});
