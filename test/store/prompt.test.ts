// The masked prompt in a real terminal (node-pty): nothing typed is echoed,
// backspace edits, bracketed paste is text, Ctrl-C cancels.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openTerminal} from './pty.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const CHILD = resolve(HERE, 'fixtures/prompt-child.ts');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vseg-prompt-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

function run(mode: 'secret' | 'yesno') {
  const out = join(dir, 'result.json');
  const term = openTerminal(process.execPath, ['--import', 'tsx', CHILD, mode, out], {cwd: ROOT, env: process.env});
  return {term, result: () => JSON.parse(readFileSync(out, 'utf8')) as {value?: unknown; cancelled?: boolean}};
}

describe('masked prompt', () => {
  it('echoes one * per character and never the text; backspace, Ctrl-U and bracketed paste work', async () => {
    const {term, result} = run('secret');
    await term.waitFor('Password: ');
    expect(term.output()).toContain('\x1b[?2004h');
    term.write('wrong');
    term.write('\x15'); // Ctrl-U: start over
    term.write('hunteX');
    term.write('\x7f'); // backspace
    term.write('r2');
    term.write('\x1b[A'); // an arrow key is ignored
    term.write('\x1b[200~-pa\nste\x1b[201~'); // pasted, newline and all
    // 5 + 6 + 2 + 6 characters typed or pasted, each drawn as one *.
    await term.waitFor((screen) => screen.split('*').length - 1 === 19);
    term.write('\r');
    expect(await term.exited).toBe(0);
    expect(result()).toEqual({value: 'hunter2-paste'});
    const screen = term.output();
    for (const fragment of ['hunte', 'wrong', 'paste', 'r2']) expect(screen).not.toContain(fragment);
    expect(screen).toContain('\x1b[?2004l');
  });

  it('cancels on Ctrl-C without returning what was typed', async () => {
    const {term, result} = run('secret');
    await term.waitFor('Password: ');
    term.write('abc');
    await term.waitFor('***');
    term.write('\x03');
    expect(await term.exited).toBe(130);
    expect(result()).toEqual({cancelled: true});
  });

  it('asks yes/no, defaulting to no', async () => {
    const yes = run('yesno');
    await yes.term.waitFor('Trust it? [y/N] ');
    yes.term.write('y\r');
    expect(await yes.term.exited).toBe(0);
    expect(yes.result()).toEqual({value: true});

    const enter = run('yesno');
    await enter.term.waitFor('Trust it? [y/N] ');
    enter.term.write('\r');
    expect(await enter.term.exited).toBe(0);
    expect(enter.result()).toEqual({value: false});
  });
});
