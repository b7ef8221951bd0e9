// ../shared/eval/robustness indexed end to end: every file is indexed or failed with a reason,
// nothing crashes, and EXIF dates and GPS match the manifest (exiftool's reading).
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKindOf } from '../../../src/main/engine/ingest/file-kind';
import { evalDir } from '../../helpers/paths';
import { openTestEngine } from '../../helpers/engine';
import { internals } from '../../helpers/engine-internals';

const root = join(evalDir, 'robustness');
type Row = { file: string; imagemagick6_decode?: string; exiftool?: Record<string, string> };
const manifest = readFileSync(join(root, 'MANIFEST.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
let t: Awaited<ReturnType<typeof openTestEngine>>;

function parseDms(s: string): [number, number] {
  const parts = [...s.matchAll(/(\d+) deg (\d+)' ([\d.]+)" ([NSEW])/g)].map((m) => {
    const v = Number(m[1]) + Number(m[2]) / 60 + Number(m[3]) / 3600;
    return m[4] === 'S' || m[4] === 'W' ? -v : v;
  });
  return [parts[0]!, parts[1]!];
}

beforeAll(async () => {
  t = await openTestEngine();
  internals(t.engine).library.add(root);
  await t.engine.indexNow();
});
afterAll(async () => t.cleanup());

describe('robustness set', () => {
  it('indexes every file or records why it failed', async () => {
    const rows = internals(t.engine).catalog.lookup.list({ status: 'any', limit: 10_000 });
    const byPath = new Map(rows.map((r) => [r.path, r]));
    const indexable = manifest.filter((m) => fileKindOf(m.file) !== null);
    expect(indexable.length).toBeGreaterThan(100);
    const failed: string[] = [];
    for (const m of indexable) {
      const r = byPath.get(join(root, m.file));
      expect(r, m.file).toBeDefined();
      expect(['indexed', 'failed']).toContain(r!.status);
      if (r!.status === 'failed') {
        expect(r!.errorKind).toMatch(/corrupt|unsupported|too-large/);
        expect(r!.errorMessage!.length).toBeGreaterThan(5);
        failed.push(`${m.file} (${r!.errorKind}; ImageMagick: ${m.imagemagick6_decode})`);
      }
    }
    console.log(`robustness: ${indexable.length - failed.length} indexed, ${failed.length} failed:\n  ${failed.join('\n  ')}`);
    // Everything ImageMagick can decode we decode too, except BMP (not in libvips' loaders).
    const missed = indexable.filter((m) => m.imagemagick6_decode === 'ok' && byPath.get(join(root, m.file))!.status === 'failed' && !m.file.endsWith('.bmp'));
    expect(missed.map((m) => m.file)).toEqual([]);
    const status = await t.engine.status();
    expect(status.files.queued).toBe(0);
    expect(status.lastErrors.length).toBe(failed.length);
  });

  it('reads EXIF dates and GPS like exiftool', () => {
    let dates = 0;
    let gps = 0;
    for (const m of manifest) {
      const ex = m.exiftool ?? {};
      const r = internals(t.engine).catalog.lookup.list({ status: 'any', limit: 10_000 }).find((x) => x.path === join(root, m.file));
      if (!r || r.status !== 'indexed') continue;
      if (ex.DateTimeOriginal && /^\d{4}:\d\d:\d\d \d\d:\d\d:\d\d/.test(ex.DateTimeOriginal)) {
        expect(r.takenAt, m.file).toBe(ex.DateTimeOriginal.slice(0, 19).replace(/^(\d{4}):(\d\d):(\d\d) /, '$1-$2-$3T'));
        dates++;
      }
      if (ex.GPSPosition) {
        const [lat, lon] = parseDms(ex.GPSPosition);
        expect(r.lat, m.file).toBeCloseTo(lat, 3);
        expect(r.lon, m.file).toBeCloseTo(lon, 3);
        gps++;
      }
    }
    console.log(`robustness: ${dates} dates and ${gps} GPS positions match exiftool`);
    expect(dates).toBeGreaterThanOrEqual(35);
    expect(gps).toBeGreaterThanOrEqual(15);
  });

  it('accounts for every file of the set in status (types not indexed, such as .ico and .ppm, included)', async () => {
    const s = await t.engine.status();
    const scanSkips = (s.notIndexed ?? []).filter((n) => !n.reason.includes(':')).reduce((n, x) => n + x.count, 0);
    const rows = internals(t.engine).catalog.lookup.list({ status: 'any', limit: 10_000 }).length;
    const files = (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[]).filter((d) => d.isFile() && !d.name.startsWith('.'));
    const inManifest = new Set(manifest.map((m) => m.file));
    const unsupported = (s.notIndexed ?? []).find((n) => n.reason === 'unsupported-type');
    console.log(`robustness: ${files.length} files = ${rows} catalog rows + ${scanSkips} left out by the scan (${unsupported?.count ?? 0} unsupported types, e.g. ${unsupported?.examples.slice(0, 3).join(', ')})`);
    expect(rows + scanSkips).toBe(files.length);
    expect(manifest.filter((m) => fileKindOf(m.file) === null && inManifest.has(m.file)).length).toBeLessThanOrEqual(unsupported?.count ?? 0);
  });

  it('serves thumbnails for indexed images by id only', async () => {
    const r = internals(t.engine).catalog.lookup.list({ status: 'indexed', limit: 1, filters: { type: 'image' } })[0]!;
    const media = await t.engine.resolveMedia('thumbnail', r.fileId);
    expect(media.mime).toMatch(/^image\/(webp|jpeg|png)$/);
    await expect(t.engine.resolveMedia('thumbnail', 987654)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
