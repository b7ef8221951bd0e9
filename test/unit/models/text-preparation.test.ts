// Text as packs expect it: Immich's cleaning (Python whitespace, SigLIP canonicalize), NLLB's
// FLORES-200 prefixes from the user's language or the query's script, and the first-run model
// recommendation by system language (a Chinese system must not get an English-only pack).
import { describe, expect, it } from 'vitest';
import { modelCatalog } from '../../../src/main/engine/models/model-catalog';
import { recommendModel } from '../../../src/main/engine/models/model-recommendation';
import { floresCode, floresFor, systemLanguage } from '../../../src/main/engine/models/nllb-language';
import { cleanText } from '../../../src/main/engine/models/text-clean';
import { loadPack } from '../../../src/main/engine/models/pack';
import { TextTokenizer } from '../../../src/main/engine/models/tokenizer';
import { immichPacksDir } from '../../helpers/immich-packs';
import { join } from 'node:path';

describe('cleanText', () => {
  it('collapses whitespace the way Python str.split() does, not JavaScript \\s', () => {
    expect(cleanText('  a\t photo\r\n of\u3000a\u00a0cat  ')).toBe('a photo of a cat');
    expect(cleanText('a\x1cb\x1fc\x85d')).toBe('a b c d'); // Python splits on these, JS \s does not
    expect(cleanText('\ufeffa b')).toBe('\ufeffa b'); // BOM: JS \s matches it, Python keeps it
    expect(cleanText('a\u200bb')).toBe('a\u200bb'); // zero-width space is not whitespace to either
  });
  it('canonicalize drops ASCII punctuation only, and lower-cases', () => {
    expect(cleanText('A PHOTO, of a DOG on the beach!', 'canonicalize')).toBe('a photo of a dog on the beach');
    expect(cleanText('你好！世界？(test)', 'canonicalize')).toBe('你好！世界？test');
  });
});

describe('NLLB language codes', () => {
  it('maps BCP 47 tags and POSIX locales to FLORES-200', () => {
    expect(floresCode('zh-CN')).toBe('zho_Hans');
    expect(floresCode('zh_TW.UTF-8')).toBe('zho_Hant');
    expect(floresCode('pt-BR')).toBe('por_Latn');
    expect(floresCode('xx')).toBeNull();
  });
  it("uses the query's script when the user's language cannot be written in it", () => {
    expect(floresFor('去年夏天的海边', 'en-US')).toBe('zho_Hans');
    expect(floresFor('去年夏天的海边', 'zh-TW')).toBe('zho_Hant');
    expect(floresFor('夏の海', 'en')).toBe('jpn_Jpan');
    expect(floresFor('a dog', 'de-DE')).toBe('deu_Latn');
    expect(floresFor('ein Hund', undefined)).toBe('eng_Latn');
  });
  it('an NLLB pack (by its name, as Immich tells them) gets the code in front of the cleaned text', () => {
    const pack = loadPack(join(immichPacksDir, 'tiny-siglip-static'), 'nllb-clip-base-siglip__v1');
    expect(pack.nllb).toBe(true);
    const tok = TextTokenizer.load(pack, 64, { clean: pack.textClean, nllb: pack.nllb, language: 'en-US' });
    expect(tok.prepare('  去年夏天的  海边 ')).toBe('zho_Hans去年夏天的 海边');
    expect(tok.prepare('A Dog!')).toBe('eng_Latna dog');
    expect(tok.prepare('Ein Hund', 'de')).toBe('deu_Latnein hund');
    const plain = TextTokenizer.load(loadPack(join(immichPacksDir, 'tiny-siglip-static')), 64, { clean: 'canonicalize' });
    expect(plain.prepare('A Dog!')).toBe('a dog');
  });
  it('reads the system language from GLIMPSE_LANGUAGE, then the POSIX locale', () => {
    expect(systemLanguage({ GLIMPSE_LANGUAGE: 'zh-CN', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(systemLanguage({ LANG: 'de_DE.UTF-8' })).toBe('de-DE');
  });
});

describe('first-run model recommendation', () => {
  it('recommends a multilingual pack on a Chinese system, and says why', () => {
    const r = recommendModel('zh-CN');
    const entry = modelCatalog().models.find((m) => m.name === r.name)!;
    expect(entry.languages).toContain('multilingual');
    expect(r.reason).toMatch(/Chinese/);
    expect(r.reason).toMatch(/English-only packs cannot/);
  });
  it('recommends the fast English default on an English system', () => {
    expect(recommendModel('en-GB').name).toBe(modelCatalog().default);
  });
  it('every catalogue entry is a pack Immich publishes, with its embedding size', () => {
    // Immich's published packs and their embedding sizes (its server's CLIP dimension table) and
    // the packs its ML service reads as M-CLIP; the catalogue must not drift from them.
    const immich: Record<string, number> = {
      'ViT-B-32__laion2b-s34b-b79k': 512, 'ViT-B-32__openai': 512, 'ViT-B-16-SigLIP2__webli': 768,
      'ViT-B-32-SigLIP2-256__webli': 768, 'ViT-B-16-SigLIP-i18n-256__webli': 768,
      'XLM-Roberta-Base-ViT-B-32__laion5b_s13b_b90k': 512, 'XLM-Roberta-Large-Vit-B-32': 512, 'nllb-clip-base-siglip__v1': 768,
    };
    const mclip = new Set(['LABSE-Vit-L-14', 'XLM-Roberta-Large-Vit-B-16Plus', 'XLM-Roberta-Large-Vit-B-32', 'XLM-Roberta-Large-Vit-L-14']);
    for (const m of modelCatalog().models) {
      expect(immich[m.name], m.name).toBe(m.dim);
      expect(m.family === 'mclip', m.name).toBe(mclip.has(m.name));
      if (/SigLIP|siglip/.test(m.name)) expect(m.family).toBe('siglip');
    }
    expect(modelCatalog().models.filter((m) => m.languages.includes('multilingual')).length).toBeGreaterThanOrEqual(4);
  });
});
