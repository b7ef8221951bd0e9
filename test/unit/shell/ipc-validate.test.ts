// IPC input validation in the main process: which frames may call, which names exist, and every
// input parsed by the contract's schemas plus the no-paths policy.
import { describe, expect, it } from 'vitest';
import { dispatchCall, senderAllowed, validateCall, validateDesktop, validateDragId } from '../../../src/main/ipc/validate';
import { GlimpseError } from '../../../src/shared/errors';
import { stubEngine } from '../server/stub-engine';

describe('senderAllowed', () => {
  it('accepts only the app origin (and the dev server when one is configured)', () => {
    expect(senderAllowed('glimpse://app/index.html')).toBe(true);
    expect(senderAllowed('glimpse://app/')).toBe(true);
    expect(senderAllowed('glimpse://thumbnail/1')).toBe(false);
    expect(senderAllowed('https://evil.example/')).toBe(false);
    expect(senderAllowed('file:///etc/passwd')).toBe(false);
    expect(senderAllowed('')).toBe(false);
    expect(senderAllowed(undefined)).toBe(false);
    expect(senderAllowed('not a url')).toBe(false);
    expect(senderAllowed('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(senderAllowed('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(senderAllowed('http://localhost:5173/')).toBe(false);
  });
});

describe('validateCall', () => {
  it('parses input with the contract schema and applies defaults', () => {
    expect(validateCall('search', { query: ' cat ' })).toEqual({
      name: 'search',
      input: { query: 'cat', filters: { type: 'all' }, sort: 'relevance', page: 0, pageSize: 50, includeBelowCutoff: false },
    });
    expect(validateCall('status', undefined)).toEqual({ name: 'status', input: {} });
  });

  it('rejects unknown or inherited names', () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 'on', 'resolveMedia', 'close', 42, null]) {
      expect(() => validateCall(name, {}), String(name)).toThrowError(expect.objectContaining({ kind: 'not-found' }));
    }
  });

  it('rejects invalid input with a readable bad-request', () => {
    const cases: [string, unknown][] = [
      ['search', { query: '' }],
      ['search', { query: 'x', pageSize: 100000 }],
      ['search', { query: 'x', filters: { after: '01/02/2024' } }],
      ['search', { query: 'x', extra: 1 }],
      ['fileInfo', { fileId: -1 }],
      ['fileInfo', { fileId: '1' }],
      ['modelsUse', { name: '../../etc' }],
      ['explain', { fileId: 1 }],
      ['status', { anything: true }],
    ];
    for (const [name, input] of cases) {
      try {
        validateCall(name, input);
        expect.unreachable(`${name} ${JSON.stringify(input)} was accepted`);
      } catch (err) {
        expect(err).toBeInstanceOf(GlimpseError);
        expect((err as GlimpseError).kind).toBe('bad-request');
        expect((err as GlimpseError).message).toMatch(new RegExp(`invalid ${name} request`));
      }
    }
  });

  it('refuses image references by path: the page may only use ids or bytes', () => {
    expect(() => validateCall('similar', { image: { path: '/etc/passwd' } })).toThrowError(expect.objectContaining({ kind: 'forbidden' }));
    expect(() => validateCall('related', { image: { path: 'C:\\Users\\me\\a.jpg' } })).toThrowError(expect.objectContaining({ kind: 'forbidden' }));
    expect(() => validateCall('explain', { queryImage: { path: '/x.jpg' }, fileId: 3 })).toThrowError(expect.objectContaining({ kind: 'forbidden' }));
    expect(validateCall('similar', { image: { fileId: 3 } }).input).toMatchObject({ image: { fileId: 3 }, k: 50 });
    expect(validateCall('similar', { image: { bytesBase64: 'AAAA' } }).input).toMatchObject({ image: { bytesBase64: 'AAAA' } });
  });
});

describe('desktop actions and drag', () => {
  it('needs a known action and a positive integer id', () => {
    expect(validateDesktop('revealInFolder', { fileId: 7 })).toEqual({ action: 'revealInFolder', fileId: 7 });
    expect(validateDesktop('pickFolder', undefined)).toEqual({ action: 'pickFolder', fileId: null });
    expect(() => validateDesktop('deleteFile', { fileId: 7 })).toThrowError(expect.objectContaining({ kind: 'not-found' }));
    expect(() => validateDesktop('openFile', { path: '/etc/passwd' })).toThrowError(expect.objectContaining({ kind: 'bad-request' }));
    expect(() => validateDesktop('copyPath', { fileId: 1.5 })).toThrowError(expect.objectContaining({ kind: 'bad-request' }));
    expect(() => validateDesktop('copyPath', { fileId: 1, path: '/x' })).toThrowError(expect.objectContaining({ kind: 'bad-request' }));
    expect(validateDragId(12)).toBe(12);
    for (const bad of [0, -3, 2.5, '12', '/etc/passwd', null, Number.MAX_SAFE_INTEGER + 2]) {
      expect(() => validateDragId(bad), String(bad)).toThrowError(expect.objectContaining({ kind: 'bad-request' }));
    }
  });
});

describe('dispatchCall', () => {
  it('calls the engine with parsed input and wraps results and errors', async () => {
    const engine = stubEngine({
      fileInfo: (i) => ({ got: i }),
      modelsList: () => {
        throw new GlimpseError('model-missing', 'no model installed');
      },
    });
    expect(await dispatchCall(engine, 'fileInfo', { fileId: 4 })).toEqual({ ok: true, value: { got: { fileId: 4 } } });
    expect(await dispatchCall(engine, 'modelsList', {})).toEqual({ ok: false, error: { kind: 'model-missing', message: 'no model installed' } });
    const bad = await dispatchCall(engine, 'fileInfo', { fileId: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    const refused = await dispatchCall(engine, 'similar', { image: { path: '/etc/shadow' } });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(engine.calls.map((c) => c.name)).toEqual(['fileInfo', 'modelsList']);
  });
});
