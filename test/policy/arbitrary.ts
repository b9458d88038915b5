// fast-check generators for small random sites. Every address a rule or
// alias can name lies in a tiny universe (four /28 networks, a /28 external
// block, a few DMZ and outside addresses) and every port boundary lies in
// 0…9, so a brute-force enumeration of that universe is exhaustive for the
// questions the tests ask.
import fc from 'fast-check';
import type {Key, Rule, Site} from '../../source/domain/model.js';
import type {PolicyDefaults} from '../../source/policy/defaults.js';
import {SiteBuilder} from './fixtures.js';

export const NET_NAMES = ['web', 'app', 'db', 'mgmt'];

/** Every address the universe can name, plus outside points. */
export const UNIVERSE: string[] = [
  ...Array.from({length: 80}, (_, i) => `10.0.0.${i}`),
  ...Array.from({length: 16}, (_, i) => `192.0.2.${i}`),
  ...Array.from({length: 5}, (_, i) => `100.64.0.${i + 1}`),
  '8.8.8.8',
  '203.0.113.1',
];

/** Representative protocols: one per class the rule menu can tell apart. */
export const PROTO_REPS = [0, 1, 6, 17, 47, 89, 255];
/** Destination ports: rule boundaries lie in 1…8; 9 stands for every higher port. */
export const DPORT_REPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 65535];
/** Source ports: the only specs are 3 and 1-4. */
export const SPORT_REPS = [0, 1, 3, 4, 5, 65535];

const ADDR_TOKENS = [
  '10.0.0.1',
  '10.0.0.5',
  '10.0.0.17',
  '10.0.0.20',
  '10.0.0.33',
  '10.0.0.40',
  '10.0.0.50',
  '10.0.0.70',
  '192.0.2.1',
  '192.0.2.5',
  '100.64.0.2',
  '8.8.8.8',
  '10.0.0.0/28',
  '10.0.0.16/28',
  '10.0.0.0/27',
  '10.0.0.0/26',
  '10.0.0.4/30',
  '10.0.0.20/31',
  '192.0.2.0/28',
  '10.0.0.0/8',
  '0.0.0.0/0',
  '10.0.0.18/28',
  '10.0.0.3-10.0.0.18',
  '10.0.0.30-10.0.0.70',
  '192.0.2.2-192.0.2.9',
  'router',
  'vnetself',
  'default',
  'Router',
  'vnet:web',
  'vnet:app',
  'vnet:db',
  'vnet:mgmt',
  'vnet:External',
  'vnet:nosuch',
  'vmnic:alpha.nic_0',
  'vmnic:beta.nic_1',
  'vmnic:beta.nic_0',
  'vmnic:ghost.nic_0',
  'vmnic:alpha.nope',
  'vmnic:gamma.nic_0',
  'alias:100',
  'alias:101',
  'alias:102',
  'alias:servers',
  'alias:999',
  'fd00::1',
  'fd00::/64',
  'not-an-ip',
  'other:thing',
];

const PORT_TOKENS = ['1', '2', '3-5', '1,4', '6-8', '2,7', '8', 'alias:102', 'alias:ports', '0'];
const SPORT_TOKENS = ['', '', '', '', '3', '1-4'];
const ALIAS_ENTRIES = [
  '10.0.0.5',
  '10.0.0.17|db1',
  '10.0.0.32/29',
  '192.0.2.4-192.0.2.6',
  '10.0.0.60|edge',
  '1',
  '3-5|dns',
  '7',
  'fd00::2',
  'junk',
];

const addrFieldWith = (emptyWeight: number) =>
  fc.oneof(
    {weight: emptyWeight, arbitrary: fc.constant('')},
    {
      weight: 5,
      arbitrary: fc.array(fc.constantFrom(...ADDR_TOKENS), {minLength: 1, maxLength: 3}).map((l) => l.join(',')),
    },
  );
const portField = fc.oneof(
  {weight: 5, arbitrary: fc.constant('')},
  {
    weight: 3,
    arbitrary: fc.array(fc.constantFrom(...PORT_TOKENS), {minLength: 1, maxLength: 2}).map((l) => l.join(',')),
  },
);

export interface RuleSeed {
  net: number;
  action: Rule['action'];
  direction: Rule['direction'];
  protocol: string;
  pin: Rule['pin'];
  enabled: boolean;
  orderid: number;
  ctState: string;
  iface: string;
  sourceIp: string;
  destinationIp: string;
  sourcePorts: string;
  destinationPorts: string;
  targetIp: string;
  targetPorts: string;
}

type Action = Rule['action'];
const ACTIONS: Action[] = ['accept', 'accept', 'drop', 'reject', 'translate', 'route', 'route'];
/** Concentrates on NAT: few networks, many translate rules before filters. */
const NAT_ACTIONS: Action[] = ['translate', 'translate', 'translate', 'accept', 'drop', 'route'];
/** Long lists of filters and routes (interval index). */
const DENSE_ACTIONS: Action[] = ['accept', 'drop', 'reject', 'route', 'route', 'route', 'accept', 'translate'];

type Mode = 'mixed' | 'nat' | 'dense';

/** A narrow address field: one or two specific tokens (what makes a ruleset indexable). */
const narrowField = fc
  .array(
    fc.constantFrom(
      '10.0.0.1',
      '10.0.0.5',
      '10.0.0.17',
      '10.0.0.20',
      '10.0.0.33',
      '10.0.0.4/30',
      '10.0.0.20/31',
      '10.0.0.3-10.0.0.18',
      'router',
      'vmnic:alpha.nic_0',
      'alias:100',
      '192.0.2.5',
    ),
    {minLength: 1, maxLength: 2},
  )
  .map((l) => l.join(','));

const ruleSeedWith = (actions: Action[], mode: Mode) =>
  fc.record<RuleSeed>({
    // Dense sites pile most rules on the first network so its lists get indexed.
    net: mode === 'dense' ? fc.constantFrom(0, 0, 0, 0, 0, 1, 2) : fc.integer({min: 0, max: 4}),
    action: fc.constantFrom(...actions),
    direction: fc.constantFrom('incoming', 'outgoing'),
    protocol:
      mode !== 'mixed'
        ? fc.constantFrom('any', 'tcp', 'tcpudp', 'udp')
        : fc.constantFrom('any', 'tcp', 'udp', 'tcpudp', 'icmp', '47', '89', '', 'bogus'),
    pin: fc.constantFrom('no', 'no', 'no', 'top', 'bottom'),
    enabled: fc.integer({min: 0, max: 9}).map((n) => n < (mode !== 'mixed' ? 9 : 8)),
    orderid: fc.integer({min: 0, max: mode === 'dense' ? 400 : 6}),
    ctState:
      mode !== 'mixed' ? fc.constant('') : fc.constantFrom('', '', '', 'new', 'established,related', 'new,established'),
    iface:
      mode !== 'mixed' ? fc.constant('auto') : fc.constantFrom('auto', 'auto', 'auto', 'any', 'router', 'wireguard'),
    sourceIp:
      mode === 'dense'
        ? fc.oneof({weight: 1, arbitrary: addrFieldWith(1)}, {weight: 3, arbitrary: narrowField})
        : addrFieldWith(mode === 'nat' ? 12 : 3),
    destinationIp:
      mode === 'dense'
        ? fc.oneof({weight: 1, arbitrary: addrFieldWith(1)}, {weight: 3, arbitrary: narrowField})
        : addrFieldWith(mode === 'nat' ? 8 : 3),
    sourcePorts: fc.constantFrom(...SPORT_TOKENS),
    destinationPorts: portField,
    targetIp: fc.constantFrom('', '10.0.0.5', '10.0.0.20', '10.0.0.36', 'router', 'vmnic:alpha.nic_0', '192.0.2.5'),
    targetPorts: fc.constantFrom('', '', '2', '7'),
  });

export interface SiteSeed {
  nets: number;
  external: boolean;
  gateways: boolean[];
  ipalias: boolean;
  rules: RuleSeed[];
  aliases: string[][];
  applied: Array<'none' | 'current' | 'baseline' | 'unknown'>;
  baselineDrop: number[];
  needFwApply: boolean[];
  wireguard: boolean;
  /** Networks (by index, the external one last) whose router is stopped. */
  stopped: boolean[];
  /** An IPsec tunnel on the first network carrying outside addresses. */
  tunnel: boolean;
}

const siteSeedWith = (actions: Action[], maxNets: number, mode: Mode = 'mixed', minRules = 0, maxRules = 22) =>
  fc.record<SiteSeed>({
    nets: fc.integer({min: minRules > 0 ? 2 : 1, max: maxNets}),
    external: fc.boolean(),
    gateways: fc.array(fc.boolean(), {minLength: 5, maxLength: 5}),
    ipalias: fc.boolean(),
    rules: fc.array(ruleSeedWith(actions, mode), {minLength: minRules, maxLength: maxRules}),
    aliases: fc.array(fc.array(fc.constantFrom(...ALIAS_ENTRIES), {maxLength: 4}), {minLength: 3, maxLength: 3}),
    applied: fc.array(fc.constantFrom('none', 'current', 'baseline', 'unknown'), {minLength: 5, maxLength: 5}),
    baselineDrop: fc.array(fc.integer({min: 0, max: 359}), {maxLength: 3}),
    needFwApply: fc.array(fc.boolean(), {minLength: 5, maxLength: 5}),
    wireguard: fc.boolean(),
    stopped: fc.array(
      fc.integer({min: 0, max: 5}).map((n) => n === 0),
      {minLength: 6, maxLength: 6},
    ),
    tunnel: fc.boolean(),
  });

export const siteSeed = siteSeedWith(ACTIONS, 4);
export const natSiteSeed = siteSeedWith(NAT_ACTIONS, 2, 'nat');
/** Enough narrow rules per router direction for the interval index to take over (≥ 48). */
export const bigSiteSeed = siteSeedWith(DENSE_ACTIONS, 2, 'dense', 250, 360);
/** Long lists where half the rules translate: lint gives translate rules their own index there. */
export const bigNatSiteSeed = siteSeedWith(NAT_ACTIONS, 2, 'nat', 150, 260);

export function buildSite(seed: SiteSeed): Site {
  const b = new SiteBuilder();
  const nets = [];
  const ext = seed.external
    ? b.network('External', '192.0.2.0/28', {key: 9, type: 'external', routerIp: '192.0.2.1', dmzIp: ''})
    : null;
  for (let i = 0; i < seed.nets; i++) {
    nets.push(
      b.network(NET_NAMES[i], `10.0.0.${i * 16}/28`, {
        key: i + 1,
        dmzIp: `100.64.0.${i + 1}`,
        defaultGateway: seed.gateways[i] ? (ext?.key ?? 77) : null,
        needFwApply: seed.needFwApply[i],
      }),
    );
  }
  if (seed.ipalias && nets[0]) b.address(nets[0], '10.0.0.70', 'ipalias');
  if (seed.ipalias && ext) b.address(ext, '192.0.2.5', 'ipalias');
  if (seed.wireguard && nets[1]) b.wireguard(nets[1], '10.0.0.73/29', ['192.0.2.8/30']);
  if (seed.tunnel && nets[0]) b.ipsec(nets[0], ['8.8.8.8/32', '203.0.113.0/30']);
  [...nets, ...(ext ? [ext] : [])].forEach((n, i) => {
    if (seed.stopped[i]) Object.assign(n, {running: false, status: 'stopped'});
  });
  if (nets[0]) b.vm('alpha', [{net: nets[0], ip: '10.0.0.5'}]);
  if (nets[1])
    b.vm('beta', [
      {net: nets[0], ip: '10.0.0.6'},
      {net: nets[1], ip: '', mac: '00:aa:bb:cc:dd:01'},
    ]);
  if (nets[1]) b.address(nets[1], '10.0.0.20', 'static', '00:AA:BB:CC:DD:01');
  if (nets[2]) b.vm('gamma', [{net: nets[2], ip: ''}]);
  b.alias('servers', seed.aliases[0].join(','), 100);
  b.alias('mixed', seed.aliases[1].join(','), 101);
  b.alias('ports', seed.aliases[2].join(','), 102);

  const all = [...nets, ...(ext ? [ext] : [])];
  const rules: Rule[] = [];
  seed.rules.forEach((r, i) => {
    const net = all[r.net % all.length];
    rules.push(
      b.rule(net, {
        key: i + 1,
        name: `r${i + 1}`,
        action: r.action,
        direction: r.direction,
        protocol: r.protocol,
        pin: r.pin,
        enabled: r.enabled,
        orderid: r.orderid,
        ctState: r.ctState,
        interface: r.iface,
        sourceIp: r.sourceIp,
        destinationIp: r.destinationIp,
        sourcePorts: r.sourcePorts,
        destinationPorts: r.destinationPorts,
        targetIp: r.action === 'translate' || r.action === 'route' ? r.targetIp : '',
        targetPorts: r.action === 'translate' ? r.targetPorts : '',
      }),
    );
  });
  all.forEach((n, i) => {
    const mode = seed.applied[i];
    if (mode === 'none') return;
    if (mode === 'unknown') b.setApplied(n, {source: 'unknown'});
    else {
      const own = rules.filter((r) => r.vnet === n.key);
      const live =
        mode === 'current'
          ? own
          : own
              .filter((r) => !seed.baselineDrop.includes(r.key - 1))
              .map((r) => ({...r, enabled: r.key % 3 === 0 ? !r.enabled : r.enabled}));
      b.setApplied(
        n,
        mode === 'current'
          ? {source: 'current', rules: live, lastFwApply: null}
          : {source: 'baseline', rules: live, lastFwApply: null, recordedAt: 0},
      );
    }
  });
  return b.build();
}

export const defaultsArb: fc.Arbitrary<PolicyDefaults> = fc.constantFrom<PolicyDefaults>(
  {},
  {},
  {internal: {incoming: 'accept'}},
  {internal: {outgoing: 'reject', incoming: 'accept'}},
  {external: {incoming: 'accept'}, fallback: {outgoing: 'drop'}},
);

export const addressArb = fc.constantFrom(...UNIVERSE);

/** A small query set: 1–6 consecutive universe addresses. */
export const addressSetArb = fc
  .tuple(fc.integer({min: 0, max: UNIVERSE.length - 1}), fc.integer({min: 1, max: 6}))
  .map(([start, len]) => UNIVERSE.slice(start, Math.min(UNIVERSE.length, start + len)));

export type NetKey = Key;
