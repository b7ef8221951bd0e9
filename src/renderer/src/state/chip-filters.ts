// A text search with its query chips applied (shared/query-chips.ts): the words left to search for,
// and the chips' dates and exclusions merged into the filters (dates: the overlap with the From/To
// fields). A query of chips alone ("2019") lists every file that passes them (search.filtersOnly).
import type { SearchFilters } from '../../../shared/contract';
import { parseQuery } from '../../../shared/query-chips';

export function applyChips(query: string, filters: SearchFilters, today: Date = new Date()): { query: string; filters: SearchFilters; filtersOnly?: boolean } {
  const p = parseQuery(query, today);
  if (p.chips.length === 0) return { query, filters };
  const out: SearchFilters = { ...filters };
  if (p.after) out.after = out.after && out.after > p.after ? out.after : p.after;
  if (p.before) out.before = out.before && out.before < p.before ? out.before : p.before;
  if (p.exclude.length) out.exclude = p.exclude;
  // Chips alone ("2019", "last summer -blurry"): every file passing them, newest first.
  if (!p.text) return { query, filters: out, filtersOnly: true };
  return { query: p.text, filters: out };
}
