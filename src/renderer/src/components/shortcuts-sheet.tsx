// The keyboard shortcuts, in one sheet: opened with "?" in the page or Help > Keyboard Shortcuts in
// the app. Ctrl reads Cmd on macOS.
import { Sheet } from './sheet';

const mac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
const mod = mac ? 'Cmd' : 'Ctrl';

const GROUPS: { title: string; rows: [string, string][] }[] = [
  {
    title: 'Search',
    rows: [
      ['/', 'Focus the search field'],
      [`${mod}+K`, 'Focus the search field'],
      ['Enter', 'Search now and remember the query'],
      ['↓', 'From the search field: into the results (or the recent searches)'],
    ],
  },
  {
    title: 'Results',
    rows: [
      ['Arrows, Page Up/Down, Home, End', 'Move the selection'],
      ['Enter', 'Preview the selected result'],
      [`Space, ${mod}+click`, 'Select or unselect a photo (several: a bar offers reveal, copy paths, trash or download)'],
      ['Shift+arrows, Shift+click', 'Select a range of photos'],
      [`${mod}+A`, 'Select every photo listed'],
      [`${mod}+Enter`, 'Open the file'],
      [`${mod}+Shift+Enter`, 'Reveal it in its folder (app)'],
      ['Shift+F10 or Menu', 'Actions for the selected result'],
      ['Esc', 'Clear the selection, close the menu, the sheet or the preview, then back to the search field'],
    ],
  },
  {
    title: 'Library',
    rows: [
      [`${mod}+O`, 'Add a folder'],
      ['?', 'This list'],
    ],
  },
];

export function ShortcutsSheet({ onClose }: { onClose(): void }) {
  return (
    <Sheet title="Keyboard shortcuts" onClose={onClose}>
      {GROUPS.map((g) => (
        <section key={g.title} aria-labelledby={`keys-${g.title}`}>
          <h3 id={`keys-${g.title}`}>{g.title}</h3>
          <dl className="shortcut-list">
            {g.rows.map(([keys, what]) => (
              <div key={keys + what}>
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </Sheet>
  );
}
