// The rule lifecycle edited in the console's rule form survives export →
// apply to an empty site → export, byte for byte: the form's owner, ticket and
// expiry become tags on the site, the site file carries them, and apply puts
// them on the new site's rules.
import {afterEach, describe, expect, it} from 'vitest';
import {applyCommand} from '../../../source/commands/apply.js';
import {exportCommand} from '../../../source/commands/export.js';
import type {SimulatorHandle} from '../../../source/simulator/index.js';
import {sim, Workspace} from '../../commands/helpers.js';
import {openConsole, selectRow, type Console} from './helpers.js';
import {focusFormField} from '../../ui/harness.js';

let c: Console | undefined;
let target: SimulatorHandle | undefined;
const ws = new Workspace({VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'psk'});
afterEach(async () => {
  await c?.close();
  await target?.close();
  c = undefined;
  target = undefined;
});

describe('rule lifecycle from the console', () => {
  it('owner, ticket and expiry set in the form survive export → apply to an empty site → export', async () => {
    c = await openConsole({initialView: 'rules', initialParams: {network: 'mgmt'}, rows: 40});
    const {tui} = c;
    await tui.waitFor('rules of mgmt');
    await tui.waitFor('updated');
    await selectRow(tui, 'Allow SSH from VPN');
    tui.press('e');
    await tui.waitFor('Edit rule mgmt/Allow SSH from VPN');
    await focusFormField(tui, 'Owner');
    tui.type('network-team');
    tui.press('down');
    tui.type('CHG-2001');
    tui.press('down');
    tui.type('2027-06-30');
    await tui.waitFor(/Expires\s+2027-06-30/);
    c.sim.clearRequests();
    const before = c.sim.rows('tag_members').length;
    tui.press('ctrl+s');
    // Done when the refreshed snapshot carries the three new assignments.
    await c.until((s) => (s.tagging?.members.length ?? 0) >= before + 3);
    // Only tag calls: the rule itself is unchanged, so nothing to stage or apply.
    expect(c.writes().every((w) => /^POST \/api\/v4\/(tags|tag_members)$/.test(w))).toBe(true);
    expect(c.writes().filter((w) => w === 'POST /api/v4/tag_members')).toHaveLength(3);

    const source = ['--url', c.sim.url, '--user', c.sim.user];
    const first = await ws.run(exportCommand, source, {password: c.sim.password});
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /- name: Allow SSH from VPN\n(?:\s{8}.*\n)*?\s{8}owner: network-team\n\s{8}ticket: CHG-2001\n\s{8}expires: 2027-06-30\n/,
    );

    target = await sim('empty');
    const file = ws.file('mgmt-lifecycle.yaml', first.stdout);
    const applied = await ws.run(applyCommand, ['-f', file, '--yes', ...ws.site(target)]);
    expect(applied.code, applied.stderr).toBe(0);
    const second = await ws.run(exportCommand, ws.site(target));
    expect(second.stdout).toBe(first.stdout);
  });
});
