// Row shapes the catalog repositories return (camelCase; SQL columns are snake_case).
import type { ErrorKind, FileKind, FileStatus } from '../../../shared/contract';

export type { ErrorKind, FileKind, FileStatus };

export interface FolderRow {
  id: number;
  path: string;
  addedAt: string;
}

export interface ContentRow {
  id: number;
  hash: string;
  kind: FileKind;
  bytes: number;
}

export interface FileRow {
  id: number;
  folderId: number;
  path: string;
  name: string;
  dir: string;
  /** Lower-case extension without the dot ('' when none). */
  ext: string;
  size: number;
  mtimeMs: number;
  contentId: number | null;
  kind: FileKind;
  status: FileStatus;
  errorKind: ErrorKind | null;
  errorMessage: string | null;
  attempts: number;
  indexedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ImageMeta {
  /** Local capture time as ISO text without zone ('2023-07-14T10:22:03'), as EXIF gives it. */
  takenAt: string | null;
  camera: string | null;
  lens: string | null;
  /** Free-text EXIF/XMP keywords or description, searchable by keyword. */
  keywords: string | null;
  lat: number | null;
  lon: number | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
}

export type ChunkSource = 'text' | 'ocr';

export interface ChunkInput {
  seq: number;
  page?: number | null;
  charStart: number;
  charEnd: number;
  text: string;
}

export interface ChunkRow {
  id: number;
  contentId: number;
  source: ChunkSource;
  seq: number;
  page: number | null;
  charStart: number;
  charEnd: number;
  text: string;
}

export interface OcrLineInput {
  text: string;
  score: number;
  /** Polygon or box in image pixels, stored as JSON (e.g. [[x,y],[x,y],[x,y],[x,y]]). */
  box: unknown;
}

export interface OcrLineRow {
  id: number;
  contentId: number;
  text: string;
  score: number;
  box: unknown;
}

export type JobState = 'pending' | 'running' | 'done' | 'failed';

export interface ClaimedJob {
  jobId: number;
  fileId: number;
  priority: number;
  /** Attempts including this one. */
  attempts: number;
  path: string;
  kind: FileKind;
  size: number;
  mtimeMs: number;
  contentId: number | null;
}

export interface FileErrorRow {
  fileId: number;
  path: string;
  kind: ErrorKind;
  message: string;
  at: string;
}
