// Minimal levelled logger for the engine: lines go to stderr (so CLI stdout stays machine-readable)
// and, when a data dir is open, to <data-dir>/logs/glimpse.log. GLIMPSE_LOG=debug|info|warn|error.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: Level = (process.env.GLIMPSE_LOG as Level) in order ? (process.env.GLIMPSE_LOG as Level) : 'warn';
let logFile: string | null = null;

export function setLogLevel(level: Level): void {
  threshold = level;
}

export function setLogFile(path: string | null): void {
  logFile = path;
  if (path) mkdirSync(dirname(path), { recursive: true });
}

function write(level: Level, scope: string, message: string, extra?: unknown): void {
  const head = `${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${message}`;
  const line = `${head}${extra === undefined ? '' : ' ' + safeJson(extra)}`;
  if (logFile) {
    try {
      appendFileSync(logFile, line + '\n');
    } catch {}
  }
  // The terminal gets one line (an error's first line); stacks go to the log file only.
  if (order[level] >= order[threshold]) process.stderr.write(`${extra instanceof Error ? `${head}: ${extra.message.split('\n')[0]}` : line}\n`);
}

function safeJson(v: unknown): string {
  if (v instanceof Error) return v.stack ?? v.message;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export interface Logger {
  debug(message: string, extra?: unknown): void;
  info(message: string, extra?: unknown): void;
  warn(message: string, extra?: unknown): void;
  error(message: string, extra?: unknown): void;
}

export function logger(scope: string): Logger {
  return {
    debug: (m, e) => write('debug', scope, m, e),
    info: (m, e) => write('info', scope, m, e),
    warn: (m, e) => write('warn', scope, m, e),
    error: (m, e) => write('error', scope, m, e),
  };
}
