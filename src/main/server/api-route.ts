// POST /api/<callName>: body -> contract input schema (+ UI policy) -> engine call -> JSON. Errors
// become the contract's ErrorBody with an HTTP status derived from the error kind.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UiEngineHost } from '../engine';
import type { CallName, ErrorBody } from '../../shared/contract';
import { GlimpseError, toErrorBody } from '../../shared/errors';
import { readJsonBody } from './body';
import { httpStatusFor } from '../../shared/http-status';
import { isCallName, parseUiCallInput } from '../../shared/ui-input-policy';
import { logger } from '../engine';

const log = logger('server');

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const body: ErrorBody = toErrorBody(err);
  if (body.kind === 'internal') log.error('request failed', err);
  if (body.kind === 'unauthorized') res.setHeader('WWW-Authenticate', 'Bearer realm="glimpse"');
  sendJson(res, httpStatusFor(body.kind), body);
}

export async function handleApiCall(engine: UiEngineHost, name: string, req: IncomingMessage, res: ServerResponse, bodyLimit: number): Promise<void> {
  if (!isCallName(name)) throw new GlimpseError('not-found', `unknown call "${name}"`);
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    req.resume();
    sendJson(res, 405, { kind: 'bad-request', message: `use POST for /api/${name}` } satisfies ErrorBody);
    return;
  }
  const raw = await readJsonBody(req, bodyLimit);
  const input = parseUiCallInput(name, raw);
  const fn = engine[name as CallName] as (input: unknown) => Promise<unknown>;
  const output = await fn.call(engine, input);
  sendJson(res, 200, output);
}
