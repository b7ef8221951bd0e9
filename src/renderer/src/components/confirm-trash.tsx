// Asks before moving files to the system trash (duplicates clean-up, bulk actions). Cancel has the
// focus; the files stay restorable from the trash afterwards.
import { Sheet } from './sheet';

export function ConfirmTrash({ names, onConfirm, onCancel }: { names: readonly string[]; onConfirm(): void; onCancel(): void }) {
  const n = names.length;
  return (
    <Sheet title="Move to trash" onClose={onCancel} initialFocus=".confirm-cancel">
      <p>
        Move {n === 1 ? `“${names[0]}”` : `${n} files`} to the trash? You can restore {n === 1 ? 'it' : 'them'} from the system trash.
      </p>
      {n > 1 && (
        <ul className="confirm-names">
          {names.slice(0, 8).map((x, i) => (
            <li key={`${i}-${x}`}>{x}</li>
          ))}
          {n > 8 && <li>and {n - 8} more</li>}
        </ul>
      )}
      <div className="row-actions">
        <button type="button" className="btn confirm-cancel" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="btn danger" onClick={onConfirm}>
          Move {n === 1 ? '1 file' : `${n} files`} to trash
        </button>
      </div>
    </Sheet>
  );
}
