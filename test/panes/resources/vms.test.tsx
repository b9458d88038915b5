// :vms against the simulator: VMs with their NICs' networks and addresses,
// and moving a NIC to another network after a confirmation showing the call.
import {afterEach, describe, expect, it} from 'vitest';
import {expectFramesFit, startHarness, until, writes, type Harness} from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function openNicsOf(harness: Harness, vm: string) {
  await harness.tui.waitFor('connected');
  await harness.command('vms');
  await harness.tui.waitFor('web-02');
  harness.tui.press('/');
  harness.tui.type(vm);
  harness.tui.press('enter');
  await harness.tui.waitFor(`No VM matches`, 100).catch(() => undefined);
  harness.tui.press('enter');
  await harness.tui.waitFor(`NICs of ${vm}`);
}

describe(':vms', () => {
  it('lists VMs with state, networks and addresses', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vms');
    await h.tui.waitFor('web-02');
    const text = h.text();
    expect(text).toMatch(/capture-01 +● running +2 +mgmt, web_mirror +10\.10\.3\.51/);
    expect(text).toMatch(/dev-01 +○ stopped +1 +dev +10\.10\.4\.41/);
    expectFramesFit(h.tui, 80, 24);
  });

  it('moves a NIC to another network; the same network is refused inline', async () => {
    h = await startHarness();
    await openNicsOf(h, 'web-02');
    expect(h.text()).toMatch(/eth0 +web +10\.10\.1\.12 +52:54:00/);
    h.tui.press('m');
    await h.tui.waitFor('Move web-02 eth0 to another network');
    const before = h.sim.requests.length;
    h.tui.press('enter');
    h.tui.type('web');
    await h.tui.waitFor('web_mirror');
    h.tui.press('enter');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('already on web');
    expect(writes(h.sim, before)).toEqual([]);

    h.tui.press('up', 'enter');
    h.tui.type('dev');
    h.tui.press('enter');
    await h.tui.waitFor('dev ▾');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    const vm = h.sim.rows('vms').find((v) => v['name'] === 'web-02')!;
    const nic = h.sim.rows('machine_nics').find((n) => n['machine'] === vm['machine'])!;
    const dev = h.sim.rows('vnets').find((n) => n['name'] === 'dev')!;
    expect(h.text()).toContain(`PUT /api/v4/machine_nics/${String(nic['$key'])}  vnet=${String(dev['$key'])}`);
    expect(h.text()).toContain('Its address 10.10.1.12 belongs to web');
    h.tui.press('tab', 'enter');
    await until(() => h!.sim.row('machine_nics', nic['$key'] as number)!['vnet'] === dev['$key'], 'the NIC to move');
    expect(writes(h.sim, before)).toEqual([`PUT /api/v4/machine_nics/${String(nic['$key'])} 200`]);
    await h.tui.waitFor(/eth0 +dev /);
  });
});
