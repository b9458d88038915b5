// A site that cannot be reached — at start, and in the middle of a session —
// and a slow one. The console stays up: a banner with retry, the last data
// kept, recovery without restarting; on a slow site the first frame does not
// wait for the API and keys work while data loads.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTerminal} from './harness.js';
import {startProxy, type Proxy} from './proxy.js';
import {startSiteProcess, type SiteProcess} from './site-process.js';

const NETWORK_ROW = /^\s*[›>]?\s+web\s+internal\s+10\.10\.1\.0\/24/m;

describe('an unreachable site', () => {
  let site: SiteProcess;
  let proxy: Proxy;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo'});
    proxy = await startProxy(site.url);
  });
  afterAll(async () => {
    await proxy.close();
    await site.close();
  });

  const args = (timeout = 3) => [
    '--url',
    proxy.url,
    '--user',
    site.user,
    '--fingerprint',
    site.fingerprint,
    '--timeout',
    String(timeout),
  ];

  it('at start: the console opens with a banner and retry, then connects when the site is back', async () => {
    await proxy.cut();
    const opened = performance.now();
    const t = startTerminal({args: args(), env: site.env(), cols: 100, rows: 24});
    try {
      // At 100 columns the reason gives way (its call and operation first), not the countdown and the key.
      const screen = await t.waitFor(/API unreachable \(.*ECONNREFUSED.*\) — retrying in \d+ s \(r to retry now\)/);
      // The header counts down to the next automatic retry too.
      expect(screen[0]).toMatch(/offline \(retry in \d+ s\)/);
      // Not an exit: it is still there after its own automatic retry.
      await t.waitFor(
        (s) => /offline \(retry in \d+ s\)/.test(s[0] ?? '') && performance.now() - opened > 3000,
        15_000,
      );
      expect(t.exitStatus()).toBeUndefined();
      await proxy.restore();
      t.write('r');
      await t.waitFor((s) => /connected/.test(s[0] ?? '') && NETWORK_ROW.test(s.join('\n')));
      expect(t.text()).not.toMatch(/API unreachable/);
    } finally {
      await t.close();
      await proxy.restore().catch(() => undefined);
    }
  });

  it('mid-session: the last data stays on screen, marked unreachable, and the console recovers by itself', async () => {
    const t = startTerminal({args: args(), env: site.env(), cols: 100, rows: 24});
    try {
      await t.waitFor((s) => /connected/.test(s[0] ?? '') && NETWORK_ROW.test(s.join('\n')));
      await proxy.cut();
      t.write('r');
      const down = await t.waitFor(/API unreachable/);
      expect(down[0]).toMatch(/offline/);
      // Stale, not gone: the networks the operator was looking at are still listed.
      expect(down.join('\n')).toMatch(NETWORK_ROW);
      // The cursor still moves while offline.
      t.key('down');
      await t.waitFor(/^[›>]\s+dev\b/m);
      await proxy.restore();
      // Automatic retry with backoff: no key pressed.
      await t.waitFor((s) => /connected/.test(s[0] ?? '') && !/API unreachable/.test(s.join('\n')), 20_000);
      expect(t.text()).toMatch(NETWORK_ROW);
      expect(t.exitStatus()).toBeUndefined();
    } finally {
      await t.close();
      await proxy.restore().catch(() => undefined);
    }
  });

  it('a hung site (no answer at all) times out into the same banner', async () => {
    const t = startTerminal({args: args(1), env: site.env(), cols: 100, rows: 24});
    try {
      await t.waitFor((s) => /connected/.test(s[0] ?? '') && NETWORK_ROW.test(s.join('\n')));
      site.pause();
      t.write('r');
      await t.waitFor(/API unreachable/, 20_000);
      expect(t.text()).toMatch(NETWORK_ROW);
      site.resume();
      t.write('r');
      await t.waitFor((s) => /connected/.test(s[0] ?? '') && !/API unreachable/.test(s.join('\n')), 20_000);
    } finally {
      site.resume();
      await t.close();
    }
  });
});

describe('a slow site (300 ms per request)', () => {
  let site: SiteProcess;
  beforeAll(async () => {
    site = await startSiteProcess({seed: 'demo', latencyMs: 300});
  });
  afterAll(async () => {
    await site.close();
  });

  it('draws the first frame before the API answers and takes keys while loading', async () => {
    const started = performance.now();
    const t = startTerminal({args: site.args(), env: site.env(), cols: 100, rows: 24});
    try {
      const first = await t.waitFor((s) => /^vseg\b/.test(s[0] ?? '') && /q quit/.test(s[23] ?? ''));
      const firstFrameMs = performance.now() - started;
      expect(first.join('\n')).not.toMatch(NETWORK_ROW);
      expect(first[0]).toMatch(/connecting/);
      // The keyboard works before any data: help opens and closes.
      t.write('?');
      await t.waitFor(/Keys — networks/);
      t.key('escape');
      await t.waitForGone(/Keys — networks/);
      await t.waitFor((s) => /connected/.test(s[0] ?? '') && NETWORK_ROW.test(s.join('\n')), 20_000);
      const dataMs = performance.now() - started;
      // Sign-in plus the bulk load is several round trips of 300 ms each.
      expect(dataMs - firstFrameMs).toBeGreaterThan(600);
      // Moving the cursor never waits for the site (one request alone takes 300 ms).
      const moves: number[] = [];
      for (const [key, row] of [
        ['j', 'dev'],
        ['k', 'db'],
        ['j', 'dev'],
      ] as const) {
        const t0 = performance.now();
        t.write(key);
        await t.waitFor(new RegExp(`^[›>]\\s+${row}\\b`, 'm'));
        moves.push(performance.now() - t0);
      }
      expect(Math.min(...moves)).toBeLessThan(300);
    } finally {
      await t.close();
    }
  });
});
