// Maps the contract's error kinds to HTTP statuses for the browser-mode API, so clients can branch
// on the status and the ErrorBody carries the human message either way.
import type { ErrorKind } from './contract';

const statusByKind: Record<ErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  cancelled: 409,
  busy: 409,
  'already-exists': 409,
  'model-missing': 409,
  'too-large': 413,
  unsupported: 415,
  corrupt: 422,
  'password-protected': 422,
  'model-invalid': 422,
  io: 500,
  internal: 500,
  'download-failed': 502,
  timeout: 504,
};

export function httpStatusFor(kind: ErrorKind): number {
  return statusByKind[kind];
}
