// Test helpers for the catalog: temp folders and a quick way to add files with content.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog } from '../../../src/main/engine/catalog/catalog';
import type { FileKind } from '../../../src/main/engine/catalog/types';

export function tempDir(prefix = 'glimpse-cat-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTemp(): { cat: Catalog; dir: string; path: string; cleanup: () => void } {
  const t = tempDir();
  const path = join(t.dir, 'catalog.sqlite');
  const cat = Catalog.open(path);
  return {
    cat,
    dir: t.dir,
    path,
    cleanup: () => {
      cat.close();
      t.cleanup();
    },
  };
}

/** Adds a file row, attaches content `hash`, marks it indexed. Returns file and content ids. */
export function addFile(
  cat: Catalog,
  folderPath: string,
  path: string,
  opts: { kind?: FileKind; hash?: string; mtimeMs?: number; size?: number; status?: 'indexed' | 'queued' } = {},
): { fileId: number; contentId: number } {
  const folder = cat.folders.add(folderPath);
  const kind = opts.kind ?? 'image';
  const { file } = cat.files.upsertScanned({ folderId: folder.id, path, size: opts.size ?? 100, mtimeMs: opts.mtimeMs ?? 1_700_000_000_000, kind });
  const { contentId } = cat.files.attachContent(file.id, { hash: opts.hash ?? `hash:${path}`, kind, bytes: opts.size ?? 100 });
  if ((opts.status ?? 'indexed') === 'indexed') cat.files.markIndexed(file.id);
  return { fileId: file.id, contentId };
}
