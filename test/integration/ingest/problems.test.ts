// The Problems list's actions on a real engine: a file that failed to index is listed with its catalog
// id; ignoring it hides it from status (and from the count) across a reopen; retrying queues it again
// and indexes it once it is fixed; a file with no problem cannot be retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestEngine } from '../../helpers/engine';
import { evalDir, tempDir } from '../../helpers/paths';
import type { Engine } from '../../../src/main/engine/engine';

const lib = tempDir('glimpse-problems-lib-');
const data = tempDir('glimpse-problems-data-');
const broken = join(lib.path, 'photos', 'not-really.jpg');
let engine: Engine;
let close: () => Promise<void>;

beforeAll(async () => {
  mkdirSync(join(lib.path, 'photos'), { recursive: true });
  writeFileSync(broken, 'this is text, not a JPEG\n');
  writeFileSync(join(lib.path, 'notes.md'), '# Notes\n\nA fine document about lighthouses.\n');
  const t = await openTestEngine({ dataDir: data.path, withModel: false, ocr: false });
  engine = t.engine;
  close = () => t.engine.close();
  await engine.foldersAdd({ path: lib.path, scan: 'wait' });
  await engine.indexNow();
});

afterAll(async () => {
  await close?.();
  lib.cleanup();
  data.cleanup();
});

describe('problems', () => {
  it('lists a failed file with its id; ignoring hides it and survives a reopen; all shows it again', async () => {
    let s = await engine.status();
    const p = s.lastErrors.find((e) => e.path === broken);
    expect(p).toBeDefined();
    expect(p!.fileId).toBeGreaterThan(0);
    expect((await engine.fileInfo({ fileId: p!.fileId! })).path).toBe(broken);
    expect(s.ignoredProblems).toBe(0);

    await engine.problemIgnore({ fileId: p!.fileId! });
    s = await engine.status();
    expect(s.lastErrors.some((e) => e.path === broken)).toBe(false);
    expect(s.ignoredProblems).toBe(1);

    await close();
    const t = await openTestEngine({ dataDir: data.path, withModel: false, ocr: false });
    engine = t.engine;
    close = () => t.engine.close();
    s = await engine.status();
    expect(s.lastErrors.some((e) => e.path === broken)).toBe(false);
    expect(s.ignoredProblems).toBe(1);

    await engine.problemIgnore({ all: true });
    s = await engine.status();
    expect(s.lastErrors.some((e) => e.path === broken)).toBe(true);
    expect(s.ignoredProblems).toBe(0);
    await expect(engine.problemIgnore({})).rejects.toThrow();
  });

  it('retry queues the file again: fixed on disk, it indexes; a file with no problem is refused', async () => {
    const id = (await engine.status()).lastErrors.find((e) => e.path === broken)!.fileId!;
    copyFileSync(join(evalDir, 'coco2017-mini80', 'images', '000000000790.jpg'), broken);
    expect(await engine.problemRetry({ fileId: id })).toEqual({ file: true, pages: 0 });
    await engine.indexNow();
    const info = await engine.fileInfo({ fileId: id });
    expect(info.status).toBe('indexed');
    expect((await engine.status()).lastErrors.some((e) => e.path === broken)).toBe(false);
    await expect(engine.problemRetry({ fileId: id })).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(engine.problemRetry({ fileId: 999_999 })).rejects.toMatchObject({ kind: 'not-found' });
  });
});
