import {EventEmitter} from 'node:events';
import {Text} from 'ink';
import {describe, expect, test, vi} from 'vitest';
import {KeyRouterProvider, useKeys} from '../../source/ui/keys/context.js';
import {clipboardSequence, osc52} from '../../source/ui/terminal/osc52.js';
import {consoleRenderOptions, startConsole, type ProcessHooks} from '../../source/ui/terminal/start.js';
import {FakeStdin, FakeStdout} from './harness.js';

describe('OSC 52', () => {
  test('plain, tmux and screen forms', () => {
    const plain = osc52('10.0.0.0/8');
    expect(plain).toBe(`\u001b]52;c;${Buffer.from('10.0.0.0/8').toString('base64')}\u0007`);
    expect(clipboardSequence('x', {})).toBe(osc52('x'));
    const tmux = clipboardSequence('x', {TMUX: '/tmp/tmux-0/default,1,0'});
    expect(tmux).toBe(`\u001bPtmux;\u001b\u001b]52;c;eA==\u0007\u001b\\`);
    const screen = clipboardSequence('y'.repeat(2000), {STY: '1234.pts-0.host'});
    const chunks = screen.split('\u001b\\').filter(Boolean);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.startsWith('\u001bP')).toBe(true);
      expect(chunk.length).toBeLessThanOrEqual(768 + 2);
    }
    expect(chunks.map((c) => c.slice(2)).join('')).toBe(osc52('y'.repeat(2000)));
  });
});

class FakeProcess extends EventEmitter implements ProcessHooks {
  exit = vi.fn();
}

function ttyStreams() {
  const stdout = new FakeStdout(80, 24, true);
  const stdin = new FakeStdin();
  return {stdout, stdin, stderr: new FakeStdout(80, 24)};
}

function CtrlC({onCtrlC}: {onCtrlC: () => void}) {
  useKeys('global', (e) => (e.name === 'ctrl+c' ? (onCtrlC(), true) : false));
  return <Text>console</Text>;
}

describe('startConsole', () => {
  test('interactive follows the TTY, never CI; alternate screen on; Ctrl+C left to the router', async () => {
    expect(
      consoleRenderOptions({stdin: new FakeStdin(), stdout: new FakeStdout(80, 24, false)} as never).interactive,
    ).toBe(false);
    const io = ttyStreams();
    const previousCI = process.env['CI'];
    process.env['CI'] = 'true';
    const proc = new FakeProcess();
    const onCtrlC = vi.fn();
    const handle = startConsole(
      <KeyRouterProvider>
        <CtrlC onCtrlC={onCtrlC} />
      </KeyRouterProvider>,
      io as never,
      {process: proc, patchConsole: false},
    );
    if (previousCI === undefined) delete process.env['CI'];
    else process.env['CI'] = previousCI;
    await vi.waitFor(() => expect(io.stdout.frames.join('')).toContain('console'));
    expect(io.stdout.frames.join('')).toContain('\u001b[?1049h');
    io.stdin.send('\u0003');
    await vi.waitFor(() => expect(onCtrlC).toHaveBeenCalled());
    handle.stop();
    await handle.waitUntilExit();
    expect(io.stdout.frames.join('')).toContain('\u001b[?1049l');
    expect(proc.listenerCount('SIGTERM')).toBe(0);
  });

  test('SIGTERM restores the terminal and exits 143', async () => {
    const io = ttyStreams();
    const proc = new FakeProcess();
    const handle = startConsole(<Text>console</Text>, io as never, {process: proc, patchConsole: false});
    await vi.waitFor(() => expect(io.stdout.frames.join('')).toContain('console'));
    proc.emit('SIGTERM', 'SIGTERM');
    expect(proc.exit).toHaveBeenCalledWith(143);
    await handle.waitUntilExit();
    const out = io.stdout.frames.join('');
    expect(out.lastIndexOf('\u001b[?1049l')).toBeGreaterThan(out.lastIndexOf('\u001b[?1049h'));
    expect(out).toContain('\u001b[?25h');
  });

  test('SIGHUP restores the terminal, then runs the cleanup (session token) before exiting 129', async () => {
    const io = ttyStreams();
    const proc = new FakeProcess();
    const order: string[] = [];
    let release!: () => void;
    const cleanup = new Promise<void>((resolve) => (release = resolve));
    const handle = startConsole(<Text>console</Text>, io as never, {
      process: proc,
      patchConsole: false,
      beforeExit: async () => {
        order.push(
          io.stdout.frames.join('').includes('\u001b[?1049l') ? 'cleanup after restore' : 'cleanup before restore',
        );
        await cleanup;
        order.push('cleanup done');
      },
    });
    await vi.waitFor(() => expect(io.stdout.frames.join('')).toContain('console'));
    proc.exit.mockImplementation(() => void order.push('exit'));
    proc.emit('SIGHUP', 'SIGHUP');
    await handle.waitUntilExit();
    expect(proc.exit).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(proc.exit).toHaveBeenCalledWith(129));
    expect(order).toEqual(['cleanup after restore', 'cleanup done', 'exit']);
  });

  test('a terminal gone (EIO) ends like a hang-up; a late SIGHUP and more failed writes start nothing again', async () => {
    const io = ttyStreams();
    const proc = new FakeProcess();
    let cleanups = 0;
    let release!: () => void;
    const cleanup = new Promise<void>((resolve) => (release = resolve));
    const handle = startConsole(<Text>console</Text>, io as never, {
      process: proc,
      patchConsole: false,
      beforeExit: async () => {
        cleanups++;
        await cleanup;
      },
    });
    await vi.waitFor(() => expect(io.stdout.frames.join('')).toContain('console'));
    const eio = Object.assign(new Error('write EIO'), {code: 'EIO'});
    io.stdout.emit('error', eio);
    await handle.waitUntilExit();
    // Ink has unmounted; the kernel's SIGHUP and the failures of writes still queued come now.
    expect(proc.listenerCount('SIGHUP')).toBe(1);
    const reports = io.stderr.frames.length;
    proc.emit('SIGHUP', 'SIGHUP');
    proc.emit('uncaughtException', eio);
    io.stdout.emit('error', eio);
    io.stdin.emit('error', eio);
    release();
    await vi.waitFor(() => expect(proc.exit).toHaveBeenCalledWith(129));
    expect(proc.exit).toHaveBeenCalledTimes(1);
    expect(cleanups).toBe(1);
    expect(io.stderr.frames.length).toBe(reports);
  });

  test('a crash restores the terminal, reports on stderr and exits 1', async () => {
    const io = ttyStreams();
    const proc = new FakeProcess();
    const handle = startConsole(<Text>console</Text>, io as never, {process: proc, patchConsole: false});
    await vi.waitFor(() => expect(io.stdout.frames.join('')).toContain('console'));
    proc.emit('uncaughtException', new Error('boom'));
    expect(proc.exit).toHaveBeenCalledWith(1);
    await handle.waitUntilExit().catch(() => undefined);
    expect(io.stdout.frames.join('')).toContain('\u001b[?1049l');
    expect(io.stderr.frames.join('')).toContain('boom');
  });
});
