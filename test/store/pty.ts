// A real terminal for prompt tests: node-pty, with output collected and a
// wait-for-content helper instead of sleeps.
import {spawn, type IPty} from 'node-pty';
import {waitUntil} from '../support/wait.js';

export interface Terminal {
  pty: IPty;
  output(): string;
  waitFor(text: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<void>;
  write(data: string): void;
  exited: Promise<number>;
}

export function openTerminal(file: string, args: string[], options: {cwd: string; env: NodeJS.ProcessEnv}): Terminal {
  const env = {...options.env};
  delete env['CI'];
  const pty = spawn(file, args, {
    name: 'xterm-256color',
    cols: 100,
    rows: 30,
    cwd: options.cwd,
    env: env,
  });
  let buffer = '';
  pty.onData((d) => {
    buffer += d;
  });
  const exited = new Promise<number>((resolve) => pty.onExit(({exitCode}) => resolve(exitCode)));
  return {
    pty,
    output: () => buffer,
    write: (data) => pty.write(data),
    exited,
    async waitFor(text, timeoutMs = 10_000) {
      const hit = () =>
        typeof text === 'string'
          ? buffer.includes(text)
          : typeof text === 'function'
            ? text(buffer)
            : text.test(buffer);
      await waitUntil(hit, {timeoutMs, what: String(text), detail: () => `screen so far:\n${buffer}`, everyMs: 20});
    },
  };
}
