// Model packs: what is installed and in use, download one (with live progress), switch, or import a
// pack from a folder for offline machines. Also the first-run screen when no model is installed.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ModelInfo } from '../../../shared/contract';
import { client } from '../api/client';
import type { LibraryState } from '../state/use-library';
import { messageOf, useToasts } from '../state/toasts';
import { Sheet } from './sheet';
import { fmtBytes, fmtInt } from './format';

export function ModelsPanel({ library, firstRun, onClose }: { library: LibraryState; firstRun: boolean; onClose(): void }) {
  const toasts = useToasts();
  const [models, setModels] = useState<ModelInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dir, setDir] = useState('');

  const load = useCallback(async () => {
    try {
      const list = await client.call('modelsList', {});
      // What is in use and installed first, then the recommended pack, then the catalog order.
      const rank = (m: ModelInfo) => (m.inUse ? 0 : m.installed ? 1 : m.isDefault ? 2 : 3);
      setModels(list.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i).map((x) => x.m));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const act = async (name: string, what: 'modelsInstall' | 'modelsUse') => {
    setBusy(name);
    try {
      const m = await client.call(what, { name });
      toasts.info(what === 'modelsInstall' ? `${m.name} installed` : `Now using ${m.name}`);
      await Promise.all([load(), library.refresh()]);
    } catch (e) {
      toasts.error(e, what === 'modelsInstall' ? `Could not install ${name}` : `Could not switch to ${name}`);
    } finally {
      setBusy(null);
    }
  };

  const importFrom = async (path: string) => {
    if (!path.trim()) return;
    setBusy('import');
    try {
      const m = await client.call('modelsImport', { dir: path.trim() });
      toasts.info(`Imported ${m.name}`);
      setDir('');
      await Promise.all([load(), library.refresh()]);
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
    <Sheet title={firstRun ? 'Welcome to Glimpse' : 'Models'} onClose={onClose} wide>
      {firstRun && (
        <p className="lead">
          Glimpse understands photos with a CLIP model that runs on this computer. Choose one to download, or import a pack you already have. Until then,
          keyword search on file names and document text still works.
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {models === null && !error && <p className="muted">Loading models…</p>}
      {models && (
        <ul className="model-list" aria-label="Model packs">
          {models.map((m) => {
            const dl = library.downloads[m.name];
            const downloading = busy === m.name && dl && !dl.done;
            const pct = dl && dl.total ? Math.round((dl.received / dl.total) * 100) : null;
            return (
              <li key={m.name} className={m.inUse ? 'in-use' : undefined}>
                <div className="model-head">
                  <strong>{m.name}</strong>
                  {m.inUse && <span className="badge ok">In use</span>}
                  {!m.inUse && m.installed && <span className="badge">Installed</span>}
                  {m.isDefault && <span className="badge">Recommended</span>}
                </div>
                <p className="small">{m.description}</p>
                <p className="muted small">
                  {m.family} · {fmtInt(m.sizeMB)} MB · {m.dim}-d · {m.languages.length > 3 ? `${m.languages.length} languages` : m.languages.join(', ')}
                </p>
                {downloading && dl && (
                  <div className="download">
                    <div className="progress-bar" role="progressbar" aria-label={`Downloading ${m.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
                      <div style={{ width: `${pct ?? 5}%` }} />
                    </div>
                    <span className="muted small">
                      {dl.file}: {fmtBytes(dl.received)}
                      {dl.total ? ` of ${fmtBytes(dl.total)}` : ''}
                    </span>
                  </div>
                )}
                <div className="row-actions">
                  {!m.installed && (
                    <button type="button" className="btn primary" disabled={busy !== null} onClick={() => void act(m.name, 'modelsInstall')}>
                      {busy === m.name ? 'Downloading…' : `Download (${fmtInt(m.sizeMB)} MB)`}
                    </button>
                  )}
                  {m.installed && !m.inUse && (
                    <button type="button" className="btn" disabled={busy !== null} onClick={() => void act(m.name, 'modelsUse')}>
                      Use this model
                    </button>
                  )}
                </div>
              </li>
            );
          })}
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
              {busy === 'import' ? 'Importing…' : 'Import'}
            </button>
          </form>
        )}
      </section>
    </Sheet>
  );
}
