// Network and alias edits without a site: field checks, defaults, minimal
// updates, power and delete plans, alias usage and the delete refusal.
import {describe, expect, it} from 'vitest';
import {
  aliasFormErrors,
  aliasFormValues,
  aliasUsage,
  createAliasPlan,
  deleteAliasPlan,
  entryField,
  labelField,
  updateAliasPlan,
  validateAliasEntryValue,
} from '../../source/domain/edits/aliases.js';
import {
  createNetworkPlan,
  defaultDhcpRange,
  deleteNetworkPlan,
  networkDeleteBlockers,
  networkFormErrors,
  networkFormValues,
  powerPlan,
  updateNetworkPlan,
  validateNetworkCidr,
  validateNetworkName,
  validateRouterIp,
} from '../../source/domain/edits/networks.js';
import {SiteBuilder} from '../policy/fixtures.js';

function site() {
  const b = new SiteBuilder();
  const ext = b.network('External', '203.0.113.0/24', {type: 'external'});
  const web = b.network('web', '10.10.1.0/24', {
    defaultGateway: ext.key,
    routerIp: '10.10.1.1',
    gateway: '10.10.1.1',
    dhcpEnabled: true,
    dhcpStart: '10.10.1.100',
    dhcpStop: '10.10.1.200',
  });
  const dev = b.network('dev', '10.10.4.0/24', {running: false, status: 'stopped'});
  const admins = b.alias('admins', '10.10.3.0/24|mgmt', 12);
  const spare = b.alias('spare', '10.9.9.9', 13);
  b.vm('web-01', [{net: web, ip: '10.10.1.11', name: 'nic0'}]);
  b.rule(web, {key: 1, name: 'ssh', sourceIp: 'alias:12'});
  b.rule(dev, {key: 2, name: 'dev-ssh', destinationIp: 'alias:admins'});
  return {s: b.build(), ext, web, dev, admins, spare};
}

describe('network form', () => {
  const {s, web} = site();

  it('suggests a free /24, the sole external network as gateway, DHCP and power on', () => {
    const v = networkFormValues(s);
    expect(v).toMatchObject({
      cidr: '10.0.0.0/24',
      defaultGateway: '1',
      dhcpEnabled: true,
      powerOn: true,
      dnsMode: 'simple',
    });
  });

  it('checks names, blocks and addresses against the site', () => {
    expect(validateNetworkName('WEB', {}, {site: s})).toBe('a network named "web" already exists');
    expect(validateNetworkName('web', {}, {site: s, key: web.key})).toBeUndefined();
    expect(validateNetworkName('my net', {}, {site: s})).toMatch(/no spaces/);
    expect(validateNetworkCidr('10.10.1.128/25', {}, {site: s})).toBe('overlaps network web (10.10.1.0/24)');
    expect(validateNetworkCidr('10.10.1.0/24', {}, {site: s, key: web.key})).toBeUndefined();
    expect(validateNetworkCidr('10.20.0.5/24', {}, {site: s})).toMatch(/host bits set/);
    expect(validateNetworkCidr('10.20.0.0/31', {}, {site: s})).toMatch(/too small/);
    expect(validateNetworkCidr('', {}, {site: s})).toMatch(/required/);
    expect(validateRouterIp('10.20.1.1', {cidr: '10.20.0.0/24'})).toBe(
      'the router address 10.20.1.1 is not inside 10.20.0.0/24',
    );
    expect(validateRouterIp('10.20.0.255', {cidr: '10.20.0.0/24'})).toBe(
      '10.20.0.255 is the network or broadcast address of 10.20.0.0/24',
    );
    expect(validateRouterIp('', {cidr: '10.20.0.0/24'})).toBeUndefined();
  });

  it('checks the DHCP range and DNS servers', () => {
    const base = {...networkFormValues(s), name: 'app', cidr: '10.20.0.0/24'};
    expect(networkFormErrors({...base, dhcpStart: '10.20.0.50', dhcpStop: '10.20.0.10'}, {site: s})).toEqual({
      dhcpStop: 'the range ends before it starts',
    });
    expect(networkFormErrors({...base, dhcpStart: '10.20.0.1', dhcpStop: '10.20.0.10'}, {site: s})).toEqual({
      dhcpStop: 'the range includes the router address 10.20.0.1',
    });
    expect(networkFormErrors({...base, dhcpStart: '10.20.0.50'}, {site: s})).toEqual({
      dhcpStop: 'give both ends of the range, or leave both empty for the default',
    });
    expect(networkFormErrors({...base, dnsServers: '1.1.1.1,9.9.9'}, {site: s})).toEqual({
      dnsServers: expect.stringMatching(/not an IPv4 address/),
    });
    expect(networkFormErrors({...base, dhcpEnabled: false, dhcpStart: '10.20.0.50'}, {site: s})).toEqual({});
  });

  it('creates an internal network with defaults filled in, then powers it on', () => {
    const plan = createNetworkPlan(
      {...networkFormValues(s), name: 'app', cidr: '10.20.0.0/24', dnsServers: '1.1.1.1, 9.9.9.9'},
      s,
    );
    expect(plan.steps).toEqual([
      {
        kind: 'create',
        id: 'create network app',
        title: 'Create network app (10.20.0.0/24)',
        table: 'vnets',
        body: {
          name: 'app',
          description: '',
          network: '10.20.0.0/24',
          ipaddress: '10.20.0.1',
          gateway: '10.20.0.1',
          dhcp_enabled: true,
          dhcp_start: '10.20.0.100',
          dhcp_stop: '10.20.0.200',
          dns: 'simple',
          dnslist: '1.1.1.1,9.9.9.9',
          domain: '',
          vnet_default_gateway: 1,
          type: 'internal',
        },
        identity: {name: 'app'},
        provides: 'network:app',
        knownNew: true,
      },
      {
        kind: 'action',
        id: 'power on network app',
        title: 'Power on network app with Apply Rules',
        table: 'vnet_actions',
        body: {vnet: {ref: 'network:app'}, action: 'poweron', params: {apply: true}},
        waitFor: {
          table: 'vnets',
          key: {ref: 'network:app'},
          field: 'machine#status#running',
          equals: true,
          timeoutMs: 120000,
        },
      },
    ]);
    expect(() => createNetworkPlan({...networkFormValues(s), name: 'web'}, s)).toThrow(/already exists/);
  });

  it('edits send only what changed and say when a restart is needed', () => {
    const values = networkFormValues(s, web);
    expect(updateNetworkPlan(web, values, s).plan.steps).toEqual([]);
    const out = updateNetworkPlan(web, {...values, description: 'Web tier', dnsServers: '8.8.8.8'}, s);
    expect(out.plan.steps).toEqual([
      {
        kind: 'update',
        id: 'update network web',
        title: 'Update network web (description, dnslist)',
        table: 'vnets',
        key: web.key,
        body: {description: 'Web tier', dnslist: '8.8.8.8'},
      },
    ]);
    expect(out.restart).toBe(true);
    expect(updateNetworkPlan(web, {...values, description: 'x'}, s).restart).toBe(false);
  });

  it('default DHCP ranges', () => {
    expect(defaultDhcpRange('10.0.0.0/24')).toEqual({start: '10.0.0.100', stop: '10.0.0.200'});
    expect(defaultDhcpRange('10.0.0.0/28')).toEqual({start: '10.0.0.8', stop: '10.0.0.14'});
  });
});

describe('network power and delete', () => {
  it('waits for the running flag on power on/off, not on restart', () => {
    const {web} = site();
    expect(powerPlan(web, 'poweroff').steps[0]).toMatchObject({
      body: {vnet: web.key, action: 'poweroff'},
      waitFor: {field: 'machine#status#running', equals: false},
    });
    expect(powerPlan(web, 'reset').steps[0]).not.toHaveProperty('waitFor');
  });

  it('lists what blocks a delete, and powers off a running network first', () => {
    const {s, ext, web, dev} = site();
    expect(networkDeleteBlockers(web, s)).toEqual(['NICs are attached: web-01.nic0 (move or remove them first)']);
    expect(networkDeleteBlockers(ext, s)).toEqual(['network web uses it as its default gateway']);
    expect(() => deleteNetworkPlan(web, s)).toThrow(/NICs are attached/);
    expect(deleteNetworkPlan(dev, s).steps.map((st) => st.kind)).toEqual(['delete']);
    const running = {...dev, running: true, status: 'running'};
    expect(deleteNetworkPlan(running, s).steps.map((st) => st.title)).toEqual([
      'Power off network dev',
      'Delete network dev',
    ]);
  });
});

describe('aliases', () => {
  it('knows which rules use an alias, by key or by name', () => {
    const {s, admins, spare} = site();
    expect(aliasUsage(s, admins).map((u) => `${u.network}/${u.rule.name}:${u.fields.join('+')}`)).toEqual([
      'dev/dev-ssh:destination',
      'web/ssh:source',
    ]);
    expect(aliasUsage(s, spare)).toEqual([]);
  });

  it('refuses to delete a used alias, naming the rules', () => {
    const {s, admins, spare} = site();
    expect(() => deleteAliasPlan(admins, s)).toThrow(
      'alias admins is used by 2 rules (dev/dev-ssh and web/ssh): change or delete them first',
    );
    expect(deleteAliasPlan(spare, s).steps).toEqual([
      {kind: 'delete', id: 'delete alias spare', title: 'Delete alias spare', table: 'vnet_rule_aliases', key: 13},
    ]);
  });

  it('checks each entry and label', () => {
    for (const ok of ['10.0.0.1', '10.0.0.0/24', '10.0.0.1-10.0.0.9', '443', '8000-8100', 'fd00::/64'])
      expect(validateAliasEntryValue(ok), ok).toBeUndefined();
    expect(validateAliasEntryValue('10.0.0.1,10.0.0.2')).toBe('one value per entry (no , or |)');
    for (const bad of ['::::', '1::2::3', 'fd00::/200']) expect(validateAliasEntryValue(bad), bad).toMatch(/IPv6/);
    expect(validateAliasEntryValue('70000')).toMatch(/out of range/);
    expect(validateAliasEntryValue('web-01')).toMatch(/or a port such as 443/);
    const {s} = site();
    const v = {
      ...aliasFormValues(),
      name: 'new',
      [entryField(0)]: '10.0.0.1',
      [labelField(0)]: 'a|b',
      [entryField(1)]: '10.0.0.1',
      [labelField(1)]: '',
    };
    expect(aliasFormErrors(v, {site: s})).toEqual({
      [labelField(0)]: 'no , or | in a label',
      [entryField(1)]: 'the same as entry 1',
    });
    expect(aliasFormErrors({...aliasFormValues(), name: 'empty'}, {site: s})).toEqual({
      [entryField(0)]: 'add at least one entry',
    });
    expect(aliasFormErrors({...aliasFormValues(), name: 'Admins', [entryField(0)]: '1.1.1.1'}, {site: s})).toEqual({
      name: 'an alias named "admins" already exists',
    });
  });

  it('creates with the VergeOS value format and updates only what changed', () => {
    const {s, admins} = site();
    const v = {
      ...aliasFormValues(),
      name: 'dns',
      [entryField(0)]: '1.1.1.1',
      [labelField(0)]: 'cloudflare',
      [entryField(1)]: '9.9.9.9',
      [labelField(1)]: '',
    };
    expect(createAliasPlan(v, s).steps).toEqual([
      {
        kind: 'create',
        id: 'create alias dns',
        title: 'Create alias dns',
        table: 'vnet_rule_aliases',
        body: {name: 'dns', description: '', value: '1.1.1.1|cloudflare,9.9.9.9', publishing_scope: 'private'},
        identity: {name: 'dns'},
        knownNew: true,
      },
    ]);
    const same = aliasFormValues(admins);
    expect(updateAliasPlan(admins, same, s)).toEqual({plan: {title: 'Update alias admins', steps: []}, apply: []});
    const out = updateAliasPlan(admins, {...same, [entryField(1)]: '192.168.255.0/24', [labelField(1)]: 'vpn'}, s);
    expect(out.plan.steps).toMatchObject([
      {kind: 'update', key: 12, body: {value: '10.10.3.0/24|mgmt,192.168.255.0/24|vpn'}},
    ]);
    expect(out.apply).toEqual(['dev', 'web']);
  });
});
