// What the scanner and watcher skip: hidden files and folders, OS/system folders, Glimpse's own
// data dir, and anything matched by a `.glimpseignore` (gitignore syntax) in the watched folder or
// any folder below it (rules apply to that folder's subtree, like .gitignore).
import ignore, { type Ignore } from 'ignore';
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const SYSTEM_NAMES = new Set([
  '$recycle.bin',
  'system volume information',
  'lost+found',
  '@eadir',
  '#recycle',
  'node_modules',
  '__macosx',
  'thumbs.db',
  'desktop.ini',
]);

export const IGNORE_FILE = '.glimpseignore';

export class IgnoreRules {
  private readonly root: string;
  private readonly excluded: string[];
  /** Per-directory matchers, keyed by absolute directory path. */
  private readonly matchers = new Map<string, Ignore | null>();

  constructor(root: string, excludedDirs: string[] = []) {
    this.root = resolve(root);
    this.excluded = excludedDirs.map((d) => resolve(d));
  }

  private matcherFor(dir: string): Ignore | null {
    if (this.matchers.has(dir)) return this.matchers.get(dir)!;
    let m: Ignore | null = null;
    try {
      m = ignore().add(readFileSync(join(dir, IGNORE_FILE), 'utf8'));
    } catch {}
    this.matchers.set(dir, m);
    return m;
  }

  /** Forget cached .glimpseignore contents (the watcher calls this when one changes). */
  reset(): void {
    this.matchers.clear();
  }

  /** True when `path` (absolute, inside root) must be skipped. `isDir` matters for `dir/` patterns. */
  ignores(path: string, isDir: boolean): boolean {
    const abs = resolve(path);
    if (this.excluded.some((d) => abs === d || abs.startsWith(d + sep))) return true;
    const rel = relative(this.root, abs);
    if (rel === '') return false;
    if (rel.startsWith('..')) return true;
    const parts = rel.split(sep);
    for (const p of parts) {
      if (p.startsWith('.') || SYSTEM_NAMES.has(p.toLowerCase())) return true;
    }
    // Check the .glimpseignore of the root and of every ancestor folder below it.
    let dir = this.root;
    for (let i = 0; i < parts.length; i++) {
      const m = this.matcherFor(dir);
      if (m) {
        const sub = parts.slice(i).join('/');
        if (m.ignores(isDir ? `${sub}/` : sub)) return true;
        // A file inside an ignored folder: check each ancestor folder of the remaining path too.
        for (let j = i + 1; j < parts.length; j++) {
          if (m.ignores(`${parts.slice(i, j).join('/')}/`)) return true;
        }
      }
      dir = join(dir, parts[i]!);
    }
    return false;
  }
}
