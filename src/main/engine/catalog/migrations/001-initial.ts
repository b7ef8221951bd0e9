// Migration 1: the initial catalog schema. Never edit a shipped migration: add 002-*.ts instead.
//
// Model of the data:
// - contents: one row per distinct file content (sha-256 of the bytes). Everything derived from the
//   bytes (metadata, thumbnail, chunks, OCR, vectors) hangs off the content, so duplicate files are
//   processed once and a rename or move costs no inference.
// - files: one row per path on disk, pointing at its content once hashed.
// - image_vectors / chunk_vectors: the source of truth for embeddings; HNSW files are derived data
//   rebuilt from here.
// - kw (FTS5): keyword index. Row ids encode what a row is: rowid = files.id (> 0) for a file's
//   name/folder/EXIF text, rowid = -chunks.id (< 0) for a passage of document or OCR text.
//   Triggers keep it in sync, so no code path can forget to update it.
// - kw_names (FTS5 trigram): substring search over file names (e.g. "01234" in DSC01234.JPG).
export const sql = /* sql */ `
CREATE TABLE folders (
  id        INTEGER PRIMARY KEY,
  path      TEXT NOT NULL UNIQUE,
  added_at  TEXT NOT NULL
);

CREATE TABLE contents (
  id     INTEGER PRIMARY KEY,
  hash   TEXT NOT NULL UNIQUE,
  kind   TEXT NOT NULL CHECK (kind IN ('image', 'document')),
  bytes  INTEGER NOT NULL
);

CREATE TABLE files (
  id             INTEGER PRIMARY KEY,
  folder_id      INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
  path           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  dir            TEXT NOT NULL,
  ext            TEXT NOT NULL,
  size           INTEGER NOT NULL,
  mtime_ms       INTEGER NOT NULL,
  content_id     INTEGER REFERENCES contents(id) ON DELETE SET NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('image', 'document')),
  status         TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'indexed', 'failed', 'skipped')),
  error_kind     TEXT,
  error_message  TEXT,
  attempts       INTEGER NOT NULL DEFAULT 0,
  indexed_at     TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX files_content ON files(content_id);
CREATE INDEX files_folder ON files(folder_id);
CREATE INDEX files_status ON files(status, updated_at);
CREATE INDEX files_kind ON files(kind);

CREATE TABLE image_meta (
  content_id   INTEGER PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
  taken_at     TEXT,
  camera       TEXT,
  lens         TEXT,
  keywords     TEXT,
  lat          REAL,
  lon          REAL,
  width        INTEGER,
  height       INTEGER,
  orientation  INTEGER
);
CREATE INDEX image_meta_taken ON image_meta(taken_at);

CREATE TABLE thumbnails (
  content_id  INTEGER PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
  path        TEXT NOT NULL
);

CREATE TABLE chunks (
  id          INTEGER PRIMARY KEY,
  content_id  INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
  source      TEXT NOT NULL DEFAULT 'text' CHECK (source IN ('text', 'ocr')),
  seq         INTEGER NOT NULL,
  page        INTEGER,
  char_start  INTEGER NOT NULL,
  char_end    INTEGER NOT NULL,
  text        TEXT NOT NULL
);
CREATE INDEX chunks_content ON chunks(content_id, source, seq);

CREATE TABLE ocr_lines (
  id          INTEGER PRIMARY KEY,
  content_id  INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
  text        TEXT NOT NULL,
  score       REAL NOT NULL,
  box         TEXT NOT NULL
);
CREATE INDEX ocr_lines_content ON ocr_lines(content_id);

-- One row per model that has written vectors: pins the dimension so a model never mixes sizes.
CREATE TABLE vector_models (
  model_id  TEXT PRIMARY KEY,
  dim       INTEGER NOT NULL CHECK (dim > 0)
);

CREATE TABLE image_vectors (
  content_id  INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
  model_id    TEXT NOT NULL REFERENCES vector_models(model_id) ON DELETE CASCADE,
  vector      BLOB NOT NULL,
  PRIMARY KEY (model_id, content_id)
);
CREATE INDEX image_vectors_content ON image_vectors(content_id);

CREATE TABLE chunk_vectors (
  chunk_id  INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
  model_id  TEXT NOT NULL REFERENCES vector_models(model_id) ON DELETE CASCADE,
  vector    BLOB NOT NULL,
  PRIMARY KEY (model_id, chunk_id)
);
CREATE INDEX chunk_vectors_chunk ON chunk_vectors(chunk_id);

CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  file_id     INTEGER NOT NULL UNIQUE REFERENCES files(id) ON DELETE CASCADE,
  priority    INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  updated_at  TEXT NOT NULL
);
CREATE INDEX jobs_claim ON jobs(state, priority DESC, id);

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);

CREATE VIRTUAL TABLE kw USING fts5(
  name, folder, meta, body,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE VIRTUAL TABLE kw_names USING fts5(
  name,
  tokenize = 'trigram remove_diacritics 1'
);

-- EXIF text searchable for a content: camera, lens, keywords.
CREATE VIEW kw_meta_text AS
  SELECT content_id, trim(coalesce(camera, '') || ' ' || coalesce(lens, '') || ' ' || coalesce(keywords, '')) AS text
  FROM image_meta;

CREATE TRIGGER files_kw_insert AFTER INSERT ON files BEGIN
  INSERT INTO kw(rowid, name, folder, meta, body)
    VALUES (new.id, new.name, new.dir, coalesce((SELECT text FROM kw_meta_text WHERE content_id = new.content_id), ''), '');
  INSERT INTO kw_names(rowid, name) VALUES (new.id, new.name);
END;

CREATE TRIGGER files_kw_update AFTER UPDATE OF name, dir, content_id ON files BEGIN
  DELETE FROM kw WHERE rowid = old.id;
  DELETE FROM kw_names WHERE rowid = old.id;
  INSERT INTO kw(rowid, name, folder, meta, body)
    VALUES (new.id, new.name, new.dir, coalesce((SELECT text FROM kw_meta_text WHERE content_id = new.content_id), ''), '');
  INSERT INTO kw_names(rowid, name) VALUES (new.id, new.name);
END;

CREATE TRIGGER files_kw_delete AFTER DELETE ON files BEGIN
  DELETE FROM kw WHERE rowid = old.id;
  DELETE FROM kw_names WHERE rowid = old.id;
END;

CREATE TRIGGER image_meta_kw_insert AFTER INSERT ON image_meta BEGIN
  UPDATE kw SET meta = (SELECT text FROM kw_meta_text WHERE content_id = new.content_id)
    WHERE rowid IN (SELECT id FROM files WHERE content_id = new.content_id);
END;

CREATE TRIGGER image_meta_kw_update AFTER UPDATE ON image_meta BEGIN
  UPDATE kw SET meta = (SELECT text FROM kw_meta_text WHERE content_id = new.content_id)
    WHERE rowid IN (SELECT id FROM files WHERE content_id = new.content_id);
END;

CREATE TRIGGER image_meta_kw_delete AFTER DELETE ON image_meta BEGIN
  UPDATE kw SET meta = '' WHERE rowid IN (SELECT id FROM files WHERE content_id = old.content_id);
END;

CREATE TRIGGER chunks_kw_insert AFTER INSERT ON chunks BEGIN
  INSERT INTO kw(rowid, name, folder, meta, body) VALUES (-new.id, '', '', '', new.text);
END;

CREATE TRIGGER chunks_kw_delete AFTER DELETE ON chunks BEGIN
  DELETE FROM kw WHERE rowid = -old.id;
END;

CREATE TRIGGER chunks_kw_update AFTER UPDATE OF text ON chunks BEGIN
  UPDATE kw SET body = new.text WHERE rowid = -new.id;
END;
`;
