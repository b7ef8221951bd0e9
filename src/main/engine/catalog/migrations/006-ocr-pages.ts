// Migration 6: pages of documents that OCR reads (scanned PDF pages: no text layer, or too little
// for their area). One row per page; its passages are 'ocr' chunks with that page number. The state
// says what happened, so a page that could not be read is reported instead of silently empty.
export const sql = /* sql */ `
CREATE TABLE IF NOT EXISTS ocr_pages (
  content_id  INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
  page        INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'read', 'no-text', 'failed')),
  error_kind  TEXT,
  error       TEXT,
  lines       INTEGER,
  read_at     TEXT,
  PRIMARY KEY (content_id, page)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ocr_pages_state ON ocr_pages(state, content_id, page);
`;
