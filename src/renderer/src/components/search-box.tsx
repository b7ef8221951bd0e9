// The search field: debounced search-as-you-type (the parent debounces), Enter to search now, Esc to
// close suggestions or clear, arrows through recent queries, ArrowDown into the results otherwise.
import { forwardRef, useId, useState, type KeyboardEvent } from 'react';
import { ClockIcon, CloseIcon, SearchIcon } from './icons';

interface Props {
  value: string;
  busy: boolean;
  recent: string[];
  placeholder: string;
  onChange(value: string): void;
  onSubmit(value: string): void;
  onClear(): void;
  onForgetRecent(q: string): void;
  /** ArrowDown with no suggestion list open: move focus into the results. */
  onEnterResults(): void;
}

export const SearchBox = forwardRef<HTMLInputElement, Props>(function SearchBox(props, ref) {
  const { value, busy, recent, onChange, onSubmit, onClear, onEnterResults } = props;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const suggestions = recent.filter((r) => r.toLowerCase().startsWith(value.trim().toLowerCase()) && r !== value.trim()).slice(0, 8);
  const showList = open && suggestions.length > 0;

  const pick = (q: string) => {
    setOpen(false);
    setActive(-1);
    onChange(q);
    onSubmit(q);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (showList && active < suggestions.length - 1) setActive(active + 1);
      else if (!showList && !value && suggestions.length > 0) setOpen(true);
      else {
        setOpen(false);
        setActive(-1);
        onEnterResults();
      }
    } else if (e.key === 'ArrowUp') {
      if (showList) {
        e.preventDefault();
        setActive((a) => Math.max(a - 1, -1));
      }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = showList && active >= 0 ? suggestions[active] : undefined;
      if (chosen !== undefined) pick(chosen);
      else {
        setOpen(false);
        onSubmit(value);
      }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (showList) {
        setOpen(false);
        setActive(-1);
      } else if (value) onClear();
      else e.currentTarget.blur();
    } else if (e.key === 'Delete' && showList && active >= 0 && e.shiftKey) {
      e.preventDefault();
      const q = suggestions[active];
      if (q) props.onForgetRecent(q);
    }
  };

  return (
    <div className="search-box" data-busy={busy || undefined}>
      <SearchIcon className="search-icon" />
      <input
        ref={ref}
        type="search"
        role="combobox"
        aria-label="Search photos and documents"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        placeholder={props.placeholder}
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {busy && <span className="spinner" role="progressbar" aria-label="Searching" />}
      {value && (
        <button type="button" className="icon-btn clear-btn" aria-label="Clear search" onClick={onClear}>
          <CloseIcon width={16} height={16} />
        </button>
      )}
      <ul id={listId} role="listbox" aria-label="Recent searches" className="suggestions" hidden={!showList}>
        {suggestions.map((s, i) => (
          <li
            key={s}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(s);
            }}
          >
            <ClockIcon width={14} height={14} />
            <span>{s}</span>
          </li>
        ))}
      </ul>
    </div>
  );
});
