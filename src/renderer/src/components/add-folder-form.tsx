// "Add a folder": the native picker in the app, a path field in the browser (where "~/Pictures" is
// expanded to the home folder by the engine). Used by the Library sheet and the first-run steps.
import { useState, type FormEvent } from 'react';
import type { Folder } from '../../../shared/contract';
import { client } from '../api/client';
import { useToasts } from '../state/toasts';
import { FolderIcon } from './icons';

interface Props {
  /** Called with the folder the engine now watches. */
  onAdded(folder: Folder): void | Promise<void>;
  autoFocus?: boolean;
}

export function AddFolderForm({ onAdded, autoFocus }: Props) {
  const toasts = useToasts();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);

  const add = async (p: string) => {
    const trimmed = p.trim();
    if (!trimmed) return;
    setBusy(true);
    try {
      const f = await client.call('foldersAdd', { path: trimmed });
      setPath('');
      toasts.info(`Watching ${f.path}`);
      await onAdded(f);
    } catch (e) {
      toasts.error(e, 'Could not add the folder');
    } finally {
      setBusy(false);
    }
  };

  if (client.desktop) {
    const pick = async () => {
      try {
        const chosen = await client.desktop?.pickFolder();
        if (chosen) await add(chosen);
      } catch (e) {
        toasts.error(e);
      }
    };
    return (
      <button type="button" className="btn primary add-folder" onClick={() => void pick()} disabled={busy} autoFocus={autoFocus}>
        <FolderIcon width={16} height={16} /> Add folder…
      </button>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void add(path);
  };
  return (
    <form className="inline-form" onSubmit={onSubmit}>
      <input
        type="text"
        className="add-folder"
        aria-label="Folder path"
        placeholder="~/Pictures"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        spellCheck={false}
        autoFocus={autoFocus}
      />
      <button type="submit" className="btn primary" disabled={busy || !path.trim()}>
        {busy ? 'Adding…' : 'Add folder'}
      </button>
    </form>
  );
}
