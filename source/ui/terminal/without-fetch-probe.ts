// Ink's layout engine (yoga-layout, an Emscripten build) asks `typeof fetch`
// while it loads, to choose how to fetch its WebAssembly — which it then takes
// from an inline base64 string either way. In Node, `fetch` is a lazy global:
// reading it loads Node's bundled undici, 20-40 ms of the console's first
// frame for an HTTP stack that is not used until after it. So the console's
// modules load with `fetch` hidden, and the lazy global is put back untouched
// (its getter never ran) before any code could call it.

export async function withoutFetchProbe<T>(load: () => Promise<T>): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!original?.configurable) return load();
  Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', original);
  }
}
