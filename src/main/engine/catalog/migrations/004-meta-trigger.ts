// Migration 4: the keyword row of a file only holds camera, lens and keywords from image_meta, so
// only changes to those columns need to rewrite it (not every dhash/ocr_at/size update, which made
// each indexed photo rewrite its FTS row twice).
export const sql = /* sql */ `
DROP TRIGGER image_meta_kw_update;
CREATE TRIGGER image_meta_kw_update AFTER UPDATE OF camera, lens, keywords ON image_meta BEGIN
  UPDATE kw SET meta = (SELECT text FROM kw_meta_text WHERE content_id = new.content_id)
    WHERE rowid IN (SELECT id FROM files WHERE content_id = new.content_id);
END;
`;
