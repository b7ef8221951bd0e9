// Fills a catalog with n synthetic files (90% images with EXIF, 10% documents), one content per
// file, status 'indexed', through plain SQL in one transaction (the FTS triggers still fire), so
// join and filter timings are measured on a realistic table size. Used by the query-vectors
// benchmark and the catalog join-latency test.
import type { Catalog } from '../../src/main/engine/catalog/catalog';

export interface SyntheticCatalogInfo {
  /** content ids in insertion order (content i belongs to file i) */
  contentIds: number[];
  folders: string[];
}

export function fillSyntheticCatalog(cat: Catalog, n: number, seed = 1): SyntheticCatalogInfo {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const cameras = ['Canon EOS R5', 'FUJIFILM X-T4', 'Apple iPhone 13', 'Google Pixel 7', 'NIKON D750', null];
  const folders = Array.from({ length: 20 }, (_, i) => `/data/folder${i}`);
  const contentIds: number[] = [];
  const db = cat.db;
  const now = new Date().toISOString();
  cat.transaction(() => {
    const folderIds = folders.map((p) => cat.folders.add(p).id);
    const insContent = db.prepare('INSERT INTO contents(hash, kind, bytes) VALUES (?, ?, ?)');
    const insFile = db.prepare(
      `INSERT INTO files(folder_id, path, name, dir, ext, size, mtime_ms, content_id, kind, status, indexed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'indexed', ?, ?, ?)`,
    );
    const insMeta = db.prepare('INSERT INTO image_meta(content_id, taken_at, camera, lat, lon, width, height, orientation) VALUES (?, ?, ?, ?, ?, ?, ?, 1)');
    for (let i = 0; i < n; i++) {
      const kind = rnd() < 0.9 ? 'image' : 'document';
      const fi = Math.floor(rnd() * folders.length);
      const dir = `${folders[fi]}/${2015 + (i % 10)}`;
      const name = kind === 'image' ? `IMG_${String(i).padStart(6, '0')}.jpg` : `report-${i}.pdf`;
      const contentId = Number(insContent.run(`synthetic-${seed}-${i}`, kind, 1000 + i).lastInsertRowid);
      contentIds.push(contentId);
      const mtime = Date.UTC(2015, 0, 1) + Math.floor(rnd() * 10 * 365 * 86_400_000);
      insFile.run(folderIds[fi], `${dir}/${name}`, name, dir, kind === 'image' ? 'jpg' : 'pdf', 1000 + i, mtime, contentId, kind, now, now, now);
      if (kind === 'image') {
        const taken = new Date(mtime - Math.floor(rnd() * 86_400_000)).toISOString().slice(0, 19);
        const gps = rnd() < 0.4;
        insMeta.run(contentId, taken, cameras[Math.floor(rnd() * cameras.length)], gps ? rnd() * 180 - 90 : null, gps ? rnd() * 360 - 180 : null, 4000, 3000);
      }
    }
  });
  return { contentIds, folders };
}
