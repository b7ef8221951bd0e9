// Migration 7: two per-content facts that lived as string keys in the generic settings table
// ('doc-empty:<id>', 'ocr-checked:<id>') and were never cleaned up when a content went away become
// columns of contents: a document whose text layer held no passage (text_empty), and an empty PDF
// the OCR pass has already checked for scanned pages (scan_checked). Existing keys are carried over.
export const sql = /* sql */ `
ALTER TABLE contents ADD COLUMN text_empty INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contents ADD COLUMN scan_checked INTEGER NOT NULL DEFAULT 0;
UPDATE contents SET text_empty = 1
  WHERE id IN (SELECT CAST(substr(key, 11) AS INTEGER) FROM settings WHERE key GLOB 'doc-empty:*');
UPDATE contents SET scan_checked = 1
  WHERE id IN (SELECT CAST(substr(key, 13) AS INTEGER) FROM settings WHERE key GLOB 'ocr-checked:*');
DELETE FROM settings WHERE key GLOB 'doc-empty:*' OR key GLOB 'ocr-checked:*';
`;
