// Thumbnail paths are stored relative to the data dir's thumbnails folder ("ab/abcd....webp"), so
// a moved, copied or restored data dir still serves its thumbnails. Rows written by older builds
// hold absolute paths: those are mapped onto this data dir's thumbnails folder when read (and a
// cleanup never deletes a thumbnail in another copy of the library).
import { isAbsolute, join, relative, sep } from 'node:path';

const MARKER = `${sep}thumbnails${sep}`;

/** What goes in the catalog for a thumbnail written at `absPath` (under `thumbnailsDir`). */
export function storedThumbnailPath(thumbnailsDir: string, absPath: string): string {
  const rel = relative(thumbnailsDir, absPath);
  return rel.startsWith('..') || isAbsolute(rel) ? absPath : rel;
}

/** The file for a stored thumbnail path in this data dir. */
export function localThumbnailPath(thumbnailsDir: string, stored: string): string {
  if (!isAbsolute(stored)) return join(thumbnailsDir, stored);
  const i = stored.lastIndexOf(MARKER);
  return i >= 0 ? join(thumbnailsDir, stored.slice(i + MARKER.length)) : stored;
}
