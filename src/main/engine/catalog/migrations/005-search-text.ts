// Migration 5: keyword text folded and segmented for search in every script, document metadata,
// and substring search over OCR text. Existing libraries are re-indexed into the new form here.
// - kw rows now hold glimpse_fold(text) (a SQL function registered by db.ts on every connection,
//   see text-fold.ts): NFKC, TeX spacing accents composed, Han/Kana characters and Thai words
//   separated by U+200B so a word inside a sentence is a token (phrase) of its own.
// - doc_meta: a document's own title, author and keywords/tags (front matter, PDF info, core.xml,
//   ...). They join camera/lens/keywords in the file's kw `meta` column (kw_meta_text), so the
//   author's name finds the recipe and a title holding every query word ranks as a name match.
// - kw_ocr (FTS5 trigram, rowid = chunk id): OCR passages, so words an OCR engine ran together
//   ("Freshstrawberriesandhomemadelemonade") are still found by "lemonade".
export const sql = /* sql */ `
CREATE TABLE doc_meta (
  content_id  INTEGER PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
  title       TEXT,
  author      TEXT,
  keywords    TEXT
);

DROP VIEW kw_meta_text;
CREATE VIEW kw_meta_text AS
  SELECT content_id, glimpse_fold(trim(coalesce(camera, '') || ' ' || coalesce(lens, '') || ' ' || coalesce(keywords, ''))) AS text
  FROM image_meta
  UNION ALL
  SELECT content_id, glimpse_fold(trim(coalesce(title, '') || ' ' || coalesce(author, '') || ' ' || coalesce(keywords, ''))) AS text
  FROM doc_meta;

CREATE VIRTUAL TABLE kw_ocr USING fts5(
  text,
  tokenize = 'trigram remove_diacritics 1'
);

DROP TRIGGER files_kw_insert;
CREATE TRIGGER files_kw_insert AFTER INSERT ON files BEGIN
  INSERT INTO kw(rowid, name, folder, meta, body)
    VALUES (new.id, glimpse_fold(new.name), glimpse_fold(new.dir), coalesce((SELECT text FROM kw_meta_text WHERE content_id = new.content_id), ''), '');
  INSERT INTO kw_names(rowid, name) VALUES (new.id, new.name);
END;

DROP TRIGGER files_kw_update;
CREATE TRIGGER files_kw_update AFTER UPDATE OF name, dir, content_id ON files BEGIN
  DELETE FROM kw WHERE rowid = old.id;
  DELETE FROM kw_names WHERE rowid = old.id;
  INSERT INTO kw(rowid, name, folder, meta, body)
    VALUES (new.id, glimpse_fold(new.name), glimpse_fold(new.dir), coalesce((SELECT text FROM kw_meta_text WHERE content_id = new.content_id), ''), '');
  INSERT INTO kw_names(rowid, name) VALUES (new.id, new.name);
END;

DROP TRIGGER chunks_kw_insert;
CREATE TRIGGER chunks_kw_insert AFTER INSERT ON chunks BEGIN
  INSERT INTO kw(rowid, name, folder, meta, body) VALUES (-new.id, '', '', '', glimpse_fold(new.text));
  INSERT INTO kw_ocr(rowid, text) SELECT new.id, new.text WHERE new.source = 'ocr';
END;

DROP TRIGGER chunks_kw_delete;
CREATE TRIGGER chunks_kw_delete AFTER DELETE ON chunks BEGIN
  DELETE FROM kw WHERE rowid = -old.id;
  DELETE FROM kw_ocr WHERE rowid = old.id;
END;

DROP TRIGGER chunks_kw_update;
CREATE TRIGGER chunks_kw_update AFTER UPDATE OF text ON chunks BEGIN
  UPDATE kw SET body = glimpse_fold(new.text) WHERE rowid = -new.id;
  DELETE FROM kw_ocr WHERE rowid = old.id;
  INSERT INTO kw_ocr(rowid, text) SELECT new.id, new.text WHERE new.source = 'ocr';
END;

CREATE TRIGGER doc_meta_kw_insert AFTER INSERT ON doc_meta BEGIN
  UPDATE kw SET meta = (SELECT text FROM kw_meta_text WHERE content_id = new.content_id)
    WHERE rowid IN (SELECT id FROM files WHERE content_id = new.content_id);
END;

CREATE TRIGGER doc_meta_kw_update AFTER UPDATE ON doc_meta BEGIN
  UPDATE kw SET meta = (SELECT text FROM kw_meta_text WHERE content_id = new.content_id)
    WHERE rowid IN (SELECT id FROM files WHERE content_id = new.content_id);
END;

CREATE TRIGGER doc_meta_kw_delete AFTER DELETE ON doc_meta BEGIN
  UPDATE kw SET meta = '' WHERE rowid IN (SELECT id FROM files WHERE content_id = old.content_id);
END;

-- Re-index what an older version wrote into the new form.
DELETE FROM kw;
INSERT INTO kw(rowid, name, folder, meta, body)
  SELECT f.id, glimpse_fold(f.name), glimpse_fold(f.dir), coalesce(m.text, ''), '' FROM files f LEFT JOIN kw_meta_text m ON m.content_id = f.content_id;
INSERT INTO kw(rowid, name, folder, meta, body) SELECT -id, '', '', '', glimpse_fold(text) FROM chunks;
INSERT INTO kw_ocr(rowid, text) SELECT id, text FROM chunks WHERE source = 'ocr';
`;
