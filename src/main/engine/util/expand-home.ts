// "~" and "~/..." in a path a person typed (browser mode's folder field, which no shell expands)
// mean the home folder; anything else is returned as given.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function expandHome(path: string, home = homedir()): string {
  const p = path.trim();
  if (p === '~') return home;
  if (p.startsWith('~/') || p.startsWith('~\\')) return join(home, p.slice(2));
  return p;
}
