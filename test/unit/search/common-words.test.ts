// A query whose words are common and never together ("sunset over the sea" over 1,300 passages
// holding "sea"), in a real catalog searched through the real SearchService: the per-word pass keeps
// its best matches per word (PER_WORD_LIMIT, ranked by bm25 in the FTS index), the file named like
// the query, the passage holding every word and a quoted phrase still come first, filters apply to
// passage matches in SQL (a photo filter returns no document), and snippets of the matches holding
// some of the words are filled for the page shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/main/engine/catalog/catalog';
import { SearchService } from '../../../src/main/engine/search/search-service';
import { keywordCandidates, PER_WORD_LIMIT } from '../../../src/main/engine/search/keyword-candidates';
import { addFile, openTemp } from '../catalog/helpers';

const SEA = 1300;
let t: ReturnType<typeof openTemp>;
let service: SearchService;
const ids: Record<string, number> = {};

function doc(cat: Catalog, folder: string, name: string, text: string): number {
  const { fileId, contentId } = addFile(cat, '/docs', `/docs/${folder}/${name}`, { kind: 'document' });
  cat.chunks.replace(contentId, 'text', [{ seq: 0, charStart: 0, charEnd: text.length, text }]);
  return fileId;
}

beforeAll(() => {
  t = openTemp();
  const cat = t.cat;
  cat.transaction(() => {
    for (let i = 0; i < SEA; i++) doc(cat, i % 2 ? 'odd' : 'even', `note-${i}.md`, `harbour log ${i}: the sea was calm, wind from the west, ${'filler words '.repeat(i % 7)}`);
    for (let i = 0; i < 40; i++) doc(cat, 'odd', `evening-${i}.md`, `a sunset seen from the hill ${i}, ${'more filler text '.repeat(i % 5)}`);
    ids.seaSea = doc(cat, 'even', 'storm.md', 'sea sea sea, the sea everywhere');
    ids.both = doc(cat, 'even', 'trip.md', 'we watched the sunset over the calm sea from the boat');
    ids.named = addFile(cat, '/photos', '/photos/Sunset over the sea.jpg').fileId;
    for (let i = 0; i < 30; i++) addFile(cat, '/photos', `/photos/IMG_${i}.jpg`);
  });
  service = new SearchService(t.cat, null);
}, 120_000);
afterAll(() => t.cleanup());

const search = (query: string, filters: Record<string, unknown> = { type: 'all' }, sort: 'relevance' | 'date' = 'relevance') =>
  service.search({ query, filters: { type: 'all', ...filters }, sort, page: 0, pageSize: 50, includeBelowCutoff: false });

describe('common words', () => {
  it('caps the per-word matches to the best of each word, and keeps the strong ones first', async () => {
    const kw = keywordCandidates(t.cat.keywords, 'sunset over the sea', 'sunset over the sea', false, false, { type: undefined });
    expect(kw.some.length).toBeLessThanOrEqual(2 * PER_WORD_LIMIT);
    expect(kw.some.length).toBeGreaterThan(PER_WORD_LIMIT); // "sea" capped, "sunset" (40) all there
    expect(kw.some.map((h) => h.fileId)).toContain(ids.seaSea); // the best "sea" passage by bm25 is kept
    const res = await search('sunset over the sea');
    expect(res.results[0]!.id).toBe(ids.named); // the name is the query
    expect(res.results[1]!.id).toBe(ids.both); // every word in one passage
    expect(res.total).toBe(kw.all.length + kw.some.length);
    expect(res.total).toBeLessThan(SEA); // not every passage holding "sea"
    const quoted = await search('"sunset over the calm sea"');
    expect(quoted.results[0]!.id).toBe(ids.both);
  });

  it('fills the snippets of matches holding some of the words, for the page shown', async () => {
    const res = await search('sunset over the sea');
    const partial = res.results.filter((r) => r.kind === 'document' && r.id !== ids.both);
    expect(partial.length).toBeGreaterThan(10);
    for (const r of partial) expect(r.snippet, r.name).toMatch(/«(sunset|sea)»/);
  });

  it('applies the filters to passage matches in SQL', async () => {
    const photos = await search('sunset over the sea', { type: 'image' }, 'date');
    expect(photos.results.map((r) => r.id)).toEqual([ids.named]);
    const odd = await search('sunset over the sea', { type: 'document', folder: '/docs/odd' });
    expect(odd.results.length).toBeGreaterThan(0);
    for (const r of odd.results) expect(r.path.startsWith('/docs/odd/')).toBe(true);
    expect(odd.counts.document).toBe(odd.total);
  });
});
