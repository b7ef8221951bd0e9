// Which kind of file a path is for indexing purposes: an image, a document, or neither (ignored).
import type { FileKind } from '../../../shared/contract';
import { isDocumentPath } from '../extract/documents';
import { isImagePath } from '../extract/image';

export function fileKindOf(path: string): FileKind | null {
  if (isImagePath(path)) return 'image';
  if (isDocumentPath(path)) return 'document';
  return null;
}
