// Multi-select over the results (photos), as file managers do it: click selects one, Ctrl/Cmd+click
// toggles, Shift+click (and Shift+arrows) selects the range from the anchor, Ctrl/Cmd+A all, Esc
// none. Pure: the ordered ids of the list are passed in; React state holds the result.

export interface MultiSelection {
  /** Selected ids, in the list's order. */
  ids: number[];
  /** Where a Shift range starts: the last item clicked or toggled without Shift. */
  anchor: number | null;
}

export const noSelection: MultiSelection = { ids: [], anchor: null };

/** 'anchor': a plain click or move, which selects nothing but is where the next Shift range starts. */
export type PickMode = 'toggle' | 'range' | 'all' | 'clear' | 'single' | 'anchor';

export function pick(sel: MultiSelection, mode: PickMode, order: readonly number[], id: number | null): MultiSelection {
  switch (mode) {
    case 'clear':
      return noSelection;
    case 'all':
      return { ids: [...order], anchor: sel.anchor ?? order[0] ?? null };
    case 'single':
      return id === null ? noSelection : { ids: [id], anchor: id };
    case 'anchor':
      return { ids: [], anchor: id };
    case 'toggle': {
      if (id === null) return sel;
      const on = new Set(sel.ids);
      if (on.has(id)) on.delete(id);
      else on.add(id);
      return { ids: order.filter((x) => on.has(x)), anchor: id };
    }
    case 'range': {
      if (id === null) return sel;
      const anchor = sel.anchor ?? id;
      const a = order.indexOf(anchor);
      const b = order.indexOf(id);
      if (a < 0 || b < 0) return { ids: [id], anchor: id };
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      // A range replaces what the previous range from this anchor added, keeps Ctrl-picked ones outside it.
      return { ids: order.slice(lo, hi + 1), anchor };
    }
  }
}

/** Drops ids no longer in the list (a new page of results, a file that went away). */
export function keepListed(sel: MultiSelection, order: readonly number[]): MultiSelection {
  const listed = new Set(order);
  const ids = sel.ids.filter((x) => listed.has(x));
  return ids.length === sel.ids.length ? sel : { ids, anchor: sel.anchor !== null && listed.has(sel.anchor) ? sel.anchor : null };
}
