// :aliases on an empty site: the empty list points at n, except in a
// read-only session, where n does nothing and the list must not offer it.
import {afterEach, describe, expect, it} from 'vitest';
import {openConsole, type Console} from './helpers.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe(':aliases on an empty site', () => {
  it('points at n; read-only, it names no key that changes the site', async () => {
    c = await openConsole({seed: 'empty', initialView: 'aliases'});
    await c.tui.waitFor('No aliases yet (n creates one)');
    await c.close();
    c = await openConsole({seed: 'empty', initialView: 'aliases', readOnly: true});
    await c.tui.waitFor('No aliases on this site');
    expect(c.text()).not.toContain('n creates');
  });
});
