import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Site} from '../../source/domain/model.js';
import {compileSite} from '../../source/policy/compile.js';
import {evaluateCell, matrixNodes} from '../../source/policy/matrix.js';
import {ANY_SERVICE, formatService} from '../../source/policy/protocols.js';
import {pendingChanges, servicesMentioned, verdictChanges} from '../../source/policy/verdict-diff.js';
import {buildSite, natSiteSeed, siteSeed, type SiteSeed} from './arbitrary.js';
import {threeTier} from './fixtures.js';
import {propertyParams} from '../support/seed.js';

describe('verdictChanges', () => {
  it('lists the flows whose verdict a plan changes, per service the rules mention', () => {
    const before = threeTier();
    const after = threeTier();
    after.b.route(after.web, after.db);
    after.b.rule(after.db, {name: 'web mysql', protocol: 'tcp', sourceIp: 'vnet:web', destinationPorts: '3306'});
    const changes = verdictChanges(before.b.build(), after.b.build());
    expect(changes.map((c) => c.text)).toEqual(['web → db any: deny → partial', 'web → db tcp/3306: deny → allow']);
    const mysql = changes[1];
    expect(mysql.rules.before[0].hops[0]).toMatchObject({network: 'web', action: 'no-route'});
    expect(mysql.rules.after[0].hops[1]).toMatchObject({network: 'db', action: 'accept', rule: {name: 'web mysql'}});
  });

  it('collects services from protocols, port lists, ranges and port aliases', () => {
    const {b, db} = threeTier();
    b.alias('dns', '53', 40);
    b.rule(db, {protocol: 'tcpudp', destinationPorts: 'alias:dns'});
    b.rule(db, {protocol: 'tcp', destinationPorts: '80,1024-2048'});
    b.rule(db, {protocol: 'icmp'});
    b.rule(db, {protocol: '47'});
    b.rule(db, {protocol: 'udp'});
    const cs = compileSite(b.build());
    expect(servicesMentioned(cs.index, cs.site.rules).map(formatService)).toEqual([
      'tcp/53',
      'tcp/80',
      'tcp/443',
      'tcp/1024-2048',
      'tcp/5432',
      'tcp/8080',
      'udp',
      'udp/53',
      'icmp',
      'gre',
    ]);
  });
});

describe('verdictChanges around NAT', () => {
  it('sees a change on the far router that only the translated source reaches', () => {
    const make = (withRule: boolean) => {
      const t = threeTier();
      t.b.route(t.web, t.db);
      t.b.rule(t.web, {name: 'snat', direction: 'outgoing', action: 'translate', targetIp: '198.51.100.9'});
      if (withRule) t.b.rule(t.db, {name: 'from snat', sourceIp: '198.51.100.9'});
      return t.b.build();
    };
    expect(verdictChanges(make(false), make(true)).map((c) => c.text)).toContain('web → db any: deny → allow');
  });

  it('sees a change on a port a destination NAT leads to', () => {
    const make = (withRule: boolean) => {
      const t = threeTier();
      t.b.route(t.web, t.db);
      t.b.rule(t.db, {
        name: 'pf',
        action: 'translate',
        protocol: 'tcp',
        destinationPorts: '8443',
        targetPorts: '443',
        orderid: 1,
      });
      t.b.rule(t.db, {name: 'other', protocol: 'tcp', destinationPorts: '8443', sourceIp: '10.9.9.9'});
      if (withRule) t.b.rule(t.db, {name: 'https', protocol: 'tcp', destinationPorts: '443', orderid: 99});
      return t.b.build();
    };
    expect(verdictChanges(make(false), make(true)).map((c) => c.text)).toContain('web → db tcp/8443: deny → allow');
  });
});

describe('pendingChanges', () => {
  it('shows what Apply Rules changes, per network', () => {
    const {b, app} = threeTier();
    const live = b.build().rules.filter((r) => r.vnet === app.key);
    b.setApplied(app, {source: 'baseline', rules: live, lastFwApply: 1, recordedAt: 1});
    b.rule(app, {name: 'block web', orderid: -1, action: 'drop', sourceIp: 'vnet:web'});
    const site = b.build();
    site.networks = site.networks.map((n) => (n.key === app.key ? {...n, needFwApply: true} : n));
    const p = pendingChanges(site);
    expect(p.unknown).toEqual([]);
    expect(p.changes.map((c) => c.text)).toEqual(['web → app any: partial → deny', 'web → app tcp/8080: allow → deny']);
    expect(p.networks).toEqual([
      expect.objectContaining({network: 'app', needFwApply: true, applied: 'baseline', changes: p.changes}),
    ]);
  });

  it('lists networks whose live rules are unknown instead of guessing', () => {
    const {b, app} = threeTier();
    b.setApplied(app, {source: 'unknown'});
    const p = pendingChanges(b.build());
    expect(p.unknown).toEqual(['app']);
    expect(p.changes).toEqual([]);
  });
});

/** Every pair, every service, no pruning: what verdictChanges must find. */
function naiveChanges(before: Site, after: Site): string[] {
  const a = compileSite(before);
  const b = compileSite(after);
  const na = new Map(matrixNodes(a).map((n) => [n.name, n]));
  const nb = new Map(matrixNodes(b).map((n) => [n.name, n]));
  const services = new Map(
    [ANY_SERVICE, ...servicesMentioned(a.index, before.rules), ...servicesMentioned(b.index, after.rules)].map((s) => [
      formatService(s),
      s,
    ]),
  );
  const out: string[] = [];
  for (const from of na.keys())
    for (const to of na.keys()) {
      if (from === to || !nb.has(from) || !nb.has(to)) continue;
      for (const [label, svc] of services) {
        const x = evaluateCell(a, na.get(from)!, na.get(to)!, svc, 'pending');
        const y = evaluateCell(b, nb.get(from)!, nb.get(to)!, svc, 'pending');
        if (x && y && x.verdict !== y.verdict) out.push(`${from} → ${to} ${label}: ${x.verdict} → ${y.verdict}`);
      }
    }
  return out.sort();
}

describe('verdictChanges pruning', () => {
  it.each([
    ['mixed sites', siteSeed, 120],
    ['NAT-heavy sites', natSiteSeed, 250],
  ] as const)('finds exactly what a full recomputation finds: %s', (_label, seeds, numRuns) => {
    const edit = fc.record({
      drop: fc.integer({min: 0, max: 30}),
      flip: fc.integer({min: 0, max: 30}),
      toggle: fc.integer({min: 0, max: 30}),
    });
    fc.assert(
      fc.property(seeds, edit, (seed: SiteSeed, e) => {
        const before = buildSite(seed);
        const rules = seed.rules
          .map((r, i) => {
            if (i === e.flip) return {...r, action: r.action === 'accept' ? ('drop' as const) : ('accept' as const)};
            if (i === e.toggle) return {...r, enabled: !r.enabled};
            return r;
          })
          .filter((_, i) => i !== e.drop);
        const after = buildSite({...seed, rules});
        expect(
          verdictChanges(before, after)
            .map((c) => c.text)
            .sort(),
        ).toEqual(naiveChanges(before, after));
      }),
      propertyParams({numRuns}),
    );
  });
});
