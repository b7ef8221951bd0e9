// Keyword search over a real catalog (SQLite + FTS5, the triggers of migration 5): stopwords do
// not flood, Chinese words inside sentences of Debian's Simplified Chinese reference are found
// (quoted or not), Thai words too, English word forms, TeX spacing accents and ligatures fold,
// run-together OCR text is found by substring, document title/author are searchable and shown,
// and a library written by schema 4 is re-indexed into the new form when opened.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/main/engine/catalog/catalog';
import { migrations } from '../../../src/main/engine/catalog/migrations/index';
import { chunkDocument, estimateTokens } from '../../../src/main/engine/extract/chunking';
import { extractDocument } from '../../../src/main/engine/extract/documents';
import { docMetaFrom } from '../../../src/main/engine/catalog/doc-meta';
import { evalDir } from '../../helpers/paths';
import { addFile, openTemp, tempDir } from '../catalog/helpers';

const zhReference = '/usr/share/debian-reference/ch01.zh-cn.html';
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function catalog(): Catalog {
  const t = openTemp();
  cleanups.push(t.cleanup);
  return t.cat;
}

function doc(cat: Catalog, path: string, text: string, source: 'text' | 'ocr' = 'text'): number {
  const { fileId, contentId } = addFile(cat, '/lib', path, { kind: source === 'ocr' ? 'image' : 'document' });
  cat.chunks.replace(contentId, source, [{ seq: 0, page: null, charStart: 0, charEnd: text.length, text }]);
  return fileId;
}

const ids = (cat: Catalog, q: string) => new Set(cat.keywords.search(q, { limit: 1000 }).map((h) => h.fileId));

describe('keyword search in every language', () => {
  it('stopwords never become prefix or required terms: no flood of "a", "on", "the"', () => {
    const cat = catalog();
    const both = doc(cat, '/lib/walk.txt', 'We took the dog to the beach at dawn.');
    const dogOnly = doc(cat, '/lib/dog.txt', 'The dog sleeps all day.');
    for (let i = 0; i < 30; i++) doc(cat, `/lib/noise-${i}.txt`, `An addition on the alignment of abline number ${i}, at the origin, then onwards.`);
    const typed = ids(cat, 'a dog on the beach');
    const plain = ids(cat, 'dog beach');
    expect([...typed]).toEqual([both]);
    expect(typed.size).toBeLessThanOrEqual(plain.size);
    expect(typed.has(dogOnly)).toBe(false);
    // The snippet marks query words only, never "addition"/"alignment" via an "a" prefix.
    const hit = cat.keywords.search('a dog on the beach')[0]!;
    expect(hit.snippet).toContain('«dog»');
    expect(hit.snippet).not.toMatch(/«(?:a|an|at|the|on)»/i);
    // Prefix only on the last word and only from 3 characters.
    expect(ids(cat, 'dog be').has(both)).toBe(true); // "be" is a stopword: dog alone
    expect(ids(cat, 'bea').has(both)).toBe(true);
    expect(ids(cat, 'ab').size).toBe(0);
  });

  it.skipIf(!existsSync(zhReference))('finds a two-character Chinese word in the middle of a sentence of the Debian reference, quoted or not', async () => {
    const cat = catalog();
    const extracted = await extractDocument(zhReference);
    const chunks = chunkDocument(extracted, { maxTokens: 75, overlapTokens: 16, countTokens: estimateTokens, additive: true });
    const { fileId, contentId } = addFile(cat, '/lib', '/lib/debian-reference-ch01.html', { kind: 'document' });
    cat.chunks.replace(contentId, 'text', chunks);
    doc(cat, '/lib/other.txt', 'Debian 是一个自由的操作系统');
    const text = extracted.pages.map((p) => p.text).join('\n');
    expect(text).toContain('shell 解析你的命令');
    for (const q of ['解析', '"解析"', '命令', '"你的命令"', '解析 命令']) expect(ids(cat, q).has(fileId), q).toBe(true);
    // 40 two-character words taken from the middle of Han runs (deterministic sample): all found.
    const runs = text.match(/\p{Script=Han}{6,}/gu) ?? [];
    expect(runs.length).toBeGreaterThan(40);
    const step = Math.floor(runs.length / 40);
    let found = 0;
    for (let i = 0; i < 40; i++) {
      const run = [...runs[i * step]!];
      const mid = Math.floor(run.length / 2) - 1;
      if (ids(cat, run[mid]! + run[mid + 1]!).has(fileId)) found++;
    }
    expect(found).toBe(40);
    // A word of another document is not mistaken for one of this document.
    expect(ids(cat, '操作系统').has(fileId)).toBe(text.includes('操作系统'));
    expect(cat.keywords.search('解析')[0]!.snippet).toContain('«解析»');
  });

  it('segments Thai with Intl.Segmenter', () => {
    const cat = catalog();
    const th = doc(cat, '/lib/th.txt', 'ภาษาไทยง่ายนิดเดียว');
    expect(ids(cat, 'ไทย').has(th)).toBe(true);
    expect(ids(cat, '"ภาษาไทย"').has(th)).toBe(true);
  });

  it('matches regular English forms alongside the exact word', () => {
    const cat = catalog();
    const { fileId: pancake } = addFile(cat, '/lib', '/lib/pancake.webp');
    const berries = doc(cat, '/lib/jam.md', 'Crush the berries with sugar while baking.');
    expect(ids(cat, 'pancakes').has(pancake)).toBe(true);
    expect(ids(cat, 'pancake').has(pancake)).toBe(true);
    expect(ids(cat, 'berry').has(berries)).toBe(true);
    expect(ids(cat, 'bake').has(berries)).toBe(true);
    expect(ids(cat, 'bake berry crush').has(berries)).toBe(true);
  });

  it('folds TeX spacing accents, diacritics and compatibility forms', () => {
    const cat = catalog();
    const paper = doc(cat, '/lib/pq.pdf', 'Product quantization for nearest neighbor search. Herv´e J´egou, Matthijs Douze, Cordelia Schmid. The ﬁrst method');
    for (const q of ['Jégou', 'Jegou', 'jegou', 'J´egou', 'Hervé', 'first', 'ｊｅｇｏｕ']) expect(ids(cat, q).has(paper), q).toBe(true);
  });

  it('finds words an OCR engine ran together by substring, and file-name substrings', () => {
    const cat = catalog();
    const sign = doc(cat, '/lib/IMG_0042.jpg', 'Freshstrawberriesandhomemadelemonade $3', 'ocr');
    const { fileId: named } = addFile(cat, '/lib', '/lib/summerlemonadestand.jpg');
    const hits = cat.keywords.search('lemonade', { limit: 100 });
    const byFile = new Map(hits.map((h) => [h.fileId, h]));
    expect(byFile.get(sign)?.source).toBe('ocr-substring');
    expect(byFile.get(sign)?.snippet).toContain('«lemonade»');
    expect(byFile.get(named)?.source).toBe('name-substring');
    expect(ids(cat, 'strawberries lemonade').has(sign)).toBe(true);
  });

  it('indexes document title, author and tags, marks all-words-in-one-field matches exact, and shows the title', () => {
    const cat = catalog();
    const { fileId, contentId } = addFile(cat, '/lib', '/lib/oatmeal-pancakes.md', { kind: 'document' });
    cat.chunks.replace(contentId, 'text', [{ seq: 0, page: null, charStart: 0, charEnd: 40, text: 'Mix oats, milk and an egg. Fry in butter.' }]);
    cat.docMeta.set(contentId, { title: 'Hearty Breakfast Stack', author: 'Jane Whitfield', keywords: 'breakfast, sweet' });
    const other = doc(cat, '/lib/notes.txt', 'A hearty soup. Breakfast was late. The stack of plates.');
    const hits = cat.keywords.search('hearty breakfast stack', { limit: 10 });
    expect(hits.find((h) => h.fileId === fileId)?.exact).toBe(true);
    expect(hits.find((h) => h.fileId === other)?.exact).toBeFalsy();
    expect(ids(cat, 'whitfield').has(fileId)).toBe(true);
    expect(cat.lookup.resolveFiles([fileId])[0]!.title).toBe('Hearty Breakfast Stack');
    // Changing or clearing the metadata rewrites the keyword row.
    cat.docMeta.set(contentId, { title: 'Oat Stack', author: null });
    expect(ids(cat, 'whitfield').has(fileId)).toBe(false);
    expect(ids(cat, 'oat stack').has(fileId)).toBe(true);
  });

  it('indexes the title and author a real PDF and DOCX declare', async () => {
    const cat = catalog();
    const files: Record<string, number> = {};
    for (const rel of ['debian-pdfs/beamerexample-conference-talk.pdf', 'unstructured-example-docs/fake.docx']) {
      const path = join(evalDir, 'documents', rel);
      const d = await extractDocument(path);
      const { fileId, contentId } = addFile(cat, '/lib', `/lib/${rel}`, { kind: 'document' });
      cat.docMeta.set(contentId, docMetaFrom(d.title, d.metadata));
      files[rel] = fileId;
    }
    const pdf = files['debian-pdfs/beamerexample-conference-talk.pdf']!;
    expect(ids(cat, 'Tantau').has(pdf)).toBe(true);
    expect(ids(cat, 'Miagi').has(files['unstructured-example-docs/fake.docx']!)).toBe(true);
    const hit = cat.keywords.search('SNP block partitioning', { limit: 5 })[0]!;
    expect(hit.fileId).toBe(pdf);
    expect(hit.exact).toBe(true);
    expect(cat.lookup.resolveFiles([pdf])[0]!.title).toBe('On the Complexity of SNP Block Partitioning Under the Perfect Phylogeny Model');
  });

  it('re-indexes a library written by schema 4 into the folded, segmented form', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const path = join(t.dir, 'catalog.sqlite');
    const old = new Database(path);
    for (const m of migrations.filter((m) => m.version <= 4)) old.exec(m.sql);
    old.pragma('user_version = 4');
    const now = new Date().toISOString();
    old.prepare('INSERT INTO folders(id, path, added_at) VALUES (1, ?, ?)').run('/lib', now);
    old.prepare("INSERT INTO contents(id, hash, kind, bytes) VALUES (1, 'h1', 'document', 10), (2, 'h2', 'image', 10)").run();
    old.prepare(
      `INSERT INTO files(id, folder_id, path, name, dir, ext, size, mtime_ms, content_id, kind, status, created_at, updated_at)
       VALUES (1, 1, '/lib/zh.txt', 'zh.txt', '/lib', '.txt', 10, 0, 1, 'document', 'indexed', ?, ?),
              (2, 1, '/lib/sign.jpg', 'sign.jpg', '/lib', '.jpg', 10, 0, 2, 'image', 'indexed', ?, ?)`,
    ).run(now, now, now, now);
    old.prepare("INSERT INTO chunks(content_id, source, seq, char_start, char_end, text) VALUES (1, 'text', 0, 0, 9, 'shell 解析你的命令。Herv´e J´egou'), (2, 'ocr', 0, 0, 9, 'Homemadelemonade')").run();
    expect(old.prepare(`SELECT count(*) AS n FROM kw WHERE kw MATCH '"解析"'`).get()).toEqual({ n: 0 });
    old.close();
    const cat = Catalog.open(path);
    cleanups.unshift(() => cat.close());
    expect(cat.schemaVersion).toBeGreaterThanOrEqual(5);
    expect(ids(cat, '解析').has(1)).toBe(true);
    expect(ids(cat, 'jegou').has(1)).toBe(true);
    expect(ids(cat, 'lemonade').has(2)).toBe(true);
  });
});
