// The preview beside the results: a large image (or the document: page, passage in context, next
// match; document-preview.tsx), its metadata from
// fileInfo, the actions, and "Explain match": a heatmap overlay of where the match comes from, with
// an opacity slider.
import { useEffect, useState } from 'react';
import type { ExplainResponse, FileInfo, ImageRef } from '../../../shared/contract';
import { client } from '../api/client';
import { messageOf } from '../state/toasts';
import { CloseIcon, SparkIcon } from './icons';
import { baseName, dirName, fmtBytes, fmtDate } from './format';
import { DocumentPreview } from './document-preview';
import { MatchReasons, TextBoxes, linesWithQuery, visualMatch } from './match-reasons';
import { SHORTCUTS } from '../state/use-global-keys';

export interface PreviewTarget {
  id: number;
  kind: 'image' | 'document';
  name: string;
  /** The document's own title; the heading when set, with the file name under "File". */
  title?: string | null;
  path: string;
  page?: number | null;
  text?: string | null;
  score?: number;
  matchedBy?: string[];
}

/** What the current results were searched with; an explanation is relative to it. */
export type ExplainContext = { query: string } | { queryImage: ImageRef } | null;

interface Props {
  target: PreviewTarget;
  context: ExplainContext;
  query: string | null;
  /** Set by the context menu's "Explain match": start explaining as soon as the pane opens. */
  explainNow: boolean;
  onClose(): void;
  onFindSimilar(): void;
  onFindRelated(): void;
  onCopyPath(): void;
  onReveal?(): void;
  onOpenFile(): void;
  /** No model: find similar/related would fail; the buttons say why instead. */
  imageActionsNeedModel?: boolean;
}

export function PreviewPane(props: Props) {
  const { target, context } = props;
  const [info, setInfo] = useState<FileInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [explain, setExplain] = useState<{ state: 'idle' | 'loading' | 'done' | 'error'; data?: ExplainResponse; error?: string }>({ state: 'idle' });
  const [opacity, setOpacity] = useState(0.6);
  // Big or HEIC photos take a moment to render server-side: say so instead of an empty frame.
  const [imageState, setImageState] = useState<'loading' | 'loaded' | 'failed'>('loading');

  useEffect(() => {
    let live = true;
    setInfo(null);
    setInfoError(null);
    setExplain({ state: 'idle' });
    setImageState('loading');
    client
      .call('fileInfo', { fileId: target.id })
      .then((i) => live && setInfo(i))
      .catch((e: unknown) => live && setInfoError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [target.id]);

  const runExplain = () => {
    if (!context) return;
    setExplain({ state: 'loading' });
    const input = 'query' in context ? { query: context.query, fileId: target.id } : { queryImage: context.queryImage, fileId: target.id };
    client
      .call('explain', input)
      .then((data) => setExplain({ state: 'done', data }))
      .catch((e: unknown) => setExplain({ state: 'error', error: messageOf(e) }));
  };

  useEffect(() => {
    if (props.explainNow && target.kind === 'image' && context && visualMatch(target.matchedBy)) runExplain();
    // Only when a new target arrives with the request; runExplain reads the latest context.
  }, [props.explainNow, target.id]);

  const isImage = target.kind === 'image';
  // A heatmap shows what the model saw; for a match by name, metadata or text it would mislead.
  const canExplain = isImage && visualMatch(target.matchedBy);
  // Text read from the image that holds the query's words (a keyword match, or a vector match of its passage): quote and outline it.
  const textHits = isImage ? linesWithQuery(props.query, info?.textInImage) : [];
  const camera = info?.camera;
  const place = info && info.lat !== null && info.lon !== null ? `${info.lat.toFixed(4)}, ${info.lon.toFixed(4)}` : null;

  return (
    <aside className="preview-pane" aria-label={`Preview of ${target.title || target.name}`}>
      <header className="pane-header">
        <h2 title={target.path}>{target.title || target.name}</h2>
        <button type="button" className="icon-btn" aria-label="Close preview" onClick={props.onClose}>
          <CloseIcon />
        </button>
      </header>
      <div className="preview-body scroll">
        {isImage ? (
          <div className="preview-stage" data-state={imageState}>
            <img
              key={target.id}
              className="preview-image"
              src={client.mediaUrl('preview', target.id)}
              alt={target.name}
              onLoad={() => setImageState('loaded')}
              onError={() => setImageState('failed')}
            />
            {imageState === 'loaded' && textHits.length > 0 && info?.width && info.height && <TextBoxes lines={textHits} width={info.width} height={info.height} />}
            {imageState !== 'loaded' && (
              <p className="stage-note muted small" role={imageState === 'failed' ? 'alert' : undefined}>
                {imageState === 'loading' ? 'Rendering the preview…' : 'This photo cannot be previewed.'}
              </p>
            )}
            {explain.state === 'done' && explain.data && (
              <img className="heatmap" src={`data:image/png;base64,${explain.data.overlayPngBase64}`} alt="Explanation heatmap" style={{ opacity }} />
            )}
          </div>
        ) : (
          <DocumentPreview key={`${target.id}-${target.page ?? ''}`} fileId={target.id} name={target.name} page={target.page ?? null} text={target.text ?? null} query={props.query} />
        )}

        <div className="preview-actions">
          {isImage && (
            <>
              <button type="button" className="btn" onClick={props.onFindSimilar} aria-disabled={props.imageActionsNeedModel || undefined} title={props.imageActionsNeedModel ? 'Needs a model (see Models)' : undefined}>
                Find similar
              </button>
              <button type="button" className="btn" onClick={props.onFindRelated} aria-disabled={props.imageActionsNeedModel || undefined} title={props.imageActionsNeedModel ? 'Needs a model (see Models)' : undefined}>
                Find related text
              </button>
            </>
          )}
          <button type="button" className="btn" onClick={props.onOpenFile} aria-keyshortcuts={SHORTCUTS.open.keys} title={`Open (${SHORTCUTS.open.label})`}>
            Open
          </button>
          {props.onReveal && (
            <button type="button" className="btn" onClick={props.onReveal} aria-keyshortcuts={SHORTCUTS.reveal.keys} title={`Reveal in folder (${SHORTCUTS.reveal.label})`}>
              Reveal in folder
            </button>
          )}
          {!props.onReveal && (
            // Browser mode: no file manager to reveal in, but the file itself can be saved.
            <a className="btn" href={client.mediaUrl('original', target.id)} download={target.name}>
              Download
            </a>
          )}
          <button type="button" className="btn" onClick={props.onCopyPath}>
            Copy path
          </button>
        </div>

        {isImage && target.matchedBy && <MatchReasons matchedBy={target.matchedBy} query={props.query} name={target.name} textLines={textHits} />}

        {canExplain && (
          <section className="explain" aria-label="Explanation">
            {explain.state === 'done' && explain.data ? (
              <>
                <label className="slider">
                  <span>Heatmap opacity</span>
                  <input type="range" min={0} max={1} step={0.05} value={opacity} aria-label="Heatmap opacity" onChange={(e) => setOpacity(Number(e.target.value))} />
                </label>
                <p className="muted small">
                  Warm areas drove the {target.matchedBy?.includes('keyword') ? 'visual part of the ' : ''}match ({explain.data.method}, {Math.round(explain.data.tookMs)} ms{explain.data.cached ? ', cached' : ''}).
                </p>
                <button type="button" className="btn" onClick={() => setExplain({ state: 'idle' })}>
                  Hide explanation
                </button>
              </>
            ) : (
              <button type="button" className="btn" disabled={!context || explain.state === 'loading'} onClick={runExplain} title={context ? undefined : 'Search first: an explanation is relative to a query'}>
                <SparkIcon width={16} height={16} />
                {explain.state === 'loading' ? 'Explaining…' : 'Explain match'}
              </button>
            )}
            {explain.state === 'error' && (
              <p className="error-text" role="alert">
                {explain.error}
              </p>
            )}
          </section>
        )}

        <dl className="meta">
          <dt>Folder</dt>
          <dd title={target.path}>{dirName(target.path)}</dd>
          <dt>File</dt>
          <dd>{baseName(target.path)}</dd>
          {info?.takenAt && (
            <>
              <dt>Taken</dt>
              <dd>{fmtDate(info.takenAt)}</dd>
            </>
          )}
          {camera && (
            <>
              <dt>Camera</dt>
              <dd>{camera}</dd>
            </>
          )}
          {place && info && (
            <>
              <dt>Place</dt>
              <dd>
                {place}{' '}
                <a href={`https://www.openstreetmap.org/?mlat=${info.lat}&mlon=${info.lon}#map=15/${info.lat}/${info.lon}`} target="_blank" rel="noopener noreferrer">
                  Map
                </a>
              </dd>
            </>
          )}
          {info?.width != null && info.height != null && (
            <>
              <dt>Dimensions</dt>
              <dd>
                {info.width} × {info.height}
              </dd>
            </>
          )}
          {info && (
            <>
              <dt>Size</dt>
              <dd>{fmtBytes(info.size)}</dd>
              <dt>Modified</dt>
              <dd>{fmtDate(info.mtime)}</dd>
            </>
          )}
          {target.score !== undefined && (
            <>
              <dt>Score</dt>
              <dd>
                {target.score.toFixed(3)}
                {target.matchedBy && target.matchedBy.length > 0 ? ` · ${target.matchedBy.join(' + ')}` : ''}
              </dd>
            </>
          )}
          {info?.error && (
            <>
              <dt>Problem</dt>
              <dd className="error-text">{info.error.message}</dd>
            </>
          )}
        </dl>
        {infoError && <p className="muted small">Details unavailable: {infoError}</p>}
      </div>
    </aside>
  );
}
