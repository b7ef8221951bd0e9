// Word repair of OCR lines with the frequency-ranked English list (resources/ocr/english-words.json):
// lost spaces, fi ligatures and double letters read once are repaired; names, code, acronyms,
// numbers, non-Latin text and compounds the list lacks are left alone.
import { describe, expect, it } from 'vitest';
import { englishShare, fixImageWords, fixLineWords, fixToken, isEnglishWord, repairWord, segmentWords } from '../../../src/main/engine/extract/ocr/word-split';

describe('word repair', () => {
  it('splits run-together words, keeping the letters and their case', () => {
    expect(fixLineWords('Freshstrawberriesandhomemadelemonade')).toBe('Fresh strawberries and homemade lemonade');
    expect(fixLineWords('tofill avacancy ina')).toBe('to fill a vacancy in a');
    expect(fixLineWords('(andanumberofadditions,')).toBe('(and a number of additions,');
  });

  it('restores the i of fi ligatures and double letters CTC reads once, alone or inside a split', () => {
    expect(fixLineWords('fle defnes identifers wil setings diferent')).toBe('file defines identifiers will settings different');
    expect(fixToken('trainmodelsofdiferent')).toBe('train models of different');
    expect(repairWord('efciency')).toBeNull(); // two slips: left alone
  });

  it('leaves words, names, identifiers, acronyms, numbers and other scripts alone', () => {
    for (const t of ['the', 'LayoutParser', 'ProvidesPackage', 'arXiv', 'BM25', 'ICDAR', 'Kwiatkowski', '2019),', 'x', 'ok', '東京タワー', 'Jégou', 'pretraining']) {
      expect(fixToken(t)).toBe(t);
    }
    expect(fixLineWords('The quick brown fox, 42 times.')).toBe('The quick brown fox, 42 times.');
  });

  it('knows common words and segments by frequency', () => {
    expect(isEnglishWord('lemonade')).toBe(true);
    expect(isEnglishWord('fle')).toBe(false);
    expect(segmentWords('ofthe')?.map((p) => p.word)).toEqual(['of', 'the']);
  });

  it('repairs English text only: other languages keep their words', () => {
    const french = ['Le tel que nous avons vu dans la maison', 'avec une fenetre sur le jardin du voisin'];
    expect(englishShare(french)).toBeLessThan(0.5);
    expect(fixImageWords(french)).toEqual(french);
    const english = ['The file you asked for is in the folder', 'and it wil be sent tofill the form'];
    expect(fixImageWords(english)).toEqual(['The file you asked for is in the folder', 'and it will be sent to fill the form']);
    // Too few words to tell: repaired.
    expect(fixImageWords(['Freshstrawberriesandhomemadelemonade'])).toEqual(['Fresh strawberries and homemade lemonade']);
  });
});
