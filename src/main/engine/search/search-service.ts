// Search: text -> (cached) text embedding -> HNSW k-NN over images and document chunks -> keyword
// hits (FTS5) -> weighted reciprocal rank fusion -> one catalog join with the filters -> the
// relevance cut-off on vector-only matches -> sort and page. Also "find similar" (image -> images)
// and "find related text" (image -> document passages).
import type { RelatedHit, SearchFilters, SearchHit, SearchResponse, ParsedInput } from '../../../shared/contract';
import type { Catalog } from '../catalog';
import type { BriefRow, ChunkResultRow, ResultRow } from '../catalog';
import type { KeywordHit } from '../catalog';
import type { ActiveModel } from '../active-model';
import type { Neighbor } from '../vectors';
import { applyCutoff, backgroundStats, cutoffParams, relevanceThreshold, sampleScores } from './cutoff';
import { fusedScores, looksLikeIdentifier, splitQuoted, type RankedList } from './fusion';
import { QueryCache } from './query-cache';
import { keywordCandidates } from './keyword-candidates';
import { compareExactness, exactness, NOT_EXACT, queryWords, type Exactness } from './exactness';
import { BackgroundSample } from './background-sample';
import { NearDuplicates } from './near-duplicates';
import { excludedFiles } from './refine';

/** What search uses of the active model: its vectors' key, family (cut-off), text tower and indexes. */
export type SearchModel = Pick<ActiveModel, 'id' | 'family' | 'embedder' | 'images' | 'chunks'>;

/** A parsed search request (the contract's, defaults filled in). */
export type SearchInput = Omit<ParsedInput<'search'>, 'filtersOnly'>;


interface Candidate {
  /** Full for vector matches; brief for keyword-only matches until their page is shown. */
  row: ResultRow | BriefRow;
  vectorScore: number | null;
  keyword: KeywordHit | null;
  chunk: ChunkResultRow | null;
  fused: number;
  below: boolean;
  exact: Exactness;
}

/** Every match of one query, in its sort's order (results are per file). */
interface RankedSet {
  /** Catalog change stamp when collected (Lookup.changeStamp). */
  stamp: string;
  sort: 'relevance' | 'date';
  keywordText: string;
  kept: Candidate[];
  folded: Candidate[];
  /** kept + folded in the sort's order, made when first asked for. */
  all: Candidate[] | null;
  counts: KindCounts;
  belowCounts: KindCounts;
}

interface KindCounts {
  image: number;
  document: number;
}

/** Queries whose ordered matches are kept (a user pages through one or two at a time)... */
const RANKED_SETS = 8;
/** ...and at most this many matches over all of them (~300 B each: 100k matches hold ~30 MB). */
const RANKED_MATCHES = 250_000;

const now = () => performance.now();
/** Deepest k-NN list one search reads (a million-image library whose matches all clear the cut-off). */
const MAX_VECTOR_DEPTH = 200_000;

export class SearchService {
  private readonly textCache = new QueryCache<Float32Array>(256);
  private readonly ranked = new QueryCache<RankedSet>(RANKED_SETS);
  private readonly imageSample: BackgroundSample;
  private readonly chunkSample: BackgroundSample;
  private readonly nearDuplicates: NearDuplicates;

  constructor(
    private readonly catalog: Catalog,
    private readonly model: SearchModel | null,
  ) {
    this.imageSample = new BackgroundSample(() => (model ? catalog.vectors.source('images', model.id) : null));
    this.chunkSample = new BackgroundSample(() => (model ? catalog.vectors.source('chunks', model.id) : null));
    this.nearDuplicates = new NearDuplicates(catalog);
    // Filters' allowed sets from memory: built in the background now, off the first query's path.
    catalog.lookup.filterIndex.warm();
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const model = this.model!;
    const key = text.trim().toLowerCase();
    const hit = this.textCache.get(key);
    if (hit) return hit;
    const [v] = await model.embedder.embedTexts([text]);
    this.textCache.set(key, v!);
    return v!;
  }

  async search(input: SearchInput): Promise<SearchResponse> {
    const t0 = now();
    const timings: Record<string, number> = {};
    // Every match is collected and put in order once per query (text, filters, sort) and kept while
    // the catalog is unchanged: later pages, "weaker matches" and a repeated call only slice that
    // order and read the full rows (and snippets) of the page shown.
    const stamp = this.catalog.lookup.changeStamp();
    const key = JSON.stringify([input.query, input.filters, input.sort]);
    let set = this.ranked.get(key);
    if (set && set.stamp === stamp) timings.cachedOrder = 1;
    else {
      set = await this.collect(input, timings);
      set.stamp = stamp; // read before collecting: a write meanwhile makes the next call collect again
      this.ranked.set(key, set);
      this.ranked.trim((s) => s.kept.length + s.folded.length, RANKED_MATCHES);
    }
    const t = now();
    const visible = input.includeBelowCutoff ? withBelow(set) : set.kept;
    const page = visible.slice(input.page * input.pageSize, (input.page + 1) * input.pageSize);
    const brief = page.filter((c) => !isFull(c.row)).map((c) => c.row.fileId);
    if (brief.length) {
      const full = new Map(this.catalog.lookup.resolveFiles(brief).map((r) => [r.fileId, r]));
      for (const c of page) c.row = full.get(c.row.fileId) ?? c.row;
    }
    // Snippets are shown for passage and OCR matches only, and read for the page shown.
    const needSnippets = page.map((c) => c.keyword).filter((h): h is KeywordHit => !!h && !h.snippet && (h.source === 'text' || h.source === 'ocr'));
    if (needSnippets.length) {
      const kw = this.catalog.keywords;
      kw.snippetsFor(set.keywordText, needSnippets.filter((h) => !h.someWords));
      // Matches of some of the words (keyword-candidates' per-word pass) hold no passage with all
      // of them: their snippet marks whichever words they hold, read as that pass read them (a
      // prefix such as "sea*": 5,651 rows at 250k files, costs ~20 ms to expand).
      const whole = needSnippets.filter((h) => h.someWords === 'whole');
      if (whole.length) kw.snippetsFor(set.keywordText, whole, { mode: 'or', prefix: 'none' });
      const prefix = needSnippets.filter((h) => h.someWords === 'prefix');
      if (prefix.length) kw.snippetsFor(set.keywordText, prefix, { mode: 'or' });
    }
    timings.pageMs = now() - t;
    return {
      results: page.filter((c) => isFull(c.row)).map((c) => this.toHit(c as Candidate & { row: ResultRow })),
      total: set.kept.length,
      belowCutoff: set.folded.length,
      counts: set.counts,
      belowCounts: set.belowCounts,
      page: input.page,
      tookMs: round(now() - t0),
      timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)])),
    };
  }

  /** Every match of a query above and below the cut-off, in the order the sort asks for. */
  private async collect(input: SearchInput, timings: Record<string, number>): Promise<RankedSet> {
    const { phrases, rest } = splitQuoted(input.query);
    const keywordOnly = phrases.length > 0 && rest.length === 0;
    const want = (input.page + 1) * input.pageSize;
    const depth = Math.max(100, want * 2);
    const type = input.filters.type;
    const lists: RankedList<number>[] = [];
    const vectorScores = new Map<number, number>();
    const thresholds = new Map<number, number>();
    const chunkByFile = new Map<number, ChunkResultRow>();
    const filters = input.filters;

    // Keyword hits: file names, folders, metadata, document passages, OCR text; all of them.
    let t = now();
    const keywordText = phrases.length ? [...phrases.map((p) => `"${p}"`), rest].join(' ').trim() : input.query;
    const kwFilters = { ...filters, type: type === 'all' ? undefined : type };
    const kw = keywordCandidates(this.catalog.keywords, keywordText, rest, keywordOnly, input.sort === 'date', kwFilters);
    const allWords = kw.all;
    const anyWord = kw.some;
    const terms = kw.words;
    const kwOneRow = kw.oneRow;
    const rows = new Map<number, ResultRow | BriefRow>();
    const kwHits = allWords.length && anyWord.length ? [...allWords, ...anyWord] : allWords.length ? allWords : anyWord;
    const unread: number[] = [];
    for (const h of kwHits) if (h.brief) rows.set(h.fileId, h.brief);
    else unread.push(h.fileId);
    for (const r of this.catalog.lookup.resolveBrief(unread, { filters: kwFilters })) if (r.status === 'indexed') rows.set(r.fileId, r);
    const usable = (h: KeywordHit) => rows.has(h.fileId);
    const allKept = allWords.filter(usable);
    const nameFirst = allKept[0]?.source === 'file' || allKept[0]?.source === 'name-substring';
    // Weights: an exact file-name hit on an identifier-like query beats everything; every word of
    // a multi-word query in one passage is strong evidence too; otherwise keywords and vectors are peers.
    const keywordWeight = keywordOnly ? 1 : nameFirst && looksLikeIdentifier(input.query) ? 3 : terms > 1 && allKept.length ? 2 : nameFirst ? 1.5 : 1;
    lists.push({ name: 'keyword', weight: keywordWeight, keys: allKept.map((h) => h.fileId) });
    const anyKept = anyWord.filter(usable);
    if (anyWord.length) lists.push({ name: 'keyword-any', weight: 0.75, keys: anyKept.map((h) => h.fileId) });
    const kwByFile = new Map<number, KeywordHit>();
    for (const h of anyKept) kwByFile.set(h.fileId, h);
    for (const h of allKept) kwByFile.set(h.fileId, h);
    timings.keywordMs = now() - t;

    if (this.model && !keywordOnly) {
      t = now();
      const q = await this.embedQuery(rest || input.query);
      timings.embedMs = now() - t;
      t = now();
      if (type !== 'document') {
        const allowed = this.allowedImages(filters);
        const { hits, threshold } = this.aboveCutoff(q, depth, (k) => this.model!.images.knn(q, k, allowed ? { allowed } : {}), this.imageSample, 1);
        const resolved = this.catalog.lookup.resolveContents(hits.map((h) => h.id), { filters: { ...filters, type: 'image' } });
        const scoreOf = new Map(hits.map((h) => [h.id, h.score]));
        const keys: number[] = [];
        for (const r of resolved) {
          if (r.status !== 'indexed') continue;
          rows.set(r.fileId, r);
          vectorScores.set(r.fileId, scoreOf.get(r.contentId!)!);
          thresholds.set(r.fileId, threshold);
          keys.push(r.fileId);
        }
        lists.push({ name: 'image', weight: 1, keys });
      }
      if (type !== 'image') {
        const { hits, threshold } = this.aboveCutoff(q, depth * 4, (k) => this.model!.chunks.knn(q, k), this.chunkSample, 0.5);
        // Passages: document text, scanned pages, and (for 'all') the text read in photos (OCR).
        const resolved = this.catalog.lookup.resolveChunks(hits.map((h) => h.id), { filters: { ...filters, type: type === 'all' ? undefined : 'document' } });
        const scoreOf = new Map(hits.map((h) => [h.id, h.score]));
        const keys: number[] = [];
        for (const r of resolved) {
          if (r.status !== 'indexed') continue;
          if (chunkByFile.has(r.fileId)) continue; // best passage per document
          chunkByFile.set(r.fileId, r);
          rows.set(r.fileId, r);
          vectorScores.set(r.fileId, scoreOf.get(r.chunkId)!);
          thresholds.set(r.fileId, threshold);
          keys.push(r.fileId);
        }
        lists.push({ name: 'chunk', weight: 1, keys });
      }
      timings.vectorMs = now() - t;
    }

    t = now();
    const fused = fusedScores(lists, undefined, input.sort !== 'date');
    const candidates: Candidate[] = [];
    const qWords = input.sort !== 'date' ? queryWords(input.query) : null;
    const excluded = excludedFiles(this.catalog.keywords, filters.exclude);
    for (let i = 0; i < fused.keys.length; i++) {
      const id = fused.keys[i]!;
      const row = rows.get(id);
      if (!row || excluded?.has(id)) continue;
      const kw = kwByFile.get(id) ?? null;
      const vs = vectorScores.size ? (vectorScores.get(id) ?? null) : null;
      const below = !kw && vs !== null && vs < (thresholds.get(id) ?? -Infinity);
      // Every word of a multi-word query in one row (passage, name, metadata) is strong evidence too.
      const strong = (kw?.exact ?? false) || (terms > 1 && kwOneRow.has(id));
      const exact = kw && qWords ? exactness(qWords, row.name, row.title, strong) : strong && kw ? { level: 1, extra: 0 } : NOT_EXACT;
      candidates.push({ row, vectorScore: vs, keyword: kw, chunk: chunkByFile.size ? (chunkByFile.get(id) ?? null) : null, fused: fused.scores[i]!, below, exact });
    }
    // Keep at least the best vector match of each list above the fold (minKeep).
    if (candidates.length && candidates.every((c) => c.below)) candidates.reduce((best, c) => (c.fused > best.fused ? c : best)).below = false;
    // Exact answers first (exactness.ts: the name or title is the query, holds all its words, or
    // the quoted phrase was found) outrank matches by meaning; the rest by fused rank; ties by id
    // so pages are stable between calls. A date sort orders by date and id alone.
    candidates.sort(input.sort === 'date' ? byDate : (a, b) => compareExactness(a.exact, b.exact) || b.fused - a.fused || a.row.fileId - b.row.fileId);
    const kept = candidates.filter((c) => !c.below);
    const folded = candidates.filter((c) => c.below);
    timings.fuseMs = now() - t;
    return { stamp: '', sort: input.sort, keywordText, kept, folded, all: null, counts: countKinds(kept), belowCounts: countKinds(folded) };
  }

  /**
   * Image contents the filters allow, for the images index's k-NN; null when they narrow nothing
   * but the type: every vector in that index is an image's, and the rows are resolved with the
   * filters anyway. (Passing 225k ids of "all photos" made each search call into JS at every node
   * it visited: ~2x the k-NN's time.)
   */
  private allowedImages(filters: SearchFilters): ReadonlySet<number> | null {
    const narrows = filters.folder || filters.after || filters.before || filters.hasGps !== undefined || filters.camera;
    return narrows ? this.catalog.lookup.contentIdsMatching({ ...filters, type: 'image' }) : null;
  }

  /**
   * Vector matches deep enough to hold every match above the relevance cut-off: the k-NN list
   * grows (x4) while its last match still clears the threshold, so totals and date sorts are not
   * limited to the first `depth` neighbours.
   */
  private aboveCutoff(q: Float32Array, depth: number, knn: (k: number) => Neighbor[], sample: BackgroundSample, zScale: number): { hits: Neighbor[]; threshold: number } {
    let k = depth;
    let hits = knn(k);
    const threshold = this.threshold(q, hits, sample, 'text', zScale);
    while (hits.length === k && hits[hits.length - 1]!.score >= threshold && k < MAX_VECTOR_DEPTH) {
      k = Math.min(MAX_VECTOR_DEPTH, k * 4);
      hits = knn(k);
    }
    return { hits, threshold };
  }

  /** Threshold for vector matches of a query; `zScale` loosens it (text->text chunk scores are compressed). */
  private threshold(q: Float32Array, hits: Neighbor[], sample: BackgroundSample, mode: 'text' | 'image', zScale = 1): number {
    if (!this.model || hits.length === 0) return -Infinity;
    const params = cutoffParams(this.model.family, mode);
    const bg = backgroundStats(sampleScores(q, sample.get()));
    return relevanceThreshold(bg, hits[0]!.score, { ...params, z: params.z * zScale });
  }

  /**
   * Image -> images, best first, with the cut-off. Near-duplicates by perceptual hash (resized,
   * re-encoded, slightly cropped copies; the image itself) come first, closest first, whatever the
   * embedding says; then the embedding's neighbours.
   */
  similarByVector(q: Float32Array, k: number, filters: SearchFilters, includeBelowCutoff = false, queryDhash: string | null = null): SearchResponse {
    const t0 = now();
    const model = this.model!;
    const allowed = this.allowedImages(filters);
    const hits = model.images.knn(q, Math.min(1000, k * 2), allowed ? { allowed } : {});
    const threshold = this.threshold(q, hits, this.imageSample, 'image');
    const excluded = excludedFiles(this.catalog.keywords, filters.exclude);
    const dupes = queryDhash ? this.nearDuplicates.find(queryDhash).filter((d) => !allowed || allowed.has(d.contentId)) : [];
    const dupeIds = new Set(dupes.map((d) => d.contentId));
    const scoreOf = new Map(model.images.scoreIds(q, dupeIds).map((h) => [h.id, h.score]));
    for (const h of hits) scoreOf.set(h.id, h.score);
    // Closest hash first; equal distances (often 0 for visually identical shots) by similarity.
    dupes.sort((a, b) => a.distance - b.distance || (scoreOf.get(b.contentId) ?? -1) - (scoreOf.get(a.contentId) ?? -1));
    const order = [...dupes.map((d) => d.contentId), ...hits.map((h) => h.id).filter((id) => !dupeIds.has(id))];
    const rows = this.catalog.lookup
      .resolveContents(order, { filters: { ...filters, type: 'image' } })
      .filter((r) => r.status === 'indexed' && scoreOf.has(r.contentId!) && !excluded?.has(r.fileId));
    const scored = rows.map((row) => ({ row, score: scoreOf.get(row.contentId!)!, dupe: dupeIds.has(row.contentId!) }));
    const dupeRows = scored.filter((s) => s.dupe);
    const { kept, folded } = applyCutoff(scored.filter((s) => !s.dupe), threshold, dupeRows.length ? 0 : cutoffParams(model.family, 'image').minKeep);
    const visible = (includeBelowCutoff ? [...dupeRows, ...kept, ...folded] : [...dupeRows, ...kept]).slice(0, k);
    const foldedSet = new Set(folded.map((f) => f.row));
    return {
      results: visible.map(({ row, score, dupe }) => ({
        ...this.baseHit(row),
        score: round4(score),
        matchedBy: dupe ? ['duplicate', 'vector'] : ['vector'],
        belowCutoff: foldedSet.has(row) || undefined,
      })),
      total: dupeRows.length + kept.length,
      belowCutoff: folded.length,
      page: 0,
      tookMs: round(now() - t0),
    };
  }

  /** Image -> document passages (best passage per document), best first. */
  relatedByVector(q: Float32Array, k: number): RelatedHit[] {
    const model = this.model!;
    const hits = model.chunks.knn(q, Math.min(1000, k * 8));
    const scoreOf = new Map(hits.map((h) => [h.id, h.score]));
    const rows = this.catalog.lookup.resolveChunks(hits.map((h) => h.id), { filters: { type: 'document' } });
    const seen = new Set<number>();
    const out: RelatedHit[] = [];
    for (const r of rows) {
      if (r.status !== 'indexed' || seen.has(r.fileId)) continue; // text-layer and OCR (scanned page) passages alike
      seen.add(r.fileId);
      out.push({ id: r.fileId, path: r.path, name: r.name, kind: 'document', score: round4(scoreOf.get(r.chunkId)!), page: r.page, passage: r.text });
      if (out.length >= k) break;
    }
    return out;
  }

  private baseHit(row: ResultRow): Omit<SearchHit, 'score' | 'matchedBy'> {
    return {
      id: row.fileId,
      path: row.path,
      name: row.name,
      title: row.title ?? null,
      kind: row.kind,
      takenAt: row.takenAt ?? (row.kind === 'image' ? null : null),
      width: row.width,
      height: row.height,
      camera: row.camera,
      lat: row.lat,
      lon: row.lon,
    };
  }

  private toHit(c: Candidate & { row: ResultRow }): SearchHit {
    const matchedBy: SearchHit['matchedBy'] = [];
    if (c.vectorScore !== null) matchedBy.push('vector');
    if (c.keyword) matchedBy.push('keyword');
    const src = c.keyword?.source;
    const fromText = src === 'text' || src === 'ocr' || src === 'ocr-substring';
    const snippet = fromText && c.keyword!.snippet ? c.keyword!.snippet : c.chunk ? truncate(c.chunk.text, 240) : null;
    const page = c.keyword?.page ?? c.chunk?.page ?? null;
    return {
      ...this.baseHit(c.row),
      score: round4(c.vectorScore ?? c.fused),
      page: c.row.kind === 'document' ? page : undefined,
      snippet: c.row.kind === 'document' || src === 'ocr' || src === 'ocr-substring' ? snippet : undefined,
      matchedBy,
      belowCutoff: c.below || undefined,
    };
  }

  /** Drop cached backgrounds after indexing changed the library. */
  invalidate(): void {
    this.imageSample.invalidate();
    this.chunkSample.invalidate();
    this.nearDuplicates.invalidate();
    this.ranked.clear();
  }
}

/** Newest first, ties by id (stable between calls). */
function byDate(a: Candidate, b: Candidate): number {
  return b.row.date < a.row.date ? -1 : b.row.date > a.row.date ? 1 : a.row.fileId - b.row.fileId;
}

function countKinds(cs: readonly Candidate[]): KindCounts {
  let image = 0;
  for (const c of cs) if (c.row.kind === 'image') image++;
  return { image, document: cs.length - image };
}

/** The matches above and below the cut-off together: below after above, or interleaved by date. */
function withBelow(set: RankedSet): Candidate[] {
  if (!set.all) set.all = set.folded.length === 0 ? set.kept : set.sort === 'date' ? [...set.kept, ...set.folded].sort(byDate) : [...set.kept, ...set.folded];
  return set.all;
}

function isFull(row: ResultRow | BriefRow): row is ResultRow {
  return 'path' in row;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1).trimEnd() + '…';
}
const round = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10000) / 10000;
