// The results' multi-select rules (renderer state, pure): toggle, ranges from the anchor, all, none.
import { describe, expect, it } from 'vitest';
import { keepListed, noSelection, pick } from '../../../src/renderer/src/state/multi-select';

const order = [10, 11, 12, 13, 14, 15];

describe('multi-select', () => {
  it('Ctrl+click toggles and moves the anchor; ids stay in list order', () => {
    let s = pick(noSelection, 'toggle', order, 13);
    s = pick(s, 'toggle', order, 11);
    expect(s).toEqual({ ids: [11, 13], anchor: 11 });
    s = pick(s, 'toggle', order, 13);
    expect(s).toEqual({ ids: [11], anchor: 13 });
  });

  it('Shift+click selects from the anchor, either direction; a new range from the same anchor replaces the last', () => {
    let s = pick(noSelection, 'single', order, 12);
    s = pick(s, 'range', order, 14);
    expect(s.ids).toEqual([12, 13, 14]);
    s = pick(s, 'range', order, 10);
    expect(s).toEqual({ ids: [10, 11, 12], anchor: 12 });
  });

  it('a range with no anchor starts at the item itself; an unknown id selects just it', () => {
    expect(pick(noSelection, 'range', order, 13)).toEqual({ ids: [13], anchor: 13 });
    expect(pick({ ids: [10], anchor: 99 }, 'range', order, 11)).toEqual({ ids: [11], anchor: 11 });
  });

  it('Ctrl+A selects every listed item, Esc none', () => {
    const all = pick(noSelection, 'all', order, null);
    expect(all.ids).toEqual(order);
    expect(pick(all, 'clear', order, null)).toEqual(noSelection);
  });

  it('forgets ids that left the list', () => {
    const s = { ids: [10, 12, 14], anchor: 14 };
    expect(keepListed(s, [10, 11, 12])).toEqual({ ids: [10, 12], anchor: null });
    expect(keepListed(s, order)).toBe(s);
  });
});
