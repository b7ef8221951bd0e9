// Query chips: "-word" exclusions and dates typed as words, with "today" injected.
import { describe, expect, it } from 'vitest';
import { parseQuery, removeChip } from '../../../src/shared/query-chips';

const DEC = new Date(Date.UTC(2026, 11, 7)); // 7 December 2026
const JUL = new Date(Date.UTC(2026, 6, 15)); // 15 July 2026 (in summer)
const FEB = new Date(Date.UTC(2026, 1, 10)); // 10 February 2026 (in winter)

const range = (q: string, ref = DEC) => {
  const p = parseQuery(q, ref);
  return [p.text, p.after, p.before];
};

describe('dates typed as words', () => {
  it('years, months, seasons, with and without a year', () => {
    expect(range('beach 2019')).toEqual(['beach', '2019-01-01', '2019-12-31']);
    expect(range('beach in 2019')).toEqual(['beach', '2019-01-01', '2019-12-31']);
    expect(range('July 2019 fireworks')).toEqual(['fireworks', '2019-07-01', '2019-07-31']);
    expect(range('feb 2024')).toEqual(['', '2024-02-01', '2024-02-29']);
    expect(range('May 2020')).toEqual(['', '2020-05-01', '2020-05-31']);
    expect(range('summer of 2019')).toEqual(['', '2019-06-01', '2019-08-31']);
    expect(range('winter 2019 snow')).toEqual(['snow', '2019-12-01', '2020-02-29']);
    expect(range('2019-07-14 party')).toEqual(['party', '2019-07-14', '2019-07-14']);
  });

  it('a month or season alone is the latest one that has begun', () => {
    expect(range('July')).toEqual(['', '2026-07-01', '2026-07-31']);
    expect(range('in December', DEC)).toEqual(['', '2026-12-01', '2026-12-31']);
    expect(range('August', JUL)).toEqual(['', '2025-08-01', '2025-08-31']);
    expect(range('summer', JUL)).toEqual(['', '2026-06-01', '2026-08-31']);
    expect(range('winter', FEB)).toEqual(['', '2025-12-01', '2026-02-28']);
  });

  it('"last summer" is the latest that has ended; this/last year, month, week; yesterday', () => {
    expect(range('last summer')).toEqual(['', '2026-06-01', '2026-08-31']);
    expect(range('last summer', JUL)).toEqual(['', '2025-06-01', '2025-08-31']);
    expect(range('dogs last winter', FEB)).toEqual(['dogs', '2024-12-01', '2025-02-28']);
    expect(range('this year')).toEqual(['', '2026-01-01', '2026-12-31']);
    expect(range('last year')).toEqual(['', '2025-01-01', '2025-12-31']);
    expect(range('last month')).toEqual(['', '2026-11-01', '2026-11-30']);
    expect(range('last month', new Date(Date.UTC(2026, 0, 5)))).toEqual(['', '2025-12-01', '2025-12-31']);
    expect(range('this week')).toEqual(['', '2026-12-07', '2026-12-13']); // a Monday
    expect(range('last week')).toEqual(['', '2026-11-30', '2026-12-06']);
    expect(range('yesterday')).toEqual(['', '2026-12-06', '2026-12-06']);
  });

  it('Chinese years, months and seasons', () => {
    expect(range('2019年 海边')).toEqual(['海边', '2019-01-01', '2019-12-31']);
    expect(range('2019年7月')).toEqual(['', '2019-07-01', '2019-07-31']);
    expect(range('2019年夏天')).toEqual(['', '2019-06-01', '2019-08-31']);
    expect(range('去年夏天的海滩')).toEqual(['的海滩', '2025-06-01', '2025-08-31']);
    expect(range('今年')).toEqual(['', '2026-01-01', '2026-12-31']);
    expect(range('前年冬季')).toEqual(['', '2024-12-01', '2025-02-28']);
    expect(range('去年3月')).toEqual(['', '2025-03-01', '2025-03-31']);
    expect(range('7月 烟花')).toEqual(['烟花', '2026-07-01', '2026-07-31']);
    expect(range('上个月')).toEqual(['', '2026-11-01', '2026-11-30']);
  });

  it('leaves numbers, names and words that are not dates alone', () => {
    expect(range('IMG_2019')).toEqual(['IMG_2019', null, null]);
    expect(range('invoice 4711')).toEqual(['invoice 4711', null, null]);
    expect(range('1080p video')).toEqual(['1080p video', null, null]);
    expect(range('may contain nuts')).toEqual(['may contain nuts', null, null]);
    expect(range('leaves fall')).toEqual(['leaves fall', null, null]);
    expect(range('"summer 2019" poster')).toEqual(['"summer 2019" poster', null, null]);
    expect(range('photo-2019')).toEqual(['photo-2019', null, null]);
  });

  it('several dates narrow to their overlap', () => {
    const p = parseQuery('2019 summer 2019', DEC);
    expect(p.chips.map((c) => c.kind === 'date' && c.label)).toEqual(['2019', 'Summer 2019']);
    expect([p.after, p.before]).toEqual(['2019-06-01', '2019-08-31']);
  });
});

describe('exclusions', () => {
  it('"-word" at the start or after a space; a hyphen inside a word is not one', () => {
    const p = parseQuery('-blurry beach -dog t-shirt', DEC);
    expect(p.text).toBe('beach t-shirt');
    expect(p.exclude).toEqual(['blurry', 'dog']);
    expect(p.chips.map((c) => c.text)).toEqual(['-blurry', '-dog']);
  });

  it('mixes with dates, and a chip is removed from the typed text by its span', () => {
    const q = 'beach -dog last summer';
    const p = parseQuery(q, DEC);
    expect(p.chips.map((c) => c.text)).toEqual(['-dog', 'last summer']);
    expect(removeChip(q, p.chips[0]!)).toBe('beach last summer');
    expect(removeChip(q, p.chips[1]!)).toBe('beach -dog');
  });
});
