// Rule edits without a site: field checks, bodies in API names, minimal
// updates, unique copies, and moves that keep VergeOS's ordering exact.
import {describe, expect, it} from 'vitest';
import {appliedDiff, siteAfterApply} from '../../source/domain/edits/applied-diff.js';
import {
  copyRulePlan,
  createRulePlan,
  deleteRulePlan,
  moveRulePlan,
  pinRulePlan,
  ruleBody,
  ruleFormErrors,
  ruleFormValues,
  toggleRulePlan,
  updateRulePlan,
  validateAddressField,
  validatePortsField,
  validateRuleName,
  validateTarget,
  validateCtState,
} from '../../source/domain/edits/rules.js';
import type {ChangePlan} from '../../source/domain/changes/types.js';
import {compareRuleOrder, type Rule, type Site} from '../../source/domain/model.js';
import {SiteBuilder} from '../policy/fixtures.js';

function demo() {
  const b = new SiteBuilder();
  const web = b.network('web', '10.10.1.0/24');
  const db = b.network('db', '10.10.2.0/24');
  const admins = b.alias('admins', '10.10.3.0/24|mgmt,192.168.255.0/24', 12);
  const ports = b.alias('web-ports', '80|http,443|https', 13);
  b.vm('web-01', [{net: web, ip: '10.10.1.11', name: 'nic0'}]);
  const ssh = b.rule(web, {
    key: 1,
    name: 'ssh',
    protocol: 'tcp',
    sourceIp: 'alias:12',
    destinationPorts: '22',
    orderid: 1,
  });
  const http = b.rule(web, {key: 2, name: 'http', protocol: 'tcp', destinationPorts: 'alias:13', orderid: 2});
  const icmp = b.rule(web, {key: 3, name: 'icmp', protocol: 'icmp', orderid: 3});
  b.rule(db, {key: 4, name: 'ssh', protocol: 'tcp', orderid: 1});
  return {site: b.build(), web, db, admins, ports, ssh, http, icmp, b};
}

const ctx = (site: Site, vnet: number, ruleKey?: number) => ({site, vnet, ruleKey});

describe('rule field checks', () => {
  const {site, web} = demo();
  const c = ctx(site, web.key);

  it('names are required and unique per network (case-insensitively), not across networks', () => {
    expect(validateRuleName('', {}, c)).toBe('a rule name is required');
    expect(validateRuleName('SSH', {}, c)).toBe('web already has a rule named "ssh"');
    expect(validateRuleName('ssh', {}, ctx(site, web.key, 1))).toBeUndefined();
    expect(validateRuleName('x'.repeat(129), {}, c)).toMatch(/at most 128/);
    expect(validateRuleName('new-rule', {}, c)).toBeUndefined();
  });

  it('addresses: IPs, CIDRs, ranges, lists and references that exist', () => {
    for (const ok of [
      '',
      '10.0.0.1',
      '10.0.0.0/24',
      '10.0.0.1-10.0.0.9',
      '10.0.0.1, 10.0.0.2',
      'alias:admins',
      'alias:12',
      'vnet:db',
      'vmnic:web-01.nic0',
      'router',
      'vnetself',
      'fd00::1',
    ]) {
      expect(validateAddressField(ok, {}, c), ok).toBeUndefined();
    }
    expect(validateAddressField('10.0.0.300', {}, c)).toMatch(/0–255/);
    expect(validateAddressField('10.0.0.5/24', {}, c)).toBe(
      '"10.0.0.5/24" has host bits set; did you mean 10.0.0.0/24?',
    );
    expect(validateAddressField('10.0.0.1,', {}, c)).toBe('entry 2 is empty (stray comma?)');
    expect(validateAddressField('alias:nope', {}, c)).toBe('alias "nope" does not exist');
    expect(validateAddressField('alias:web-ports', {}, c)).toBe('alias "web-ports" holds no address');
    expect(validateAddressField('vnet:nowhere', {}, c)).toBe('network "nowhere" does not exist');
    expect(validateAddressField('vmnic:web-01.eth9', {}, c)).toBe('VM "web-01" has no NIC "eth9" (it has nic0)');
    expect(validateAddressField('vmnic:ghost.nic0', {}, c)).toMatch(/no VM for "ghost.nic0"/);
  });

  it('IPv6 only when it is a valid address or CIDR: "::::" and friends are refused', () => {
    for (const ok of [
      '::',
      '::1',
      'fd00::10',
      '2001:db8::/32',
      'fd00::/0',
      '2001:db8:0:0:0:0:0:1',
      '::ffff:10.0.0.1',
      'fd00::1, 10.0.0.1',
    ]) {
      expect(validateAddressField(ok, {}, c), ok).toBeUndefined();
    }
    for (const bad of [
      '::::',
      ':::',
      '1:::2',
      '1::2::3',
      'fd00::1::',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      'fd00::12345',
      'fd00::/129',
      'fd00::/01',
      '::1.2.3',
      'fe80::1%eth0',
      '10.0.0.1, ::::',
    ]) {
      expect(validateAddressField(bad, {}, c), bad).toMatch(/IPv6/);
    }
    expect(validateAddressField('::::', {}, c)).toBe(
      '"::::" is not a valid IPv6 address (e.g. fd00::10 or 2001:db8::/32)',
    );
    expect(validateTarget('::::', {action: 'translate'}, c)).toMatch(/not a valid IPv6 address/);
  });

  it('ports only with tcp, udp or tcp+udp; port aliases count', () => {
    expect(validatePortsField('22', {protocol: 'tcp'}, c)).toBeUndefined();
    expect(validatePortsField('80,443,8000-8100', {protocol: 'tcpudp'}, c)).toBeUndefined();
    expect(validatePortsField('alias:web-ports', {protocol: 'tcp'}, c)).toBeUndefined();
    expect(validatePortsField('22', {protocol: 'icmp'}, c)).toBe(
      'ports need protocol tcp, udp or tcp+udp (it is icmp)',
    );
    expect(validatePortsField('22', {protocol: 'any'}, c)).toMatch(/it is any/);
    expect(validatePortsField('0', {protocol: 'tcp'}, c)).toMatch(/out of range/);
    expect(validatePortsField('90-80', {protocol: 'udp'}, c)).toMatch(/starts after it ends/);
    expect(validatePortsField('alias:admins', {protocol: 'tcp'}, c)).toBe('alias "admins" holds no port');
  });

  it('targets: required for translate and route, refused elsewhere', () => {
    expect(validateTarget('', {action: 'accept'}, c)).toBeUndefined();
    expect(validateTarget('10.0.0.1', {action: 'drop'}, c)).toBe('only translate and route rules use a target');
    expect(validateTarget('', {action: 'route'}, c)).toMatch(/route needs a target/);
    expect(validateTarget('', {action: 'translate'}, c)).toBe('a translate rule needs a target address');
    expect(validateTarget('100.96.0.12', {action: 'route'}, c)).toBeUndefined();
    expect(validateTarget('1.1.1.1,2.2.2.2', {action: 'route'}, c)).toBe('a route has one next hop');
    expect(validateTarget('vmnic:web-01.nic0', {action: 'translate'}, c)).toBeUndefined();
  });

  it('connection states', () => {
    expect(validateCtState('')).toBeUndefined();
    expect(validateCtState('established,related')).toBeUndefined();
    expect(validateCtState('new,open')).toBe(
      '"open" is not a connection state (new, established, related, untracked, invalid)',
    );
  });

  it('collects every error of a form', () => {
    const errors = ruleFormErrors(
      {...ruleFormValues(site), name: 'ssh', protocol: 'icmp', destinationPorts: '22', action: 'route'},
      c,
    );
    expect(Object.keys(errors).sort()).toEqual(['destinationPorts', 'name', 'target']);
  });
});

describe('rule plans', () => {
  it('a create carries every field in API names, aliases by key, identity and the network it stages', () => {
    const {site, web} = demo();
    const values = {
      ...ruleFormValues(site),
      name: 'admin-https',
      source: 'alias:admins, 10.0.0.9',
      destinationPorts: 'alias:web-ports',
      log: true,
    };
    const plan = createRulePlan(values, ctx(site, web.key));
    expect(plan.steps).toEqual([
      {
        kind: 'create',
        id: 'create rule web/admin-https',
        title: 'Create rule web/admin-https',
        table: 'vnet_rules',
        body: {
          vnet: web.key,
          name: 'admin-https',
          description: '',
          action: 'accept',
          direction: 'incoming',
          protocol: 'tcp',
          interface: 'auto',
          ct_state: '',
          source_ip: 'alias:12,10.0.0.9',
          source_ports: '',
          destination_ip: '',
          destination_ports: 'alias:13',
          target_ip: '',
          target_ports: '',
          pin: 'no',
          enabled: true,
          log: true,
          statistics: false,
          trace: false,
          throttle: '',
          drop_throttle: false,
        },
        identity: {vnet: web.key, name: 'admin-https'},
        touchesNetwork: web.key,
        knownNew: true,
      },
    ]);
  });

  it('refuses to build a plan from invalid values (nothing can be sent)', () => {
    const {site, web} = demo();
    expect(() => createRulePlan({...ruleFormValues(site), name: 'ssh'}, ctx(site, web.key))).toThrow(
      /already has a rule named/,
    );
  });

  it('an edit sends only what changed; the form shows aliases by name and an unchanged form sends nothing', () => {
    const {site, ssh} = demo();
    const values = ruleFormValues(site, ssh);
    expect(values['source']).toBe('alias:admins');
    expect(updateRulePlan(ssh, values, site).steps).toEqual([]);
    const plan = updateRulePlan(ssh, {...values, destinationPorts: '22,2222', enabled: false}, site);
    expect(plan.steps).toEqual([
      {
        kind: 'update',
        id: 'update rule web/ssh',
        title: 'Update rule web/ssh (destination_ports, enabled)',
        table: 'vnet_rules',
        key: 1,
        body: {destination_ports: '22,2222', enabled: false},
        touchesNetwork: 1,
      },
    ]);
  });

  it('switching a rule to a filter action clears its target', () => {
    const {site, web} = demo();
    const body = ruleBody(
      {...ruleFormValues(site), name: 'x', action: 'accept', target: '1.2.3.4', targetPorts: '80'},
      site,
    );
    expect([body['target_ip'], body['target_ports']]).toEqual(['', '']);
    expect(web.key).toBe(1);
  });

  it('copies get a unique -copy name in their network', () => {
    const {b, web} = demo();
    b.rule(web, {key: 9, name: 'ssh-copy'});
    const site = b.build();
    const ssh = site.rules.find((r) => r.key === 1)!;
    const plan = copyRulePlan(ssh, site);
    expect(plan.steps[0]).toMatchObject({
      kind: 'create',
      body: {vnet: 1, name: 'ssh-copy-2', source_ip: 'alias:12', destination_ports: '22'},
      identity: {vnet: 1, name: 'ssh-copy-2'},
    });
    expect(plan.steps[0].kind === 'create' && 'orderid' in plan.steps[0].body).toBe(false);
  });

  it('toggles and pins are single-field updates; deletes name the rule', () => {
    const {site, ssh} = demo();
    expect(toggleRulePlan(ssh, 'enabled', site).steps).toMatchObject([
      {kind: 'update', key: 1, body: {enabled: false}, title: 'Disable rule web/ssh'},
    ]);
    expect(toggleRulePlan(ssh, 'statistics', site).steps).toMatchObject([
      {body: {statistics: true}, title: 'Turn on statistics of rule web/ssh'},
    ]);
    expect(toggleRulePlan(ssh, 'log', site).steps).toMatchObject([{body: {log: true}}]);
    expect(pinRulePlan(ssh, 'top', site).steps).toMatchObject([
      {body: {pin: 'top'}, title: 'Pin rule web/ssh to the top'},
    ]);
    expect(pinRulePlan(ssh, 'no', site).steps).toEqual([]);
    expect(deleteRulePlan(ssh, site).steps).toEqual([
      {
        kind: 'delete',
        id: 'delete rule web/ssh',
        title: 'Delete rule web/ssh',
        table: 'vnet_rules',
        key: 1,
        touchesNetwork: 1,
      },
    ]);
  });

  it('system rules are refused before anything is planned', () => {
    const {b, web} = demo();
    const sys = b.rule(web, {key: 20, name: 'Accept WireGuard', systemRule: true, owner: 'vnet_wireguards/1'});
    const site = b.build();
    expect(() => deleteRulePlan(sys, site)).toThrow(
      '"Accept WireGuard" is a system rule (made for vnet_wireguards/1): VergeOS does not let it be changed or deleted',
    );
    expect(() => toggleRulePlan(sys, 'enabled', site)).toThrow(/system rule/);
    expect(moveRulePlan(sys, 'up', site)).toEqual({refusal: expect.stringMatching(/system rule/)});
  });
});

/** The network's order after applying a move plan's orderid updates. */
function orderAfter(site: Site, vnet: number, plan: ChangePlan): string[] {
  const rules: Rule[] = site.rules.filter((r) => r.vnet === vnet).map((r) => ({...r}));
  for (const s of plan.steps) {
    if (s.kind !== 'update') throw new Error(`a move only updates (got ${s.kind})`);
    const r = rules.find((x) => x.key === s.key)!;
    Object.assign(r, s.body);
  }
  return rules.sort(compareRuleOrder).map((r) => r.name);
}

describe('moving rules', () => {
  it('swaps two orderids (two PUTs) when they differ', () => {
    const {site, http} = demo();
    const out = moveRulePlan(http, 'up', site);
    if (!('plan' in out)) throw new Error(out.refusal);
    expect(out.plan.steps.map((s) => s.kind === 'update' && [s.key, s.body])).toEqual([
      [2, {orderid: 1}],
      [1, {orderid: 2}],
    ]);
    expect(orderAfter(site, 1, out.plan)).toEqual(['http', 'ssh', 'icmp']);
  });

  it('with equal orderids moves the one rule only, and stays exact', () => {
    const b = new SiteBuilder();
    const n = b.network('n', '10.0.0.0/24');
    for (const [key, name] of [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ] as const)
      b.rule(n, {key, name, orderid: 5});
    const site = b.build();
    const c = site.rules.find((r) => r.name === 'c')!;
    const out = moveRulePlan(c, 'up', site);
    if (!('plan' in out)) throw new Error(out.refusal);
    expect(orderAfter(site, n.key, out.plan)).toEqual(['a', 'c', 'b']);
    expect(out.plan.steps.length).toBeLessThanOrEqual(3);
  });

  it('never moves a rule out of its pin group, and says why', () => {
    const b = new SiteBuilder();
    const n = b.network('n', '10.0.0.0/24');
    b.rule(n, {key: 1, name: 'top', pin: 'top', orderid: 9});
    const first = b.rule(n, {key: 2, name: 'first', orderid: 1});
    const last = b.rule(n, {key: 3, name: 'last', orderid: 2});
    const site = b.build();
    expect(moveRulePlan(first, 'up', site)).toEqual({
      refusal: '"first" is already the first unpinned rule; pinned rules stay above it',
    });
    expect(moveRulePlan(last, 'down', site)).toEqual({
      refusal: '"last" is already the last unpinned rule; pinned rules stay below it',
    });
  });

  it('passes a system rule by renumbering only the moved rule', () => {
    const b = new SiteBuilder();
    const n = b.network('n', '10.0.0.0/24');
    b.rule(n, {key: 1, name: 'a', orderid: 1});
    b.rule(n, {key: 2, name: 'sys', orderid: 2, systemRule: true});
    const c = b.rule(n, {key: 3, name: 'c', orderid: 3});
    const site = b.build();
    const out = moveRulePlan(c, 'up', site);
    if (!('plan' in out)) throw new Error(out.refusal);
    expect(out.plan.steps.every((s) => s.kind === 'update' && s.key === 3)).toBe(true);
    expect(orderAfter(site, n.key, out.plan)).toEqual(['a', 'c', 'sys']);
  });
});

describe('what Apply Rules changes', () => {
  it('marks added and changed rules and lists removed ones against the live ruleset', () => {
    const b = new SiteBuilder();
    const n = b.network('n', '10.0.0.0/24', {needFwApply: true});
    const kept = b.rule(n, {key: 1, name: 'kept'});
    const changed = b.rule(n, {key: 2, name: 'changed', destinationPorts: '22'});
    const gone = b.rule(n, {key: 3, name: 'gone'});
    b.setApplied(n, {
      source: 'baseline',
      rules: [kept, changed, gone].map((r) => ({...r})),
      lastFwApply: 1,
      recordedAt: 1,
    });
    b.removeRule(gone);
    const site0 = b.build();
    site0.rules = site0.rules.map((r) => (r.key === 2 ? {...r, destinationPorts: '22,2222', packets: 99} : r));
    const added = {...kept, key: 4, name: 'added'};
    site0.rules.push(added);
    const diff = appliedDiff(site0, n.key);
    expect(diff.source).toBe('baseline');
    expect(diff.added.map((r) => r.name)).toEqual(['added']);
    expect(diff.removed.map((r) => r.name)).toEqual(['gone']);
    expect(diff.changed.map((c) => [c.rule.name, c.fields])).toEqual([['changed', ['destinationPorts']]]);
    expect([...diff.marks]).toEqual([
      [2, 'changed'],
      [4, 'added'],
    ]);
    expect(diff.count).toBe(3);
    expect(changed.name).toBe('changed');

    const after = siteAfterApply(site0, n.key);
    expect(appliedDiff(after, n.key).count).toBe(0);
    expect(site0.applied.get(n.key)!.source).toBe('baseline');
  });

  it('says when the live rules are unknown', () => {
    const b = new SiteBuilder();
    const n = b.network('n', '10.0.0.0/24', {needFwApply: true});
    b.rule(n, {key: 1});
    expect(appliedDiff(b.build(), n.key)).toMatchObject({source: 'unknown', count: 0});
  });
});
