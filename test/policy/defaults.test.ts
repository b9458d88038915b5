import {describe, expect, it} from 'vitest';
import {
  DEFAULT_POLICY,
  defaultAction,
  defaultPseudoRule,
  defaultPseudoRules,
  mergeDefaults,
  parsePolicyDefaults,
} from '../../source/policy/defaults.js';
import {parseService, formatService} from '../../source/policy/protocols.js';

describe('policy defaults', () => {
  it('uses DESIGN §5 unless the site overrides a type, and a type beats the fallback', () => {
    expect(defaultAction('internal', 'incoming')).toBe('drop');
    expect(defaultAction('internal', 'outgoing')).toBe('accept');
    expect(defaultAction('external', 'incoming')).toBe('drop');
    expect(defaultAction('internal', 'incoming', {internal: {incoming: 'reject'}})).toBe('reject');
    expect(defaultAction('internal', 'incoming', {fallback: {incoming: 'accept'}})).toBe('drop');
    expect(defaultAction('vpn', 'incoming', {fallback: {incoming: 'accept'}})).toBe('accept');
    expect(mergeDefaults({dmz: {outgoing: 'drop'}})).toEqual({
      internal: {incoming: 'drop', outgoing: 'accept'},
      fallback: {incoming: 'drop', outgoing: 'accept'},
      dmz: {outgoing: 'drop'},
    });
  });

  it('validates settings with clear messages', () => {
    expect(parsePolicyDefaults({internal: {incoming: 'accept'}})).toEqual({
      ok: true,
      value: {internal: {incoming: 'accept'}},
    });
    expect(parsePolicyDefaults({lan: {}})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^unknown network type "lan"/),
    });
    expect(parsePolicyDefaults({internal: {sideways: 'drop'}})).toEqual({
      ok: false,
      error: '"internal.sideways": expected incoming or outgoing',
    });
    expect(parsePolicyDefaults({internal: {incoming: 'allow'}})).toEqual({
      ok: false,
      error: '"internal.incoming": expected accept, drop or reject, got "allow"',
    });
    expect(parsePolicyDefaults([])).toMatchObject({ok: false});
  });

  it('gives the pseudo-rule rows the UI draws under a ruleset', () => {
    const row = defaultPseudoRule({type: 'internal'}, 7, 'incoming');
    expect(row).toMatchObject({
      key: null,
      pseudo: true,
      position: 8,
      name: 'default incoming',
      action: 'drop',
      origin: 'built-in',
    });
    expect(row.description).toBe(
      "When no rule above matches, internal networks drop incoming traffic (vseg's assumption of VergeOS's behaviour; configurable).",
    );
    expect(defaultPseudoRule({type: 'internal'}, 0, 'incoming', {internal: {incoming: 'accept'}})).toMatchObject({
      action: 'accept',
      origin: 'site',
    });
    expect(
      defaultPseudoRules({type: 'internal'}, 2, DEFAULT_POLICY).map((r) => [r.position, r.direction, r.action]),
    ).toEqual([
      [3, 'incoming', 'drop'],
      [4, 'outgoing', 'accept'],
    ]);
  });
});

describe('services', () => {
  it('parses and formats what the CLI accepts', () => {
    const f = (t: string) => {
      const p = parseService(t);
      return p.ok ? formatService(p.value) : `error: ${p.error}`;
    };
    expect(f('tcp/443')).toBe('tcp/443');
    expect(f('TCP/1024-65535')).toBe('tcp/1024-65535');
    expect(f('udp')).toBe('udp');
    expect(f('')).toBe('any');
    expect(f('47')).toBe('gre');
    expect(f('proto-6/22')).toBe('tcp/22');
    expect(f('icmp/1')).toBe('error: a port needs tcp or udp (icmp has no ports)');
    expect(f('tcp/0')).toBe('error: port 0 is out of range (1–65535)');
  });
});
