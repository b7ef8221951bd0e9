// Walks a watched folder and yields the indexable files (images and documents) with size and
// mtime, honouring IgnoreRules. Unreadable folders are logged and skipped, never fatal.
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileKind } from '../../../shared/contract';
import { logger } from '../util/logger';
import { fileKindOf } from './file-kind';
import type { IgnoreRules } from './ignore-rules';

const log = logger('scanner');

export interface ScannedEntry {
  path: string;
  size: number;
  mtimeMs: number;
  kind: FileKind;
}

export async function* walkFolder(root: string, rules: IgnoreRules): AsyncGenerator<ScannedEntry> {
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let handle;
    try {
      handle = await opendir(dir);
    } catch (err) {
      log.warn(`cannot read folder ${dir}: ${(err as Error).message}`);
      continue;
    }
    for await (const entry of handle) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!rules.ignores(path, true)) stack.push(path);
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const kind = fileKindOf(path);
      if (!kind || rules.ignores(path, false)) continue;
      try {
        const st = await stat(path);
        if (!st.isFile()) continue;
        yield { path, size: st.size, mtimeMs: Math.round(st.mtimeMs), kind };
      } catch (err) {
        log.warn(`cannot stat ${path}: ${(err as Error).message}`);
      }
    }
  }
}
