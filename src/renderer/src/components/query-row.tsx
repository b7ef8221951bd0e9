// Under the search field: the chips a typed query makes ("Without “dog”", "Taken Summer 2025"),
// each removable, and in Similar mode a field that adds words to the image ("+ at night").
import { useEffect, useState } from 'react';
import type { QueryChip } from '../../../shared/query-chips';
import { CloseIcon } from './icons';
import '../styles/tools.css';

export function chipLabel(c: QueryChip): string {
  return c.kind === 'exclude' ? `Without “${c.word}”` : `Taken ${c.label}`;
}

export function QueryChips({ chips, onRemove }: { chips: readonly QueryChip[]; onRemove(c: QueryChip): void }) {
  if (chips.length === 0) return null;
  return (
    <ul className="query-chips" aria-label="Filters from your words">
      {chips.map((c) => (
        <li key={`${c.start}-${c.text}`} className={`query-chip ${c.kind}`} title={c.kind === 'date' ? `${c.after} to ${c.before}` : `Leaves out files with “${c.word}” in their name or text`}>
          <span>{chipLabel(c)}</span>
          <button type="button" className="icon-btn" aria-label={`Remove ${chipLabel(c)}`} onClick={() => onRemove(c)}>
            <CloseIcon width={12} height={12} />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** "Similar to x.jpg" + words: Enter refines the image search with them, an empty field goes back to the image alone. */
export function RefineField({ value, onSubmit }: { value: string; onSubmit(words: string): void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <form
      className="refine-field"
      role="search"
      aria-label="Refine the image search"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(text.trim());
      }}
    >
      <label>
        <span aria-hidden>+</span>
        <input type="text" aria-label="Add words to the image search" placeholder="add words, e.g. at night" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" className="btn">
        Refine
      </button>
    </form>
  );
}
