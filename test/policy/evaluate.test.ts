// Hand-written cases for each rule of DESIGN.md §5 as implemented: order and
// pins, disabled rules, protocols, address forms, aliases, helpers, NAT,
// routes, same network, defaults, and the interval index.
import {describe, expect, it} from 'vitest';
import type {Site} from '../../source/domain/model.js';
import {parseIpv4} from '../../source/domain/ip.js';
import {evaluatePacket} from '../../source/policy/evaluate.js';
import type {PolicyDefaults} from '../../source/policy/defaults.js';
import {tracePacket} from '../../source/policy/trace.js';
import {why, whyToJson} from '../../source/policy/why.js';
import {SiteBuilder, threeTier} from './fixtures.js';

const PROTO: Record<string, number> = {tcp: 6, udp: 17, icmp: 1, gre: 47};

function packet(src: string, dst: string, proto = 'tcp', dport?: number) {
  const p = PROTO[proto];
  const ports = p === 6 || p === 17;
  return {
    proto: p,
    src: parseIpv4(src)!,
    dst: parseIpv4(dst)!,
    sport: ports ? 40000 : null,
    dport: ports ? (dport ?? 80) : null,
  };
}

/** Verdict and "network direction action rule" per hop, for one packet. */
function decide(
  site: Site,
  src: string,
  dst: string,
  proto = 'tcp',
  dport?: number,
  defaults?: PolicyDefaults,
  ruleset: 'applied' | 'pending' = 'pending',
) {
  const flow = evaluatePacket(site, packet(src, dst, proto, dport), {ruleset, defaults});
  const o = flow.outcomes[0];
  return {
    verdict: o.verdict,
    hops: o.hops.map(
      (h) =>
        `${h.name} ${h.direction} ${h.action} ${h.rule ? h.rule.rule.name : h.action === 'no-route' ? '-' : 'default'}`,
    ),
  };
}

function twoNets() {
  const b = new SiteBuilder();
  const a = b.network('a', '10.0.1.0/24');
  const z = b.network('z', '10.0.2.0/24');
  b.route(a, z);
  return {b, a, z};
}

describe('order, pins and enabled', () => {
  it('first match wins in pinned-top, orderid, pinned-bottom order', () => {
    const {b, z} = twoNets();
    b.rule(z, {name: 'bottom accept', orderid: 1, pin: 'bottom', action: 'accept'});
    b.rule(z, {name: 'late drop', orderid: 50, action: 'drop', protocol: 'tcp', destinationPorts: '22'});
    b.rule(z, {
      name: 'top accept ssh',
      orderid: 99,
      pin: 'top',
      action: 'accept',
      protocol: 'tcp',
      destinationPorts: '22',
    });
    const site = b.build();
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'tcp', 22)).toEqual({
      verdict: 'allow',
      hops: ['a outgoing accept default', 'z incoming accept top accept ssh'],
    });
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'tcp', 80)).toEqual({
      verdict: 'allow',
      hops: ['a outgoing accept default', 'z incoming accept bottom accept'],
    });
  });

  it('skips disabled rules and says so in the trace', () => {
    const {b, z} = twoNets();
    b.rule(z, {name: 'off', enabled: false, action: 'accept'});
    const site = b.build();
    expect(decide(site, '10.0.1.5', '10.0.2.5').verdict).toBe('deny');
    const t = tracePacket(site, packet('10.0.1.5', '10.0.2.5'), {ruleset: 'pending'});
    expect(t.hops[1].skipped).toContainEqual(expect.objectContaining({name: 'off', field: 'disabled'}));
    expect(t.hops[1].default).toBe(true);
  });

  it('reports the first field that did not match for every rule above the decider', () => {
    const {b, z} = twoNets();
    b.rule(z, {name: 'udp only', protocol: 'udp'});
    b.rule(z, {name: 'other source', sourceIp: '10.9.9.9'});
    b.rule(z, {name: 'wrong port', protocol: 'tcp', destinationPorts: '443'});
    b.rule(z, {name: 'outgoing', direction: 'outgoing', action: 'drop'});
    b.rule(z, {name: 'other dest', destinationIp: '10.0.2.99'});
    b.rule(z, {name: 'source port', protocol: 'tcp', sourcePorts: '53'});
    b.rule(z, {name: 'replies', ctState: 'established,related'});
    b.rule(z, {name: 'hit', protocol: 'tcp', action: 'reject'});
    const t = tracePacket(b.build(), packet('10.0.1.5', '10.0.2.5', 'tcp', 80), {ruleset: 'pending'});
    const hop = t.hops[1];
    expect(hop.rule).toMatchObject({name: 'hit'});
    expect(hop.action).toBe('reject');
    expect(hop.skipped.filter((s) => s.name !== 'route to z').map((s) => [s.name, s.field])).toEqual([
      ['udp only', 'protocol'],
      ['other source', 'source'],
      ['wrong port', 'destination ports'],
      ['outgoing', 'direction'],
      ['other dest', 'destination'],
      ['source port', 'source ports'],
      ['replies', 'ct_state'],
    ]);
    expect(hop.skipped.find((s) => s.name === 'other source')!.detail).toBe('10.0.1.5 is not in "10.9.9.9"');
  });
});

describe('protocols and ports', () => {
  it('tcpudp matches tcp and udp, not icmp', () => {
    const {b, z} = twoNets();
    b.rule(z, {name: 'dns', protocol: 'tcpudp', destinationPorts: '53'});
    const site = b.build();
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'udp', 53).verdict).toBe('allow');
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'tcp', 53).verdict).toBe('allow');
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'icmp').verdict).toBe('deny');
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'udp', 54).verdict).toBe('deny');
  });

  it('port lists and ranges; ports on an "any" rule limit it to tcp/udp', () => {
    const {b, z} = twoNets();
    b.rule(z, {name: 'web', protocol: 'tcp', destinationPorts: '80,443,8000-8010'});
    b.rule(z, {name: 'any with port', protocol: 'any', destinationPorts: '22'});
    b.rule(z, {name: 'gre', protocol: '47'});
    const site = b.build();
    for (const port of [80, 443, 8000, 8005, 8010, 22])
      expect(decide(site, '10.0.1.5', '10.0.2.5', 'tcp', port).verdict).toBe('allow');
    for (const port of [81, 7999, 8011]) expect(decide(site, '10.0.1.5', '10.0.2.5', 'tcp', port).verdict).toBe('deny');
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'icmp').verdict).toBe('deny');
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'gre').hops[1]).toBe('z incoming accept gre');
  });

  it('judges the initiating packet: ct_state rules without "new" never decide', () => {
    const {b, z} = twoNets();
    b.rule(z, {name: 'established', ctState: 'established,related', action: 'accept'});
    b.rule(z, {name: 'new ones', ctState: 'new', action: 'reject'});
    expect(decide(b.build(), '10.0.1.5', '10.0.2.5').hops[1]).toBe('z incoming reject new ones');
  });
});

describe('address forms, aliases and helpers', () => {
  it('matches single IPs, CIDRs (host bits ignored), ranges and comma lists', () => {
    const {b, z} = twoNets();
    b.rule(z, {name: 'list', sourceIp: '10.0.1.7, 10.0.1.100-10.0.1.110'});
    b.rule(z, {name: 'cidr', sourceIp: '10.0.1.33/28'});
    const site = b.build();
    expect(decide(site, '10.0.1.7', '10.0.2.5').hops[1]).toBe('z incoming accept list');
    expect(decide(site, '10.0.1.105', '10.0.2.5').hops[1]).toBe('z incoming accept list');
    expect(decide(site, '10.0.1.40', '10.0.2.5').hops[1]).toBe('z incoming accept cidr');
    expect(decide(site, '10.0.1.50', '10.0.2.5').verdict).toBe('deny');
  });

  it('expands aliases by key or by name and reports the entry that matched', () => {
    const {b, z} = twoNets();
    const admins = b.alias('admins', '10.0.1.5|alice,10.0.1.6|bob', 7);
    b.alias('ssh', '22', 8);
    b.rule(z, {name: 'admins ssh', sourceIp: `alias:${admins.key}`, protocol: 'tcp', destinationPorts: 'alias:ssh'});
    const site = b.build();
    expect(decide(site, '10.0.1.6', '10.0.2.5', 'tcp', 22).hops[1]).toBe('z incoming accept admins ssh');
    expect(decide(site, '10.0.1.7', '10.0.2.5', 'tcp', 22).verdict).toBe('deny');
    expect(decide(site, '10.0.1.6', '10.0.2.5', 'tcp', 23).verdict).toBe('deny');
    const t = tracePacket(site, packet('10.0.1.6', '10.0.2.5', 'tcp', 22), {ruleset: 'pending'});
    expect(t.hops[1].matched).toEqual([
      {
        field: 'source',
        token: 'alias:7',
        describe: 'alias:admins (10.0.1.5-10.0.1.6)',
        alias: {key: 7, name: 'admins', entry: '10.0.1.6', label: 'bob'},
      },
      {
        field: 'destination ports',
        token: 'alias:ssh',
        describe: 'alias:ssh (22)',
        alias: {key: 8, name: 'ssh', entry: '22', label: ''},
      },
    ]);
  });

  it('resolves router, vnetself (router, DMZ, IP aliases), vnet: and vmnic: helpers', () => {
    const {b, a, z} = twoNets();
    b.address(z, '10.0.2.200', 'ipalias');
    b.vm('db1', [{net: z, ip: '10.0.2.10', name: 'eth0'}]);
    b.rule(z, {name: 'dns to router', protocol: 'udp', destinationIp: 'router', destinationPorts: '53'});
    b.rule(z, {name: 'self https', protocol: 'tcp', destinationIp: 'vnetself', destinationPorts: '443'});
    b.rule(z, {
      name: 'from a to db1',
      protocol: 'tcp',
      sourceIp: `vnet:${a.name}`,
      destinationIp: 'vmnic:db1.eth0',
      destinationPorts: '5432',
    });
    b.rule(z, {name: 'ghost', sourceIp: 'vmnic:ghost.eth0'});
    const site = b.build();
    expect(decide(site, '10.0.1.5', '10.0.2.1', 'udp', 53).hops[1]).toBe('z incoming accept dns to router');
    expect(decide(site, '10.0.1.5', '10.0.2.2', 'udp', 53).verdict).toBe('deny');
    expect(decide(site, '10.0.1.5', '10.0.2.200', 'tcp', 443).hops[1]).toBe('z incoming accept self https');
    expect(decide(site, '10.0.1.5', z.dmzIp, 'tcp', 443).hops[1]).toBe('z incoming accept self https');
    expect(decide(site, '10.0.1.5', '10.0.2.10', 'tcp', 5432).hops[1]).toBe('z incoming accept from a to db1');
    expect(decide(site, '10.0.1.5', '10.0.2.11', 'tcp', 5432).verdict).toBe('deny');
  });

  it.each([['dynamic first'], ['static first']])(
    'finds a NIC address from a static reservation before a dynamic lease (%s)',
    (order) => {
      const {b, z} = twoNets();
      b.vm('db1', [{net: z, ip: '', mac: '00:11:22:33:44:55', name: 'eth0'}]);
      if (order === 'dynamic first') b.address(z, '10.0.2.77', 'dynamic', '00:11:22:33:44:55');
      b.address(z, '10.0.2.66', 'static', '00:11:22:33:44:55');
      if (order === 'static first') b.address(z, '10.0.2.77', 'dynamic', '00:11:22:33:44:55');
      b.rule(z, {name: 'to db1', destinationIp: 'vmnic:db1.eth0'});
      const site = b.build();
      expect(decide(site, '10.0.1.5', '10.0.2.66').verdict).toBe('allow');
      expect(decide(site, '10.0.1.5', '10.0.2.77').verdict).toBe('deny');
    },
  );

  it('notes IPv6 it ignores', () => {
    const {b, z} = twoNets();
    b.rule(z, {name: 'v6', sourceIp: 'fd00::/64', action: 'accept'});
    const t = tracePacket(b.build(), packet('10.0.1.5', '10.0.2.5'), {ruleset: 'pending'});
    expect(t.verdict).toBe('deny');
    expect(t.hops[1].notes).toContain('rule "v6" (#1) holds IPv6 addresses, which vseg\'s analysis ignores');
  });

  it('restricts interface=wireguard rules to sources that arrive through WireGuard', () => {
    const b = new SiteBuilder();
    const ext = b.network('External', '192.0.2.0/24', {type: 'external', routerIp: '192.0.2.1', dmzIp: ''});
    b.wireguard(ext, '192.168.255.1/24', ['198.51.100.0/24']);
    b.rule(ext, {name: 'wg in', interface: 'wireguard', protocol: 'tcp', destinationPorts: '443'});
    const site = b.build();
    expect(decide(site, '198.51.100.9', '192.0.2.1', 'tcp', 443).hops).toEqual(['External incoming accept wg in']);
    expect(decide(site, '203.0.113.9', '192.0.2.1', 'tcp', 443).verdict).toBe('deny');
    const t = tracePacket(site, packet('203.0.113.9', '192.0.2.1', 'tcp', 443), {ruleset: 'pending'});
    expect(t.hops[0].skipped[0]).toMatchObject({name: 'wg in', field: 'interface'});
  });
});

describe('NAT', () => {
  function portForward() {
    const {b, a, z} = twoNets();
    b.vm('web1', [{net: z, ip: '10.0.2.10', name: 'eth0'}]);
    b.rule(z, {name: 'no 8443', protocol: 'tcp', destinationPorts: '8443', action: 'drop', orderid: 5});
    b.rule(z, {
      name: 'pf 8443',
      protocol: 'tcp',
      direction: 'incoming',
      action: 'translate',
      destinationIp: 'vnetself',
      destinationPorts: '8443',
      targetIp: 'vmnic:web1.eth0',
      targetPorts: '443',
      orderid: 1,
    });
    b.rule(z, {
      name: 'second pf',
      protocol: 'tcp',
      direction: 'incoming',
      action: 'translate',
      destinationPorts: '443',
      targetIp: '10.0.2.99',
      orderid: 2,
    });
    b.rule(z, {
      name: 'web1 https',
      protocol: 'tcp',
      destinationIp: 'vmnic:web1.eth0',
      destinationPorts: '443',
      orderid: 10,
    });
    return {b, a, z};
  }

  it('rewrites the destination on incoming translate and judges later rules on the new packet, once', () => {
    const {b, z} = portForward();
    const site = b.build();
    expect(decide(site, '10.0.1.5', z.dmzIp, 'tcp', 8443)).toEqual({
      verdict: 'allow',
      hops: ['a outgoing accept default', 'z incoming accept web1 https'],
    });
    const t = tracePacket(site, packet('10.0.1.5', z.dmzIp, 'tcp', 8443), {ruleset: 'pending'});
    const hop = t.hops[1];
    expect(hop.nat).toEqual({
      rule: {key: expect.any(Number), name: 'pf 8443', position: 1},
      field: 'destination',
      from: `${z.dmzIp}:8443`,
      to: '10.0.2.10:443',
    });
    expect(hop.skipped.find((s) => s.name === 'second pf')).toMatchObject({
      field: 'translate',
      detail: expect.stringContaining('already translated'),
    });
    const j = whyToJson(
      (why(site, {from: '10.0.1.5', to: z.dmzIp, service: 'tcp/8443'}) as {ok: true; value: never}).value,
    );
    expect(j.reason).toContain('Translated: destination');
  });

  it('rewrites the source on outgoing translate; the next router sees the new source', () => {
    const {b, a, z} = twoNets();
    b.rule(a, {name: 'snat', direction: 'outgoing', action: 'translate', targetIp: '10.0.1.250'});
    b.rule(z, {name: 'only .250', sourceIp: '10.0.1.250'});
    expect(decide(b.build(), '10.0.1.5', '10.0.2.5')).toEqual({
      verdict: 'allow',
      hops: ['a outgoing accept default', 'z incoming accept only .250'],
    });
  });
});

describe('paths', () => {
  it('needs an outgoing route rule between internal networks', () => {
    const {b, web1, db1, app1} = threeTier();
    const site = b.build();
    const noRoute = why(site, {from: 'web1', to: 'db1', service: 'tcp/5432'});
    expect(noRoute.ok && whyToJson(noRoute.value)).toMatchObject({
      verdict: 'deny',
      hops: [{network: 'web', direction: 'outgoing', action: 'no-route', rule: null, default: false}],
    });
    expect(noRoute.ok && noRoute.value.reason).toBe(
      'Blocked: web has no route to db — no outgoing route rule on web covers 10.0.3.10 (db is an internal network).',
    );
    expect(decide(site, web1.nics[0].ip, app1.nics[0].ip, 'tcp', 8080).verdict).toBe('allow');
    expect(decide(site, app1.nics[0].ip, db1.nics[0].ip, 'tcp', 5432).verdict).toBe('allow');
  });

  it('reports the filter verdict over the missing route when the filter already drops', () => {
    const {b, web} = threeTier();
    b.rule(web, {name: 'no db', direction: 'outgoing', action: 'drop', destinationIp: 'vnet:db'});
    expect(decide(b.build(), '10.0.1.10', '10.0.3.10', 'tcp', 5432).hops).toEqual(['web outgoing drop no db']);
  });

  it('reaches outside through the default gateway, not without one', () => {
    const {b, web} = threeTier();
    const lonely = b.network('lonely', '10.0.9.0/24');
    const site = b.build();
    expect(decide(site, '10.0.1.10', '8.8.8.8', 'udp', 53)).toEqual({
      verdict: 'allow',
      hops: ['web outgoing accept default'],
    });
    expect(decide(site, '10.0.9.10', '8.8.8.8', 'udp', 53)).toEqual({
      verdict: 'deny',
      hops: ['lonely outgoing no-route -'],
    });
    const t = tracePacket(site, packet('10.0.1.10', '8.8.8.8', 'udp', 53), {ruleset: 'pending'});
    expect(t.hops[0].route).toMatchObject({via: 'gateway', gateway: 'External'});
    expect(web.defaultGateway).not.toBeNull();
    expect(lonely.defaultGateway).toBeNull();
  });

  it('does not filter traffic inside one network', () => {
    const {b, web} = threeTier();
    b.rule(web, {name: 'drop all', action: 'drop'});
    b.rule(web, {name: 'drop all out', action: 'drop', direction: 'outgoing'});
    const r = why(b.build(), {from: '10.0.1.10', to: '10.0.1.11', service: 'tcp/22'});
    expect(r.ok && whyToJson(r.value)).toMatchObject({verdict: 'allow', hops: []});
    expect(r.ok && r.value.reason).toBe('Same network (web): the traffic does not cross a router, so no rule applies.');
  });

  it('places an address by its own addresses first, then the longest prefix, internal before other types', () => {
    const b = new SiteBuilder();
    const ext = b.network('wide', '10.0.0.0/8', {type: 'external', routerIp: '10.255.0.1', dmzIp: ''});
    const inner = b.network('inner', '10.0.5.0/24');
    const twinExt = b.network('twin-ext', '10.0.7.0/24', {type: 'dmz', routerIp: '', dmzIp: ''});
    const twinInt = b.network('twin-int', '10.0.7.0/24', {routerIp: '', dmzIp: ''});
    b.address(inner, '10.0.7.9', 'ipalias');
    const site = b.build();
    const where = (ip: string) => tracePacket(site, packet(ip, '8.8.8.8'), {ruleset: 'pending'}).fromName;
    expect(where('10.0.5.3')).toBe(inner.name);
    expect(where('10.9.9.9')).toBe(ext.name);
    expect(where('10.0.7.3')).toBe(twinInt.name);
    expect(where('10.0.7.9')).toBe(inner.name);
    expect(twinExt.key).toBeLessThan(twinInt.key);
  });
});

describe('defaults', () => {
  it('internal networks drop incoming and accept outgoing unless the site says otherwise', () => {
    const {b} = twoNets();
    const site = b.build();
    expect(decide(site, '10.0.1.5', '10.0.2.5')).toEqual({
      verdict: 'deny',
      hops: ['a outgoing accept default', 'z incoming drop default'],
    });
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'tcp', 80, {internal: {incoming: 'accept'}}).verdict).toBe('allow');
    expect(
      decide(site, '10.0.1.5', '10.0.2.5', 'tcp', 80, {internal: {outgoing: 'reject', incoming: 'accept'}}).hops,
    ).toEqual(['a outgoing reject default']);
  });
});

describe('interval index (long rule lists)', () => {
  it('picks the first matching route among many and keeps first-match order', () => {
    const {b, a, z} = twoNets();
    for (let i = 0; i < 120; i++)
      b.rule(a, {
        name: `route ${i}`,
        direction: 'outgoing',
        action: 'route',
        destinationIp: `10.7.${i}.0/24`,
        targetIp: '100.64.9.9',
        orderid: 10 + i,
      });
    b.rule(a, {
      name: 'late route',
      direction: 'outgoing',
      action: 'route',
      destinationIp: '10.0.2.0/25',
      targetIp: z.dmzIp,
      orderid: 500,
    });
    b.rule(z, {name: 'in'});
    const site = b.build();
    const t = tracePacket(site, packet('10.0.1.5', '10.0.2.5'), {ruleset: 'pending'});
    expect(t.hops[0].route).toMatchObject({via: 'rule', rule: {name: 'route to z'}});
    expect(decide(site, '10.0.1.5', '10.0.2.5').verdict).toBe('allow');
    // Remove the early catch-all route: now the one deep in the list decides.
    const {
      b: b2,
      a: a2,
      z: z2,
    } = (() => {
      const bb = new SiteBuilder();
      const aa = bb.network('a', '10.0.1.0/24');
      const zz = bb.network('z', '10.0.2.0/24');
      for (let i = 0; i < 120; i++)
        bb.rule(aa, {
          name: `route ${i}`,
          direction: 'outgoing',
          action: 'route',
          destinationIp: `10.7.${i}.0/24`,
          targetIp: '100.64.9.9',
          orderid: 10 + i,
        });
      bb.rule(aa, {
        name: 'late route',
        direction: 'outgoing',
        action: 'route',
        destinationIp: '10.0.2.0/25',
        targetIp: zz.dmzIp,
        orderid: 500,
      });
      bb.rule(zz, {name: 'in'});
      return {b: bb, a: aa, z: zz};
    })();
    const s2 = b2.build();
    expect(decide(s2, '10.0.1.5', '10.0.2.5').verdict).toBe('allow');
    expect(decide(s2, '10.0.1.5', '10.0.2.200').hops).toEqual(['a outgoing no-route -']);
    expect(tracePacket(s2, packet('10.0.1.5', '10.0.2.5'), {ruleset: 'pending'}).hops[0].route).toMatchObject({
      rule: {name: 'late route'},
    });
    expect(a2.key).not.toBe(z2.key);
  });

  it('follows a rewrite out of the indexed segment', () => {
    const {b, z} = twoNets();
    b.vm('web1', [{net: z, ip: '10.0.2.10', name: 'eth0'}]);
    // Many narrow rules on destination make the incoming list indexed on destination.
    for (let i = 0; i < 80; i++)
      b.rule(z, {name: `noise ${i}`, destinationIp: `10.0.2.${100 + i}`, protocol: 'udp', orderid: 100 + i});
    b.rule(z, {
      name: 'pf',
      action: 'translate',
      destinationIp: 'vnetself',
      protocol: 'tcp',
      destinationPorts: '8443',
      targetIp: '10.0.2.10',
      targetPorts: '443',
      orderid: 1,
    });
    b.rule(z, {name: 'web1 https', protocol: 'tcp', destinationIp: '10.0.2.10', destinationPorts: '443', orderid: 900});
    expect(decide(b.build(), '10.0.1.5', z.dmzIp, 'tcp', 8443).hops[1]).toBe('z incoming accept web1 https');
  });
});

describe('applied and pending', () => {
  it('evaluates the live rules where known, the staged ones for pending', () => {
    const {b, z} = twoNets();
    const live = b.rule(z, {name: 'allow all'});
    b.setApplied(z, {source: 'baseline', rules: [live], lastFwApply: 1, recordedAt: 1});
    b.removeRule(live);
    b.rule(z, {name: 'drop all', action: 'drop'});
    const site = b.build();
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'tcp', 80, undefined, 'applied').hops[1]).toBe(
      'z incoming accept allow all',
    );
    expect(decide(site, '10.0.1.5', '10.0.2.5', 'tcp', 80, undefined, 'pending').hops[1]).toBe(
      'z incoming drop drop all',
    );
  });
});
