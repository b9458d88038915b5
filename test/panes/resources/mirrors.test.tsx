// :mirrors against the simulator: turning mirroring on with a restart makes
// VergeOS create `<NAME>_mirror`; a capture VM's NIC is then attached to it.
import {afterEach, describe, expect, it} from 'vitest';
import {expectFramesFit, rowNamed, startHarness, until, writes, type Harness} from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe(':mirrors', () => {
  it("shows each network's mode, mirror network and capture NICs", async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('mirrors');
    await h.tui.waitFor('web_mirror');
    expect(h.text()).toMatch(/web +• north\/south +web_mirror +capture-01\.eth1/);
    expect(h.text()).toMatch(/db +off/);
    expect(h.text()).not.toMatch(/^\s*›?\s*web_mirror /m);
    expectFramesFit(h.tui, 80, 24);
  });

  it('changes the mode with a restart; db_mirror appears; a capture NIC is attached to it', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('mirrors');
    await h.tui.waitFor('web_mirror');
    // Networks sorted by name: db first.
    await h.tui.waitFor(/› db /);
    h.tui.press('m');
    await h.tui.waitFor('Port mirroring of db');
    const before = h.sim.requests.length;
    h.tui.press('right');
    await h.tui.waitFor('north/south (through the router)');
    h.tui.press('tab', 'space');
    await h.tui.waitFor('[x] yes');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    const dialog = h.text();
    expect(dialog).toContain('PUT /api/v4/vnets/');
    expect(dialog).toContain('port_mirroring="north_south"');
    expect(dialog).toContain('action="reset"');
    expect(dialog).toContain('briefly interrupts');
    h.tui.press('tab', 'enter');
    await until(() => rowNamed(h!.sim, 'vnets', 'db_mirror') !== undefined, 'db_mirror to appear', 5000);
    expect(writes(h.sim, before)).toEqual([
      expect.stringMatching(/^PUT \/api\/v4\/vnets\/\d+ 200$/),
      'POST /api/v4/vnet_actions 201',
    ]);
    const db = rowNamed(h.sim, 'vnets', 'db')!;
    const mirror = rowNamed(h.sim, 'vnets', 'db_mirror')!;
    expect(db['port_mirroring']).toBe('north_south');
    expect(db['port_mirroring_vnet']).toBe(mirror['$key']);
    expect(mirror['type']).toBe('port_mirror');

    h.tui.press('r');
    await h.tui.waitFor(/db +• north\/south +db_mirror/);
    h.tui.press('a');
    await h.tui.waitFor('Attach a capture NIC to db_mirror');
    h.tui.press('enter');
    h.tui.type('capture-01 eth0');
    h.tui.press('enter');
    await h.tui.waitFor('capture-01 eth0 ▾');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    expect(h.text()).toContain('It leaves mgmt');
    expect(h.text()).toMatch(new RegExp(`PUT /api/v4/machine_nics/\\d+  vnet=${String(mirror['$key'])}`));
    h.tui.press('tab', 'enter');
    const capture = h.sim.rows('vms').find((v) => v['name'] === 'capture-01')!;
    const eth0 = () =>
      h!.sim.rows('machine_nics').find((n) => n['machine'] === capture['machine'] && n['name'] === 'eth0')!;
    await until(() => eth0()['vnet'] === mirror['$key'], 'the NIC to move');
    await h.tui.waitFor(/db +• north\/south +db_mirror +capture-01\.eth0/);
  });

  it('does not offer attaching before the mirror network exists', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('mirrors');
    await h.tui.waitFor('web_mirror');
    h.tui.press('a');
    await h.tui.waitFor('db is not mirrored');
    expect(h.text()).not.toContain('Attach a capture NIC');
  });
});
