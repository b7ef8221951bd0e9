// Small engine state (active model, last scan time, ...) as JSON values keyed by name.
import type { Statements } from './statements';

export class Settings {
  constructor(private readonly s: Statements) {}

  get<T = unknown>(key: string): T | undefined {
    const row = this.s.get<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    if (value === undefined) return this.delete(key);
    this.s
      .get('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.s.get('DELETE FROM settings WHERE key = ?').run(key);
  }
}
