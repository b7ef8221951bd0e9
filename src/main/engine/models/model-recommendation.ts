// Which pack the first-run model choice recommends, and why: the catalogue's default (the fastest
// good English pack) only for English-language systems; any other language gets the multilingual
// pack, since an English-only pack cannot read a Chinese (or German, or Thai) query at all.
import { modelCatalog } from './model-catalog';
import { systemLanguage } from './nllb-language';

/** The multilingual pack recommended for non-English systems (SigLIP 2: 100+ languages, 768-d). */
export const MULTILINGUAL_RECOMMENDATION = 'ViT-B-16-SigLIP2__webli';

export interface Recommendation {
  name: string;
  reason: string;
}

function languageName(tag: string): string {
  try {
    const english = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag);
    const own = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    return english && own && own !== english ? `${english} (${own})` : (english ?? tag);
  } catch {
    return tag;
  }
}

export function recommendModel(language: string = systemLanguage()): Recommendation {
  const catalog = modelCatalog();
  const tag = language.replace(/_/g, '-');
  const primary = tag.split('-')[0]!.toLowerCase();
  const name = languageName(primary);
  if (primary === 'en') {
    return { name: catalog.default, reason: `Your system language is ${name}: the fastest pack with good English search.` };
  }
  const multilingual = catalog.models.find((m) => m.name === MULTILINGUAL_RECOMMENDATION) ?? catalog.models.find((m) => !m.languages.includes('en') || m.languages.includes('multilingual'));
  const pick = multilingual?.name ?? catalog.default;
  return { name: pick, reason: `Your system language is ${name}: English-only packs cannot understand queries in it; this pack reads 100+ languages, ${name.split(' (')[0]} included.` };
}
