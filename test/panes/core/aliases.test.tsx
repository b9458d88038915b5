// The aliases pane against the simulator: entry counts and where each alias
// is used, create and edit with the entry list, invalid entries that send
// nothing, and delete (refused while rules use the alias).
import {afterEach, describe, expect, it} from 'vitest';
import {openConsole, selectRow, type Console} from './helpers.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

async function aliases(): Promise<Console> {
  c = await openConsole({initialView: 'aliases'});
  await c.tui.waitFor('updated');
  await c.tui.waitFor('web-servers');
  c.sim.clearRequests();
  return c;
}

describe('aliases pane', () => {
  it('lists entry counts and where each alias is used', async () => {
    const {tui} = await aliases();
    const text = c!.text();
    expect(text).toMatch(/admins\s+2\s+● 3 rules on db, dev, web/);
    expect(text).toMatch(/web-ports\s+2\s+○ unused\s+80 \(http\), 443 \(https\)/);
    await selectRow(tui, 'web-servers');
    tui.press('enter');
    await tui.waitFor('Used by 1 rule:');
    expect(c!.text()).toContain('db/Allow PostgreSQL from web  (source)');
    expect(c!.text()).toContain('Entries (2: 2 addresses, 0 ports):');
  });

  it('creates an alias from entry pairs; the list grows as entries are filled', async () => {
    const {tui, sim} = await aliases();
    tui.press('n');
    await tui.waitFor('New alias');
    tui.type('dns');
    tui.press('tab', 'tab', 'tab');
    tui.type('1.1.1.1');
    tui.press('tab');
    tui.type('cloudflare');
    await tui.waitFor('Entry 2');
    tui.press('tab');
    tui.type('9.9.9.9');
    await tui.waitFor('Entry 3');
    tui.press('ctrl+s');
    await tui.waitFor('Create alias dns: done');
    expect(sim.rows('vnet_rule_aliases').find((r) => r['name'] === 'dns')).toMatchObject({
      value: '1.1.1.1|cloudflare,9.9.9.9',
      publishing_scope: 'private',
    });
    expect(c!.writes()).toEqual(['POST /api/v4/vnet_rule_aliases']);
    await tui.waitFor(/dns\s+2\s+○ unused/);
  });

  it('checks every entry as typed and sends nothing while one is wrong', async () => {
    const {tui, sim} = await aliases();
    tui.press('n');
    await tui.waitFor('New alias');
    tui.type('bad');
    tui.press('tab', 'tab', 'tab');
    tui.type('10.0.0.300');
    await tui.waitFor('each part must be 0–255');
    tui.press('tab', 'tab');
    tui.type('10.0.0.1-10.0.0.0');
    await tui.waitFor('the range starts after it ends');
    tui.press('ctrl+s');
    await tui.waitFor('Fix 2 fields before submitting');
    expect(sim.requests).toEqual([]);
  });

  it('edits the entries with one PUT and says which networks must apply', async () => {
    const {tui, sim} = await aliases();
    await selectRow(tui, 'web-servers');
    tui.press('e');
    await tui.waitFor('Edit alias web-servers');
    for (let i = 0; i < 7; i++) tui.press('tab');
    await tui.waitFor(/› Entry 3/);
    tui.type('10.10.1.13');
    tui.press('tab');
    tui.type('web-03');
    tui.press('ctrl+s');
    await tui.waitFor('Apply Rules on db so their rules use the new entries');
    const key = c!.key('vnet_rule_aliases', 'web-servers');
    expect(c!.writes()).toEqual([`PUT /api/v4/vnet_rule_aliases/${key}`]);
    expect(sim.row('vnet_rule_aliases', key)!['value']).toBe('10.10.1.11|web-01,10.10.1.12|web-02,10.10.1.13|web-03');
    await tui.waitFor(/web-servers\s+3/);
  });

  it('refuses to delete an alias rules use, naming them; deletes an unused one by typed name', async () => {
    const {tui, sim} = await aliases();
    await selectRow(tui, 'admins');
    tui.press('d');
    await tui.waitFor(
      'alias admins is used by 3 rules (db/Allow SSH from admins, dev/Allow SSH from admins and web/Allow SSH from admins)',
    );
    expect(c!.writes()).toEqual([]);
    await selectRow(tui, 'web-ports');
    tui.press('d');
    await tui.waitFor('Type web-ports to confirm');
    tui.type('web-ports');
    tui.press('enter');
    await tui.waitFor('Delete alias web-ports: done');
    expect(sim.rows('vnet_rule_aliases').some((r) => r['name'] === 'web-ports')).toBe(false);
    expect(c!.writes()).toEqual([expect.stringMatching(/^DELETE \/api\/v4\/vnet_rule_aliases\/\d+$/)]);
  });
});
