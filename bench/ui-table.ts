// Cursor-move cost of the console's Table in a 200×50 terminal: median time
// from keystroke to frame written, and bytes written per move, with Ink's
// incremental rendering on and off.  Run: npx tsx bench/ui-table.ts
// Goals: ≤ 10 ms median and ≤ 2 KB per cursor move.
import {EventEmitter} from 'node:events';
import type {ConsoleIO} from '../source/ui/terminal/start.js';

// The shipped bundle is built with NODE_ENV=production (React's fast build);
// measure that unless asked for the development build (`--dev`).
const dev = process.argv.includes('--dev');
process.env['NODE_ENV'] = dev ? 'development' : 'production';
const {createElement} = await import('react');
const {ConsoleApp} = await import('../source/ui/app/ConsoleApp.js');
const {createMemoryModel} = await import('../source/session/memory-model.js');
const {createSampleViews, sampleRows} = await import('../source/ui/app/sample-view.js');
const {consoleRenderOptions, startConsole} = await import('../source/ui/terminal/start.js');
const {createTheme} = await import('../source/ui/theme/theme.js');

const COLUMNS = 200;
const ROWS = 50;
const MOVES = 200;

class CountingStdout extends EventEmitter {
  readonly isTTY = true;
  columns = COLUMNS;
  rows = ROWS;
  bytes = 0;
  private waiter: (() => void) | undefined;
  write(chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') (cb as () => void)();
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
    return true;
  }
  nextWrite(): Promise<void> {
    return new Promise((resolve) => (this.waiter = resolve));
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private queue: string[] = [];
  setRawMode() {
    return this;
  }
  setEncoding() {}
  ref() {}
  unref() {}
  resume() {}
  pause() {}
  read() {
    return this.queue.shift() ?? null;
  }
  send(data: string) {
    this.queue.push(data);
    this.emit('readable');
  }
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(rowCount: number, incremental: boolean) {
  const stdout = new CountingStdout();
  const stdin = new FakeStdin();
  const model = createMemoryModel({profile: 'bench', host: 'sim', version: '26.1', connection: {kind: 'connected'}});
  const element = createElement(ConsoleApp, {
    theme: createTheme({color: true}),
    model,
    views: createSampleViews(),
    initialView: 'sample',
    initialParams: {rows: sampleRows(rowCount)},
  });
  const options = {incrementalRendering: incremental, patchConsole: false};
  const io = {stdin, stdout} as unknown as ConsoleIO;
  const throttleMs = Math.ceil(1000 / (consoleRenderOptions(io, options).maxFps ?? 30));
  const handle = startConsole(element, io, {...options, process: new EventEmitter() as never});
  await idle(50);
  const times: number[] = [];
  const bytes: number[] = [];
  for (let i = 0; i < MOVES + 20; i++) {
    // Bounce inside the list so every key really moves the cursor.
    const key = Math.floor(i / 40) % 2 === 0 ? 'j' : 'k';
    // Past the render throttle, so the frame goes out on the leading edge.
    await idle(throttleMs + 2);
    const before = stdout.bytes;
    const written = stdout.nextWrite();
    const started = performance.now();
    stdin.send(key);
    await written;
    const elapsed = performance.now() - started;
    await idle(throttleMs + 2);
    if (i >= 20) {
      times.push(elapsed);
      bytes.push(stdout.bytes - before);
    }
  }
  handle.stop();
  await handle.waitUntilExit();
  return {
    rows: rowCount,
    incremental,
    medianMs: median(times),
    p95Ms: [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)],
    medianBytes: median(bytes),
  };
}

const results = [];
for (const rowCount of [100, 10_000]) {
  for (const incremental of [true, false]) results.push(await measure(rowCount, incremental));
}
console.log(
  `Table cursor move at ${COLUMNS}×${ROWS}, ${MOVES} moves each, React ${dev ? 'development' : 'production'} build (goal: ≤ 10 ms median, ≤ 2048 bytes)`,
);
console.log('rows    incremental  median ms  p95 ms  bytes/move');
for (const r of results) {
  console.log(
    String(r.rows).padEnd(8) +
      String(r.incremental).padEnd(13) +
      r.medianMs.toFixed(2).padStart(9) +
      r.p95Ms.toFixed(2).padStart(8) +
      String(r.medianBytes).padStart(12),
  );
}
