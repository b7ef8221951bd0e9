// Shared CLI plumbing: the context every command gets, usage errors, output helpers.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliContext {
  dataDir: string;
  json: boolean;
  /** The command and its first argument ("folders", "list"): who holds the data dir lock, and whether it only reads. */
  command?: string;
  sub?: string;
}

export type Command = (args: string[], ctx: CliContext) => Promise<number | void>;

export class CliUsageError extends Error {}

/** node:util parseArgs with errors turned into usage errors. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new CliUsageError((err as Error).message);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CliUsageError(`${name} must be a positive integer`);
  return n;
}
