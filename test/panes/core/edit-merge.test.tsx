// An edit form left open while a colleague changes the same object: after a
// background refresh the operator saves a change to one field. Only that field
// is sent; what the colleague changed stays and the operator is told; a field
// both changed shows both values for the operator to choose. (The old forms
// sent every field from their copy and put the colleague's values back.)
import {afterEach, describe, expect, it} from 'vitest';
import {VergeClient} from '../../../source/api/client.js';
import {focusFormField, stripAnsi} from '../../ui/harness.js';
import {openConsole, selectRow, type Console} from './helpers.js';

let c: Console | undefined;
let colleague: VergeClient | undefined;
afterEach(async () => {
  await colleague?.close();
  await c?.close();
  c = colleague = undefined;
});

async function open(view: string, params: unknown, ready: string): Promise<Console> {
  c = await openConsole({initialView: view, initialParams: params});
  await c.tui.waitFor(ready);
  await c.tui.waitFor('updated');
  colleague = new VergeClient({url: c.sim.url, auth: {kind: 'basic', user: c.sim.user, password: c.sim.password}});
  return c;
}

/** Someone else's change, through the API, then the console's background refresh. */
async function meanwhile(table: string, key: number, body: Record<string, unknown>): Promise<void> {
  await colleague!.update(table, key, body);
  await c!.session.refresh();
}

describe('rule form', () => {
  const SSH = 'Allow SSH from admins';
  const ruleKey = () => c!.key('vnet_rules', SSH, (r) => r['vnet'] === c!.key('vnets', 'web'));

  it("keeps the colleague's ports and source when the operator changes only the description", async () => {
    const {tui, sim} = await open('rules', {network: 'web'}, 'rules of web');
    await selectRow(tui, SSH);
    tui.press('e');
    await tui.waitFor(`Edit rule web/${SSH}`);
    const key = ruleKey();
    await meanwhile('vnet_rules', key, {destination_ports: '22,2222', source_ip: '10.10.3.0/24'});
    sim.clearRequests();
    await focusFormField(tui, 'Description');
    tui.press('ctrl+u');
    tui.type('jump hosts only');
    tui.press('ctrl+s');
    await tui.waitFor(/kept the newer Source, Destination ports from the server/);
    expect(sim.row('vnet_rules', key)).toMatchObject({
      description: 'jump hosts only',
      destination_ports: '22,2222',
      source_ip: '10.10.3.0/24',
    });
    expect(c!.writes()).toEqual([`PUT /api/v4/vnet_rules/${key}`]);
  });

  it('shows both values of a field changed on both sides and saves the one the operator picks', async () => {
    const {tui, sim} = await open('rules', {network: 'web'}, 'rules of web');
    await selectRow(tui, SSH);
    tui.press('e');
    await tui.waitFor(`Edit rule web/${SSH}`);
    const key = ruleKey();
    await meanwhile('vnet_rules', key, {destination_ports: '2222'});
    sim.clearRequests();
    for (let i = 0; i < 7; i++) tui.press('tab');
    tui.press('ctrl+u');
    tui.type('8022');
    tui.press('ctrl+s');
    const frame = stripAnsi(await tui.waitFor('choose the value to keep'));
    expect(frame).toMatch(/Destination ports.*yours: 8022.*server: 2222/);
    expect(c!.writes()).toEqual([]);
    // Esc goes back to the form with what was typed.
    tui.press('escape');
    await tui.waitFor(/Destination ports\s+8022/);
    tui.press('ctrl+s');
    await tui.waitFor('choose the value to keep');
    tui.press('right', 'enter');
    await tui.waitFor(/nothing to change/);
    expect(sim.row('vnet_rules', key)?.['destination_ports']).toBe('2222');
    expect(c!.writes()).toEqual([]);
  });

  it("keeps the operator's value when they pick it", async () => {
    const {tui, sim} = await open('rules', {network: 'web'}, 'rules of web');
    await selectRow(tui, SSH);
    tui.press('e');
    await tui.waitFor(`Edit rule web/${SSH}`);
    const key = ruleKey();
    await meanwhile('vnet_rules', key, {destination_ports: '2222', description: 'theirs'});
    sim.clearRequests();
    for (let i = 0; i < 7; i++) tui.press('tab');
    tui.press('ctrl+u');
    tui.type('8022');
    tui.press('ctrl+s');
    await tui.waitFor('choose the value to keep');
    tui.press('enter');
    await tui.waitFor(/kept the newer Description from the server/);
    expect(sim.row('vnet_rules', key)).toMatchObject({destination_ports: '8022', description: 'theirs'});
  });
});

describe('network form', () => {
  it("keeps the colleague's DNS servers when the operator changes only the description", async () => {
    const {tui, sim} = await open('networks', undefined, 'web');
    await selectRow(tui, 'db');
    tui.press('e');
    await tui.waitFor('Edit network db');
    const key = c!.key('vnets', 'db');
    await meanwhile('vnets', key, {dnslist: '9.9.9.9', domain: 'db.other.internal'});
    sim.clearRequests();
    tui.press('tab');
    tui.press('ctrl+u');
    tui.type('Databases (prod)');
    tui.press('ctrl+s');
    await tui.waitFor(/kept the newer .* from the server/);
    expect(sim.row('vnets', key)).toMatchObject({
      description: 'Databases (prod)',
      dnslist: '9.9.9.9',
      domain: 'db.other.internal',
    });
    expect(c!.writes()).toEqual([`PUT /api/v4/vnets/${key}`]);
  });
});

describe('alias form', () => {
  it('keeps an entry the colleague added when the operator adds another (entries merge as a list)', async () => {
    const {tui, sim} = await open('aliases', undefined, 'admins');
    await selectRow(tui, 'admins');
    tui.press('e');
    await tui.waitFor('Edit alias admins');
    const key = c!.key('vnet_rule_aliases', 'admins');
    const before = String(sim.row('vnet_rule_aliases', key)?.['value']);
    await meanwhile('vnet_rule_aliases', key, {value: `${before},10.10.3.77|colleague`, description: 'theirs'});
    sim.clearRequests();
    // name, description, scope, entry 1, label 1, entry 2, label 2, then the blank entry 3.
    for (let i = 0; i < 7; i++) tui.press('tab');
    tui.type('10.10.3.88');
    tui.press('ctrl+s');
    await tui.waitFor(/kept the newer Description from the server/);
    const value = String(sim.row('vnet_rule_aliases', key)?.['value']);
    expect(value).toContain('10.10.3.77|colleague');
    expect(value).toContain('10.10.3.88');
    expect(sim.row('vnet_rule_aliases', key)?.['description']).toBe('theirs');
  });
});
