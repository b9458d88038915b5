// `vseg why`: endpoint resolution, the exact JSON shape, partial verdicts
// over sets, and applied vs pending (including an unknown applied state).
import {describe, expect, it} from 'vitest';
import {resolveEndpoint} from '../../source/policy/endpoints.js';
import {why, whyToJson, type WhyResult} from '../../source/policy/why.js';
import {threeTier} from './fixtures.js';

function ok(r: ReturnType<typeof why>): WhyResult {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('endpoints', () => {
  it('resolves VMs, NICs, IPs, networks, aliases and outside, with or without prefixes', () => {
    const {b, web} = threeTier();
    b.vm('multi', [
      {net: web, ip: '10.0.1.20', name: 'eth0'},
      {net: web, ip: '10.0.1.21', name: 'eth1'},
    ]);
    b.alias('admins', '10.0.1.5|alice,fd00::1');
    const site = b.build();
    const label = (t: string) => {
      const r = resolveEndpoint(site, t);
      return r.ok ? `${r.value.kind} ${r.value.ref} ${r.value.label}` : `error: ${r.error}`;
    };
    expect(label('web1')).toBe('vm vm:web1 VM web1 (10.0.1.10)');
    expect(label('multi')).toBe('vm vm:multi VM multi (10.0.1.20, 10.0.1.21)');
    expect(label('multi.eth1')).toBe('nic vm:multi.eth1 NIC multi.eth1 (10.0.1.21)');
    expect(label('vm:multi.eth9')).toBe('error: VM "multi" has no enabled NIC "eth9" (its NICs: eth0, eth1)');
    expect(label('10.0.1.0/25')).toBe('ip ip:10.0.1.0/25 10.0.1.0/25');
    expect(label('ip:10.0.1.5')).toBe('ip ip:10.0.1.5 10.0.1.5');
    expect(label('net:db')).toBe('network net:db network db (10.0.3.0/24)');
    expect(label('alias:admins')).toBe('alias alias:admins alias admins (10.0.1.5)');
    expect(label('outside')).toMatch(/^outside outside outside/);
    expect(label('fd00::5')).toBe("error: IPv6 is not supported by vseg's analysis yet");
    expect(label('nothing')).toBe(
      'error: nothing is named "nothing": expected a VM, vm.nic, IP, CIDR, range, network, alias or "outside"',
    );
  });

  it('refuses an ambiguous bare name and lists the candidates', () => {
    const {b, web} = threeTier();
    b.vm('db', [{net: web, ip: '10.0.1.30'}]);
    b.alias('db', '10.0.3.0/24');
    const r = resolveEndpoint(b.build(), 'db');
    expect(r).toEqual({ok: false, error: '"db" is ambiguous: it could be vm:db, net:db, alias:db; write one of those'});
  });

  it('judges a NIC without a known address over its whole network, and says so', () => {
    const {b, db} = threeTier();
    b.vm('mystery', [{net: db, name: 'eth0'}]);
    const r = resolveEndpoint(b.build(), 'mystery');
    expect(r.ok && r.value.notes).toEqual([
      'NIC mystery.eth0 has no known IPv4 address: judged over all of db (10.0.3.0/24)',
    ]);
  });
});

describe('why JSON', () => {
  it('keeps the exact shape of the brief', () => {
    const {b} = threeTier();
    const j = whyToJson(ok(why(b.build(), {from: 'web1', to: 'app1', protocol: 'tcp', port: 8080})));
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['verdict', 'reason', 'hops']));
    expect(j.verdict).toBe('allow');
    expect(typeof j.reason).toBe('string');
    expect(
      j.hops.map((h) => ({
        network: h.network,
        direction: h.direction,
        action: h.action,
        rule: h.rule,
        default: h.default,
      })),
    ).toEqual([
      {network: 'web', direction: 'outgoing', action: 'accept', rule: null, default: true},
      {
        network: 'app',
        direction: 'incoming',
        action: 'accept',
        rule: {key: 3, name: 'web to app', position: 2},
        default: false,
      },
    ]);
    expect(j.pending).toBeUndefined();
    expect(j['ruleset']).toBe('applied');
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });

  it('answers exactly over sets: partial, with an example for each outcome', () => {
    const {b} = threeTier();
    const r = ok(why(b.build(), {from: 'net:app', to: 'net:db', service: 'tcp'}));
    expect(r.verdict).toBe('partial');
    const j = whyToJson(r);
    const outcomes = j['outcomes'] as Array<{
      verdict: string;
      example: {destinationPort: number};
      hops: Array<{rule: {name: string} | null; default: boolean}>;
    }>;
    expect(outcomes.map((o) => o.verdict)).toEqual(['deny', 'allow']);
    expect(outcomes[1].example.destinationPort).toBe(5432);
    expect(outcomes[1].hops[1].rule!.name).toBe('app to db');
    expect(outcomes[0].example.destinationPort).not.toBe(5432);
    expect(outcomes[0].hops[1].default).toBe(true);
    expect(j.hops).toEqual(
      (outcomes[0] as unknown as {hops: unknown[]}).hops.map((h) => expect.objectContaining(h as object)),
    );
    expect(r.reason).toMatch(
      /^Partly allowed: e\.g\. 10\.0\.2\.10 → 10\.0\.3\.10 tcp\/5432 passes, but 10\.0\.2\.10 → 10\.0\.3\.10 tcp\/1 does not\. Blocked by db's default/,
    );
  });

  it('refuses bad services', () => {
    const {b} = threeTier();
    expect(why(b.build(), {from: 'web1', to: 'app1', protocol: 'icmp', port: 22})).toEqual({
      ok: false,
      error: 'a port needs tcp or udp (icmp has no ports)',
    });
    expect(why(b.build(), {from: 'web1', to: 'app1', service: 'sctp/1'})).toEqual({
      ok: false,
      error: 'unknown protocol "sctp" (use tcp, udp, icmp, any or a protocol number)',
    });
    expect(why(b.build(), {from: 'nope', to: 'app1'})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^from: nothing is named "nope"/),
    });
  });
});

describe('applied vs pending', () => {
  it('flags a verdict that changes on Apply and shows the pending answer', () => {
    const {b, app} = threeTier();
    const site0 = b.build();
    const live = site0.rules.filter((r) => r.vnet === app.key);
    b.setApplied(app, {source: 'baseline', rules: live, lastFwApply: 5, recordedAt: 6});
    b.rule(app, {name: 'block web', orderid: -1, action: 'drop', sourceIp: 'vnet:web'});
    const site = b.build();
    site.networks = site.networks.map((n) => (n.key === app.key ? {...n, needFwApply: true} : n));
    const r = ok(why(site, {from: 'web1', to: 'app1', service: 'tcp/8080'}));
    expect(r.ruleset).toBe('applied');
    expect(r.appliedState).toBe('mixed');
    expect(r.verdict).toBe('allow');
    expect(r.changesOnApply).toBe(true);
    const j = whyToJson(r);
    expect(j.pending).toMatchObject({
      verdict: 'deny',
      hops: [
        expect.objectContaining({network: 'web'}),
        expect.objectContaining({network: 'app', action: 'drop', rule: expect.objectContaining({name: 'block web'})}),
      ],
    });
    expect(r.notes).toContain('Apply Rules would change this verdict: allow → deny.');
  });

  it('says when the live rules are unknown and evaluates the pending ones only', () => {
    const {b, app} = threeTier();
    b.setApplied(app, {source: 'unknown'});
    const site = b.build();
    site.networks = site.networks.map((n) => (n.key === app.key ? {...n, needFwApply: true} : n));
    const r = ok(why(site, {from: 'web1', to: 'app1', service: 'tcp/8080'}));
    expect(r.ruleset).toBe('pending');
    expect(r.appliedState).toBe('unknown');
    expect(r.unknownApplied).toEqual(['app']);
    expect(r.notes[0]).toBe(
      'The rules live on app are unknown (changes pending and no baseline recorded): showing the pending ruleset only.',
    );
    expect(whyToJson(r).pending).toBeUndefined();
  });
});
