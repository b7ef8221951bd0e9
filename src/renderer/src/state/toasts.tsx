// Transient messages (errors from calls, confirmations like "Path copied"). The UI shows the
// GlimpseError message as is: the engine writes them for people.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { GlimpseError } from '../../../shared/errors';

export interface Toast {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

interface ToastApi {
  toasts: Toast[];
  info(text: string): void;
  error(err: unknown, context?: string): void;
  dismiss(id: number): void;
}

const Ctx = createContext<ToastApi | null>(null);

export function messageOf(err: unknown): string {
  if (err instanceof GlimpseError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const push = useCallback(
    (tone: Toast['tone'], text: string) => {
      const id = next.current++;
      setToasts((t) => [...t.slice(-3), { id, tone, text }]);
      setTimeout(() => dismiss(id), tone === 'error' ? 8000 : 2500);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(
    () => ({
      toasts,
      info: (text) => push('info', text),
      error: (err, context) => push('error', context ? `${context}: ${messageOf(err)}` : messageOf(err)),
      dismiss,
    }),
    [toasts, push, dismiss],
  );
  return <Ctx.Provider value={api}>{children}</Ctx.Provider>;
}

export function useToasts(): ToastApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useToasts outside ToastProvider');
  return v;
}
