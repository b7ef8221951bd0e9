// The ordered list of schema migrations. A migration's version is its position (1-based); the
// database records the last applied one in PRAGMA user_version. Append only.
import { sql as initial } from './001-initial';
import { sql as perceptualHash } from './002-perceptual-hash';
import { sql as ocrState } from './003-ocr-state';
import { sql as metaTrigger } from './004-meta-trigger';
import { sql as searchText } from './005-search-text';
import { sql as ocrPages } from './006-ocr-pages';
import { sql as contentFlags } from './007-content-flags';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'perceptual-hash', sql: perceptualHash },
  { version: 3, name: 'ocr-state', sql: ocrState },
  { version: 4, name: 'meta-trigger', sql: metaTrigger },
  { version: 5, name: 'search-text', sql: searchText },
  { version: 6, name: 'ocr-pages', sql: ocrPages },
  { version: 7, name: 'content-flags', sql: contentFlags },
];

export const latestSchemaVersion = Math.max(...migrations.map((m) => m.version));
