// The VPN pane, IPsec side: a tunnel with its first phase 2 from one form; the
// pre-shared key typed masked or generated here — never on screen, masked in
// the confirmation and the audit log; delete takes the phase 2 entries first.
import {readFileSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {expectFramesFit, rowNamed, startHarness, until, writes, type Harness} from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PSK = 'correct-horse-battery-staple-42';

/** Fills the tunnel form up to (and including) the key mode; leaves focus on the PSK field. */
async function startTunnelForm(harness: Harness, pskMode: 'generate' | 'enter') {
  await harness.tui.waitFor('connected');
  await harness.command('vpn');
  await harness.tui.waitFor('wg0');
  harness.tui.press('i');
  await harness.tui.waitFor('New IPsec tunnel');
  harness.tui.press('enter');
  harness.tui.type('mgmt');
  harness.tui.press('enter');
  await harness.tui.waitFor('mgmt ▾');
  harness.tui.type('branch');
  harness.tui.press('tab');
  harness.tui.type('198.51.100.30');
  harness.tui.press('tab', 'tab', 'tab');
  if (pskMode === 'enter') harness.tui.press('right');
  harness.tui.press('tab');
}

/** From the PSK field to the selectors, then submit. */
function fillSelectors(harness: Harness) {
  // psk → start → dead peer → enabled → description → phase 2 name → local
  harness.tui.press('tab', 'tab', 'tab', 'tab', 'tab', 'tab');
  harness.tui.type('10.10.3.0/24');
  harness.tui.press('tab');
  harness.tui.type('172.30.0.0/16');
  harness.tui.press('ctrl+s');
}

describe(':vpn IPsec', () => {
  it("proposes the chosen network's block as the local CIDRs (#14)", async () => {
    h = await startHarness({columns: 120, rows: 30});
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    h.tui.press('i');
    await h.tui.waitFor('New IPsec tunnel');
    h.tui.press('enter');
    h.tui.type('db');
    h.tui.press('enter');
    await h.tui.waitFor('db ▾');
    await h.tui.waitFor(/Local CIDRs\s+10\.10\.2\.0\/24/);
    h.tui.press('shift+tab');
    h.tui.press('enter');
    h.tui.type('web');
    h.tui.press('enter');
    await h.tui.waitFor(/Local CIDRs\s+10\.10\.1\.0\/24/);
    expect(writes(h.sim, 0)).toEqual([]);
  });

  it('creates a tunnel with a typed PSK that never shows and never reaches the audit log in clear', async () => {
    // Wide enough for the whole call to show in the confirmation.
    h = await startHarness({columns: 160, rows: 30, proxy: true});
    await startTunnelForm(h, 'enter');
    const before = h.sim.requests.length;
    h.tui.type('short');
    fillSelectors(h);
    await h.tui.waitFor('Fix 1 field');
    expect(h.text()).toContain('at least 16');
    expect(writes(h.sim, before)).toEqual([]);
    // A refused submit puts the focus on the first bad field: the PSK.
    for (let i = 0; i < 5; i++) h.tui.press('backspace');
    h.tui.type(PSK);
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    const dialog = h.text();
    expect(dialog).toContain('POST /api/v4/vnet_ipsec_phase1s');
    expect(dialog).toContain('psk=••••');
    expect(dialog).toContain('POST /api/v4/vnet_ipsec_phase2s');
    expect(writes(h.sim, before)).toEqual([]);
    h.tui.press('tab', 'enter');
    await until(() => rowNamed(h!.sim, 'vnet_ipsec_phase2s', 'lan') !== undefined, 'the phase 2');
    const p1 = rowNamed(h.sim, 'vnet_ipsec_phase1s', 'branch')!;
    expect(p1).toMatchObject({
      remote_gateway: '198.51.100.30',
      keyexchange: 'ikev2',
      ike: 'aes256-sha256-modp2048',
      auth: 'psk',
    });
    // The key travelled once, in the create body (VergeOS never returns it).
    expect(h.bodies.filter((b) => b.includes(PSK)).map((b) => JSON.parse(b) as Record<string, unknown>)).toEqual([
      expect.objectContaining({name: 'branch', psk: PSK}),
    ]);
    expect(rowNamed(h.sim, 'vnet_ipsec_phase2s', 'lan')).toMatchObject({
      phase1: p1['$key'],
      local: '10.10.3.0/24',
      remote: '172.30.0.0/16',
      mode: 'tunnel',
    });
    // The existing configuration of mgmt was used, not a second one.
    expect(h.sim.rows('vnet_ipsecs')).toHaveLength(1);
    // #14 item 3: the rules the tunnel needs are offered; declined, the status line says what is missing.
    await h.tui.waitFor('Rules for IPsec tunnel branch on mgmt?');
    expect(h.text()).toContain('+ accept IKE (udp 500, 4500) from 198.51.100.30');
    expect(h.text()).toContain('+ accept ESP from 198.51.100.30');
    h.tui.press('enter');
    await h.tui.waitFor(/Tunnel branch still lacks: accept IKE/);
    expect(h.sim.rows('vnet_rules').some((r) => r['name'] === 'allow-ike-from-branch')).toBe(false);
    await h.tui.waitFor(/IPsec +branch +mgmt/);
    expect(h.allOutput()).not.toContain(PSK);
    const audit = readFileSync(h.home.paths.auditLog, 'utf8');
    expect(audit).toContain('psk=••••');
    expect(audit).not.toContain(PSK);
    expectFramesFit(h.tui, 160, 30);
  });

  it('generates a PSK, shows it masked only, and copies it for the other side', async () => {
    h = await startHarness({columns: 160, rows: 30, proxy: true});
    await startTunnelForm(h, 'generate');
    fillSelectors(h);
    await h.tui.waitFor('This sends:');
    expect(h.text()).toContain('psk=••••');
    h.tui.press('tab', 'enter');
    // The rules the tunnel needs, offered and accepted: created on mgmt and applied.
    await h.tui.waitFor('Rules for IPsec tunnel branch on mgmt?');
    expect(h.text()).toMatch(/route 10\.10\.3\.0\/24|accept ESP/);
    h.tui.press('tab', 'enter');
    await h.tui.waitFor('Pre-shared key   ••••');
    const mgmt = h.sim.rows('vnets').find((r) => r['name'] === 'mgmt')!;
    const names = h.sim
      .rows('vnet_rules')
      .filter((r) => r['vnet'] === mgmt['$key'])
      .map((r) => r['name']);
    expect(names).toEqual(expect.arrayContaining(['allow-ike-from-branch', 'allow-esp-from-branch']));
    await until(() => h!.sim.row('vnets', Number(mgmt['$key']))!['need_fw_apply'] === false, 'Apply Rules on mgmt');
    expect(rowNamed(h.sim, 'vnet_ipsec_phase1s', 'branch')).toBeDefined();
    const sent = h.bodies
      .map((b) => (b ? (JSON.parse(b) as Record<string, unknown>) : {}))
      .filter((b) => b['psk'] !== undefined);
    expect(sent).toHaveLength(1);
    const stored = String(sent[0]['psk']);
    expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const frames = h.tui.stdout.frames.length;
    h.tui.press('c');
    await h.tui.waitFor('Sent the pre-shared key');
    const payload = /\u001b]52;c;([A-Za-z0-9+/=]+)\u0007/.exec(h.tui.stdout.frames.slice(frames).join(''))![1];
    expect(Buffer.from(payload, 'base64').toString('utf8')).toBe(stored);
    expect(h.allOutput()).not.toContain(stored);
    expect(readFileSync(h.home.paths.auditLog, 'utf8')).not.toContain(stored);
    // A copy is never claimed to have worked: the terminal does not say.
    expect(h.text()).toMatch(
      /Sent the pre-shared key of branch to the terminal clipboard \(OSC 52; some terminals ignore it\)/,
    );
    expect(h.text()).not.toMatch(/copied|success/i);
    // v shows the new key, once asked, with what that means; v again hides it.
    h.tui.press('v');
    await h.tui.waitFor(`Pre-shared key   ${stored}`);
    expect(h.text()).toContain('Shown because you asked (v hides it)');
    h.tui.press('v');
    await h.tui.waitFor('Pre-shared key   ••••');
    expect(readFileSync(h.home.paths.auditLog, 'utf8')).not.toContain(stored);
  });

  it('deletes a tunnel and its phase 2 entries, in that order, after its name is typed', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    const before = h.sim.requests.length;
    h.tui.press('d');
    await h.tui.waitFor('Type hq to confirm');
    const dialog = h.text();
    expect(dialog.indexOf('DELETE /api/v4/vnet_ipsec_phase2s/')).toBeGreaterThan(0);
    expect(dialog.indexOf('DELETE /api/v4/vnet_ipsec_phase2s/')).toBeLessThan(
      dialog.indexOf('DELETE /api/v4/vnet_ipsec_phase1s/'),
    );
    h.tui.type('hq');
    h.tui.press('enter');
    await until(() => rowNamed(h!.sim, 'vnet_ipsec_phase1s', 'hq') === undefined, 'hq to go');
    expect(writes(h.sim, before)).toEqual([
      expect.stringMatching(/^DELETE \/api\/v4\/vnet_ipsec_phase2s\/\d+ 200$/),
      expect.stringMatching(/^DELETE \/api\/v4\/vnet_ipsec_phase1s\/\d+ 200$/),
    ]);
    expect(h.sim.rows('vnet_ipsec_phase2s')).toEqual([]);
  });

  it('adds a phase 2 to a tunnel; overlapping selectors are refused inline', async () => {
    h = await startHarness();
    await h.tui.waitFor('connected');
    await h.command('vpn');
    await h.tui.waitFor('wg0');
    h.tui.press('enter');
    await h.tui.waitFor('hq-lan');
    h.tui.press('n');
    await h.tui.waitFor('New phase 2 of hq');
    const before = h.sim.requests.length;
    h.tui.type('hq-dmz');
    h.tui.press('tab');
    h.tui.type('10.10.3.0/24');
    h.tui.press('tab');
    h.tui.type('10.10.3.128/25');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('overlaps');
    expect(writes(h.sim, before)).toEqual([]);
    for (let i = 0; i < 14; i++) h.tui.press('backspace');
    h.tui.type('172.17.0.0/16');
    h.tui.press('ctrl+s');
    await h.tui.waitFor('This sends:');
    h.tui.press('tab', 'enter');
    await until(() => rowNamed(h!.sim, 'vnet_ipsec_phase2s', 'hq-dmz') !== undefined, 'the phase 2');
    expect(rowNamed(h.sim, 'vnet_ipsec_phase2s', 'hq-dmz')).toMatchObject({
      local: '10.10.3.0/24',
      remote: '172.17.0.0/16',
      lifetime: 3600,
    });
    await h.tui.waitFor(/hq-dmz +10\.10\.3\.0\/24 +172\.17\.0\.0\/16/);
  });
});
