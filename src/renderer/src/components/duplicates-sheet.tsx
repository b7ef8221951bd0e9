// Duplicates: groups of the same photo over the whole library (the engine's duplicates call: same
// bytes, or perceptual hashes a few bits apart), biggest first, with a suggested keeper (largest
// resolution, then oldest). The others are ticked for removal: in the app they go to the system
// trash after a confirmation (restorable there); in a browser files cannot be moved, so each can be
// downloaded or opened instead.
import { useCallback, useEffect, useState } from 'react';
import type { DuplicateGroupsResponse } from '../../../shared/contract';
import { client } from '../api/client';
import { messageOf, useToasts } from '../state/toasts';
import { Sheet } from './sheet';
import { ConfirmTrash } from './confirm-trash';
import { baseName, dirName, fmtBytes, fmtInt, fmtShortDate } from './format';

type Group = DuplicateGroupsResponse['groups'][number];
type DupFile = Group['files'][number];

const PAGE = 30;

function keeperReason(g: Group): string {
  const [k, second] = g.files;
  if (!k || !second) return '';
  const px = (f: DupFile) => (f.width ?? 0) * (f.height ?? 0);
  if (px(k) > px(second)) return 'largest';
  if ((k.takenAt ?? k.mtime) < (second.takenAt ?? second.mtime)) return 'oldest';
  if (k.size > second.size) return 'biggest file';
  return 'first';
}

export function DuplicatesSheet({ onClose }: { onClose(): void }) {
  const toasts = useToasts();
  const desktop = client.desktop;
  const [data, setData] = useState<{ groups: Group[]; info: Omit<DuplicateGroupsResponse, 'groups'> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [marked, setMarked] = useState<Set<number>>(new Set());
  const [gone, setGone] = useState<Set<number>>(new Set());
  const [confirm, setConfirm] = useState<DupFile[] | null>(null);

  const load = useCallback(
    (page: number) => {
      client
        .call('duplicates', { page, pageSize: PAGE })
        .then((r) => {
          const { groups, ...info } = r;
          setData((d) => ({ groups: page === 0 ? groups : [...(d?.groups ?? []), ...groups], info }));
          // Every copy but the keeper starts ticked.
          setMarked((m) => new Set([...(page === 0 ? [] : m), ...groups.flatMap((g) => g.files.slice(1).map((f) => f.id))]));
        })
        .catch((e: unknown) => setError(messageOf(e)));
    },
    [],
  );
  useEffect(() => load(0), [load]);

  const groups = (data?.groups ?? []).map((g) => ({ ...g, files: g.files.filter((f) => !gone.has(f.id)) })).filter((g) => g.files.length > 1);
  const chosen = groups.flatMap((g) => g.files.filter((f) => marked.has(f.id)));
  const toggle = (id: number) =>
    setMarked((m) => {
      const n = new Set(m);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const trash = async (files: DupFile[]) => {
    setConfirm(null);
    if (!desktop) return;
    const done: number[] = [];
    for (const f of files) {
      try {
        await desktop.trashFile(f.id);
        done.push(f.id);
      } catch (e) {
        toasts.error(e, `Could not move ${f.name} to the trash`);
      }
    }
    setGone((g) => new Set([...g, ...done]));
    if (done.length) toasts.info(`Moved ${done.length} ${done.length === 1 ? 'file' : 'files'} to the trash (restore from the system trash)`);
  };

  const more = data && data.groups.length < data.info.totalGroups;
  return (
    <Sheet title="Duplicates" onClose={onClose} wide>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p className="muted">Looking for duplicates…</p>}
      {data && data.info.totalGroups === 0 && <p role="status">No duplicates found: no two photos in the library are the same picture.</p>}
      {data && data.info.totalGroups > 0 && (
        <>
          <p className="dup-summary" role="status">
            {fmtInt(data.info.totalGroups)} {data.info.totalGroups === 1 ? 'group' : 'groups'} of the same photo · {fmtInt(data.info.redundantFiles)} extra{' '}
            {data.info.redundantFiles === 1 ? 'copy' : 'copies'} ({fmtBytes(data.info.redundantBytes)})
          </p>
          {!desktop && <p className="muted small">Moving files to the trash works in the desktop app; here you can download or open each copy.</p>}
          <div className="dup-toolbar">
            {desktop ? (
              <button type="button" className="btn danger" disabled={chosen.length === 0} onClick={() => setConfirm(chosen)}>
                Move {chosen.length} ticked to trash…
              </button>
            ) : null}
          </div>
          <ol className="dup-groups">
            {groups.map((g, gi) => (
              <li key={g.keeperId} className="dup-group" aria-label={`Group ${gi + 1}: ${g.files.length} copies of ${g.files[0]!.name}`}>
                <p className="muted small">
                  {g.sameBytes ? 'Same file' : 'Same picture'} · keep the {keeperReason(g)}
                </p>
                <ul className="dup-files">
                  {g.files.map((f) => {
                    const keeper = f.id === g.keeperId;
                    return (
                      <li key={f.id} className={`dup-file${keeper ? ' keeper' : ''}${marked.has(f.id) ? ' marked' : ''}`}>
                        <img src={client.mediaUrl('thumbnail', f.id)} alt="" loading="lazy" />
                        <div className="dup-meta">
                          <strong title={f.path}>{f.name}</strong>
                          <span className="muted small" title={f.path}>
                            {baseName(dirName(f.path))}
                          </span>
                          <span className="small">
                            {f.width && f.height ? `${f.width} × ${f.height} · ` : ''}
                            {fmtBytes(f.size)}
                            {f.takenAt ? ` · ${fmtShortDate(f.takenAt)}` : ''}
                          </span>
                          {keeper ? (
                            <span className="badge ok">Keep</span>
                          ) : (
                            <label className="small">
                              <input type="checkbox" checked={marked.has(f.id)} onChange={() => toggle(f.id)} /> Remove {f.name}
                            </label>
                          )}
                          <span className="dup-actions">
                            {desktop ? (
                              <button type="button" className="link-btn" onClick={() => void desktop.revealInFolder(f.id).catch((e: unknown) => toasts.error(e, 'Could not reveal the file'))}>
                                Reveal
                              </button>
                            ) : (
                              <a className="link-btn" href={client.mediaUrl('original', f.id)} download={f.name} aria-label={`Download ${f.name}`}>
                                Download
                              </a>
                            )}
                          </span>
                        </div>
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ol>
          {more && (
            <button type="button" className="btn" onClick={() => load(Math.ceil(data.groups.length / PAGE))}>
              Show more groups
            </button>
          )}
        </>
      )}
      {confirm && <ConfirmTrash names={confirm.map((f) => f.name)} onCancel={() => setConfirm(null)} onConfirm={() => void trash(confirm)} />}
    </Sheet>
  );
}
