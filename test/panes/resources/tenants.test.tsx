// :tenants against the simulator: state, isolation and what a tenant holds on
// this site; isolate on/off asks first (saying what it cuts) and waits until
// VergeOS shows the new state.
import {afterEach, describe, expect, it} from 'vitest';
import {expectFramesFit, rowNamed, startHarness, until, writes, type Harness} from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const acme = (harness: Harness) => rowNamed(harness.sim, 'tenants', 'acme')!;

describe(':tenants', () => {
  it('on an empty site points at n and :wizard tenants; read-only, it names no key that changes the site', async () => {
    h = await startHarness({sim: {seed: 'empty'}});
    await h.tui.waitFor('connected');
    await h.command('tenants');
    await h.tui.waitFor('No tenants yet: n creates one by name, :wizard tenants walks step 5');
    await h.close();
    h = await startHarness({sim: {seed: 'empty'}, flags: (sim, url) => ({url, user: sim.user, 'read-only': true})});
    await h.tui.waitFor('connected');
    await h.command('tenants');
    await h.tui.waitFor('No tenants on this site');
    expect(h.text()).not.toContain('n creates');
  });

  it('lists tenants with state, isolation, network, blocks and external IPs; Enter shows the detail', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('tenants');
    await h.tui.waitFor('acme');
    expect(h.text()).toMatch(/acme +● online +no +tenant_acme/);
    expect(h.text()).toContain('203.0.113.20');
    h.tui.press('enter');
    await h.tui.waitFor('Network blocks (1)');
    const detail = h.text();
    expect(detail).toContain('ACME Corp virtual data centre');
    expect(detail).toMatch(/203\.0\.113\.64\/28 +on External +ACME public block/);
    expect(detail).toMatch(/203\.0\.113\.20 +on External +acme-ui +\(UI address\)/);
    expect(detail).toContain('Isolation  not isolated');
    expectFramesFit(h.tui, 80, 24);
  });

  it('isolates and releases a tenant, each after a confirmation that says what it cuts', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('tenants');
    await h.tui.waitFor('acme');
    const before = h.sim.requests.length;
    h.tui.press('i');
    await h.tui.waitFor('Isolation cuts every network path');
    expect(h.text()).toContain('203.0.113.20 (External)');
    expect(h.text()).toContain('POST /api/v4/tenant_actions  tenant=');
    expect(h.text()).toContain('action="isolateon"');
    // Cancel is focused: Enter cancels and nothing is sent.
    h.tui.press('enter');
    await h.tui.waitFor('cancelled, nothing sent');
    expect(writes(h.sim, before)).toEqual([]);
    expect(acme(h)['isolate']).toBe(false);

    h.tui.press('i');
    await h.tui.waitFor('Isolation cuts every network path');
    h.tui.press('tab', 'enter');
    // The state step 5 aims for: shown as good (● isolated), not as an alarm (#14).
    await h.tui.waitFor(/acme +● online +● isolated/);
    expect(acme(h)['isolate']).toBe(true);
    expect(writes(h.sim, before)).toEqual(['POST /api/v4/tenant_actions 201']);

    h.tui.press('i');
    await h.tui.waitFor('Ending isolation restores');
    h.tui.press('tab', 'enter');
    await until(() => acme(h!)['isolate'] === false, 'isolation to end');
    await h.tui.waitFor(/acme +● online +no /);
    expect(h.sim.rows('tenant_actions').map((r) => r['action'])).toEqual(
      expect.arrayContaining(['isolateon', 'isolateoff']),
    );
  });

  it('refuses a power-on of a running tenant without sending anything', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('tenants');
    await h.tui.waitFor('acme');
    const before = h.sim.requests.length;
    h.tui.press('p');
    await h.tui.waitFor('acme is already online');
    expect(writes(h.sim, before)).toEqual([]);
  });

  it('powers a tenant off after a dangerous-action confirmation', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('tenants');
    await h.tui.waitFor('acme');
    h.tui.press('P');
    await h.tui.waitFor('Every VM and network inside tenant acme stops');
    h.tui.press('tab', 'enter');
    await until(() => h!.sim.rows('tenant_actions').some((r) => r['action'] === 'poweroff'), 'the power-off action');
  });
});

describe(':tenants n (#14)', () => {
  it('creates a tenant by name without the wizard, refusing a taken name inline', async () => {
    h = await startHarness({columns: 120, rows: 30});
    await h.tui.waitFor('connected');
    await h.command('tenants');
    await h.tui.waitFor('acme');
    const before = h.sim.requests.length;
    h.tui.press('n');
    await h.tui.waitFor('New tenant');
    h.tui.type('ACME');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('a tenant named ACME exists');
    expect(writes(h.sim, before)).toEqual([]);
    for (let i = 0; i < 4; i++) h.tui.press('backspace');
    h.tui.type('globex');
    h.tui.press('tab');
    h.tui.type('Globex Corp');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('Create tenant globex?');
    h.tui.press('tab', 'enter');
    await h.tui.waitFor('Tenant globex created');
    expect(h.sim.rows('tenants').find((t) => t['name'] === 'globex')).toMatchObject({description: 'Globex Corp'});
    expect(writes(h.sim, before)).toEqual(['POST /api/v4/tenants 201']);
  });
});
