// Walks a watched folder and yields the indexable files (images and documents) with size and
// mtime, honouring IgnoreRules. Unreadable folders are logged and skipped, never fatal.
// Symlinks: a link to a folder is never followed (`loop -> .`, `up -> ..`, `all -> /`); a link to
// a file is yielded only when its real path lies inside a watched folder. Everything else that is
// not indexed (unsupported type, link out, FIFO, a name that is not valid UTF-8) is reported to
// `onSkip`, so every file under a watched folder is accounted for.
import type { Dirent } from 'node:fs';
import { opendir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FileKind } from '../../../shared/contract';
import { realPathWithin } from '../util/contained-path';
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

/** Why a file under a watched folder is not indexed by the scan. */
export type ScanSkipReason = 'unsupported-type' | 'link-outside' | 'link-to-folder' | 'not-a-regular-file' | 'undecodable-name' | 'unreadable';

export interface WalkOptions {
  /** Real paths of every watched folder: a file link must resolve inside one (default: the walked root's real path). */
  roots?: readonly string[];
  /** Called for each entry left out (not for hidden/ignored ones, which the user chose to skip). */
  onSkip?: (path: string, reason: ScanSkipReason) => void;
}

/**
 * Files of a folder are stat'ed this many at a time: one after another, the stats were most of a
 * scan's time (1000 flickr8k photos: ~120 ms before indexing could start), each a round trip to
 * libuv's threads.
 */
const STAT_CONCURRENCY = 32;

/** Invalid UTF-8 bytes in a name decode to U+FFFD: such a path cannot be opened by the decoded string. */
const REPLACEMENT_CHAR = '\uFFFD';

interface Candidate {
  path: string;
  kind: FileKind;
  link: boolean;
}

export async function* walkFolder(root: string, rules: IgnoreRules, opts: WalkOptions = {}): AsyncGenerator<ScannedEntry> {
  const roots = opts.roots ?? [await realpath(root).catch(() => resolve(root))];
  const skip = opts.onSkip ?? (() => undefined);
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
    let pending: Candidate[] = [];
    for await (const entry of handle) {
      const path = join(dir, entry.name);
      // Dirent types come from lstat: a link to a folder is a link here, never a directory.
      if (entry.isDirectory()) {
        if (!rules.ignores(path, true)) stack.push(path);
        continue;
      }
      if (rules.ignores(path, false)) continue;
      const c = candidate(path, entry, skip);
      if (!c) continue;
      pending.push(c);
      if (pending.length >= STAT_CONCURRENCY) {
        yield* await statAll(pending, roots, skip);
        pending = [];
      }
    }
    yield* await statAll(pending, roots, skip);
  }
}

function candidate(path: string, entry: Dirent, skip: (path: string, reason: ScanSkipReason) => void): Candidate | null {
  const link = entry.isSymbolicLink();
  if (!entry.isFile() && !link) {
    skip(path, 'not-a-regular-file');
    return null;
  }
  const kind = fileKindOf(path);
  if (!kind) {
    // A link without an indexable extension (`loop -> .`) is not followed: reported as such.
    skip(path, link ? 'link-to-folder' : 'unsupported-type');
    return null;
  }
  return { path, kind, link };
}

/** Size and mtime of candidate files, stat'ed together; in their order, the ones left out reported. */
async function statAll(candidates: Candidate[], roots: readonly string[], skip: (path: string, reason: ScanSkipReason) => void): Promise<ScannedEntry[]> {
  const stats = await Promise.all(
    candidates.map(async (c) => {
      if (c.link && !(await realPathWithin(c.path, roots))) {
        skip(c.path, 'link-outside');
        return null;
      }
      return stat(c.path).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT' && c.path.includes(REPLACEMENT_CHAR)) skip(c.path, 'undecodable-name');
        else {
          log.warn(`cannot stat ${c.path}: ${err.message}`);
          skip(c.path, 'unreadable');
        }
        return null;
      });
    }),
  );
  const out: ScannedEntry[] = [];
  stats.forEach((st, i) => {
    const c = candidates[i]!;
    if (st?.isFile()) out.push({ path: c.path, size: st.size, mtimeMs: Math.round(st.mtimeMs), kind: c.kind });
    else if (st?.isDirectory()) skip(c.path, 'link-to-folder');
    else if (st) skip(c.path, 'not-a-regular-file');
  });
  return out;
}
