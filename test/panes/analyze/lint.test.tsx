// :lint in the console: findings worst first, the finding's detail (i), Enter
// to the rule in the Rules view, and the live ruleset on p.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {consoleViews} from '../../../source/ui/panes/index.js';
import {stripAnsi} from '../../ui/harness.js';
import {apiClient, networkKey, ruleKey} from '../../commands/analyze/api.js';
import {openConsole, type Console} from './console.js';

let c: Console;
beforeEach(async () => {
  c = await openConsole();
  await c.tui.waitFor('web');
});
afterEach(() => c.close());

describe(':lint', () => {
  it('lists findings worst first; i shows one; Enter opens its rule', async () => {
    c.command('lint');
    await c.tui.waitFor('0 errors · 2 warnings · 0 info — staged rules');
    expect(c.text()).toMatch(/› ▲ warning +unused-alias +alias w/);

    // A rule that can never match, made behind the console's back.
    const client = apiClient(c.sim);
    try {
      await client.create('vnet_rules', {
        vnet: networkKey(c.sim, 'web'),
        name: 'Ping with ports',
        action: 'accept',
        direction: 'incoming',
        protocol: 'icmp',
        destination_ports: '22',
      });
    } finally {
      await client.close();
    }
    const key = ruleKey(c.sim, 'web', 'Ping with ports');
    c.sim.clearRequests();
    c.tui.press('r');
    const frame = stripAnsi(await c.tui.waitFor('1 error · 3 warnings · 0 info — staged rules'));
    const rows = frame.split('\n').filter((l) => /^[› ] [✖▲•] /.test(l));
    expect(rows[0]).toMatch(/^› ✖ error +ports-without-p\S* +web +#6 Ping w\S* +"Ping with ports" \(#6\)/);
    expect(rows.slice(1).every((r) => r.includes('warning'))).toBe(true);

    c.tui.press('i');
    const detail = stripAnsi(await c.tui.waitFor('ERROR  ports-without-protocol'));
    expect(detail.split('\n')[1]).toMatch(/› lint › ports-without-protocol on web/);
    expect(detail).toContain(`Rule     #6 Ping with ports (key ${key})`);
    expect(detail).toContain('         incoming accept icmp any → any:22');
    expect(detail).toContain('Network  web');
    c.tui.press('escape');
    await c.tui.waitFor('1 error · 3 warnings');

    c.tui.press('enter');
    if (consoleViews.some((v) => v.id === 'rules')) {
      const rules = stripAnsi(await c.tui.waitFor(/› lint › rules web/));
      expect(rules).toContain('Ping with ports');
    } else {
      await c.tui.waitFor('ERROR  ports-without-protocol');
    }
    expect(c.writes()).toEqual([]);
  });

  it('p checks the live rules instead: the staged ssh change on dev is not live', async () => {
    c.command('lint');
    await c.tui.waitFor('— staged rules');
    c.tui.press('p');
    await c.tui.waitFor('— live (applied) rules');
    expect(c.text()).toMatch(/need-fw-apply +dev/);
  });
});
