// The one error type every layer throws: a kind (machine-readable, see contract ErrorKind) and a
// human message the UI can show as is. Pure TS so the renderer can rebuild it from a response.
import type { ErrorBody, ErrorKind } from './contract';

export class GlimpseError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GlimpseError';
    this.kind = kind;
  }

  toBody(): ErrorBody {
    return { kind: this.kind, message: this.message };
  }
}

/** Normalises anything thrown into an ErrorBody; unknown errors become kind 'internal'. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof GlimpseError) return err.toBody();
  if (err && typeof err === 'object' && 'issues' in err && Array.isArray((err as { issues: unknown[] }).issues)) {
    const issues = (err as { issues: { path: PropertyKey[]; message: string }[] }).issues;
    const text = issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
    return { kind: 'bad-request', message: `invalid request: ${text}` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'internal', message };
}
