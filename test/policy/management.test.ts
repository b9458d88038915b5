import {describe, expect, it} from 'vitest';
import {managementAccess, type ManagementAccess} from '../../source/policy/management.js';
import {threeTier} from './fixtures.js';

function ok(r: ReturnType<typeof managementAccess>): ManagementAccess {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('management-path guard', () => {
  it('keeps the console when the UI rule stays', () => {
    const {b} = threeTier();
    const r = ok(managementAccess(b.build(), {apiHost: '192.0.2.1'}));
    expect(r).toMatchObject({
      apiNetwork: 'External',
      client: 'outside',
      port: 443,
      locksOut: false,
      refuse: false,
      warn: false,
    });
    expect(r.pending.verdict).toBe('allow');
    expect(r.message).toBe('After Apply, 192.0.2.1:443 (External) stays reachable from outside.');
  });

  it('refuses a staged change that blocks the API, naming what blocks it', () => {
    const {b, external} = threeTier();
    const live = b.build().rules.filter((r) => r.vnet === external.key);
    b.setApplied(external, {source: 'baseline', rules: live, lastFwApply: 1, recordedAt: 1});
    b.rule(external, {name: 'lock it', action: 'drop', protocol: 'tcp', destinationPorts: '443', pin: 'top'});
    const r = ok(managementAccess(b.build(), {apiHost: '192.0.2.1', clientIp: '198.51.100.7'}));
    expect(r.applied!.verdict).toBe('allow');
    expect(r.pending.verdict).toBe('deny');
    expect(r.locksOut).toBe(true);
    expect(r.refuse).toBe(true);
    expect(r.pending.blocking).toEqual([
      {
        network: 'External',
        direction: 'incoming',
        action: 'drop',
        rule: expect.objectContaining({name: 'lock it', position: 1}),
        default: false,
      },
    ]);
    expect(r.message).toBe(
      'Applying would lock the console out: 198.51.100.7 could no longer reach 192.0.2.1:443 (External) (blocked by External incoming rule "lock it", #1).',
    );
  });

  it('follows a client inside an internal network through its outgoing rules too', () => {
    const {b, web} = threeTier();
    b.setApplied(web, {source: 'baseline', rules: b.rulesOf(web), lastFwApply: 1, recordedAt: 1});
    b.rule(web, {name: 'no mgmt', direction: 'outgoing', action: 'reject', destinationIp: '192.0.2.0/24'});
    const r = ok(managementAccess(b.build(), {apiHost: '192.0.2.1', clientIp: '10.0.1.10'}));
    expect(r.pending.blocking[0]).toMatchObject({network: 'web', direction: 'outgoing', action: 'reject'});
    expect(r.refuse).toBe(true);
  });

  it('is partial when only some clients may reach the API, and asks for the client IP', () => {
    const {b, external} = threeTier();
    const site = b.build();
    site.rules = site.rules.map((r) => (r.vnet === external.key ? {...r, sourceIp: '198.51.100.0/24'} : r));
    const r = ok(managementAccess(site, {apiHost: '192.0.2.1'}));
    expect(r.pending.verdict).toBe('partial');
    expect(r.refuse).toBe(false);
    expect(r.warn).toBe(true);
    expect(ok(managementAccess(site, {apiHost: '192.0.2.1', clientIp: '198.51.100.20'})).pending.verdict).toBe('allow');
    expect(ok(managementAccess(site, {apiHost: '192.0.2.1', clientIp: '203.0.113.20'})).refuse).toBe(false);
  });

  it('does not refuse what it already judged blocked (its model does not fit), nor an address it cannot place', () => {
    const {b} = threeTier();
    const r = ok(managementAccess(b.build(), {apiHost: '192.0.2.1', port: 8443}));
    expect(r.pending.verdict).toBe('deny');
    expect(r).toMatchObject({locksOut: false, refuse: false, warn: true});
    const away = ok(managementAccess(b.build(), {apiHost: '203.0.113.50'}));
    expect(away).toMatchObject({apiNetwork: null, refuse: false, warn: true});
    expect(managementAccess(b.build(), {apiHost: 'vergeos.example'})).toEqual({
      ok: false,
      error: 'API host "vergeos.example" is not an IPv4 address (give the address the API is reached at)',
    });
  });
});
