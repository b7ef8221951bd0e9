// "Why did this match" in words: each of the engine's reasons, and the text read from the image
// quoted for keyword and vector matches alike (a vector match can come from that text's passage).
import { describe, expect, it } from 'vitest';
import { matchReasons, visualMatch } from '../../../src/renderer/src/components/match-reasons';

const receipt = [{ text: 'SUNFLOWER BAKERY' }, { text: 'Invoice 4711 total 23.50' }];

describe('matchReasons', () => {
  it('a keyword hit in the file name, with no heatmap', () => {
    expect(matchReasons(['keyword'], 'apple pie', 'apple-pie.webp')).toEqual(['The file name contains “apple”, “pie”.']);
    expect(visualMatch(['keyword'])).toBe(false);
  });

  it('a keyword hit in the text read from the image quotes the lines', () => {
    expect(matchReasons(['keyword'], 'sunflower', 'shop.jpg', receipt)).toEqual(['Text read from the image: “SUNFLOWER BAKERY” (outlined).']);
  });

  it('a vector match whose words are in the image text says it may come from the text, and quotes it', () => {
    expect(matchReasons(['vector'], 'invoice', 'shop.jpg', receipt)).toEqual([
      'The model matches “invoice” with the picture or with the text read from it.',
      'Text read from the image: “Invoice 4711 total 23.50” (outlined).',
    ]);
  });

  it('a vector match without such text is about the picture; find similar and near-duplicates', () => {
    expect(matchReasons(['vector'], 'dog on a beach', 'IMG_1.jpg', receipt)).toEqual(['The model sees “dog on a beach” in the picture.']);
    expect(matchReasons(['duplicate', 'vector'], null, 'IMG_1.jpg')).toEqual([
      'A near-duplicate of the image you searched with (same picture, resized or re-encoded).',
      'The model finds the two pictures alike.',
    ]);
    expect(visualMatch(['duplicate', 'vector'])).toBe(true);
  });

  it('a keyword hit in other details says so', () => {
    expect(matchReasons(['keyword'], 'canon', 'IMG_1.jpg')).toEqual(['Words of your search appear in its details (camera, place, date) or in text read from the image, not in what the picture shows.']);
  });
});
