// GET /api/events: the engine's events (progress, download, fileError) as Server-Sent Events.
// Progress and download updates can come hundreds of times a second while indexing; each client gets
// the latest one at most every `coalesceMs`, while every fileError is delivered.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UiEngineHost } from '../engine';
import type { EventName, EventPayload } from '../../shared/contract';

export interface EventStreamOptions {
  coalesceMs?: number;
  heartbeatMs?: number;
}

export function openEventStream(engine: UiEngineHost, req: IncomingMessage, res: ServerResponse, opts: EventStreamOptions = {}): () => void {
  const coalesceMs = opts.coalesceMs ?? 100;
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write('retry: 2000\n: connected\n\n');

  const send = (event: EventName, payload: unknown): void => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  };

  // Latest pending payload per coalescing key, flushed by one timer.
  const pending = new Map<string, { event: EventName; payload: unknown }>();
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    timer = null;
    for (const { event, payload } of pending.values()) send(event, payload);
    pending.clear();
  };
  const queue = (key: string, event: EventName, payload: unknown): void => {
    pending.set(key, { event, payload });
    timer ??= setTimeout(flush, coalesceMs);
  };

  const unsubs = [
    engine.on('progress', (p: EventPayload<'progress'>) => queue('progress', 'progress', p)),
    engine.on('download', (d: EventPayload<'download'>) => {
      // The final `done` message must never be dropped or overtaken.
      if (d.done) {
        pending.delete(`download:${d.model}:${d.file}`);
        send('download', d);
      } else queue(`download:${d.model}:${d.file}`, 'download', d);
    }),
    engine.on('fileError', (e: EventPayload<'fileError'>) => send('fileError', e)),
  ];
  const heartbeat = setInterval(() => res.write(': ping\n\n'), opts.heartbeatMs ?? 15_000);

  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    if (timer) clearTimeout(timer);
    for (const u of unsubs) u();
    res.end();
  };
  req.on('close', close);
  res.on('error', close);
  return close;
}
