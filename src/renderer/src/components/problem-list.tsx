// The Library sheet's Problems: files that could not be indexed (and scanned pages OCR could not read),
// each with what can be done about it: Retry (queued again), Reveal in folder (the app) or Open (the
// browser: the original from the server), and Ignore (remembered by the engine: hidden here and not
// counted on the Library button). Ignored problems can be shown again.
import { useState } from 'react';
import type { FileError } from '../../../shared/contract';
import { client } from '../api/client';
import type { LibraryState } from '../state/use-library';
import { useFileActions } from '../state/use-file-actions';
import { useToasts } from '../state/toasts';
import { AlertIcon } from './icons';
import { baseName, fmtDate, fmtInt } from './format';

export function ProblemList({ library }: { library: LibraryState }) {
  const toasts = useToasts();
  const files = useFileActions();
  const [busy, setBusy] = useState<number | null>(null);
  const ignored = library.status?.ignoredProblems ?? 0;

  const act = async (e: FileError, what: 'retry' | 'ignore') => {
    const fileId = e.fileId;
    if (fileId === undefined) return;
    setBusy(fileId);
    try {
      if (what === 'retry') {
        const r = await client.call('problemRetry', { fileId });
        toasts.info(`${baseName(e.path)} queued again${r.pages > 0 ? ` (${fmtInt(r.pages)} ${r.pages === 1 ? 'page' : 'pages'} to read)` : ''}`);
      } else {
        await client.call('problemIgnore', { fileId });
      }
      library.dismissProblem(fileId);
      await library.refresh();
    } catch (err) {
      toasts.error(err, what === 'retry' ? 'Could not retry' : 'Could not ignore the problem');
    } finally {
      setBusy(null);
    }
  };

  const showIgnored = async () => {
    try {
      await client.call('problemIgnore', { all: true });
      await library.refresh();
    } catch (err) {
      toasts.error(err);
    }
  };

  return (
    <>
      {library.errors.length === 0 ? (
        <p className="muted">No problems so far.</p>
      ) : (
        <ul className="error-list" aria-label="Files that could not be indexed">
          {library.errors.map((e, i) => {
            const name = baseName(e.path);
            return (
              <li key={`${e.path}-${i}`} data-file-id={e.fileId}>
                <AlertIcon width={16} height={16} />
                <div className="problem-body">
                  <div className="name" title={e.path}>
                    {name} <span className="badge">{e.kind}</span>
                  </div>
                  <div className="small message" title={e.message}>
                    {e.message}
                  </div>
                  <div className="muted small" title={e.path}>
                    {e.path}
                    {e.at ? ` · ${fmtDate(e.at)}` : ''}
                  </div>
                  {e.fileId !== undefined && (
                    <div className="problem-actions" role="group" aria-label={`Actions for ${name}`}>
                      <button type="button" className="btn small" disabled={busy === e.fileId} onClick={() => void act(e, 'retry')} aria-label={`Retry ${name}`}>
                        Retry
                      </button>
                      {files.reveal ? (
                        <button type="button" className="btn small" onClick={() => files.reveal?.({ id: e.fileId!, path: e.path })} aria-label={`Reveal ${name} in folder`}>
                          Reveal in folder
                        </button>
                      ) : (
                        <button type="button" className="btn small" onClick={() => files.open({ id: e.fileId!, path: e.path })} aria-label={`Open ${name}`}>
                          Open
                        </button>
                      )}
                      <button type="button" className="btn small" disabled={busy === e.fileId} onClick={() => void act(e, 'ignore')} aria-label={`Ignore the problem with ${name}`}>
                        Ignore
                      </button>
                    </div>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {ignored > 0 && (
        <p className="muted small ignored-line">
          {fmtInt(ignored)} ignored {ignored === 1 ? 'problem' : 'problems'}{' '}
          <button type="button" className="link-btn" onClick={() => void showIgnored()}>
            Show again
          </button>
        </p>
      )}
    </>
  );
}
