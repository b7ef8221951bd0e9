// How exactly a result's own name answers the query, for known-item search: someone typing "Apple
// Pie" or "passport" or "refcard el a4" wants the file called that first, above anything matched
// by meaning. Compared word by word on the file name (extension dropped) and the document's title,
// folded like the keyword index (NFKC, accents, case), English forms and a prefix last word allowed:
//   3  the name or title is the query (all its words and nothing else, stopwords included)
//   2  the name or title holds every required word of the query
//   1  every word sits in one field (title/author/tags), in one passage (queries of 2+ words), or a
//      quoted phrase matched
//   0  anything else
// Within a level, a name with fewer extra words is the closer answer.
import { englishForms } from '../catalog';
import { parseTerms, requiredTerms } from '../catalog';
import { foldText } from '../catalog';

export interface Exactness {
  level: number;
  /** Words of the best field beyond the query's (0 = nothing else). */
  extra: number;
}

export const NOT_EXACT: Exactness = { level: 0, extra: 0 };

/** Words of a name or title: folded, lower case, accents removed. */
export function words(text: string): string[] {
  // Plain ASCII without a backtick (most file names): nothing to fold (a backtick may be a TeX accent).
  if (/^[\x20-\x5f\x61-\x7e]*$/.test(text)) return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return foldText(text)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export interface QueryWords {
  /** Every word typed, stopwords included (for "the name is the query"). */
  all: string[];
  /** Required words, each with the forms that satisfy it. */
  required: { forms: Set<string>; prefix: string | null }[];
}

export function queryWords(query: string): QueryWords | null {
  const terms = parseTerms(query);
  if (terms.length === 0) return null;
  const all = terms.flatMap((t) => words(t.text));
  const req = requiredTerms(query).flatMap((t) => words(t.text));
  const required = req.map((w, i) => ({
    forms: new Set([w, ...englishForms(w)]),
    prefix: i === req.length - 1 && w.length >= 3 && !terms[terms.length - 1]!.phrase ? w : null,
  }));
  return all.length ? { all, required } : null;
}

function fieldExactness(q: QueryWords, field: string[]): Exactness {
  if (field.length === 0) return NOT_EXACT;
  if (field.length === q.all.length && field.every((w, i) => w === q.all[i] || englishForms(q.all[i]!).includes(w))) return { level: 3, extra: 0 };
  const covered = q.required.every((r) => field.some((w) => r.forms.has(w) || (r.prefix !== null && w.startsWith(r.prefix))));
  return covered && q.required.length > 0 ? { level: 2, extra: Math.max(0, field.length - q.required.length) } : NOT_EXACT;
}

/** Exactness of one result: the better of its name (no extension) and title, at least `indexSaysExact` ? 1 : 0. */
export function exactness(q: QueryWords | null, name: string, title: string | null, indexSaysExact: boolean): Exactness {
  const base: Exactness = indexSaysExact ? { level: 1, extra: 0 } : NOT_EXACT;
  if (!q) return base;
  const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  let best = base;
  for (const field of [stem, title ?? '']) {
    const e = fieldExactness(q, words(field));
    if (e.level > best.level || (e.level === best.level && e.level >= 2 && e.extra < best.extra)) best = e;
  }
  return best;
}

/** Orders results by exactness: higher level first, then fewer extra words. */
export function compareExactness(a: Exactness, b: Exactness): number {
  return b.level - a.level || (a.level >= 2 ? a.extra - b.extra : 0);
}
