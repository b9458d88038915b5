// The lockout guard: apply refuses a change that would cut the console's own
// path to the API (here reached at External's router address), naming the
// rule, unless --force.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {exportCommand} from '../../source/commands/export.js';
import {parseSitefile, serialiseSitefile, type RuleSpec, type Sitefile} from '../../source/domain/sitefile/index.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from './helpers.js';

describe('lockout guard', () => {
  const ws = new Workspace({VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'psk'});
  let site: SimulatorHandle;
  let original: string;
  const variant = (name: string, edit: (doc: Sitefile) => void) => {
    const doc = parseSitefile(original);
    edit(doc);
    return ws.file(name, serialiseSitefile(doc));
  };
  const rule = (p: Partial<RuleSpec> & {name: string}): RuleSpec => ({
    action: 'accept',
    direction: 'incoming',
    protocol: 'any',
    source: '',
    sourcePorts: '',
    destination: '',
    destinationPorts: '',
    target: '',
    targetPorts: '',
    pin: 'no',
    enabled: true,
    log: false,
    statistics: false,
    interface: 'auto',
    ctState: '',
    description: '',
    ...p,
  });
  const management = rule({
    name: 'Allow management',
    protocol: 'tcp',
    destination: '203.0.113.2',
    destinationPorts: '443',
  });
  const external = (doc: Sitefile) => doc.networks.find((n) => n.name === 'External')!;
  const apiAddress = ['--api-address', '203.0.113.2:443'];

  beforeAll(async () => {
    site = await sim('demo');
    original = (await ws.run(exportCommand, ws.site(site))).stdout;
    const open = variant('open.yaml', (doc) => external(doc).rules.push(management));
    const r = await ws.run(applyCommand, ['-f', open, '--yes', ...apiAddress, ...ws.site(site)]);
    expect(r.code).toBe(0);
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });

  it('refuses a rule that cuts the management path and names it; --force applies it', async () => {
    const closed = variant('closed.yaml', (doc) => {
      external(doc).rules.unshift(rule({name: 'Block all inbound', action: 'drop', pin: 'top'}));
      external(doc).rules.push(management);
    });
    site.clearRequests();
    const refused = await ws.run(applyCommand, ['-f', closed, '--yes', ...apiAddress, ...ws.site(site)]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /refusing to apply: Applying would lock the console out: outside could no longer reach 203\.0\.113\.2:443 \(External\) \(blocked by External incoming rule "Block all inbound", #1\)/,
    );
    expect(refused.stderr).toContain('--force');
    expect(site.requests.filter((q) => q.method !== 'GET' && !q.path.startsWith('/api/sys'))).toEqual([]);

    // Not a lockout: a rule that leaves the API port open.
    const fine = variant('fine.yaml', (doc) => {
      external(doc).rules.push(management);
      external(doc).rules.push(rule({name: 'Drop telnet', action: 'drop', protocol: 'tcp', destinationPorts: '23'}));
    });
    expect((await ws.run(applyCommand, ['-f', fine, '--yes', ...apiAddress, ...ws.site(site)])).code).toBe(0);

    const forced = await ws.run(applyCommand, ['-f', closed, '--yes', '--force', ...apiAddress, ...ws.site(site)]);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/warning: Applying would lock the console out.*\(--force given\)/);
    expect(site.rows('vnet_rules').some((r) => r['name'] === 'Block all inbound')).toBe(true);
  });
});
