import chalk from 'chalk';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ConsoleApp} from '../../source/ui/app/ConsoleApp.js';
import {createMemoryModel} from '../../source/session/memory-model.js';
import {createSampleViews} from '../../source/ui/app/sample-view.js';
import {KeyRouter} from '../../source/ui/keys/router.js';
import {asciiOnly, colorEnabled} from '../../source/ui/theme/detect.js';
import {createTheme} from '../../source/ui/theme/theme.js';
import {COLOR_STYLES, type AnsiColor} from '../../source/ui/theme/tokens.js';
import {renderTui, stripAnsi} from './harness.js';

// vitest runs with FORCE_COLOR=0, which would hide every escape; force the
// colour library on so the theme layer alone decides.
let previous: typeof chalk.level;
beforeAll(() => {
  previous = chalk.level;
  chalk.level = 1;
});
afterAll(() => {
  chalk.level = previous;
});

const SGR = /\u001b\[([\d;]*)m/g;
const COLOUR_PARAMS = new Set([
  ...Array.from({length: 10}, (_, i) => 30 + i),
  ...Array.from({length: 10}, (_, i) => 40 + i),
  ...Array.from({length: 8}, (_, i) => 90 + i),
  ...Array.from({length: 8}, (_, i) => 100 + i),
]);

function sgrParams(frame: string): number[] {
  return [...frame.matchAll(SGR)].flatMap((m) => (m[1] ?? '').split(';').filter(Boolean).map(Number));
}

describe('colour detection', () => {
  test('NO_COLOR with any non-empty value, --no-color and TERM=dumb turn colour off', () => {
    expect(colorEnabled({env: {}})).toBe(true);
    expect(colorEnabled({env: {NO_COLOR: '1'}})).toBe(false);
    expect(colorEnabled({env: {NO_COLOR: 'false'}})).toBe(false);
    expect(colorEnabled({env: {NO_COLOR: ''}})).toBe(true);
    expect(colorEnabled({env: {}, argv: ['--no-color']})).toBe(false);
    expect(colorEnabled({env: {TERM: 'dumb'}})).toBe(false);
    expect(asciiOnly({TERM: 'linux'})).toBe(true);
    expect(asciiOnly({TERM: 'xterm-256color'})).toBe(false);
  });

  test('the palette uses only the 16 named ANSI colours', () => {
    const named: AnsiColor[] = [
      'black',
      'red',
      'green',
      'yellow',
      'blue',
      'magenta',
      'cyan',
      'white',
      'gray',
      'redBright',
      'greenBright',
      'yellowBright',
      'blueBright',
      'magentaBright',
      'cyanBright',
      'whiteBright',
    ];
    for (const style of Object.values(COLOR_STYLES)) {
      for (const c of [style.color, style.backgroundColor]) if (c) expect(named).toContain(c);
    }
  });

  test('a monochrome theme never hands out a colour', () => {
    const theme = createTheme({color: false});
    for (const token of Object.keys(COLOR_STYLES) as (keyof typeof COLOR_STYLES)[]) {
      expect(theme.style(token).color).toBeUndefined();
      expect(theme.style(token).backgroundColor).toBeUndefined();
    }
    expect(theme.borderColor()).toBeUndefined();
  });
});

async function session(color: boolean) {
  const router = new KeyRouter();
  const model = createMemoryModel({
    profile: 'lab',
    host: 'h',
    connection: {kind: 'offline', retryAt: 0},
    pendingApply: 1,
    insecureTls: true,
  });
  const tui = renderTui(
    <ConsoleApp
      theme={createTheme({color})}
      router={router}
      model={model}
      views={createSampleViews()}
      initialView="sample"
      clock={() => 0}
    />,
  );
  await tui.waitFor('NAME');
  model.notify('error', 'something failed');
  await tui.waitFor('something failed');
  tui.press('j', 'j', 'j');
  await tui.waitFor((f) => stripAnsi(f).includes('› dev-01'));
  tui.press('?');
  await tui.waitFor('Keys —');
  tui.press('escape');
  await tui.waitFor('NAME');
  tui.press('escape');
  await tui.waitFor((f) => !stripAnsi(f).includes('something failed'));
  tui.press('p');
  await tui.waitFor('Sample operation');
  tui.unmount();
  return tui;
}

describe('NO_COLOR', () => {
  test('no frame carries a colour escape, yet the selected row is marked and inverse', async () => {
    const tui = await session(false);
    const frames = tui.stdout.frames.join('');
    expect(sgrParams(frames).filter((p) => COLOUR_PARAMS.has(p))).toEqual([]);
    const selected = tui.stdout.frames.flatMap((f) => f.split('\n')).filter((l) => stripAnsi(l).startsWith('› dev-01'));
    expect(selected.length).toBeGreaterThan(0);
    // Inverse (7) and bold (1) survive: they are attributes, not colours.
    expect(sgrParams(selected.at(-1)!)).toEqual(expect.arrayContaining([7, 1]));
  });

  test('with colour on, the same session does use colour (the check above can fail)', async () => {
    const tui = await session(true);
    expect(sgrParams(tui.stdout.frames.join('')).filter((p) => COLOUR_PARAMS.has(p)).length).toBeGreaterThan(0);
  });
});
