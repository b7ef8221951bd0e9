// English word forms for keyword queries: "pancakes" also finds pancake.webp, "baking" finds
// "bake", "berry" finds "berries". The index keeps exact tokens (names, identifiers and other
// languages must not be stemmed into each other); the query asks for the typed word OR its
// regular inflections, so exact forms always match and nothing is conflated at index time.
// Deliberately small rules (plural -s/-es/-ies, -ing, -ed with e-drop; consonant doubling only
// from the inflected side: running -> run),
// only for plain lowercase-able ASCII words of 3+ letters.

const VOWEL = /[aeiou]/;

/** Base forms of a word other than itself: nouns (plural -> singular) and verbs (-ing/-ed -> stem). */
function lemmas(w: string): { nouns: string[]; verbs: string[] } {
  const nouns: string[] = [];
  const verbs: string[] = [];
  const n = w.length;
  if (n > 4 && w.endsWith('ies')) nouns.push(w.slice(0, -3) + 'y');
  else if (n > 4 && /(?:s|x|z|ch|sh)es$/.test(w)) nouns.push(w.slice(0, -2));
  else if (n > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) nouns.push(w.slice(0, -1));
  if (n > 5 && w.endsWith('ing')) verbs.push(...verbStems(w.slice(0, -3)));
  if (n > 4 && w.endsWith('ied')) verbs.push(w.slice(0, -3) + 'y');
  else if (n > 4 && w.endsWith('ed')) verbs.push(...verbStems(w.slice(0, -2)));
  return { nouns, verbs };
}

/** bak -> bake, bak; runn -> run; fix -> fix, fixe. */
function verbStems(stem: string): string[] {
  if (stem.length < 2 || !VOWEL.test(stem)) return [];
  const last = stem[stem.length - 1]!;
  if (stem.length > 2 && last === stem[stem.length - 2] && !/[aeiouls]/.test(last)) return [stem.slice(0, -1)];
  return [stem + 'e', stem];
}

/** Regular plural / third person of a base form. */
function inflection(base: string): string {
  if (/(?:s|x|z|ch|sh)$/.test(base)) return base + 'es';
  if (/[^aeiou]y$/.test(base)) return base.slice(0, -1) + 'ies';
  return base + 's';
}

/**
 * The word and its regular English forms (the word itself first, at most 5), lower case; [word]
 * unchanged for anything that is not a plain ASCII word of 3+ letters.
 */
export function englishForms(word: string): string[] {
  const w = word.toLowerCase();
  if (w.length < 3 || !/^[a-z]+$/.test(w)) return [word];
  const { nouns, verbs } = lemmas(w);
  const forms = new Set<string>([w]);
  if (nouns.length === 0 && verbs.length === 0) {
    // A base form: plural/3rd person, and -ing/-ed (bake -> baking, baked; fix -> fixing, fixed).
    const stem = w.endsWith('e') ? w.slice(0, -1) : w;
    forms.add(inflection(w)).add(stem + 'ing').add(stem + 'ed');
  }
  for (const l of nouns) forms.add(l);
  for (const l of verbs) forms.add(l).add(inflection(l));
  return [...forms].filter((f) => f.length >= 3).slice(0, 5);
}
