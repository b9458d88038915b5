// The rule lifecycle as tags: reading them (only vseg's categories and
// names), what counts as expired or due, and the calls that change them.
import {describe, expect, it} from 'vitest';
import {dueRules, expiredRules, isExpired} from '../../source/domain/lifecycle/due.js';
import {NO_LIFECYCLE, lifecycleIndex, validateLifecycleValue} from '../../source/domain/lifecycle/model.js';
import {lifecycleSteps} from '../../source/domain/lifecycle/steps.js';
import type {Tagging} from '../../source/domain/model.js';
import {SiteBuilder} from '../policy/fixtures.js';

function tagging(): Tagging {
  return {
    available: true,
    categories: [
      {key: 1, name: 'vseg owner', description: '', singleTagSelection: true, taggableVnetRules: true},
      {key: 2, name: 'vseg expires', description: '', singleTagSelection: true, taggableVnetRules: true},
      {key: 3, name: 'Environment', description: '', singleTagSelection: false, taggableVnetRules: true},
      {key: 4, name: 'vseg ticket', description: '', singleTagSelection: true, taggableVnetRules: false},
    ],
    tags: [
      {key: 10, name: 'owner:alice', description: '', category: 1},
      {key: 11, name: 'owner:bob', description: '', category: 1},
      {key: 12, name: 'expires:2027-01-31', description: '', category: 2},
      {key: 13, name: 'owner:mallory', description: '', category: 3},
      {key: 14, name: 'alice', description: '', category: 1},
    ],
    members: [
      {key: 100, tag: 10, member: 'vnet_rules/1'},
      {key: 101, tag: 12, member: 'vnet_rules/1'},
      {key: 102, tag: 13, member: 'vnet_rules/2'},
      {key: 103, tag: 14, member: 'vnet_rules/2'},
      {key: 104, tag: 10, member: 'vms/1'},
      {key: 105, tag: 10, member: 'vnet_rules/3'},
      {key: 106, tag: 11, member: 'vnet_rules/3'},
    ],
  };
}

describe('reading the lifecycle from tags', () => {
  it('only vseg categories and "<kind>:" names count; two of a kind: the later value everywhere', () => {
    const idx = lifecycleIndex(tagging());
    expect(idx.get(1)).toEqual({...NO_LIFECYCLE, owner: 'alice', expires: '2027-01-31'});
    expect(idx.get(2)).toBeUndefined();
    expect(idx.get(3)!.owner).toBe('bob');
  });

  it('values: dates are real days, text has no control characters or edge spaces', () => {
    expect(validateLifecycleValue('expires', '2027-02-29')).toBe('a date as YYYY-MM-DD');
    expect(validateLifecycleValue('expires', '2028-02-29')).toBeUndefined();
    expect(validateLifecycleValue('owner', ' alice')).toContain('spaces');
    expect(validateLifecycleValue('owner', 'al\u001bice')).toContain('control');
    expect(validateLifecycleValue('ticket', 'x'.repeat(65))).toContain('64');
  });
});

describe('due rules', () => {
  it('a rule is valid through its expiry day; grace pushes it further', () => {
    const life = {...NO_LIFECYCLE, expires: '2027-01-31'};
    expect(isExpired(life, '2027-01-31')).toBe(false);
    expect(isExpired(life, '2027-02-01')).toBe(true);
    expect(isExpired(life, '2027-02-03', 3)).toBe(false);
    expect(isExpired(life, '2027-02-04', 3)).toBe(true);
  });

  it('expired, expiring, never hit and owner missing; expire takes only enabled expired rules', () => {
    const b = new SiteBuilder();
    const net = b.network('web', '10.0.1.0/24');
    b.rule(net, {key: 1, name: 'expired'});
    b.rule(net, {key: 2, name: 'no owner, idle'});
    b.rule(net, {key: 3, name: 'off, expiring', enabled: false});
    b.rule(net, {key: 4, name: 'expired, no owner'});
    const site = b.build();
    const t = tagging();
    t.tags.push({key: 15, name: 'expires:2027-01-20', description: '', category: 2});
    t.members.push({key: 107, tag: 12, member: 'vnet_rules/3'}, {key: 108, tag: 15, member: 'vnet_rules/4'});
    t.members = t.members.filter((m) => m.key !== 101);
    t.members.push({key: 109, tag: 15, member: 'vnet_rules/1'});
    site.tagging = t;
    const hits = {notHitFor: (key: number) => (key === 2 ? ('not-hit' as const) : ('unknown' as const))};
    const due = dueRules(site, {today: '2027-01-25', within: 7, hits});
    expect(due.map((d) => [d.rule.name, d.reasons])).toEqual([
      ['expired', ['expired']],
      ['no owner, idle', ['never-hit', 'no-owner']],
      ['off, expiring', ['expiring']],
      ['expired, no owner', ['expired', 'no-owner']],
    ]);
    expect(expiredRules(site, '2027-01-25').map((d) => d.rule.name)).toEqual(['expired', 'expired, no owner']);
  });
});

describe('the calls that change a lifecycle', () => {
  it('creates a missing category and tag once, makes a category taggable, and takes off every old tag of the kind', () => {
    const t = tagging();
    const steps = lifecycleSteps(t, [
      {
        rule: 3,
        label: 'web/a',
        from: {...NO_LIFECYCLE, owner: 'bob'},
        to: {...NO_LIFECYCLE, owner: 'carol', ticket: 'CHG-1'},
      },
      {
        rule: {ref: 'rule:web/new'},
        label: 'web/new',
        from: NO_LIFECYCLE,
        to: {...NO_LIFECYCLE, owner: 'carol', reviewed: '2027-01-01'},
      },
    ]);
    expect(steps.errors).toEqual([]);
    expect(steps.prepare.map((s) => s.id)).toEqual([
      'create tag owner:carol',
      'allow tags of category vseg ticket on rules',
      'create tag ticket:CHG-1',
      'create tag category vseg reviewed',
      'create tag reviewed:2027-01-01',
    ]);
    // Rule 3 carried both owner:alice and owner:bob: both go.
    expect(steps.untag.map((s) => s.id)).toEqual(['untag rule web/a owner:alice', 'untag rule web/a owner:bob']);
    expect(steps.tag.map((s) => (s.kind === 'create' ? s.body : null))).toEqual([
      {tag: {ref: 'tag:owner:carol'}, member: 'vnet_rules/3'},
      {tag: {ref: 'tag:ticket:CHG-1'}, member: 'vnet_rules/3'},
      {tag: {ref: 'tag:owner:carol'}, member: {ref: 'rule:web/new', prefix: 'vnet_rules/'}},
      {tag: {ref: 'tag:reviewed:2027-01-01'}, member: {ref: 'rule:web/new', prefix: 'vnet_rules/'}},
    ]);
  });

  it('a site without tag tables: a change that needs a tag is an error, not a silent loss', () => {
    const steps = lifecycleSteps({...tagging(), available: false}, [
      {rule: 1, label: 'web/a', from: NO_LIFECYCLE, to: {...NO_LIFECYCLE, owner: 'carol'}},
    ]);
    expect(steps.errors[0]).toContain('no tag tables');
  });
});
