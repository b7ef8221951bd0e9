// A search of filters alone over a real catalog: every file in the date range, newest first, exact
// total, exclusions left out, pages without gaps.
import { afterEach, describe, expect, it } from 'vitest';
import { browseByFilters } from '../../../src/main/engine/search/browse';
import { addFile, openTemp } from '../catalog/helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('browseByFilters', () => {
  it('lists the range newest first with exact totals; exclusions and pages', () => {
    const t = openTemp();
    cleanup = t.cleanup;
    const at = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
    for (let i = 1; i <= 12; i++) addFile(t.cat, '/p', `/p/trip-${String(i).padStart(2, '0')}${i === 5 ? '-blurry' : ''}.jpg`, { mtimeMs: at(`2019-${String(i).padStart(2, '0')}-10`) });
    addFile(t.cat, '/p', '/p/later.jpg', { mtimeMs: at('2021-03-01') });
    const year = { type: 'all' as const, after: '2019-01-01', before: '2019-12-31' };
    const all = browseByFilters(t.cat, { filters: year, page: 0, pageSize: 50 });
    expect(all.total).toBe(12);
    expect(all.results.map((h) => h.name).slice(0, 3)).toEqual(['trip-12.jpg', 'trip-11.jpg', 'trip-10.jpg']);
    expect(all.results.every((h) => h.matchedBy.join() === 'filters')).toBe(true);

    const without = browseByFilters(t.cat, { filters: { ...year, exclude: ['blurry'] }, page: 0, pageSize: 50 });
    expect(without.total).toBe(11);
    expect(without.results.map((h) => h.name)).not.toContain('trip-05-blurry.jpg');

    const pages = [0, 1, 2].map((page) => browseByFilters(t.cat, { filters: { ...year, exclude: ['blurry'] }, page, pageSize: 4 }).results.map((h) => h.name));
    expect(pages.flat()).toEqual(without.results.map((h) => h.name));
  });
});
