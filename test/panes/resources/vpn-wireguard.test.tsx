// The VPN pane, WireGuard side, against the simulator: a peer made with a key
// pair generated here (the private key never leaves this machine: not in any
// request, not in the audit log), its client configuration, delete with the
// typed name; VergeOS's refusals explained before anything is sent.
import {readFileSync, existsSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {wireguardPublicKey} from '../../../source/domain/wireguard-keys.js';
import {expectFramesFit, rowNamed, startHarness, until, writes, type Harness} from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function openPeersOfWg0(harness: Harness) {
  await harness.tui.waitFor('connected');
  await harness.command('vpn');
  await harness.tui.waitFor('wg0');
  // Sorted by network, then type: hq (IPsec) first, then wg0 (WireGuard).
  harness.tui.press('j', 'enter');
  await harness.tui.waitFor('branch-office');
}

describe(':vpn WireGuard', () => {
  it('lists interfaces and tunnels with their state, and peers with handshakes', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    const text = h.text();
    expect(text).toMatch(/IPsec +hq +mgmt/);
    expect(text).toMatch(/WireGuard +wg0 +mgmt/);
    expect(text).toContain('2 peers');
    // mgmt has no rule changes waiting: the APPLY column of its VPN rows stays blank.
    expect(
      h.sim.row('vnets', h.sim.rows('vnets').find((n) => n['name'] === 'mgmt')!['$key'] as number)!['need_fw_apply'],
    ).toBe(false);
    for (const line of text.split('\n').filter((l) => /IPsec +hq|WireGuard +wg0/.test(l)))
      expect(line).not.toMatch(/▲|pending/);
    h.tui.press('j', 'enter');
    await h.tui.waitFor('alice-laptop');
    expect(h.text()).toContain('192.168.255.10/32');
    expect(h.text()).toMatch(/branch-office +192\.168\.255\.2\/32/);
    expectFramesFit(h.tui, 80, 24);
  });

  it('creates a peer with a key pair made here; only the public key reaches VergeOS; the config shows the private key once', async () => {
    h = await startHarness({proxy: true});
    await openPeersOfWg0(h);
    const before = h.sim.requests.length;
    h.tui.press('n');
    await h.tui.waitFor('New peer of wg0');
    // Nothing typed yet: a submit is refused inline and sends nothing.
    h.tui.press('ctrl+s');
    await h.tui.waitFor('Fix 1 field');
    expect(h.text()).toContain('a peer name is requ');
    h.tui.type('carol-phone');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    expect(writes(h.sim, before)).toEqual([]);
    const dialog = h.text();
    expect(dialog).toContain('POST /api/v4/vnet_wireguard_peers');
    expect(dialog).toContain('only its public key is sent');
    h.tui.press('tab', 'enter');
    await h.tui.waitFor('PrivateKey = ');

    const config = h.text();
    const privateKey = /PrivateKey = (\S{44})/.exec(config)![1];
    const row = rowNamed(h.sim, 'vnet_wireguard_peers', 'carol-phone')!;
    expect(row['public_key']).toBe(wireguardPublicKey(privateKey));
    expect(row['peer_ip']).toBe('192.168.255.3/32');
    expect(row['allowed_ips']).toBe('192.168.255.3/32');
    expect(config).toContain('Address = 192.168.255.3/32');
    expect(config).toMatch(/PublicKey = \S{44}/);
    expect(config).toContain('AllowedIPs = 192.168.255.0/24, 10.10.3.0/24');
    expect(config).toContain('Endpoint = 203.0.113.2:51820');
    expect(config).toContain('PersistentKeepalive = 25');
    // The interface's public key in the config is the one VergeOS holds.
    expect(config).toContain(`PublicKey = ${String(rowNamed(h.sim, 'vnet_wireguards', 'wg0')!['public_key'])}`);

    // The private key went nowhere: not in any request body, not in the audit log.
    expect(h.bodies.length).toBeGreaterThan(0);
    expect(h.bodies.some((b) => b.includes(privateKey))).toBe(false);
    expect(h.bodies.filter((b) => b.includes(String(row['public_key'])))).toHaveLength(1);
    const audit = readFileSync(h.home.paths.auditLog, 'utf8');
    expect(audit).toContain('vnet_wireguard_peers');
    expect(audit).not.toContain(privateKey);

    // c copies the whole configuration through OSC 52.
    const frames = h.tui.stdout.frames.length;
    h.tui.press('c');
    await h.tui.waitFor('Sent the client configuration');
    const osc = h.tui.stdout.frames.slice(frames).join('');
    const payload = /\u001b]52;c;([A-Za-z0-9+/=]+)\u0007/.exec(osc)![1];
    expect(Buffer.from(payload, 'base64').toString('utf8')).toContain(`PrivateKey = ${privateKey}`);

    // Firewall rules are staged on mgmt: the operator is told to apply them.
    expect(h.allOutput()).toContain('Apply Rules on it');
    expect(h.sim.rows('vnets').find((n) => n['name'] === 'mgmt')!['need_fw_apply']).toBe(true);
    expectFramesFit(h.tui, 80, 24);
  });

  it('deletes a peer only after its name is typed', async () => {
    h = await startHarness();
    await openPeersOfWg0(h);
    const before = h.sim.requests.length;
    // alice-laptop is first; move to branch-office.
    h.tui.press('j', 'd');
    await h.tui.waitFor('Type branch-office to confirm');
    expect(h.text()).toMatch(/DELETE \/api\/v4\/vnet_wireguard_peers\/\d+/);
    h.tui.type('branch-offic');
    h.tui.press('enter');
    await h.tui.waitFor('exactly to confirm');
    expect(writes(h.sim, before)).toEqual([]);
    h.tui.type('e');
    h.tui.press('enter');
    await until(() => !rowNamed(h!.sim, 'vnet_wireguard_peers', 'branch-office'), 'the peer to go');
    // The table row goes (the progress panel still names the step for a moment).
    await h.tui.waitFor((f) => !/branch-offi\S* +192\.168\.255\.2\//.test(f) && f.includes('alice-laptop'));
    expect(writes(h.sim, before)).toEqual([expect.stringMatching(/^DELETE \/api\/v4\/vnet_wireguard_peers\/\d+ 200$/)]);
  });

  it('says what deleting a live interface does — its peers go, disable and Apply Rules first — and sends nothing until confirmed', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    const before = h.sim.requests.length;
    h.tui.press('j', 'd');
    await h.tui.waitFor('Its 2 peers go with it');
    expect(h.text()).toContain('wg0 runs on the router of mgmt');
    expect(h.text()).toMatch(/PUT \/api\/v4\/vnet_wireguards\/\d+ {2}enabled=false/);
    expect(h.text()).toMatch(/POST \/api\/v4\/vnet_actions {2}vnet=\d+ action="refresh"/);
    expect(h.text()).toMatch(/DELETE \/api\/v4\/vnet_wireguards\/\d+/);
    h.tui.press('escape');
    await h.tui.waitFor(/cancelled/i);
    expect(writes(h.sim, before)).toEqual([]);
    expect(existsSync(h.home.paths.auditLog)).toBe(false);
  });

  it('creates an interface: VergeOS stages its rules and the operator is told to apply them', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    h.tui.press('w');
    await h.tui.waitFor('New WireGuard interface');
    // Network picker: type to search, Enter chooses.
    h.tui.press('enter');
    h.tui.type('dev');
    h.tui.press('enter');
    await h.tui.waitFor('dev ▾');
    // Name (wg1 suggested) → address: one overlapping the site is refused inline.
    h.tui.press('tab');
    h.tui.type('10.10.4.1/24');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('overlaps dev');
    for (let i = 0; i < 12; i++) h.tui.press('backspace');
    h.tui.type('192.168.250.1/24');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    expect(h.text()).toMatch(/POST \/api\/v4\/vnet_wireguards .*name="wg1"/);
    h.tui.press('tab', 'enter');
    await until(() => rowNamed(h!.sim, 'vnet_wireguards', 'wg1') !== undefined, 'wg1 to exist');
    const wg1 = rowNamed(h.sim, 'vnet_wireguards', 'wg1')!;
    expect(wg1).toMatchObject({ip: '192.168.250.1/24', listenport: 51820, enabled: true});
    await h.tui.waitFor('staged on dev, External');
    // The UDP port translation went onto the uplink: both wait for Apply Rules.
    expect(['dev', 'External'].map((n) => rowNamed(h!.sim, 'vnets', n)!['need_fw_apply'])).toEqual([true, true]);
    expect(h.text()).toMatch(/WireGuard +wg1 +dev/);
  });

  it('deletes a live interface in one confirmation: disable, Apply Rules, delete, with its name typed', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    const before = h.sim.requests.length;
    h.tui.press('j', 'd');
    await h.tui.waitFor('Type wg0 to confirm');
    expect(h.text()).toContain('wg0 runs on the router of mgmt');
    h.tui.type('wg0');
    h.tui.press('enter');
    await until(() => rowNamed(h!.sim, 'vnet_wireguards', 'wg0') === undefined, 'wg0 to go');
    expect(writes(h.sim, before)).toEqual([
      expect.stringMatching(/^PUT \/api\/v4\/vnet_wireguards\/\d+ 200$/),
      'POST /api/v4/vnet_actions 201',
      expect.stringMatching(/^DELETE \/api\/v4\/vnet_wireguards\/\d+ 200$/),
    ]);
    // the peers went with it (PY wireguard.py delete(): "also removes all associated peers")
    expect(h.sim.rows('vnet_wireguard_peers')).toEqual([]);
  });
});
