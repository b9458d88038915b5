// The networks pane against the simulator: the list and its data age, drill
// into rules and details, create / delete / power with the real API, invalid
// input that sends nothing, read-only mode, and a failing API (stale data).
import {afterEach, describe, expect, it} from 'vitest';
import {openConsole, selectRow, type Console} from './helpers.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('networks pane', () => {
  it('lists networks with state, pending rules and mirroring; Enter opens the rules, i the details', async () => {
    c = await openConsole();
    const {tui} = c;
    await tui.waitFor('updated 0 s ago');
    const text = c.text();
    expect(text).toMatch(/dev\s+internal\s+10\.10\.4\.0\/24\s+10\.10\.4\.1\s+● running\s+4\s+▲ pending/);
    expect(text).toMatch(/web\s+internal\s+10\.10\.1\.0\/24.*n\/s → web_mirror/);
    expect(text).toContain('1 with rule changes pending');
    await selectRow(tui, 'web ');
    tui.press('enter');
    await tui.waitFor('rules of web');
    const rules = c.text();
    expect(rules).toContain('Allow SSH from admins');
    expect(rules).toMatch(/alias:admins/);
    expect(rules).toMatch(/default incoming\s+drop/);
    expect(rules).toMatch(/default outgoing\s+accept/);
    expect(rules).toContain('networks › rules web');
    tui.press('escape');
    await tui.waitFor('1 with rule changes pending');
    tui.press('i');
    await tui.waitFor('Address block');
    expect(c.text()).toMatch(/DHCP\s+on, 10\.10\.1\.100 – 10\.10\.1\.200/);
    expect(c.text()).toMatch(/Mirroring\s+north\/south → web_mirror/);
  });

  it('creates an internal network through the form, powered on', async () => {
    c = await openConsole();
    const {tui, sim} = c;
    await tui.waitFor('updated');
    tui.press('n');
    await tui.waitFor('New internal network');
    tui.type('app');
    tui.press('ctrl+s');
    await tui.waitFor('1 with rule changes pending', 5000);
    const row = sim.rows('vnets').find((r) => r['name'] === 'app');
    expect(row).toMatchObject({
      type: 'internal',
      network: '10.0.0.0/24',
      ipaddress: '10.0.0.1',
      dhcp_start: '10.0.0.100',
      dhcp_stop: '10.0.0.200',
      vnet_default_gateway: c.key('vnets', 'External'),
    });
    expect(c.writes()).toEqual(['POST /api/v4/vnets', 'POST /api/v4/vnet_actions']);
    await tui.waitFor(/app\s+internal\s+10\.0\.0\.0\/24\s+10\.0\.0\.1\s+● running/);
  });

  it('refuses invalid input inline and sends nothing', async () => {
    c = await openConsole();
    const {tui, sim} = c;
    await tui.waitFor('updated');
    sim.clearRequests();
    tui.press('n');
    await tui.waitFor('New internal network');
    tui.type('web');
    tui.press('tab', 'tab');
    tui.press('ctrl+u');
    tui.type('10.10.1.0/25');
    await tui.waitFor('overlaps network web (10.10.1.0/24)');
    tui.press('ctrl+s');
    await tui.waitFor('Fix 2 fields before submitting');
    expect(c.text()).toContain('a network named "web" already exists');
    expect(sim.requests).toEqual([]);
    tui.press('escape');
    await tui.waitFor('Discard your changes?');
    tui.press('y');
    await tui.waitFor('1 with rule changes pending');
    expect(sim.requests).toEqual([]);
  });

  it('deletes a stopped network only after its name is typed', async () => {
    c = await openConsole();
    const {tui, sim, session} = c;
    await session.connection!.client.create('vnets', {
      name: 'scratch',
      type: 'internal',
      network: '10.99.0.0/24',
      ipaddress: '10.99.0.1',
    });
    tui.press('r');
    await tui.waitFor('scratch');
    await selectRow(tui, 'scratch');
    tui.press('d');
    await tui.waitFor('Type scratch to confirm');
    expect(c.text()).toMatch(/DELETE \/api\/v4\/vnets\/\d+/);
    tui.type('scratc');
    tui.press('enter');
    await tui.waitFor('Type scratch exactly to confirm');
    expect(sim.rows('vnets').some((r) => r['name'] === 'scratch')).toBe(true);
    tui.type('h');
    tui.press('enter');
    await tui.waitFor('Delete network scratch: done');
    expect(sim.rows('vnets').some((r) => r['name'] === 'scratch')).toBe(false);
    await tui.waitFor((f) => !/^\s*scratch\s/m.test(f));
  });

  it('powers a network off and on with confirmation; Cancel has the focus', async () => {
    c = await openConsole();
    const {tui, sim} = c;
    await tui.waitFor('updated');
    await selectRow(tui, 'dev ');
    tui.press('X');
    await tui.waitFor('Power off network dev?');
    tui.press('enter');
    await tui.waitFor('Power off network dev: cancelled');
    expect(c.writes()).toEqual([]);
    tui.press('X');
    await tui.waitFor('Power off network dev?');
    tui.press('tab', 'enter');
    await tui.waitFor(/dev\s+internal.*○ stopped/, 5000);
    const machine = Number(sim.row('vnets', c.key('vnets', 'dev'))!['machine']);
    expect(sim.row('machine_status', machine)).toMatchObject({status: 'stopped'});
    tui.press('P');
    await tui.waitFor('Power on network dev?');
    expect(c.text()).toContain('POST /api/v4/vnet_actions  vnet=');
    tui.press('tab', 'enter');
    await tui.waitFor(/dev\s+internal.*● running/, 5000);
  });

  it('read-only mode removes every mutating key from the footer and the keyboard', async () => {
    c = await openConsole({readOnly: true});
    const {tui, sim} = c;
    await tui.waitFor('updated');
    const footer = c.text().split('\n').at(-1)!;
    expect(footer).toContain('info');
    expect(footer).not.toMatch(/new|edit|delete|apply/);
    sim.clearRequests();
    await selectRow(tui, 'dev ');
    for (const key of ['n', 'e', 'd', 'a', 'X']) tui.press(key);
    tui.press('enter');
    await tui.waitFor('rules of dev');
    expect(c.text().split('\n').at(-1)).not.toMatch(/new|edit|delete|apply|on\/off/);
    for (const key of ['n', 'e', 'd', 'x', 'K', 'a', 't', 's']) tui.press(key);
    // Keys are handled in order: once Esc took us back, none of the above opened anything.
    tui.press('escape');
    await tui.waitFor('1 with rule changes pending');
    expect(c.text()).not.toMatch(/New rule|Delete rule|Apply Rules on|Power off/);
    await c.session.refresh();
    expect(c.writes()).toEqual([]);
  });

  it('keeps the last data marked stale while the API fails, and recovers', async () => {
    c = await openConsole();
    const {tui, sim} = c;
    await tui.waitFor('updated');
    sim.setFaults('error=1');
    tui.press('r');
    await tui.waitFor('stale — updated');
    expect(c.text()).toContain('API unreachable');
    expect(c.text()).toContain('dev ');
    sim.setFaults('none');
    tui.press('r');
    await tui.waitFor((f) => f.includes('updated 0 s ago') && !f.includes('stale'));
    expect(c.text()).not.toContain('API unreachable');
  });
});

describe('networks pane: edits and hostile text', () => {
  it('edits a network with one PUT of the changed fields and says a restart is due', async () => {
    c = await openConsole();
    const {tui, sim} = c;
    await tui.waitFor('updated');
    await selectRow(tui, 'web ');
    tui.press('e');
    await tui.waitFor('Edit network web');
    tui.press('tab', 'tab', 'tab', 'tab', 'tab', 'tab', 'tab', 'tab', 'tab');
    await tui.waitFor(/› DNS servers\s+1\.1\.1\.1,9\.9\.9\.9/);
    tui.press('ctrl+u');
    tui.type('9.9.9.9');
    tui.press('ctrl+s');
    await tui.waitFor('the new settings take effect when it restarts');
    const web = c.key('vnets', 'web');
    expect(c.writes()).toEqual([`PUT /api/v4/vnets/${web}`]);
    expect(sim.row('vnets', web)).toMatchObject({dnslist: '9.9.9.9', network: '10.10.1.0/24', need_restart: true});
    await tui.waitFor(/web\s+internal\s+10\.10\.1\.0\/24\s+10\.10\.1\.1\s+● running\*/);
  });

  it('renders names and descriptions from the API harmless', async () => {
    const EVIL = 'x\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u202eevil';
    c = await openConsole();
    const {tui, session} = c;
    await tui.waitFor('updated');
    const web = c.key('vnets', 'web');
    await session.connection!.client.update('vnets', web, {description: EVIL});
    await session.connection!.client.create('vnet_rules', {
      vnet: web,
      name: `rule ${EVIL}`,
      description: EVIL,
      action: 'drop',
      direction: 'incoming',
    });
    tui.press('r');
    await selectRow(tui, 'web ');
    await tui.waitFor('x␛]52;c;');
    tui.press('enter');
    await tui.waitFor('rule x␛]52');
    await selectRow(tui, 'rule x');
    tui.press('enter');
    await tui.waitFor('Description        x␛]52');
    for (const frame of tui.stdout.frames) {
      expect(frame).not.toContain('\u0007');
      expect(frame).not.toContain('\u202e');
      expect(frame.replace(/\u001b\[\?[\d;]+[hl]/g, '')).not.toContain('\u001b');
    }
  });
});
