// Which passages of a document match a search, and which one a hit names: the document preview's
// "next match" and its starting point. Pure functions (unit-tested).
import type { DocumentPassages } from '../../../shared/contract';

type Passage = DocumentPassages['passages'][number];

/** Words a passage must hold to count as a match: the query's (not its "-word" exclusions) and those the engine marked in the snippet. */
export function matchTerms(query: string | null, snippet: string | null): string[] {
  const words = new Set<string>();
  for (const w of (query ?? '').split(/\s+/)) {
    if (w.startsWith('-')) continue;
    for (const part of w.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (part.length >= 2) words.add(part);
  }
  for (const m of (snippet ?? '').matchAll(/«([^«»]*)»/g)) for (const part of m[1]!.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (part.length >= 2) words.add(part);
  return [...words];
}

export function matcher(terms: string[]): ((text: string) => boolean) | null {
  if (terms.length === 0) return null;
  const re = new RegExp(terms.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'iu');
  return (text) => re.test(text);
}

/** The passage the hit names: on its page, holding the snippet's text, else holding its words, else the page's first. */
export function initialIndex(passages: Passage[], page: number | null, snippet: string | null, isMatch: ((t: string) => boolean) | null): number {
  const onPage = passages.map((p, i) => ({ p, i })).filter(({ p }) => page === null || p.page === page);
  const pool = onPage.length ? onPage : passages.map((p, i) => ({ p, i }));
  const plain = (snippet ?? '').replace(/[«»]/g, '');
  const pieces = plain
    .split(/…|\.\.\./)
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => s.length >= 12)
    .sort((a, b) => b.length - a.length);
  const norm = (s: string) => s.replace(/\s+/g, ' ');
  for (const piece of pieces) {
    const hit = pool.find(({ p }) => norm(p.text).includes(piece));
    if (hit) return hit.i;
  }
  if (isMatch) {
    const hit = pool.find(({ p }) => isMatch(p.text));
    if (hit) return hit.i;
  }
  return pool[0]?.i ?? 0;
}
