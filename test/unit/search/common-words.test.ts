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
    ids.category = doc(cat, 'misc', 'categories.md', 'every category of catalogue entries, searched by season');
    ids.football = doc(cat, 'misc', 'match.md', 'the football match report');
    ids.cats = doc(cat, 'misc', 'pets.md', 'two cats asleep');
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

  it('reads every word whole in the per-word pass, the last one typed as a prefix only when it matches nothing whole', () => {
    const kw = (q: string) => keywordCandidates(t.cat.keywords, q, q, false, false, { type: undefined });
    // "cat" is not category/catalogue, "sea" not searched/season: only whole words and their forms.
    const cat = kw('cat sofa');
    expect(cat.some.map((h) => h.fileId)).toContain(ids.cats);
    expect(cat.some.map((h) => h.fileId)).not.toContain(ids.category);
    expect(kw('sunset over the sea').some.map((h) => h.fileId)).not.toContain(ids.category);
    // Type-ahead: "foot" matches nothing whole, so it is read as foot*.
    expect(kw('harbour foot').some.map((h) => h.fileId)).toContain(ids.football);
    expect(kw('foot harbour').some.map((h) => h.fileId)).not.toContain(ids.football);
  });

  it('fills the snippets of matches holding some of the words, for the page shown', async () => {
    const res = await search('sunset over the sea');
    const partial = res.results.filter((r) => r.kind === 'document' && r.id !== ids.both);
    expect(partial.length).toBeGreaterThan(10);
    for (const r of partial) expect(r.snippet, r.name).toMatch(/«(sunset|sea)»/);
    // Found through a prefix (the last word typed): its snippet marks the word it matched.
    const typed = await search('harbour foot');
    expect(typed.results.find((r) => r.id === ids.football)?.snippet).toMatch(/«football»/);
  });

  it('applies the filters to passage matches in SQL', async () => {
    const photos = await search('sunset over the sea', { type: 'image' }, 'date');
    expect(photos.results.map((r) => r.id)).toEqual([ids.named]);
    const odd = await search('sunset over the sea', { type: 'document', folder: '/docs/odd' });
    expect(odd.results.length).toBeGreaterThan(0);
    for (const r of odd.results) expect(r.path.startsWith('/docs/odd/')).toBe(true);
    expect(odd.counts?.document).toBe(odd.total);
  });
});
