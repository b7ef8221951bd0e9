// Per-content image metadata (EXIF date, camera, GPS, size) and thumbnail paths. Writing camera,
// lens or keywords updates the keyword index of every file with that content (SQL triggers).
import type { Statements } from './statements';
import type { ImageMeta } from './types';

const COLS = 'taken_at AS takenAt, camera, lens, keywords, lat, lon, width, height, orientation';

export class ImageMetas {
  constructor(private readonly s: Statements) {}

  /** Inserts or replaces the metadata of a content; omitted fields are stored as NULL. */
  set(contentId: number, meta: Partial<ImageMeta>): void {
    this.s
      .get(
        `INSERT INTO image_meta(content_id, taken_at, camera, lens, keywords, lat, lon, width, height, orientation)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(content_id) DO UPDATE SET taken_at = excluded.taken_at, camera = excluded.camera, lens = excluded.lens,
           keywords = excluded.keywords, lat = excluded.lat, lon = excluded.lon, width = excluded.width,
           height = excluded.height, orientation = excluded.orientation`,
      )
      .run(
        contentId,
        meta.takenAt ?? null,
        meta.camera ?? null,
        meta.lens ?? null,
        meta.keywords ?? null,
        finiteOrNull(meta.lat),
        finiteOrNull(meta.lon),
        finiteOrNull(meta.width),
        finiteOrNull(meta.height),
        finiteOrNull(meta.orientation),
      );
  }

  get(contentId: number): ImageMeta | undefined {
    return this.s.get<[number], ImageMeta>(`SELECT ${COLS} FROM image_meta WHERE content_id = ?`).get(contentId);
  }

  setThumbnail(contentId: number, path: string): void {
    this.s.get('INSERT INTO thumbnails(content_id, path) VALUES (?, ?) ON CONFLICT(content_id) DO UPDATE SET path = excluded.path').run(contentId, path);
  }

  /** Stores the perceptual hash (16 hex digits) of an image content. */
  setDhash(contentId: number, dhash: string | null): void {
    this.s.get('UPDATE image_meta SET dhash = ? WHERE content_id = ?').run(dhash, contentId);
  }

  dhash(contentId: number): string | null {
    return this.s.get<[number], { dhash: string | null }>('SELECT dhash FROM image_meta WHERE content_id = ?').get(contentId)?.dhash ?? null;
  }

  /** Image contents indexed before perceptual hashes existed (schema v1 catalogs). */
  contentsWithoutDhash(limit = 100_000): number[] {
    return this.s.get<[number], number>('SELECT content_id FROM image_meta WHERE dhash IS NULL LIMIT ?').pluck().all(limit);
  }

  /** Image contents (with a file on disk) that OCR has not looked at yet, newest first, with one path each. */
  contentsNeedingOcr(limit: number): { contentId: number; path: string }[] {
    return this.s
      .get<[number], { contentId: number; path: string }>(
        `SELECT m.content_id AS contentId, (SELECT f.path FROM files f WHERE f.content_id = m.content_id AND f.status = 'indexed' ORDER BY f.mtime_ms DESC LIMIT 1) AS path
         FROM image_meta m WHERE m.ocr_at IS NULL AND EXISTS (SELECT 1 FROM files f WHERE f.content_id = m.content_id AND f.status = 'indexed')
         ORDER BY m.content_id DESC LIMIT ?`,
      )
      .all(limit);
  }

  markOcrDone(contentId: number): void {
    this.s.get('UPDATE image_meta SET ocr_at = ? WHERE content_id = ?').run(new Date().toISOString(), contentId);
  }

  /** Number of image contents still waiting for OCR. */
  ocrBacklog(): number {
    return this.s.get<[], { n: number }>('SELECT count(*) AS n FROM image_meta WHERE ocr_at IS NULL').get()!.n;
  }

  /** Every image content's perceptual hash (for near-duplicate lookup). */
  allDhashes(): { contentId: number; dhash: string }[] {
    return this.s.get<[], { contentId: number; dhash: string }>('SELECT content_id AS contentId, dhash FROM image_meta WHERE dhash IS NOT NULL').all();
  }

  thumbnail(contentId: number): string | undefined {
    return this.s.get<[number], { path: string }>('SELECT path FROM thumbnails WHERE content_id = ?').get(contentId)?.path;
  }
}

function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
