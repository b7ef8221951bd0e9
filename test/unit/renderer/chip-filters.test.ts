// A text search with its chips applied: dates overlap the From/To fields, exclusions pass through,
// and a query of chips alone lists by filters (filtersOnly).
import { describe, expect, it } from 'vitest';
import { applyChips } from '../../../src/renderer/src/state/chip-filters';

const DEC = new Date(Date.UTC(2026, 11, 7));

describe('applyChips', () => {
  it('leaves a query without chips alone', () => {
    expect(applyChips('dog on a beach', { type: 'all' }, DEC)).toEqual({ query: 'dog on a beach', filters: { type: 'all' } });
  });

  it('turns dates and exclusions into filters, the rest is the query', () => {
    expect(applyChips('beach 2019 -dog', { type: 'image' }, DEC)).toEqual({ query: 'beach', filters: { type: 'image', after: '2019-01-01', before: '2019-12-31', exclude: ['dog'] } });
  });

  it('keeps the narrower of the chip dates and the From/To fields', () => {
    expect(applyChips('beach 2019', { type: 'all', after: '2019-06-01', before: '2020-01-01' }, DEC).filters).toEqual({ type: 'all', after: '2019-06-01', before: '2019-12-31' });
  });

  it('a query of chips alone is a listing by filters', () => {
    expect(applyChips('last summer -blurry', { type: 'all' }, DEC)).toEqual({ query: 'last summer -blurry', filters: { type: 'all', after: '2026-06-01', before: '2026-08-31', exclude: ['blurry'] }, filtersOnly: true });
  });
});
