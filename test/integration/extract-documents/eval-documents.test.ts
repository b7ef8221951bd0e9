// Every file of ../shared/eval/documents goes through extractDocument (worker pool, real parsers):
// each yields text or fails with a clear kind, and a few known strings per format come out right.
// Page images in the corpus are images, not documents: skipped by extension.
import { readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDocumentExtraction, extractDocument, isDocumentPath, type ExtractedDocument } from '../../../src/main/engine/extract/documents';
import { GlimpseError } from '../../../src/shared/errors';
import { evalDir } from '../../helpers/paths';

const root = join(evalDir, 'documents');
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.heic', '.webp', '.gif', '.tif', '.tiff']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Files that must fail, and how. Everything else must succeed. */
const expectedFailures: Record<string, string> = {
  'unstructured-example-docs/pdf/password.pdf': 'password-protected',
};
/** Documents that legitimately have no text: an image-only slide, a scanned page without text layer. */
const noText = new Set(['unstructured-example-docs/picture.pptx', 'unstructured-example-docs/pdf/table-multi-row-column-cells.pdf']);

/** Known content, read off the files themselves: [relative path, page or null, strings, title]. */
const known: [string, number | null, string[], string | null | undefined][] = [
  ['debian-pdfs/R-intro.pdf', 1, ['An Introduction to R'], undefined],
  ['debian-pdfs/refcard-ru-a4.pdf', 1, ['Обновить содержимое'], 'Памятка по Debian'],
  ['debian-pdfs/refcard-el-a4.pdf', 1, ['Γραφική διεπαφή για το APT'], 'Κάρτα Αναφοράς για το Debian'],
  ['debian-pdfs/example-japanese.pdf', 1, ['概要', 'All human beings are born free'], undefined],
  ['debian-pdfs/reportlab-userguide.pdf', 1, ['ReportLab PDF Library', 'User Guide'], 'ReportLab PDF Generation User Guide'],
  ['unstructured-example-docs/pdf/DA-1p.pdf', 1, ['CREATURES', 'Abomination'], undefined],
  ['unstructured-example-docs/pdf/copy-protected.pdf', 1, ['LayoutParser: A Unified Toolkit for Deep'], undefined],
  ['unstructured-example-docs/pdf/fake-memo.pdf', 1, ['There were 20,000 bottles of water'], 'fake-memo'],
  ['unstructured-example-docs/pdf/invalid-pdf-structure-pdfminer-one-page.pdf', 1, ['Leadership in Cybersecurity'], undefined],
  ['unstructured-example-docs/pdf/embedded-cmap-cidfont.pdf', 1, ['This text uses an embedded CMap'], undefined],
  ['unstructured-example-docs/rotated-page-90.pdf', 1, ['Hello World Test Text', 'Rotated page fixture'], undefined],
  ['unstructured-example-docs/fake.docx', null, ['Lorem ipsum dolor sit amet.'], undefined],
  ['unstructured-example-docs/handbook-1p.docx', null, ['The United States Trustee appoints and supervises'], undefined],
  ['unstructured-example-docs/teams_chat.docx', null, ['James Bond', 'OK. Yeah.'], undefined],
  ['unstructured-example-docs/language-docs/eng_spa_mult.docx', null, ['Todos los seres humanos nacen libres'], undefined],
  ['unstructured-example-docs/sample-presentation.pptx', 2, ['This is the first content slide', 'With a sub-bullet'], undefined],
  ['unstructured-example-docs/simple.pptx', 2, ['Where have all the flowers gone'], 'Title Slide'],
  ['unstructured-example-docs/ideas-page.html', null, ['Someone fed my essays into GPT'], 'How to Get New Ideas'],
  ['unstructured-example-docs/example-10k-1p.html', null, ['TRANSITION REPORT PURSUANT TO SECTION 13 OR 15(d)'], undefined],
  ['unstructured-example-docs/fake-html-with-base64-image.html', null, ['Test page'], undefined],
  ['unstructured-example-docs/LICENSE.md', null, ['Apache License', 'TERMS AND CONDITIONS'], undefined],
  ['unstructured-example-docs/language-docs/eng_spa_mult.md', null, ['Todos los seres humanos nacen libres'], undefined],
  ['unstructured-example-docs/norwich-city.txt', null, ['Iwan Roberts', 'Norwich City'], null],
  ['unstructured-example-docs/book-war-and-peace-1p.txt', null, ['so Genoa and Lucca are now just family estates'], null],
  ['unstructured-example-docs/language-docs/UDHR_first_article_all.txt', null, ['Universal Declaration of Human Right', 'Все люди рождаются свободными'], null],
  ['unstructured-example-docs/winter-sports.epub', null, ['THE EIGER'], 'Winter Sports in Switzerland'],
  ['unstructured-example-docs/simple.odt', null, ['These are a few of my favorite things:'], undefined],
  ['unstructured-example-docs/language-docs/eng_spa_mult.rtf', null, ['Todos los seres humanos nacen libres'], undefined],
];

const all = walk(root).sort();
const images = all.filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()));
const files = all.filter((f) => !IMAGE_EXTENSIONS.has(extname(f).toLowerCase()));
const results = new Map<string, ExtractedDocument | GlimpseError>();

afterAll(async () => {
  await closeDocumentExtraction();
});

describe('the eval document corpus through extractDocument', () => {
  it('extracts every file or fails it with a clear kind', async () => {
    expect(images.length).toBe(8);
    expect(files.length).toBeGreaterThan(80);
    // All at once: the pool queues them, which also checks replies are matched to their callers.
    await Promise.all(
      files.map(async (f) => {
        try {
          results.set(relative(root, f), await extractDocument(f));
        } catch (err) {
          if (!(err instanceof GlimpseError)) throw err;
          results.set(relative(root, f), err);
        }
      }),
    );
    const failures: string[] = [];
    for (const f of files) {
      const rel = relative(root, f);
      const r = results.get(rel);
      const want = expectedFailures[rel] ?? (isDocumentPath(f) ? 'ok' : 'unsupported');
      const got = r instanceof GlimpseError ? r.kind : 'ok';
      if (got !== want) failures.push(`${rel}: expected ${want}, got ${got}${r instanceof GlimpseError ? ` (${r.message})` : ''}`);
      if (r instanceof GlimpseError) {
        expect(r.message.length).toBeGreaterThan(10);
        continue;
      }
      if (!r) continue;
      const chars = r.pages.reduce((n, p) => n + p.text.length, 0);
      if (!noText.has(rel) && chars === 0) failures.push(`${rel}: no text`);
      if (noText.has(rel) && chars > 0) failures.push(`${rel}: expected no text, got ${chars} chars`);
    }
    expect(failures).toEqual([]);
  });

  it.each(known)('%s (page %s) says what the file says', (rel, page, strings, title) => {
    const r = results.get(rel);
    expect(r, `${rel} was not extracted`).toBeDefined();
    expect(r).not.toBeInstanceOf(GlimpseError);
    const doc = r as ExtractedDocument;
    const p = doc.pages.find((x) => x.page === page);
    expect(p, `${rel} has no page ${page}`).toBeDefined();
    for (const s of strings) expect(p?.text).toContain(s);
    if (title !== undefined) expect(doc.title).toBe(title);
  });

  it('numbers PDF pages and slides from 1 and uses null pages for flowing formats', () => {
    for (const [rel, r] of results) {
      if (r instanceof GlimpseError) continue;
      if (r.format === 'pdf' || r.format === 'pptx') expect(r.pages.map((p) => p.page)).toEqual(r.pages.map((_, i) => i + 1));
      else expect(r.pages.map((p) => p.page), rel).toEqual([null]);
    }
    const intro = results.get('debian-pdfs/R-intro.pdf') as ExtractedDocument;
    expect(intro.pages).toHaveLength(113);
  });
});
