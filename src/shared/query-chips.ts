// Query chips: what a typed query says besides the words to search for. "-word" leaves out files
// holding the word; dates typed as words ("2019", "July", "July 2019", "last summer", "this year",
// "yesterday", "2019年7月", "去年夏天", "今年") become a taken-date range. Pure: the reference date
// ("today") is passed in; seasons are the northern hemisphere's meteorological ones (winter =
// December to February, so "winter 2019" is Dec 2019 - Feb 2020).

export type QueryChip =
  | { kind: 'exclude'; word: string; text: string; start: number; end: number }
  | { kind: 'date'; label: string; after: string; before: string; text: string; start: number; end: number };

export interface ParsedQuery {
  /** The words left to search for (chips removed, spaces collapsed). */
  text: string;
  chips: QueryChip[];
  /** Every date chip at once (their intersection), as contract filters; null when none. */
  after: string | null;
  before: string | null;
  exclude: string[];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_ABBR = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const SEASON_START: Record<string, number> = { spring: 3, summer: 6, autumn: 9, fall: 9, winter: 12 };
const ZH_SEASON: Record<string, string> = { 春: 'spring', 夏: 'summer', 秋: 'autumn', 冬: 'winter' };
const SEASON_LABEL: Record<string, string> = { spring: 'Spring', summer: 'Summer', autumn: 'Autumn', fall: 'Autumn', winter: 'Winter' };

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};
const lastDay = (y: number, m: number) => day(y, m + 1, 0);
const monthName = (m: number) => MONTHS[m - 1]![0]!.toUpperCase() + MONTHS[m - 1]!.slice(1);

function monthIndex(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = MONTHS.indexOf(w);
  if (i >= 0) return i + 1;
  const j = MONTH_ABBR.indexOf(w);
  return j >= 0 && w !== 'may' ? j + 1 : null;
}

type Range = { label: string; after: string; before: string };

const yearRange = (y: number): Range => ({ label: String(y), after: day(y, 1, 1), before: day(y, 12, 31) });
const monthRange = (y: number, m: number): Range => ({ label: `${monthName(m)} ${y}`, after: day(y, m, 1), before: lastDay(y, m) });
function seasonRange(y: number, season: string): Range {
  const m = SEASON_START[season]!;
  return { label: `${SEASON_LABEL[season]} ${y}`, after: day(y, m, 1), before: lastDay(y, m + 2) };
}

/** The year of the latest month `m` that has begun by `ref` (this July once July has started, else last year's). */
function latestYearOfMonth(ref: Date, m: number): number {
  const y = ref.getUTCFullYear();
  return ref.getUTCMonth() + 1 >= m ? y : y - 1;
}

/** The latest season that has begun by `ref` (winter begins in December: in February, "winter" is the one that started in December before). */
function latestSeasonYear(ref: Date, season: string): number {
  const start = SEASON_START[season]!;
  const y = ref.getUTCFullYear();
  const m = ref.getUTCMonth() + 1;
  return m >= start ? y : y - 1;
}

/** "last summer": the latest season of that name that has ended by `ref` (in July, last year's summer). */
function lastSeasonYear(ref: Date, season: string): number {
  const today = day(ref.getUTCFullYear(), ref.getUTCMonth() + 1, ref.getUTCDate());
  let y = ref.getUTCFullYear();
  while (seasonRange(y, season).before >= today) y--;
  return y;
}

interface Rule {
  re: RegExp;
  range(m: RegExpExecArray, ref: Date): Range | null;
}

const SEASONS = '(spring|summer|autumn|fall|winter)';
const YEAR = '((?:19|20)\\d{2})';
const B = '(?<![\\p{L}\\p{N}_-])';
const E = '(?![\\p{L}\\p{N}_])';

const RULES: Rule[] = [
  // 2019-07-14: one day.
  { re: new RegExp(`${B}${YEAR}-(\\d{2})-(\\d{2})${E}`, 'giu'), range: (m) => ({ label: `${m[1]}-${m[2]}-${m[3]}`, after: `${m[1]}-${m[2]}-${m[3]}`, before: `${m[1]}-${m[2]}-${m[3]}` }) },
  // 2019年7月, 2019年夏天 / 夏季, 2019年
  { re: /((?:19|20)\d{2})年(1[0-2]|0?[1-9])月/gu, range: (m) => monthRange(Number(m[1]), Number(m[2])) },
  { re: /((?:19|20)\d{2})年(?:的)?([春夏秋冬])(?:天|季)/gu, range: (m) => seasonRange(Number(m[1]), ZH_SEASON[m[2]!]!) },
  { re: /((?:19|20)\d{2})年/gu, range: (m) => yearRange(Number(m[1])) },
  // 去年 / 今年 / 前年 (+ 7月 | 夏天)
  {
    re: /(去年|今年|前年)(?:(1[0-2]|0?[1-9])月|的?([春夏秋冬])(?:天|季))?/gu,
    range: (m, ref) => {
      const y = ref.getUTCFullYear() - (m[1] === '去年' ? 1 : m[1] === '前年' ? 2 : 0);
      if (m[2]) return monthRange(y, Number(m[2]));
      if (m[3]) return seasonRange(y, ZH_SEASON[m[3]]!);
      return yearRange(y);
    },
  },
  { re: /(?<![\d年])(1[0-2]|0?[1-9])月(?!\d)/gu, range: (m, ref) => monthRange(latestYearOfMonth(ref, Number(m[1])), Number(m[1])) },
  { re: /([春夏秋冬])(?:天|季)/gu, range: (m, ref) => seasonRange(latestSeasonYear(ref, ZH_SEASON[m[1]!]!), ZH_SEASON[m[1]!]!) },
  { re: /(上个月|上月|这个月|本月)/gu, range: (m, ref) => monthOffset(ref, m[1]!.startsWith('上') ? -1 : 0) },
  { re: /(昨天|今天)/gu, range: (m, ref) => dayOffset(ref, m[1] === '昨天' ? -1 : 0) },
  // English. "summer 2019", "summer of 2019"
  { re: new RegExp(`${B}(?:in\\s+|during\\s+)?${SEASONS}\\s+(?:of\\s+)?${YEAR}${E}`, 'giu'), range: (m) => seasonRange(Number(m[2]), m[1]!.toLowerCase()) },
  // "July 2019", "Jul 2019"; also "May 2019" (may + a year is a month)
  { re: new RegExp(`${B}(?:in\\s+)?(${MONTHS.join('|')}|${MONTH_ABBR.join('|')})\\.?\\s+(?:of\\s+)?${YEAR}${E}`, 'giu'), range: (m) => monthRange(Number(m[2]), MONTHS.indexOf(m[1]!.toLowerCase()) + 1 || MONTH_ABBR.indexOf(m[1]!.toLowerCase()) + 1) },
  // "last summer", "this winter"
  {
    re: new RegExp(`${B}(last|this)\\s+${SEASONS}${E}`, 'giu'),
    range: (m, ref) => {
      const s = m[2]!.toLowerCase();
      return seasonRange(m[1]!.toLowerCase() === 'last' ? lastSeasonYear(ref, s) : latestSeasonYear(ref, s), s);
    },
  },
  // "last year", "this year", "last month", "this month", "last week", "this week"
  {
    re: new RegExp(`${B}(last|this)\\s+(year|month|week)${E}`, 'giu'),
    range: (m, ref) => {
      const last = m[1]!.toLowerCase() === 'last';
      const unit = m[2]!.toLowerCase();
      if (unit === 'year') return yearRange(ref.getUTCFullYear() - (last ? 1 : 0));
      if (unit === 'month') return monthOffset(ref, last ? -1 : 0);
      return weekOffset(ref, last ? -1 : 0);
    },
  },
  { re: new RegExp(`${B}(yesterday|today)${E}`, 'giu'), range: (m, ref) => dayOffset(ref, m[1]!.toLowerCase() === 'yesterday' ? -1 : 0) },
  // "in 2019", "2019"
  { re: new RegExp(`${B}(?:in\\s+|from\\s+)?${YEAR}${E}`, 'giu'), range: (m) => yearRange(Number(m[1])) },
  // "July", "in July" (the latest July that has begun). "May" alone only capitalised: "may" is a verb too.
  {
    re: new RegExp(`${B}(?:in\\s+)?(${MONTHS.join('|')}|${MONTH_ABBR.filter((x) => x !== 'may').join('|')})\\.?${E}`, 'giu'),
    range: (m, ref) => {
      if (m[1] === 'may' || m[1] === 'MAY') return null;
      const mi = monthIndex(m[1]!)!;
      return monthRange(latestYearOfMonth(ref, mi), mi);
    },
  },
  // "summer", "in winter": the latest that has begun ("fall" alone is a verb more often than a season).
  { re: new RegExp(`${B}(?:in\\s+)?(spring|summer|autumn|winter)${E}`, 'giu'), range: (m, ref) => seasonRange(latestSeasonYear(ref, m[1]!.toLowerCase()), m[1]!.toLowerCase()) },
];

function monthOffset(ref: Date, delta: number): Range {
  const t = new Date(Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth() + delta, 1));
  return monthRange(t.getUTCFullYear(), t.getUTCMonth() + 1);
}

function dayOffset(ref: Date, delta: number): Range {
  const d = day(ref.getUTCFullYear(), ref.getUTCMonth() + 1, ref.getUTCDate() + delta);
  return { label: delta === 0 ? 'Today' : 'Yesterday', after: d, before: d };
}

/** Weeks start on Monday. */
function weekOffset(ref: Date, delta: number): Range {
  const dow = (ref.getUTCDay() + 6) % 7;
  const y = ref.getUTCFullYear();
  const m = ref.getUTCMonth() + 1;
  const start = ref.getUTCDate() - dow + delta * 7;
  return { label: delta === 0 ? 'This week' : 'Last week', after: day(y, m, start), before: day(y, m, start + 6) };
}

/**
 * Splits a typed query into the words to search for and its chips. `ref` is "today" (UTC date
 * parts are read). Quoted phrases are left alone ("summer 2019" in quotes is a phrase to find).
 */
export function parseQuery(input: string, ref: Date): ParsedQuery {
  const taken: [number, number][] = [];
  const quoted = [...input.matchAll(/"[^"]*"?/g)].map((m) => [m.index!, m.index! + m[0].length] as [number, number]);
  const free = (s: number, e: number) => ![...taken, ...quoted].some(([a, b]) => s < b && e > a);
  const chips: QueryChip[] = [];
  // Exclusions: "-word" at the start or after a space.
  for (const m of input.matchAll(/(^|\s)-([\p{L}\p{N}][\p{L}\p{N}_'.-]*)/gu)) {
    const start = m.index! + m[1]!.length;
    const end = start + 1 + m[2]!.length;
    if (!free(start, end)) continue;
    taken.push([start, end]);
    chips.push({ kind: 'exclude', word: m[2]!, text: input.slice(start, end), start, end });
  }
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (const m of input.matchAll(rule.re)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (!free(start, end)) continue;
      const r = rule.range(m as RegExpExecArray, ref);
      if (!r) continue;
      taken.push([start, end]);
      chips.push({ kind: 'date', ...r, text: m[0], start, end });
    }
  }
  chips.sort((a, b) => a.start - b.start);
  let text = '';
  let at = 0;
  for (const c of chips) {
    text += input.slice(at, c.start) + ' ';
    at = c.end;
  }
  text = (text + input.slice(at)).replace(/\s+/g, ' ').trim();
  const dates = chips.filter((c): c is Extract<QueryChip, { kind: 'date' }> => c.kind === 'date');
  const after = dates.length ? dates.map((d) => d.after).sort().at(-1)! : null;
  const before = dates.length ? dates.map((d) => d.before).sort()[0]! : null;
  return { text, chips, after, before, exclude: chips.flatMap((c) => (c.kind === 'exclude' ? [c.word] : [])) };
}

/** The query with one chip's text taken out (the chip's remove button). */
export function removeChip(input: string, chip: QueryChip): string {
  return (input.slice(0, chip.start) + ' ' + input.slice(chip.end)).replace(/\s+/g, ' ').trim();
}
