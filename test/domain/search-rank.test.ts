// The picker's ranking: what was typed is matched against names before
// descriptions, so typing `alias` puts the aliases first, not `vnetself`
// (whose description mentions "IP aliases"). Seeded property: every ranked
// list keeps every item a plain "contains" filter keeps, and no item whose name
// holds the query comes after one that matched only by its description.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {matchTier, rankMatches, type Searchable} from '../../source/domain/search-rank.js';
import {ruleFieldHelpers} from '../../source/domain/edits/rule-tokens.js';
import {demoSite} from './demo-site.js';
import {propertyParams} from '../support/seed.js';

describe('rankMatches', () => {
  it('puts exact and prefix matches of the name first, descriptions last', () => {
    const items: Searchable[] = [
      {value: 'vnetself', label: 'vnetself', kind: 'helper', detail: 'own addresses (router, DMZ, IP aliases)'},
      {value: 'vmnic:alias-box.eth0', label: 'vmnic:alias-box.eth0', kind: 'VM NIC'},
      {value: 'alias:web-servers', label: 'alias:web-servers', kind: 'alias'},
      {value: 'alias', label: 'alias', kind: 'helper'},
    ];
    expect(rankMatches(items, 'alias').map((i) => i.value)).toEqual([
      'alias',
      'alias:web-servers',
      'vmnic:alias-box.eth0',
      'vnetself',
    ]);
    expect(rankMatches(items, 'web').map((i) => i.value)).toEqual(['alias:web-servers']);
    expect(matchTier(items[0], 'nothing-like-it')).toBeUndefined();
  });

  it('ranks the rule form helpers of the demo site with aliases before vnetself', async () => {
    const site = await demoSite();
    const web = site.networks.find((n) => n.name === 'web')!;
    const ranked = rankMatches(ruleFieldHelpers(site, web.key).address, 'alias');
    expect(ranked[0]).toMatchObject({kind: 'alias'});
    expect(ranked.findIndex((i) => i.value === 'vnetself')).toBeGreaterThan(
      ranked.findIndex((i) => i.value === 'alias:web-servers'),
    );
    expect(ruleFieldHelpers(site, web.key).address.every((c) => c.kind.length > 0)).toBe(true);
  });

  it('keeps what a plain filter keeps, names before descriptions (seeded)', () => {
    const text = fc.stringMatching(/^[a-c:.-]{0,6}$/);
    const item = fc.record({value: text, label: text, kind: fc.constantFrom('a', 'b'), detail: text});
    fc.assert(
      fc.property(fc.array(item, {maxLength: 12}), fc.stringMatching(/^[a-c]{1,2}$/), (items, q) => {
        const ranked = rankMatches(items, q);
        // Nothing the old "contains" filter offered is lost; nothing is listed twice.
        const contains = items.filter((i) => [i.label, i.value, i.detail].some((t) => t.toLowerCase().includes(q)));
        expect(contains.every((i) => ranked.includes(i))).toBe(true);
        expect(new Set(ranked).size).toBe(ranked.length);
        const byName = (i: Searchable) => i.label.includes(q) || i.value.includes(q);
        const firstOther = ranked.findIndex((i) => !byName(i));
        if (firstOther >= 0) expect(ranked.slice(firstOther).some(byName)).toBe(false);
      }),
      propertyParams({numRuns: 300}),
    );
  });
});
