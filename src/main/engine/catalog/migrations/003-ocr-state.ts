// Migration 3: when OCR last ran on an image content (NULL = not yet). OCR runs as a second,
// lower-priority pass after embedding, so "no OCR lines" alone cannot tell "no text" from "not run".
export const sql = /* sql */ `
ALTER TABLE image_meta ADD COLUMN ocr_at TEXT;
`;
