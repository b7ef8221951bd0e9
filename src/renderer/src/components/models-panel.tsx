// Model packs: what is installed and in use, download one (live progress, Cancel), switch, remove,
// or import a pack from a folder for offline machines. On first run it is the welcome sheet: once
// a model is ready it asks for a folder next, so a new user goes from nothing to results in one place.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ModelInfo } from '../../../shared/contract';
import { GlimpseError } from '../../../shared/errors';
import { client } from '../api/client';
import type { LibraryState } from '../state/use-library';
import { messageOf, useToasts } from '../state/toasts';
import { Sheet } from './sheet';
import { AddFolderForm } from './add-folder-form';
import { ModelRow, downloadFailure, type RowBusy } from './model-row';

interface Props {
  library: LibraryState;
  firstRun: boolean;
  onClose(): void;
  /** First run: a folder was added after the model; the welcome is done. */
  onFolderAdded?(): void;
}

export function ModelsPanel({ library, firstRun, onClose, onFolderAdded }: Props) {
  const toasts = useToasts();
  const [models, setModels] = useState<ModelInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<{ name: string; what: RowBusy | 'import' } | null>(null);
  const [failures, setFailures] = useState<Record<string, string>>({});
  const [dir, setDir] = useState('');
  /** First run: the model that became ready in this sheet (then the "add a folder" step shows). */
  const [ready, setReady] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const list = await client.call('modelsList', {});
      // What is in use and installed first, then the recommended pack, then the catalog order.
      const rank = (m: ModelInfo) => (m.inUse ? 0 : m.installed ? 1 : (m.recommended ?? m.isDefault) ? 2 : 3);
      setModels(list.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i).map((x) => x.m));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const after = async (m: ModelInfo) => {
    await Promise.all([load(), library.refresh()]);
    if (firstRun && m.inUse && (library.status?.folders.length ?? 0) === 0) setReady(m.name);
  };

  const install = async (name: string) => {
    setBusy({ name, what: 'download' });
    setFailures(({ [name]: _, ...rest }) => rest);
    try {
      const m = await client.call('modelsInstall', { name });
      toasts.info(`${m.name} installed`);
      await after(m);
    } catch (e) {
      const text = downloadFailure(name, e instanceof GlimpseError ? e.kind : undefined, messageOf(e));
      if (text) setFailures((f) => ({ ...f, [name]: text }));
      else toasts.info(`Download of ${name} cancelled`);
    } finally {
      setBusy(null);
    }
  };

  const use = async (name: string) => {
    setBusy({ name, what: 'use' });
    try {
      const m = await client.call('modelsUse', { name });
      toasts.info(`Now using ${m.name}`);
      await after(m);
    } catch (e) {
      toasts.error(e, `Could not switch to ${name}`);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (m: ModelInfo) => {
    const note = m.inUse ? ' It is the model in use: until you choose another, only keyword search works.' : '';
    if (!window.confirm(`Remove ${m.name}? Its files (${m.sizeMB} MB) and the index built with it are deleted.${note}`)) return;
    setBusy({ name: m.name, what: 'remove' });
    try {
      await client.call('modelsRemove', { name: m.name });
      toasts.info(`Removed ${m.name}`);
      await Promise.all([load(), library.refresh()]);
    } catch (e) {
      toasts.error(e, `Could not remove ${m.name}`);
    } finally {
      setBusy(null);
    }
  };

  const importFrom = async (path: string) => {
    if (!path.trim()) return;
    setBusy({ name: 'import', what: 'import' });
    try {
      const m = await client.call('modelsImport', { dir: path.trim() });
      toasts.info(`Imported ${m.name}`);
      setDir('');
      await after(m);
    } catch (e) {
      toasts.error(e, 'Import failed');
    } finally {
      setBusy(null);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void importFrom(dir);
  };

  return (
    <Sheet title={firstRun ? 'Welcome to Glimpse' : 'Models'} onClose={onClose} wide initialFocus={firstRun ? '.model-list .btn.primary' : '.model-list button'}>
      {ready ? (
        <section className="next-step" aria-labelledby="models-next">
          <h3 id="models-next">{ready} is ready. Now add a folder</h3>
          <p className="muted small">Glimpse indexes the photos and documents in it, on this computer only, and keeps watching it for changes.</p>
          <AddFolderForm
            autoFocus
            onAdded={() => {
              // Close at once; the status (busy with the new folder's scan) catches up in the background.
              void library.refresh();
              onFolderAdded?.();
            }}
          />
          <button type="button" className="link-btn" onClick={onClose}>
            Later
          </button>
        </section>
      ) : (
        firstRun && (
          <p className="lead">
            Glimpse understands photos with a CLIP model that runs on this computer. Choose one to download, or import a pack you already have. Until then,
            keyword search on file names and document text still works.
          </p>
        )
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {models === null && !error && <p className="muted">Loading models…</p>}
      {models && (
        <ul className="model-list" aria-label="Model packs">
          {models.map((m) => (
            <ModelRow
              key={m.name}
              model={m}
              busy={busy?.name === m.name ? (busy.what as RowBusy) : null}
              locked={busy !== null}
              download={library.downloads[m.name]}
              error={failures[m.name] ?? null}
              onDownload={() => void install(m.name)}
              onCancel={() => void client.call('modelsCancelInstall', { name: m.name }).catch((e: unknown) => toasts.error(e))}
              onUse={() => void use(m.name)}
              onRemove={() => void remove(m)}
            />
          ))}
        </ul>
      )}
      <section aria-labelledby="models-import">
        <h3 id="models-import">Import from a folder</h3>
        <p className="muted small">A folder in the Immich pack layout: config.json, visual/model.onnx, textual/model.onnx and its tokenizer.</p>
        {client.desktop ? (
          <button
            type="button"
            className="btn"
            disabled={busy !== null}
            onClick={async () => {
              const p = await client.desktop?.pickFolder().catch(() => null);
              if (p) await importFrom(p);
            }}
          >
            Choose folder…
          </button>
        ) : (
          <form className="inline-form" onSubmit={onSubmit}>
            <input type="text" aria-label="Model folder path" placeholder="/path/to/ViT-B-32__openai" value={dir} onChange={(e) => setDir(e.target.value)} spellCheck={false} />
            <button type="submit" className="btn" disabled={busy !== null || !dir.trim()}>
              {busy?.what === 'import' ? 'Importing…' : 'Import'}
            </button>
          </form>
        )}
      </section>
    </Sheet>
  );
}
