// What the UI front ends (browser-mode HTTP and Electron IPC) accept beyond the contract's schemas.
// The contract lets the CLI name an image by path; a page must not, so a compromised or foreign page
// cannot probe the disk through similar/related/explain. The UI uses catalog ids or image bytes.
import { Calls, type CallName } from './contract';
import { GlimpseError } from './errors';

const imageRefFields: Partial<Record<CallName, readonly string[]>> = {
  similar: ['image'],
  related: ['image'],
  explain: ['queryImage', 'target'],
};

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(Calls, name);
}

/** Parses a UI call's input with the contract schema and applies the UI policy; throws GlimpseError. */
export function parseUiCallInput<K extends CallName>(name: K, raw: unknown): unknown {
  const schema = Calls[name].input;
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    const text = result.error.issues
      .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
      .join('; ');
    throw new GlimpseError('bad-request', `invalid ${name} request: ${text}`);
  }
  for (const field of imageRefFields[name] ?? []) {
    const ref = (result.data as Record<string, unknown>)[field];
    if (ref && typeof ref === 'object' && 'path' in ref) {
      throw new GlimpseError('forbidden', 'file paths are not accepted here: refer to an image by its id or send its bytes');
    }
  }
  return result.data;
}
