// The resource forms (VPN, mirrors) save the way the core ones do: the row is
// read again, only what the operator changed is sent, what a colleague changed
// meanwhile stays (and the operator is told), and a field both changed is the
// operator's choice. (The old forms rebuilt the whole object from their copy.)
import {afterEach, describe, expect, it} from 'vitest';
import {VergeClient} from '../../../source/api/client.js';
import {focusFormField} from '../../ui/harness.js';
import {rowNamed, startHarness, until, writes, type Harness} from './helpers.js';

let h: Harness | undefined;
let colleague: VergeClient | undefined;
afterEach(async () => {
  await colleague?.close();
  await h?.close();
  h = colleague = undefined;
});

async function meanwhile(table: string, key: number, body: Record<string, unknown>): Promise<void> {
  colleague ??= new VergeClient({url: h!.sim.url, auth: {kind: 'basic', user: h!.sim.user, password: h!.sim.password}});
  await colleague.update(table, key, body);
  await h!.session.refresh();
}

describe('WireGuard interface form', () => {
  it("sends only the port the operator changed and keeps the colleague's description", async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    // The IPsec tunnel comes first; wg0 is the next row.
    h.tui.press('j', 'e');
    await h.tui.waitFor('Edit WireGuard interface wg0');
    const key = Number(rowNamed(h.sim, 'vnet_wireguards', 'wg0')!['$key']);
    await meanwhile('vnet_wireguards', key, {description: 'changed by a colleague'});
    const before = h.sim.requests.length;
    h.tui.press('ctrl+u');
    h.tui.type('51821');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    expect(h.text()).toMatch(/PUT \/api\/v4\/vnet_wireguards\/\d+\s+listenport=51821/);
    expect(h.text()).not.toContain('description=');
    h.tui.press('tab', 'enter');
    await until(() => rowNamed(h!.sim, 'vnet_wireguards', 'wg0')!['listenport'] === 51821, 'the port to change');
    expect(rowNamed(h.sim, 'vnet_wireguards', 'wg0')!['description']).toBe('changed by a colleague');
    await h.tui.waitFor(/kept the newer Description from the server/);
    expect(writes(h.sim, before)).toEqual([expect.stringMatching(/^PUT \/api\/v4\/vnet_wireguards\/\d+ 200$/)]);
  });

  it('asks which port to keep when the colleague changed it too', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    // The IPsec tunnel comes first; wg0 is the next row.
    h.tui.press('j', 'e');
    await h.tui.waitFor('Edit WireGuard interface wg0');
    const key = Number(rowNamed(h.sim, 'vnet_wireguards', 'wg0')!['$key']);
    await meanwhile('vnet_wireguards', key, {listenport: 51900});
    const before = h.sim.requests.length;
    h.tui.press('ctrl+u');
    h.tui.type('51821');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('choose the value to keep');
    expect(h.text()).toMatch(/UDP port.*yours: 51821.*server: 51900/);
    h.tui.press('right', 'enter');
    await h.tui.waitFor(/nothing to change/);
    expect(rowNamed(h.sim, 'vnet_wireguards', 'wg0')!['listenport']).toBe(51900);
    expect(writes(h.sim, before)).toEqual([]);
  });
});

describe('port mirroring form', () => {
  it('restarting without changing the mode keeps the mode a colleague set meanwhile', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('mirrors');
    await h.tui.waitFor(/› db /);
    h.tui.press('m');
    await h.tui.waitFor('Port mirroring of db');
    const key = Number(rowNamed(h.sim, 'vnets', 'db')!['$key']);
    await meanwhile('vnets', key, {port_mirroring: 'east_west'});
    h.tui.press('tab', 'space');
    await h.tui.waitFor('[x] yes');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    expect(h.text()).not.toContain('port_mirroring=');
    expect(h.text()).toContain('action="reset"');
    h.tui.press('escape');
  });
});

describe('WireGuard peer form', () => {
  it("sends only the keepalive the operator changed and keeps the colleague's description", async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    h.tui.press('j', 'enter');
    await h.tui.waitFor('branch-office');
    // alice-laptop is the first peer.
    h.tui.press('e');
    await h.tui.waitFor('Edit peer alice-laptop of wg0');
    const key = Number(rowNamed(h.sim, 'vnet_wireguard_peers', 'alice-laptop')!['$key']);
    await meanwhile('vnet_wireguard_peers', key, {description: 'laptop replaced'});
    const before = h.sim.requests.length;
    await focusFormField(h.tui, 'Keepalive (s)');
    h.tui.press('ctrl+u');
    h.tui.type('30');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    expect(h.text()).toMatch(/PUT \/api\/v4\/vnet_wireguard_peers\/\d+\s+keepalive=30/);
    expect(h.text()).not.toContain('description=');
    h.tui.press('tab', 'enter');
    await until(() => rowNamed(h!.sim, 'vnet_wireguard_peers', 'alice-laptop')!['keepalive'] === 30, 'the keepalive');
    expect(rowNamed(h.sim, 'vnet_wireguard_peers', 'alice-laptop')!['description']).toBe('laptop replaced');
    await h.tui.waitFor(/kept the newer Description from the server/);
    expect(writes(h.sim, before)).toEqual([expect.stringMatching(/^PUT \/api\/v4\/vnet_wireguard_peers\/\d+ 200$/)]);
  });
});

describe('IPsec phase 2 form', () => {
  it('asks which remote CIDRs to keep when the colleague changed them too, and sends nothing for the server value', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    h.tui.press('enter');
    await h.tui.waitFor('hq-lan');
    h.tui.press('e');
    await h.tui.waitFor('Edit phase 2 hq-lan of hq');
    const key = Number(rowNamed(h.sim, 'vnet_ipsec_phase2s', 'hq-lan')!['$key']);
    await meanwhile('vnet_ipsec_phase2s', key, {remote: '172.18.0.0/16'});
    const before = h.sim.requests.length;
    await focusFormField(h.tui, 'Remote CIDRs');
    h.tui.press('ctrl+u');
    h.tui.type('172.19.0.0/16');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('choose the value to keep');
    expect(h.text()).toMatch(/Remote CIDRs.*yours: 172\.19\.0\.0\/16.*server: 172\.18\.0\.0\/16/);
    h.tui.press('right', 'enter');
    await h.tui.waitFor(/nothing to change/);
    expect(rowNamed(h.sim, 'vnet_ipsec_phase2s', 'hq-lan')!['remote']).toBe('172.18.0.0/16');
    expect(writes(h.sim, before)).toEqual([]);
  });
});

describe('IPsec tunnel form', () => {
  it("sends only the description the operator changed and keeps the colleague's remote gateway", async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    // The IPsec tunnel hq is the first row.
    h.tui.press('e');
    await h.tui.waitFor('Edit IPsec tunnel hq');
    const key = Number(rowNamed(h.sim, 'vnet_ipsec_phase1s', 'hq')!['$key']);
    await meanwhile('vnet_ipsec_phase1s', key, {remote_gateway: '198.51.100.77'});
    const before = h.sim.requests.length;
    await focusFormField(h.tui, 'Description');
    h.tui.press('ctrl+u');
    h.tui.type('HQ over the new line');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    expect(h.text()).toMatch(/PUT \/api\/v4\/vnet_ipsec_phase1s\/\d+\s+description="HQ over the new line"/);
    expect(h.text()).not.toContain('remote_gateway=');
    h.tui.press('tab', 'enter');
    await until(
      () => rowNamed(h!.sim, 'vnet_ipsec_phase1s', 'hq')!['description'] === 'HQ over the new line',
      'the description',
    );
    expect(rowNamed(h.sim, 'vnet_ipsec_phase1s', 'hq')!['remote_gateway']).toBe('198.51.100.77');
    await h.tui.waitFor(/kept the newer Remote gateway from the server/);
    expect(writes(h.sim, before)).toEqual([expect.stringMatching(/^PUT \/api\/v4\/vnet_ipsec_phase1s\/\d+ 200$/)]);
  });
});
