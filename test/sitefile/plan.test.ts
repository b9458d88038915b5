import {resolveValue} from '../../source/domain/changes/execute.js';
import {describe, expect, it} from 'vitest';
import type {ChangePlan, CreateStep, Step, UpdateStep} from '../../source/domain/changes/types.js';
import type {Site} from '../../source/domain/model.js';
import {
  PHASE,
  diffSite,
  hasChanges,
  isSyntheticKey,
  planFromFile,
  planToChangePlan,
  renderPlanText,
  type Plan,
} from '../../source/domain/plan/index.js';
import {secretSource, serialiseSitefile, siteToDoc, type Sitefile} from '../../source/domain/sitefile/index.js';
import {demoSite} from './fixtures.js';
import {verdictChanges} from '../../source/policy/verdict-diff.js';

const SECRETS = secretSource({VSEG_SECRET_IPSEC_MGMT_HQ_PSK: 'psk'});

/** The site's own export, edited. */
function edited(site: Site, edit: (doc: Sitefile) => void): Sitefile {
  const doc = siteToDoc(site);
  edit(doc);
  return doc;
}

const net = (doc: Sitefile, name: string) => doc.networks.find((n) => n.name === name)!;
const steps = (plan: Plan): ChangePlan => planToChangePlan(plan, {secrets: SECRETS});
const step = <T extends Step>(cp: ChangePlan, id: string) => cp.steps.find((s) => s.id === id) as T;

describe('plan: nothing to do', () => {
  it("reports nothing for the site's own export", () => {
    const site = demoSite();
    const plan = diffSite(site, siteToDoc(site));
    expect(plan.entries).toEqual([]);
    expect(plan.errors).toEqual([]);
    expect(hasChanges(plan)).toBe(false);
    expect(steps(plan).steps).toEqual([]);
    expect(renderPlanText(plan)).toContain('no changes');
  });

  it('refuses a site loaded without the sections it compares', () => {
    const site = demoSite();
    site.sections = new Set(['networks', 'rules']);
    expect(() => diffSite(site, siteToDoc(demoSite()))).toThrow(/needs the aliases, tenants, vpn/);
  });

  it('reads the same from text', () => {
    const site = demoSite();
    const plan = planFromFile(site, serialiseSitefile(siteToDoc(site), 'json'), {source: 'site.json'});
    expect(plan.entries).toEqual([]);
  });
});

describe('plan: each kind of change', () => {
  it('adds a rule with its identity, an orderid after the last one, and Apply Rules', () => {
    const site = demoSite();
    const plan = diffSite(
      site,
      edited(site, (d) =>
        net(d, 'web').rules.push({
          ...net(d, 'web').rules[0],
          name: 'allow-dns',
          protocol: 'udp',
          destinationPorts: '53',
        }),
      ),
    );
    expect(plan.entries).toEqual([
      expect.objectContaining({
        op: 'add',
        kind: 'rule',
        label: 'rule web/allow-dns',
        summary: 'accept incoming udp any → any:53',
      }),
    ]);
    const cp = steps(plan);
    const create = step<CreateStep>(cp, 'create rule web/allow-dns');
    expect(create.identity).toEqual({vnet: 2, name: 'allow-dns'});
    expect(create.body).toMatchObject({
      vnet: 2,
      name: 'allow-dns',
      protocol: 'udp',
      destination_ports: '53',
      orderid: 40,
    });
    expect(cp.steps.at(-1)).toEqual({
      kind: 'apply-rules',
      id: 'apply rules web',
      title: 'Apply Rules on web',
      vnet: 2,
      network: 'web',
    });
  });

  it('changes a rule field by field and sends only what changed', () => {
    const site = demoSite();
    const plan = diffSite(
      site,
      edited(site, (d) => {
        const r = net(d, 'db').rules[0];
        r.destinationPorts = '5432,5433';
        r.source = 'alias:admins';
      }),
    );
    expect(plan.entries).toEqual([
      expect.objectContaining({
        op: 'change',
        label: 'rule db/allow-pg',
        fields: [
          {field: 'source', old: 'alias:web-servers', new: 'alias:admins'},
          {field: 'destinationPorts', old: '5432', new: '5432,5433'},
        ],
      }),
    ]);
    const update = step<UpdateStep>(steps(plan), 'update rule db/allow-pg');
    expect(update.key).toBe(4);
    expect(update.body).toEqual({source_ip: 'alias:3', destination_ports: '5432,5433'});
  });

  it('reports removals always, deletes only with prune, after everything else', () => {
    const site = demoSite();
    const doc = edited(site, (d) => net(d, 'web').rules.splice(0, 1));
    const kept = diffSite(site, doc);
    expect(kept.entries).toEqual([expect.objectContaining({op: 'remove', label: 'rule web/allow-http', acted: false})]);
    expect(hasChanges(kept)).toBe(false);
    expect(renderPlanText(kept)).toContain('(kept without --prune)');
    const pruned = diffSite(site, doc, {prune: true});
    const cp = steps(pruned);
    expect(cp.steps.map((s) => s.id)).toEqual(['delete rule web/allow-http', 'apply rules web']);
  });

  it('detects a reorder and moves only the rule out of place', () => {
    const site = demoSite();
    const plan = diffSite(
      site,
      edited(site, (d) => {
        const rules = net(d, 'web').rules;
        rules.unshift(rules.splice(2, 1)[0]); // route-db first
      }),
    );
    expect(plan.entries).toEqual([
      expect.objectContaining({
        op: 'reorder',
        label: 'rules of web',
        order: {before: ['allow-http', 'allow-ssh', 'route-db'], after: ['route-db', 'allow-http', 'allow-ssh']},
      }),
    ]);
    const updates = steps(plan).steps.filter((s): s is UpdateStep => s.kind === 'update');
    expect(updates.map((u) => u.id)).toEqual(['update rule web/route-db']);
    expect(updates[0].body['orderid']).toBeLessThan(10);
  });

  it('changes a network and refuses a type change', () => {
    const site = demoSite();
    const plan = diffSite(
      site,
      edited(site, (d) => {
        net(d, 'db').mtu = 9000;
        net(d, 'db').dhcp.stop = '10.10.2.150';
        net(d, 'web').type = 'vpn';
      }),
    );
    expect(plan.entries[0]).toEqual(
      expect.objectContaining({
        op: 'change',
        label: 'network db',
        fields: [
          {field: 'dhcp.stop', old: '10.10.2.200', new: '10.10.2.150'},
          {field: 'mtu', old: '1500', new: '9000'},
        ],
      }),
    );
    expect(plan.errors).toEqual([
      'network web: its type cannot change (internal → vpn); VergeOS sets it at creation only',
    ]);
    expect(() => steps(plan)).toThrow(/cannot be applied/);
  });

  it('creates networks, aliases and the rules that use them in dependency order', () => {
    const site = demoSite();
    const plan = diffSite(
      site,
      edited(site, (d) => {
        d.aliases.push({
          name: 'apps',
          description: '',
          scope: 'private',
          entries: [{value: '10.10.5.0/24', label: ''}],
        });
        d.networks.push({
          ...net(d, 'db'),
          name: 'app',
          cidr: '10.10.5.0/24',
          defaultGateway: 'edge',
          rules: [{...net(d, 'db').rules[0], name: 'from-apps', source: 'alias:apps,alias:admins'}],
          wireguard: [],
          ipsec: [],
        });
        d.networks.push({
          ...net(d, 'db'),
          name: 'edge',
          type: 'external',
          cidr: '',
          defaultGateway: null,
          rules: [],
          wireguard: [],
          ipsec: [],
        });
      }),
    );
    expect(plan.errors).toEqual([]);
    const cp = steps(plan);
    expect(cp.steps.map((s) => s.id)).toEqual([
      'create alias apps',
      'create network app',
      'create network edge',
      'link network app',
      'create rule app/from-apps',
      'apply rules app',
    ]);
    // One new alias alone: a prefixed ref; with other tokens: a template. The executor resolves both.
    const single = diffSite(
      site,
      edited(site, (d) => {
        d.aliases.push({name: 'apps', description: '', scope: 'private', entries: []});
        net(d, 'db').rules[0].source = 'alias:apps';
      }),
    );
    expect(step<UpdateStep>(steps(single), 'update rule db/allow-pg').body).toEqual({
      source_ip: {ref: 'alias:apps', prefix: 'alias:'},
    });
    const rule = step<CreateStep>(cp, 'create rule app/from-apps');
    expect(rule.identity).toEqual({vnet: {ref: 'network:app'}, name: 'from-apps'});
    expect(rule.body['source_ip']).toEqual({template: ['alias:', {ref: 'alias:apps'}, ',alias:3']});
    expect(() => resolveValue(rule.body['source_ip'], {})).toThrow(/not known yet/);
    expect(resolveValue(rule.body['source_ip'], {'alias:apps': 12})).toBe('alias:12,alias:3');
    expect(step<UpdateStep>(cp, 'link network app').body).toEqual({vnet_default_gateway: {ref: 'network:edge'}});
    // The planned site holds the new objects with synthetic keys and alias keys in rule fields.
    const after = plan.after;
    const app = after.networks.find((n) => n.name === 'app')!;
    expect(isSyntheticKey(app.key)).toBe(true);
    const apps = after.aliases.find((a) => a.name === 'apps')!;
    expect(after.rules.find((r) => r.name === 'from-apps')!.sourceIp).toBe(`alias:${apps.key},alias:3`);
    expect(after.applied.get(app.key)).toMatchObject({source: 'current'});
  });

  it('applies rules on every network that uses a changed alias', () => {
    const site = demoSite();
    const plan = diffSite(
      site,
      edited(
        site,
        (d) => (d.aliases.find((a) => a.name === 'admins')!.entries = [{value: '10.10.9.0/24', label: 'ops'}]),
      ),
    );
    expect(plan.entries).toEqual([
      expect.objectContaining({
        op: 'change',
        label: 'alias admins',
        fields: [{field: 'entries', old: '10.10.3.0/24', new: '10.10.9.0/24|ops'}],
      }),
    ]);
    expect(plan.touched).toEqual(['web']);
    expect(steps(plan).steps.map((s) => s.id)).toEqual(['update alias admins', 'apply rules web']);
  });

  it('handles WireGuard, IPsec and tenants', () => {
    const site = demoSite();
    const plan = diffSite(
      site,
      edited(site, (d) => {
        const mgmt = net(d, 'mgmt');
        mgmt.wireguard[0].peers[0].keepalive = 10;
        mgmt.wireguard[0].peers.push({
          ...mgmt.wireguard[0].peers[0],
          name: 'phone',
          allowedIps: '10.99.0.3/32',
          presharedKey: undefined,
        });
        mgmt.ipsec[0].phase2[0].remote = '172.17.0.0/16';
        d.tenants[0].isolate = true;
        d.tenants.push({
          name: 'globex',
          description: '',
          isolate: false,
          blocks: [{network: 'External', cidr: '203.0.113.96/28', description: ''}],
        });
      }),
    );
    expect(plan.entries.map((e) => `${e.op} ${e.label}`)).toEqual([
      'change peer mgmt/wg0/laptop',
      'add peer mgmt/wg0/phone',
      'change phase2 mgmt/hq/hq-lan',
      'change tenant acme',
      'add tenant globex',
      'add block globex/External/203.0.113.96/28',
    ]);
    const cp = steps(plan);
    expect(cp.steps.map((s) => s.id)).toEqual([
      'update peer mgmt/wg0/laptop',
      'create peer mgmt/wg0/phone',
      'update phase2 mgmt/hq/hq-lan',
      'isolate tenant acme',
      'create tenant globex',
      'create block globex/External/203.0.113.96/28',
      'apply rules External',
      'apply rules mgmt',
    ]);
    expect(step<CreateStep>(cp, 'create block globex/External/203.0.113.96/28').body['owner']).toEqual({
      ref: 'tenant:globex',
      prefix: 'tenants/',
    });
    expect(step(cp, 'isolate tenant acme')).toMatchObject({
      kind: 'action',
      body: {tenant: 1, action: 'isolateon'},
      waitFor: {table: 'tenants', key: 1, field: 'isolate', equals: true},
    });
  });

  it('deletes a live WireGuard interface only after disabling it and applying; its peers go with it', () => {
    const site = demoSite();
    const plan = diffSite(
      site,
      edited(site, (d) => (net(d, 'mgmt').wireguard = [])),
      {prune: true},
    );
    expect(steps(plan).steps.map((s) => s.id)).toEqual([
      'disable wireguard mgmt/wg0',
      'apply rules mgmt before deleting wireguard wg0',
      'delete wireguard mgmt/wg0',
      'apply rules mgmt',
    ]);
  });

  it('prunes networks, aliases and tenants the file does not have, contents first', () => {
    const site = demoSite();
    const doc = edited(site, (d) => {
      d.networks = d.networks.filter((n) => n.name !== 'web');
      d.aliases = d.aliases.filter((a) => a.name !== 'admins');
      d.tenants = [];
    });
    const plan = diffSite(site, doc, {prune: true});
    const ids = steps(plan).steps.map((s) => s.id);
    expect(ids.indexOf('delete rule web/allow-ssh')).toBeLessThan(ids.indexOf('delete alias admins'));
    expect(ids.indexOf('delete alias admins')).toBeLessThan(ids.indexOf('delete network web'));
    expect(ids.indexOf('power off tenant acme')).toBeGreaterThan(-1);
    expect(ids.indexOf('power off tenant acme')).toBeLessThan(ids.indexOf('delete tenant acme'));
    expect(ids.indexOf('power off network web')).toBe(ids.indexOf('delete network web') - 1);
    expect(ids).not.toContain('delete block acme/External/203.0.113.64/28'); // VergeOS takes the blocks along
    expect(ids).toContain('apply rules External');
    expect(ids).not.toContain('apply rules web');
    expect(plan.operations.filter((o) => o.removal).every((o) => o.phase >= PHASE.deleteRules)).toBe(true);
  });

  it('a partial file never removes what lies outside its networks', () => {
    const site = demoSite();
    const doc = siteToDoc(site, {networks: ['db']});
    doc.aliases = [];
    const plan = diffSite(site, doc, {prune: true});
    expect(plan.entries).toEqual([]);
  });

  it('refuses references to nothing, pruning an alias still in use, and derived networks', () => {
    const site = demoSite();
    const missing = diffSite(
      site,
      edited(site, (d) => (net(d, 'web').rules[1].source = 'alias:nobody')),
    );
    expect(missing.errors).toEqual([
      'networks[3] (web).rules[1] (allow-ssh).source: no alias named "nobody" in the file or on the site',
    ]);
    const inUse = diffSite(
      site,
      edited(site, (d) => (d.aliases = d.aliases.filter((a) => a.name !== 'admins'))),
      {prune: true},
    );
    expect(inUse.errors[0]).toMatch(/rule allow-ssh: uses alias "admins", which --prune would delete/);
    const gateway = diffSite(
      site,
      edited(site, (d) => (d.networks = d.networks.filter((n) => n.name !== 'External'))),
      {prune: true},
    );
    expect(gateway.errors).toContain(
      'network db / defaultGateway: uses network "External", which --prune would delete (it is not in the site file)',
    );
    expect(gateway.errors).toContain(
      'tenant acme / block 203.0.113.64/28: uses network "External", which --prune would delete (it is not in the site file)',
    );
    const derived = diffSite(
      site,
      edited(site, (d) => d.networks.push({...net(d, 'db'), name: 'web_mirror', rules: [], wireguard: [], ipsec: []})),
    );
    expect(derived.errors[0]).toMatch(/web_mirror: VergeOS derives this network/);
  });

  it('never touches system rules or rules VergeOS owns', () => {
    const site = demoSite();
    const plan = diffSite(
      site,
      edited(site, (d) => (net(d, 'db').rules = [])),
      {prune: true},
    );
    const ids = steps(plan).steps.map((s) => s.id);
    expect(ids).toEqual(['delete rule db/allow-pg', 'delete rule db/deny-rest', 'apply rules db']);
    expect(plan.after.rules.some((r) => r.name === 'system-dhcp')).toBe(true);
    expect(plan.after.rules.some((r) => r.name === 'Accept WireGuard')).toBe(true);
  });

  it('asks no verdicts of a plan without an operation: the site after it is the site now, flow for flow', () => {
    const site = demoSite();
    for (const n of site.networks) n.needFwApply = false;
    let asked = false;
    const plan = diffSite(site, siteToDoc(site), {
      verdicts: () => {
        asked = true;
        return [];
      },
    });
    expect(plan.operations).toEqual([]);
    expect(asked).toBe(false);
    // What the shortcut claims, checked by the evaluator itself.
    expect(verdictChanges(site, plan.after)).toEqual([]);
    // And one changed field is an operation, which is asked about.
    const changed = diffSite(
      site,
      edited(site, (d) => (net(d, 'db').rules[0].destinationPorts = '3306')),
      {
        verdicts: () => {
          asked = true;
          return [];
        },
      },
    );
    expect(changed.operations.length).toBeGreaterThan(0);
    expect(asked).toBe(true);
  });

  it('asks the evaluator about verdicts with the planned site and shows them', () => {
    const site = demoSite();
    let seen: Site | undefined;
    const plan = diffSite(
      site,
      edited(site, (d) => (net(d, 'db').rules[0].destinationPorts = '3306')),
      {
        verdicts: (before, after) => {
          expect(before).toBe(site);
          seen = after;
          return [{flow: 'web → db tcp/3306', before: 'deny', after: 'allow', rule: 'allow-pg'}];
        },
      },
    );
    expect(seen!.rules.find((r) => r.name === 'allow-pg')!.destinationPorts).toBe('3306');
    expect(renderPlanText(plan)).toContain('web → db tcp/3306: deny → allow  (rule allow-pg)');
  });
});
