import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {Text} from 'ink';
import {describe, expect, test, vi} from 'vitest';
import {ConsoleApp} from '../../source/ui/app/ConsoleApp.js';
import {createMemoryModel} from '../../source/session/memory-model.js';
import {createSampleViews} from '../../source/ui/app/sample-view.js';
import {KeyRouterProvider, useKeys} from '../../source/ui/keys/context.js';
import {formatKey, isKeyName, keyEvent, normalizeKey} from '../../source/ui/keys/names.js';
import {KeyRouter, type Layer} from '../../source/ui/keys/router.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {renderTui} from './harness.js';

const noKey = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

describe('key names', () => {
  test('normalises Ink keys to router names', () => {
    expect(normalizeKey('j', noKey).name).toBe('j');
    expect(normalizeKey('G', {...noKey, shift: true}).name).toBe('G');
    expect(normalizeKey('', {...noKey, downArrow: true}).name).toBe('down');
    expect(normalizeKey('', {...noKey, pageDown: true}).name).toBe('pageDown');
    expect(normalizeKey('', {...noKey, return: true}).name).toBe('enter');
    expect(normalizeKey('', {...noKey, escape: true}).name).toBe('escape');
    expect(normalizeKey('', {...noKey, tab: true, shift: true}).name).toBe('shift+tab');
    expect(normalizeKey('c', {...noKey, ctrl: true})).toMatchObject({name: 'ctrl+c', text: ''});
    expect(normalizeKey('r', {...noKey, ctrl: true}).name).toBe('ctrl+r');
    expect(normalizeKey(':', noKey)).toMatchObject({name: ':', text: ':'});
    expect(normalizeKey(' ', noKey)).toMatchObject({name: 'space', text: ' '});
    expect(normalizeKey('abc', noKey)).toMatchObject({name: '', text: 'abc'});
  });

  test('validates and formats key names', () => {
    for (const k of ['j', 'G', ':', '/', '?', 'ctrl+r', 'pageDown', 'shift+tab', 'meta+x'])
      expect(isKeyName(k), k).toBe(true);
    for (const k of ['', 'jj', 'pgdown', 'ctrl+', '\u001b']) expect(isKeyName(k), k).toBe(false);
    expect(formatKey('ctrl+r')).toBe('Ctrl+R');
    expect(formatKey('pageDown')).toBe('PgDn');
    expect(formatKey('up')).toBe('↑');
    expect(formatKey('up', true)).toBe('Up');
  });
});

describe('router', () => {
  const recorder = (router: KeyRouter, log: string[], layer: Layer, name: string, consumes: boolean) =>
    router.register(layer, {onKey: () => (log.push(name), consumes)});

  test('asks layers from overlay down to global and stops at the first consumer', () => {
    const router = new KeyRouter();
    const log: string[] = [];
    recorder(router, log, 'global', 'global', true);
    recorder(router, log, 'pane', 'pane', false);
    recorder(router, log, 'overlay', 'overlay', false);
    recorder(router, log, 'input', 'input', false);
    recorder(router, log, 'dialog', 'dialog', true);
    expect(router.dispatch(keyEvent('j'))).toBe(true);
    expect(log).toEqual(['overlay', 'dialog']);
  });

  test('falls through when nobody consumes, newest first within a layer', () => {
    const router = new KeyRouter();
    const log: string[] = [];
    recorder(router, log, 'pane', 'older', false);
    const off = recorder(router, log, 'pane', 'newer', false);
    expect(router.dispatch(keyEvent('x'))).toBe(false);
    expect(log).toEqual(['newer', 'older']);
    off();
    log.length = 0;
    router.dispatch(keyEvent('x'));
    expect(log).toEqual(['older']);
    expect(router.activeLayers()).toEqual(['pane']);
  });

  test('paste goes to the highest handler that takes it', () => {
    const router = new KeyRouter();
    const taken: string[] = [];
    router.register('overlay', {onKey: () => true});
    router.register('input', {onKey: () => false, onPaste: (t) => (taken.push(t), true)});
    expect(router.paste('10.0.0.0/8')).toBe(true);
    expect(taken).toEqual(['10.0.0.0/8']);
  });
});

function Probe({
  layer,
  name,
  consume,
  log,
  onPaste,
}: {
  layer: Layer;
  name: string;
  consume: boolean;
  log: string[];
  onPaste?: (t: string) => boolean;
}) {
  useKeys(layer, (e) => (log.push(`${name}:${e.name}`), consume), {onPaste});
  return <Text>{name}</Text>;
}

describe('KeyRouterProvider', () => {
  test('one stdin listener dispatches by priority; pastes reach the input', async () => {
    const log: string[] = [];
    const pasted = vi.fn(() => true);
    const tui = renderTui(
      <KeyRouterProvider>
        <Probe layer="pane" name="pane" consume={true} log={log} />
        <Probe layer="input" name="input" consume={false} log={log} onPaste={pasted} />
      </KeyRouterProvider>,
    );
    await tui.waitFor('input');
    tui.press('k');
    expect(log).toEqual(['input:k', 'pane:k']);
    tui.paste('hello\nworld');
    await vi.waitFor(() => expect(pasted).toHaveBeenCalledWith('hello\nworld'));
    tui.unmount();
  });

  test('a non-TTY stdin does not throw: there is just no keyboard', async () => {
    const log: string[] = [];
    const tui = renderTui(
      <KeyRouterProvider>
        <Probe layer="pane" name="alive" consume={true} log={log} />
      </KeyRouterProvider>,
      {stdinIsTTY: false},
    );
    await tui.waitFor('alive');
    tui.unmount();
  });
});

test('no component reads the keyboard except the router', () => {
  const root = join(import.meta.dirname, '../../source/ui');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) files.push(path);
    }
  };
  walk(root);
  const readers = files.filter((f) => /\buse(Input|Paste)\s*\(/.test(readFileSync(f, 'utf8')));
  expect(readers.map((f) => f.slice(root.length + 1))).toEqual(['keys/context.tsx']);
});

describe('keys read together', () => {
  test('a whole chunk typed at once is split into keys, each after the previous one took effect', async () => {
    const model = createMemoryModel({connection: {kind: 'connected'}});
    const tui = renderTui(
      <ConsoleApp theme={createTheme({color: false})} model={model} views={createSampleViews()} initialView="sample" />,
    );
    await tui.waitFor('NAME');
    // One read: `:` opens the command line, the rest is typed into it, Enter runs it.
    tui.stdin.send(':bogus\r');
    await tui.waitFor('Unknown command :bogus');
    // A real lone ESC byte (Ink resolves it after its short escape timeout).
    tui.stdin.send('/');
    tui.stdin.send('web');
    await tui.waitFor('/web');
    tui.stdin.send('\u001b');
    await tui.waitFor((f) => !f.includes('/web') && f.includes('db-01'));
    tui.unmount();
  });
});
