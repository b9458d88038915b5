import {describe, expect, it} from 'vitest';
import {lint, lintExitCode, type Finding} from '../../source/policy/lint/index.js';
import {SiteBuilder, threeTier} from './fixtures.js';

const codes = (fs: Finding[]) =>
  fs.map(
    (f) =>
      `${f.severity} ${f.code}${f.network ? ` ${f.network}` : ''}` +
      `${f.rules.length ? ` ${f.rules.map((r) => r.name).join('+')}` : ''}${f.alias ? ` alias:${f.alias.name}` : ''}`,
  );

describe('lint: coverage', () => {
  it('finds shadowed (different action, error) and redundant (same action, warning) rules exactly', () => {
    const {b, db} = threeTier();
    b.rule(db, {name: 'drop web', action: 'drop', sourceIp: 'vnet:web', orderid: 10});
    b.rule(db, {name: 'ssh from web1', protocol: 'tcp', sourceIp: '10.0.1.10', destinationPorts: '22', orderid: 11});
    b.rule(db, {name: 'drop web again', action: 'drop', sourceIp: '10.0.1.0/25', protocol: 'udp', orderid: 12});
    b.rule(db, {name: 'half low', action: 'drop', sourceIp: '10.0.9.0/25', orderid: 13});
    b.rule(db, {name: 'half high', action: 'reject', sourceIp: '10.0.9.128/25', orderid: 14});
    b.rule(db, {name: 'both halves', sourceIp: '10.0.9.0/24', protocol: 'tcp', orderid: 15});
    b.rule(db, {name: 'partly covered', sourceIp: '10.0.9.0/23', orderid: 16});
    const found = lint(b.build()).filter((f) => f.code === 'shadowed' || f.code === 'redundant');
    expect(codes(found)).toEqual([
      'error shadowed db ssh from web1+drop web',
      'error shadowed db both halves+half low+half high',
      'warning redundant db drop web again+drop web',
    ]);
    expect(found[0].message).toBe(
      '"ssh from web1" (#3, accept) never matches: rule "drop web" (#2) above it already drop every packet it would match',
    );
  });

  it('does not claim coverage across a translate rule', () => {
    const {b, db} = threeTier();
    b.rule(db, {name: 'pf', action: 'translate', destinationIp: 'vnetself', targetIp: '10.0.3.10', orderid: 1});
    b.rule(db, {name: 'drop all', action: 'drop', orderid: 2});
    b.rule(db, {name: 'after', orderid: 3});
    expect(lint(b.build()).filter((f) => f.code === 'shadowed')).toEqual([]);
  });

  it('reports a rule that only does what the default does (#14)', () => {
    const {b, db, web} = threeTier();
    b.rule(db, {name: 'pg from web', protocol: 'tcp', sourceIp: 'vnet:web', destinationPorts: '5432', orderid: 1});
    b.rule(db, {name: 'final drop', action: 'drop', orderid: 100});
    // A drop with an accept below it that it decides for: it matters.
    b.rule(web, {name: 'drop dev', action: 'drop', sourceIp: '10.0.9.0/24', orderid: 1});
    b.rule(web, {name: 'http', protocol: 'tcp', destinationPorts: '80', orderid: 2});
    const found = lint(b.build()).filter((f) => f.code === 'same-as-default');
    expect(codes(found)).toEqual(['info same-as-default db final drop']);
    expect(found[0].message).toBe(
      '"final drop" (#3) drops only what db\'s default for incoming traffic (drop) would: nothing below it decides otherwise, so removing it changes nothing',
    );
    // With a site default of accept the same rule is what makes the difference (and the accepts are the defaults' twins).
    const accepting = lint(b.build(), {defaults: {internal: {incoming: 'accept'}}}).filter(
      (f) => f.code === 'same-as-default',
    );
    expect(codes(accepting)).toEqual(['info same-as-default app web to app', 'info same-as-default web http']);
  });

  it('flags accept-everything rules', () => {
    const {b, web} = threeTier();
    b.rule(web, {name: 'open'});
    b.rule(web, {name: 'out', direction: 'outgoing'});
    expect(codes(lint(b.build()).filter((f) => f.code === 'any-to-any'))).toEqual([
      'warning any-to-any web open',
      'info any-to-any web out',
    ]);
  });
});

describe('lint: references and fields', () => {
  it('reports what can never work as errors, the rest as warnings or info', () => {
    const {b, web, db} = threeTier();
    b.alias('empty', '', 50);
    b.alias('only ports', '22,443', 51);
    b.alias('unused', '10.0.0.1', 52);
    b.alias('odd', '10.0.0.1,what|x,fd00::1', 53);
    b.vm('nic-less-ip', [{net: web, name: 'eth0'}]);
    b.rule(db, {name: 'missing alias', sourceIp: 'alias:999', orderid: 20});
    b.rule(db, {name: 'missing net', sourceIp: 'vnet:nope', orderid: 21});
    b.rule(db, {name: 'missing vm', sourceIp: 'vmnic:ghost.eth0', orderid: 22});
    b.rule(db, {name: 'missing nic', sourceIp: 'vmnic:web1.eth7', orderid: 23});
    b.rule(db, {name: 'no ip', sourceIp: 'vmnic:nic-less-ip.eth0', orderid: 24});
    b.rule(db, {name: 'empty alias', sourceIp: 'alias:empty', orderid: 25});
    b.rule(db, {name: 'ports as address', sourceIp: 'alias:only ports', orderid: 26});
    b.rule(db, {name: 'icmp port', protocol: 'icmp', destinationPorts: '22', orderid: 27});
    b.rule(db, {name: 'any port', protocol: 'any', destinationPorts: '22', orderid: 28});
    b.rule(db, {name: 'v6', sourceIp: 'fd00::/64', orderid: 29});
    b.rule(db, {name: 'garbage', sourceIp: '10.0.0.300', orderid: 30});
    b.rule(db, {name: 'nat nowhere', action: 'translate', orderid: 31});
    b.rule(db, {name: 'off and broken', enabled: false, sourceIp: 'alias:998', orderid: 32});
    b.rule(db, {name: 'uses odd', sourceIp: 'alias:53', orderid: 33});
    const findings = lint(b.build());
    const byRule = (name: string) =>
      findings.filter((f) => f.rules[0]?.name === name).map((f) => `${f.severity} ${f.code}`);
    expect(byRule('missing alias')).toEqual(['error unknown-alias']);
    expect(byRule('missing net')).toEqual(['error unknown-network']);
    expect(byRule('missing vm')).toEqual(['error unknown-vm']);
    expect(byRule('missing nic')).toEqual(['error unknown-nic']);
    expect(byRule('no ip')).toEqual(['warning nic-without-ip']);
    expect(byRule('empty alias')).toEqual(['error never-matches']);
    expect(byRule('ports as address')).toEqual(['error never-matches']);
    expect(byRule('icmp port')).toEqual(['error ports-without-protocol']);
    expect(byRule('any port')).toEqual(['warning ports-on-any']);
    expect(byRule('v6')).toEqual(['info ipv6']);
    expect(byRule('garbage')).toEqual(['error bad-address']);
    expect(byRule('nat nowhere')).toEqual(['error translate-without-target']);
    expect(byRule('off and broken')).toEqual(['warning unknown-alias']);
    const aliasFindings = codes(findings.filter((f) => f.alias && f.rules.length === 0));
    expect(aliasFindings).toEqual(
      expect.arrayContaining([
        'warning empty-alias alias:empty',
        'warning unused-alias alias:unused',
        'error bad-alias-entry alias:odd',
        'info ipv6 alias:odd',
      ]),
    );
    expect(aliasFindings).not.toContain('warning unused-alias alias:odd');
    expect(findings.find((f) => f.rules[0]?.name === 'missing alias')!.message).toBe(
      '"missing alias" (#2): source: alias "999" does not exist',
    );
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
    expect(lintExitCode(findings)).toBe(1);
  });

  it('exits 0 on a clean site', () => {
    const {b} = threeTier();
    const findings = lint(b.build());
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(lintExitCode(findings)).toBe(0);
  });
});

describe('lint: networks', () => {
  it('reports pending changes, east/west mirroring, stopped networks and half-built flows', () => {
    const {b, db, web} = threeTier();
    b.rule(db, {name: 'web to db', protocol: 'tcp', sourceIp: 'vnet:web', destinationPorts: '5432'});
    b.rule(db, {name: 'web1 ssh', protocol: 'tcp', sourceIp: 'vmnic:web1.nic_0', destinationPorts: '22'});
    b.network('lab', '10.0.8.0/24', {portMirroring: 'east_west', running: false, status: 'stopped', needFwApply: true});
    b.rule(9999, {name: 'orphan'});
    const site = b.build();
    site.rules.push({...site.rules[0], key: 777, vnet: 5, name: 'lab rule', action: 'drop'});
    const f = lint(site);
    expect(
      codes(
        f.filter((x) => ['need-fw-apply', 'east-west-mirroring', 'stopped-network', 'missing-route'].includes(x.code)),
      ),
    ).toEqual([
      'warning east-west-mirroring lab',
      'warning need-fw-apply lab',
      'warning stopped-network lab',
      'warning missing-route web web to db',
      'warning missing-route web web1 ssh',
    ]);
    expect(f.find((x) => x.code === 'missing-route')!.message).toBe(
      `db accepts traffic from web ("web to db", #2), but web has no outgoing route rule to ` +
        `10.0.3.0/24: add one on web with destination vnet:db and target ${db.dmzIp} (db's DMZ IP)`,
    );
    expect(web.name).toBe('web');
  });

  it('can check the applied ruleset instead of the staged one', () => {
    const b = new SiteBuilder();
    const a = b.network('a', '10.0.1.0/24');
    const live = b.rule(a, {name: 'live open'});
    b.setApplied(a, {source: 'baseline', rules: [live], lastFwApply: 1, recordedAt: 1});
    b.removeRule(live);
    const site = b.build();
    expect(lint(site, {ruleset: 'applied'}).map((x) => x.code)).toContain('any-to-any');
    expect(lint(site).map((x) => x.code)).not.toContain('any-to-any');
  });
});
