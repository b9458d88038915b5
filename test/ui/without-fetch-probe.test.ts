// The console's modules load with `fetch` hidden, so yoga-layout's `typeof
// fetch` probe does not make Node load its HTTP stack before the first frame;
// the lazy global comes back untouched, its getter never run.
import {afterEach, describe, expect, it} from 'vitest';
import {withoutFetchProbe} from '../../source/ui/terminal/without-fetch-probe.js';

const saved = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
afterEach(() => {
  if (saved) Object.defineProperty(globalThis, 'fetch', saved);
});

describe('withoutFetchProbe', () => {
  it('hides fetch while loading and puts the lazy global back without reading it', async () => {
    let reads = 0;
    const lazy = {
      get: () => {
        reads++;
        return saved?.value ?? saved?.get?.call(globalThis);
      },
      set: () => undefined,
      configurable: true,
      enumerable: true,
    };
    Object.defineProperty(globalThis, 'fetch', lazy);
    const seen = await withoutFetchProbe(() => Promise.resolve(typeof globalThis.fetch));
    expect(seen).toBe('undefined');
    expect(reads).toBe(0);
    expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(lazy);
  });

  it('puts fetch back when the load fails', async () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
    await expect(withoutFetchProbe(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(before);
    expect(typeof globalThis.fetch).toBe('function');
  });
});
