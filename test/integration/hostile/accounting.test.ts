// Every file under a watched folder is accounted for, and nothing is "indexed" without its
// results: a photo byte-identical to a mislabelled .pdf that fails, 0-byte .pdf/.docx/.jpg files,
// a 2 GB sparse .pdf (refused by size before it is read), unsupported types (.ico, .ppm), a name
// that is not UTF-8 and a FIFO. Status says what happened to each.
import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, ftruncateSync, openSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDir, tempDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const photos = readdirSync(join(evalDir, 'caltech101-5pc/images')).filter((f) => f.endsWith('.jpg')).sort();
const photo = (i: number) => join(evalDir, 'caltech101-5pc/images', photos[i]!);
const lib = tempDir('glimpse-accounting-');
let t: Awaited<ReturnType<typeof openTestEngine>>;
let indexSeconds = 0;

beforeAll(async () => {
  const p = (n: string) => join(lib.path, n);
  copyFileSync(photo(0), p('photo.jpg'));
  copyFileSync(photo(0), p('mislabelled.pdf'));
  // The .pdf is newer, so it is claimed first and the photo is its in-flight duplicate.
  utimesSync(p('photo.jpg'), new Date(2020, 0, 1), new Date(2020, 0, 1));
  copyFileSync(photo(1), p('other.jpg'));
  writeFileSync(p('notes.txt'), 'kayak trip on the fjord\n');
  writeFileSync(p('notes-copy.txt'), 'kayak trip on the fjord\n');
  for (const n of ['empty.pdf', 'empty.docx', 'empty2.pdf', 'empty.jpg']) writeFileSync(p(n), '');
  const fd = openSync(p('huge.pdf'), 'w');
  ftruncateSync(fd, 2 * 1024 ** 3); // sparse: 2 GB that takes no disk
  closeSync(fd);
  writeFileSync(p('icon.ico'), readFileSync(photo(2)));
  writeFileSync(p('raw.ppm'), 'P3\n1 1\n255\n0 0 0\n');
  writeFileSync(Buffer.from(join(lib.path, 'caf\xe9.jpg'), 'latin1'), readFileSync(photo(3)));
  execFileSync('mkfifo', [p('pipe.jpg')]);
  t = await openTestEngine();
  internals(t.engine).library.add(lib.path);
  const t0 = Date.now();
  await t.engine.indexNow();
  indexSeconds = (Date.now() - t0) / 1000;
}, 120_000);
afterAll(async () => {
  await t.cleanup();
  lib.cleanup();
});

const row = (name: string) => internals(t.engine).catalog.files.getByPath(join(lib.path, name));

describe('accounting for every file', () => {
  it('a photo identical to a failed mislabelled .pdf is indexed as a photo, with its vector', () => {
    expect(row('mislabelled.pdf')?.status).toBe('failed');
    const p = row('photo.jpg')!;
    expect(p.status).toBe('indexed');
    expect(internals(t.engine).catalog.vectors.getImage('tiny-clip-immich', p.contentId!)).toBeDefined();
    expect(internals(t.engine).catalog.imageMeta.thumbnail(p.contentId!)).toBeTruthy();
  });

  it('0-byte files fail with a reason instead of becoming ghost duplicates', () => {
    for (const n of ['empty.pdf', 'empty.docx', 'empty2.pdf', 'empty.jpg']) {
      expect(row(n), n).toMatchObject({ status: 'failed', errorKind: 'corrupt', errorMessage: expect.stringMatching(/empty \(0 bytes\)/) });
    }
  });

  it('a 2 GB sparse .pdf is skipped by size before it is read', () => {
    console.log(`accounting: indexNow took ${indexSeconds.toFixed(1)} s with a 2 GB sparse file in the folder`);
    expect(row('huge.pdf')).toMatchObject({ status: 'skipped', errorKind: 'too-large' });
  });

  it('duplicates whose first copy succeeded are indexed; every indexed file has its results', () => {
    expect(row('notes.txt')?.status).toBe('indexed');
    expect(row('notes-copy.txt')?.status).toBe('indexed');
    for (const r of internals(t.engine).catalog.lookup.list({ status: 'indexed', limit: 1000 })) {
      const f = internals(t.engine).catalog.files.get(r.fileId)!;
      if (f.kind === 'image') expect(internals(t.engine).catalog.vectors.getImage('tiny-clip-immich', f.contentId!), f.path).toBeDefined();
      else expect(internals(t.engine).catalog.chunks.forContent(f.contentId!, 'text').length, f.path).toBeGreaterThan(0);
    }
  });

  it('status accounts for every entry of the folder', async () => {
    const s = await t.engine.status();
    const by = new Map((s.notIndexed ?? []).map((n) => [n.reason, n]));
    expect(by.get('unsupported-type')?.count).toBe(2);
    expect(by.get('undecodable-name')?.count).toBe(1);
    expect(by.get('not-a-regular-file')?.count).toBe(1);
    expect(by.get('skipped: too-large')?.count).toBe(1);
    expect(by.get('failed: corrupt')?.count).toBe(5); // four empty files + the mislabelled .pdf
    const entries = readdirSync(lib.path, { encoding: 'buffer' }).length;
    const rows = internals(t.engine).catalog.lookup.list({ status: 'any', limit: 1000 }).length;
    const scanSkips = ['unsupported-type', 'undecodable-name', 'not-a-regular-file', 'link-outside', 'link-to-folder', 'unreadable'].reduce((n, r) => n + (by.get(r)?.count ?? 0), 0);
    console.log(`accounting: ${entries} entries = ${rows} catalog rows (${s.files.indexed} indexed, ${s.files.failed} failed, ${s.files.skipped} skipped) + ${scanSkips} left out by the scan`);
    expect(rows + scanSkips).toBe(entries);
    expect(s.files.queued).toBe(0);
  });
});
