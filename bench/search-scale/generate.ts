// N generated photos whose names all hold "holiday" (holiday-<i>.jpg in /photos/<2015..2024>, dates
// spread over ten years), written directly in SQL (recursive CTE) so 100k files take seconds; the
// FTS triggers and glimpse_fold run for each row exactly as they do for indexed files. No images.
import type { Catalog } from '../../src/main/engine/catalog/catalog';

export function generateHolidayPhotos(cat: Catalog, n: number): void {
  const folder = cat.folders.add('/photos');
  cat.transaction(() => {
    cat.db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${n})
      INSERT INTO contents(id, hash, kind, bytes) SELECT i + 1, 'h' || i, 'image', 1000 FROM n;
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${n})
      INSERT INTO image_meta(content_id, taken_at)
        SELECT i + 1, strftime('%Y-%m-%dT%H:%M:%S', 1420070400 + ((i * 7919) % 3650) * 86400 + (i % 3) * 3600, 'unixepoch') FROM n;
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${n})
      INSERT INTO files(folder_id, path, name, dir, ext, size, mtime_ms, content_id, kind, status, created_at, updated_at)
        SELECT ${folder.id}, '/photos/' || (2015 + i % 10) || '/holiday-' || i || '.jpg', 'holiday-' || i || '.jpg', '/photos/' || (2015 + i % 10),
               '.jpg', 1000, 1700000000000, i + 1, 'image', 'indexed', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n;`);
  });
  cat.keywords.optimize();
}
