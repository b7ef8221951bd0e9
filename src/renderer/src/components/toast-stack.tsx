// Renders the toast queue; errors are announced assertively, the rest politely.
import { useToasts } from '../state/toasts';
import { CloseIcon } from './icons';

export function ToastStack() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
          <span>{t.text}</span>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            <CloseIcon width={14} height={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
