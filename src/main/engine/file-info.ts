// The contract's FileInfo for a catalog file (fileInfo, the CLI's fileByPath): its row, metadata,
// last error and, for an image, the text read from it with boxes.
import type { FileInfo } from '../../shared/contract';
import { GlimpseError } from '../../shared/errors';
import type { Catalog } from './catalog';
import { textInImage } from './ocr-text-info';

export function describeFile(catalog: Catalog, fileId: number): FileInfo {
  const row = catalog.lookup.resolveFiles([fileId])[0];
  if (!row) throw new GlimpseError('not-found', `no file with id ${fileId}`);
  return {
    id: row.fileId,
    path: row.path,
    name: row.name,
    kind: row.kind,
    status: row.status,
    size: row.size,
    mtime: new Date(row.mtimeMs).toISOString(),
    takenAt: row.takenAt,
    width: row.width,
    height: row.height,
    camera: row.camera,
    lat: row.lat,
    lon: row.lon,
    error: row.errorKind ? { kind: row.errorKind, message: row.errorMessage ?? '' } : null,
    textInImage: row.kind === 'image' ? textInImage(catalog, row.contentId) : undefined,
  };
}
