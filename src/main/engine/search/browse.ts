// A search of filters alone: a query that is only chips ("2019", "last summer -blurry") lists every
// file passing the filters, newest first, with exact totals; its words are not searched (they are
// the filters). Exclusions ("-word") are left out the same way as in a text search.
import type { SearchFilters, SearchHit, SearchResponse } from '../../../shared/contract';
import type { Catalog, ResultRow } from '../catalog';
import { excludedFiles } from './refine';

const CHUNK = 2000;

export function browseByFilters(catalog: Catalog, req: { filters: SearchFilters; page: number; pageSize: number }): SearchResponse {
  const t0 = performance.now();
  const { exclude, ...rest } = req.filters;
  const filters = { ...rest, type: rest.type === 'all' ? undefined : rest.type };
  const excluded = excludedFiles(catalog.keywords, exclude);
  const start = req.page * req.pageSize;
  let rows: ResultRow[];
  let total = catalog.lookup.count(filters);
  if (!excluded) rows = catalog.lookup.list({ filters, limit: req.pageSize, offset: start });
  else {
    total -= catalog.lookup.resolveBrief([...excluded], { filters }).filter((r) => r.status === 'indexed').length;
    // Walk the date order, skipping excluded files, until the page is full.
    rows = [];
    let seen = 0;
    for (let offset = 0; rows.length < req.pageSize; offset += CHUNK) {
      const chunk = catalog.lookup.list({ filters, limit: CHUNK, offset });
      for (const r of chunk) {
        if (excluded.has(r.fileId)) continue;
        if (seen++ >= start) rows.push(r);
        if (rows.length === req.pageSize) break;
      }
      if (chunk.length < CHUNK) break;
    }
  }
  return {
    results: rows.map(toHit),
    total,
    belowCutoff: 0,
    page: req.page,
    tookMs: Math.round((performance.now() - t0) * 100) / 100,
  };
}

function toHit(r: ResultRow): SearchHit {
  return {
    id: r.fileId,
    path: r.path,
    name: r.name,
    title: r.title ?? null,
    kind: r.kind,
    score: 0,
    takenAt: r.takenAt,
    width: r.width,
    height: r.height,
    camera: r.camera,
    lat: r.lat,
    lon: r.lon,
    matchedBy: ['filters'],
  };
}
