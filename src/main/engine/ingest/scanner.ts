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

/**
 * Files of a folder are stat'ed this many at a time: one after another, the stats were most of a
 * scan's time (1000 flickr8k photos: ~120 ms before indexing could start), each a round trip to
 * libuv's threads.
 */
const STAT_CONCURRENCY = 32;

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
    let pending: { path: string; kind: FileKind }[] = [];
    for await (const entry of handle) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!rules.ignores(path, true)) stack.push(path);
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      const kind = fileKindOf(path);
      if (!kind || rules.ignores(path, false)) continue;
      pending.push({ path, kind });
      if (pending.length >= STAT_CONCURRENCY) {
        yield* await statAll(pending);
        pending = [];
      }
    }
    yield* await statAll(pending);
  }
}

/** Size and mtime of candidate files, stat'ed together; in their order, unreadable ones logged and left out. */
async function statAll(candidates: { path: string; kind: FileKind }[]): Promise<ScannedEntry[]> {
  const stats = await Promise.all(
    candidates.map(({ path }) =>
      stat(path).catch((err: Error) => {
        log.warn(`cannot stat ${path}: ${err.message}`);
        return null;
      }),
    ),
  );
  const out: ScannedEntry[] = [];
  stats.forEach((st, i) => {
    if (st?.isFile()) out.push({ path: candidates[i]!.path, size: st.size, mtimeMs: Math.round(st.mtimeMs), kind: candidates[i]!.kind });
  });
  return out;
}
