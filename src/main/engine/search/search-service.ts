// Search: text -> (cached) text embedding -> HNSW k-NN over images and document chunks -> keyword
// hits (FTS5) -> weighted reciprocal rank fusion -> one catalog join with the filters -> the
// relevance cut-off on vector-only matches -> sort and page. Also "find similar" (image -> images)
// and "find related text" (image -> document passages).
import type { RelatedHit, SearchFilters, SearchHit, SearchResponse } from '../../../shared/contract';
import type { Catalog } from '../catalog/catalog';
import type { BriefRow, ChunkResultRow, ResultRow } from '../catalog/lookup';
import type { KeywordHit } from '../catalog/keyword-index';
import type { ClipEmbedder } from '../models/embedder';
import type { HnswIndex, Neighbor } from '../vectors/hnsw-index';
import { applyCutoff, backgroundStats, cutoffParams, relevanceThreshold, sampleScores, type ModelFamily } from './cutoff';
import { looksLikeIdentifier, reciprocalRankFusion, splitQuoted, type RankedList } from './fusion';
import { QueryCache } from './query-cache';
import { keywordCandidates } from './keyword-candidates';
import { compareExactness, exactness, NOT_EXACT, queryWords, type Exactness } from './exactness';
import { BackgroundSample } from './background-sample';
import { NearDuplicates } from './near-duplicates';
import { excludedFiles } from './refine';

export interface SearchModel {
  id: string;
  family: ModelFamily;
  embedder: ClipEmbedder;
  images: HnswIndex;
  chunks: HnswIndex;
}

export interface SearchInput {
  query: string;
  filters: SearchFilters;
  sort: 'relevance' | 'date';
  page: number;
  pageSize: number;
  includeBelowCutoff: boolean;
}

type Key = `f${number}`; // results are per file

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

const now = () => performance.now();
/** Deepest k-NN list one search reads (a million-image library whose matches all clear the cut-off). */
const MAX_VECTOR_DEPTH = 200_000;

export class SearchService {
  private readonly textCache = new QueryCache<Float32Array>(256);
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
    const { phrases, rest } = splitQuoted(input.query);
    const keywordOnly = phrases.length > 0 && rest.length === 0;
    const want = (input.page + 1) * input.pageSize;
    const depth = Math.max(100, want * 2);
    const type = input.filters.type;
    const lists: RankedList<Key>[] = [];
    const vectorScores = new Map<Key, number>();
    const thresholds = new Map<Key, number>();
    const chunkByFile = new Map<Key, ChunkResultRow>();
    const filters = input.filters;

    // Keyword hits: file names, folders, metadata, document passages, OCR text; all of them.
    let t = now();
    const keywordText = phrases.length ? [...phrases.map((p) => `"${p}"`), rest].join(' ').trim() : input.query;
    const kw = keywordCandidates(this.catalog.keywords, keywordText, rest, keywordOnly, input.sort === 'date');
    const allWords = kw.all;
    const anyWord = kw.some;
    const terms = kw.words;
    const kwOneRow = kw.oneRow;
    const kwHits = [...allWords, ...anyWord];
    const kwRows = new Map<number, BriefRow>();
    for (const r of this.catalog.lookup.resolveBrief(kwHits.map((h) => h.fileId), { filters: { ...filters, type: type === 'all' ? undefined : type } })) kwRows.set(r.fileId, r);
    const usable = (h: KeywordHit) => kwRows.has(h.fileId) && kwRows.get(h.fileId)!.status === 'indexed';
    const kwKept = kwHits.filter(usable);
    const allKept = allWords.filter(usable);
    const nameFirst = allKept[0]?.source === 'file' || allKept[0]?.source === 'name-substring';
    // Weights: an exact file-name hit on an identifier-like query beats everything; every word of
    // a multi-word query in one passage is strong evidence too; otherwise keywords and vectors are peers.
    const keywordWeight = keywordOnly ? 1 : nameFirst && looksLikeIdentifier(input.query) ? 3 : terms > 1 && allKept.length ? 2 : nameFirst ? 1.5 : 1;
    lists.push({ name: 'keyword', weight: keywordWeight, keys: allKept.map((h) => `f${h.fileId}` as Key) });
    if (anyWord.length) lists.push({ name: 'keyword-any', weight: 0.75, keys: anyWord.filter(usable).map((h) => `f${h.fileId}` as Key) });
    timings.keywordMs = now() - t;

    const rows = new Map<Key, ResultRow | BriefRow>();
    for (const [id, r] of kwRows) rows.set(`f${id}`, r);

    if (this.model && !keywordOnly) {
      t = now();
      const q = await this.embedQuery(rest || input.query);
      timings.embedMs = now() - t;
      t = now();
      if (type !== 'document') {
        const allowed = this.catalog.lookup.contentIdsMatching({ ...filters, type: 'image' });
        const { hits, threshold } = this.aboveCutoff(q, depth, (k) => this.model!.images.knn(q, k, allowed ? { allowed } : {}), this.imageSample, 1);
        const resolved = this.catalog.lookup.resolveContents(hits.map((h) => h.id), { filters: { ...filters, type: 'image' } });
        const scoreOf = new Map(hits.map((h) => [h.id, h.score]));
        const keys: Key[] = [];
        for (const r of resolved) {
          if (r.status !== 'indexed') continue;
          const key: Key = `f${r.fileId}`;
          rows.set(key, r);
          vectorScores.set(key, scoreOf.get(r.contentId!)!);
          thresholds.set(key, threshold);
          keys.push(key);
        }
        lists.push({ name: 'image', weight: 1, keys });
      }
      if (type !== 'image') {
        const { hits, threshold } = this.aboveCutoff(q, depth * 4, (k) => this.model!.chunks.knn(q, k), this.chunkSample, 0.5);
        // Passages: document text, scanned pages, and (for 'all') the text read in photos (OCR).
        const resolved = this.catalog.lookup.resolveChunks(hits.map((h) => h.id), { filters: { ...filters, type: type === 'all' ? undefined : 'document' } });
        const scoreOf = new Map(hits.map((h) => [h.id, h.score]));
        const keys: Key[] = [];
        for (const r of resolved) {
          if (r.status !== 'indexed') continue;
          const key: Key = `f${r.fileId}`;
          if (chunkByFile.has(key)) continue; // best passage per document
          chunkByFile.set(key, r);
          rows.set(key, r);
          vectorScores.set(key, scoreOf.get(r.chunkId)!);
          thresholds.set(key, threshold);
          keys.push(key);
        }
        lists.push({ name: 'chunk', weight: 1, keys });
      }
      timings.vectorMs = now() - t;
    }

    t = now();
    const fused = reciprocalRankFusion(lists);
    const kwByFile = new Map(kwKept.map((h) => [`f${h.fileId}` as Key, h]));
    const candidates: Candidate[] = [];
    const qWords = queryWords(input.query);
    const excluded = excludedFiles(this.catalog.keywords, filters.exclude);
    for (const f of fused) {
      const row = rows.get(f.key);
      if (!row || excluded?.has(row.fileId)) continue;
      const kw = kwByFile.get(f.key) ?? null;
      const vs = vectorScores.get(f.key) ?? null;
      const below = !kw && vs !== null && vs < (thresholds.get(f.key) ?? -Infinity);
      // Every word of a multi-word query in one row (passage, name, metadata) is strong evidence too.
      const strong = (kw?.exact ?? false) || (terms > 1 && kwOneRow.has(row.fileId));
      const exact = kw && input.sort !== 'date' ? exactness(qWords, row.name, row.title, strong) : NOT_EXACT;
      candidates.push({ row, vectorScore: vs, keyword: kw, chunk: chunkByFile.get(f.key) ?? null, fused: f.score, below, exact });
    }
    // Keep at least the best vector match of each list above the fold (minKeep).
    if (candidates.length && candidates.every((c) => c.below)) candidates[0]!.below = false;
    // Exact answers first (exactness.ts: the name or title is the query, holds all its words, or
    // the quoted phrase was found) outrank matches by meaning; the rest by fused rank; ties by id
    // so pages are stable between calls.
    // (A date sort orders by date and id alone: no need to rank 100k matches first.)
    if (input.sort !== 'date') candidates.sort((a, b) => compareExactness(a.exact, b.exact) || b.fused - a.fused || a.row.fileId - b.row.fileId);
    const kept = candidates.filter((c) => !c.below);
    const folded = candidates.filter((c) => c.below);
    let visible = input.includeBelowCutoff ? [...kept, ...folded] : kept;
    if (input.sort === 'date') visible = [...visible].sort((a, b) => (b.row.date < a.row.date ? -1 : b.row.date > a.row.date ? 1 : a.row.fileId - b.row.fileId));
    const page = visible.slice(input.page * input.pageSize, want);
    const brief = page.filter((c) => !isFull(c.row)).map((c) => c.row.fileId);
    if (brief.length) {
      const full = new Map(this.catalog.lookup.resolveFiles(brief).map((r) => [r.fileId, r]));
      for (const c of page) c.row = full.get(c.row.fileId) ?? c.row;
    }
    const needSnippets = page.map((c) => c.keyword).filter((h): h is KeywordHit => !!h && !h.snippet);
    if (needSnippets.length) this.catalog.keywords.snippetsFor(keywordText, needSnippets);
    timings.fuseMs = now() - t;
    return {
      results: page.filter((c) => isFull(c.row)).map((c) => this.toHit(c as Candidate & { row: ResultRow })),
      total: kept.length,
      belowCutoff: folded.length,
      page: input.page,
      tookMs: round(now() - t0),
      timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)])),
    };
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
    const allowed = this.catalog.lookup.contentIdsMatching({ ...filters, type: 'image' });
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
  }
}

function isFull(row: ResultRow | BriefRow): row is ResultRow {
  return 'path' in row;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1).trimEnd() + '…';
}
const round = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10000) / 10000;
