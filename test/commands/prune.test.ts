// --prune deletes what the file does not have, contents first, powering off
// what VergeOS only deletes when stopped — and refuses up front what VergeOS
// would refuse halfway (a network with NICs attached).
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyCommand} from '../../source/commands/apply.js';
import {exportCommand} from '../../source/commands/export.js';
import {planCommand} from '../../source/commands/plan.js';
import {parseSitefile, serialiseSitefile, type Sitefile} from '../../source/domain/sitefile/index.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from './helpers.js';

describe('apply --prune', () => {
  const ws = new Workspace({VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'psk'});
  let site: SimulatorHandle;
  let original: string;
  const variant = (name: string, edit: (doc: Sitefile) => void) => {
    const doc = parseSitefile(original);
    edit(doc);
    return ws.file(name, serialiseSitefile(doc));
  };
  beforeAll(async () => {
    site = await sim('demo');
    original = (await ws.run(exportCommand, ws.site(site))).stdout;
  });
  afterAll(async () => {
    await site.close();
    ws.remove();
  });

  it('refuses to prune a network that still has NICs, before changing anything', async () => {
    site.clearRequests();
    const file = variant('no-dev.yaml', (doc) => (doc.networks = doc.networks.filter((n) => n.name !== 'dev')));
    const r = await ws.run(applyCommand, ['-f', file, '--yes', '--prune', ...ws.site(site)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      'error: network dev: --prune would delete it, but VergeOS refuses while NICs are attached (dev-01.eth0)',
    );
    expect(site.requests.filter((q) => q.method !== 'GET' && !q.path.startsWith('/api/sys'))).toEqual([]);
    // Without --prune the same file is fine: the removal is only reported.
    expect((await ws.run(planCommand, ['-f', file, ...ws.site(site)])).code).toBe(0);
  });

  it('deletes VPN objects, a tenant, an alias and an empty network', async () => {
    const withLab = variant('lab.yaml', (doc) =>
      doc.networks.push({
        ...doc.networks.find((n) => n.name === 'dev')!,
        name: 'lab',
        cidr: '10.10.8.0/24',
        routerIp: '10.10.8.1',
        gateway: '10.10.8.1',
        dmzIp: '100.96.0.18',
        dhcp: {enabled: true, start: '10.10.8.100', stop: '10.10.8.200'},
        domain: 'lab.demo.internal',
        rules: [],
        wireguard: [],
        ipsec: [],
      }),
    );
    expect((await ws.run(applyCommand, ['-f', withLab, '--yes', ...ws.site(site)])).code).toBe(0);
    expect(site.rows('vnets').some((n) => n['name'] === 'lab')).toBe(true);

    const file = variant('pruned.yaml', (doc) => {
      const mgmt = doc.networks.find((n) => n.name === 'mgmt')!;
      mgmt.wireguard = [];
      mgmt.ipsec = [];
      doc.tenants = [];
      doc.aliases = doc.aliases.filter((a) => a.name !== 'web-ports');
    });
    const r = await ws.run(applyCommand, ['-f', file, '--yes', '--prune', ...ws.site(site)]);
    expect(r.stderr).toMatch(/power off tenant acme … done/);
    expect(r.code).toBe(0);
    for (const table of [
      'vnet_wireguards',
      'vnet_wireguard_peers',
      'vnet_ipsec_phase1s',
      'vnet_ipsec_phase2s',
      'tenants',
      'vnet_cidrs',
    ])
      expect(site.rows(table), table).toEqual([]);
    expect(site.rows('vnet_rule_aliases').map((a) => a['name'])).not.toContain('web-ports');
    expect(site.rows('vnets').map((n) => n['name'])).not.toContain('lab');
    expect(site.rows('vnets').map((n) => n['name'])).not.toContain('tenant_acme');
    expect((await ws.run(planCommand, ['-f', file, '--prune', ...ws.site(site)])).code).toBe(0);
  }, 30_000);
});
