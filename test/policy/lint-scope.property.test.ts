// Lint scoped to some networks (what a rules view asks for) reports exactly
// the full lint's findings about those networks' rules, in the same order;
// and lint in steps is lint.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Key} from '../../source/domain/model.js';
import {lint, lintSteps, type Finding} from '../../source/policy/lint/index.js';
import {bigSiteSeed, buildSite, siteSeed} from './arbitrary.js';
import {propertyParams} from '../support/seed.js';

function about(f: Finding, scope: ReadonlySet<Key>, ruleNet: ReadonlyMap<Key, Key>): boolean {
  if (f.rules.length > 0) return scope.has(ruleNet.get(f.rules[0].key)!);
  return !f.alias && f.networkKey !== undefined && scope.has(f.networkKey);
}

describe('lint scoped to networks', () => {
  it.each([
    ['mixed sites', siteSeed, 400],
    ['large rulesets', bigSiteSeed, 60],
  ] as const)('equals the full lint filtered to those networks: %s', (_label, seeds, numRuns) => {
    fc.assert(
      fc.property(
        seeds,
        fc.array(fc.nat(5), {maxLength: 3}),
        fc.constantFrom<'pending' | 'applied'>('pending', 'applied'),
        (seed, picks, ruleset) => {
          const site = buildSite(seed);
          const scope = new Set(picks.map((i) => site.networks[i % site.networks.length].key));
          const ruleNet = new Map(site.rules.map((r) => [r.key, r.vnet]));
          for (const r of site.applied.values())
            if (r.source !== 'unknown') for (const x of r.rules) ruleNet.set(x.key, x.vnet);
          const full = lint(site, {ruleset});
          const scoped = lint(site, {ruleset, networks: [...scope]});
          expect(scoped.map((f) => f.id)).toEqual(full.filter((f) => about(f, scope, ruleNet)).map((f) => f.id));
          expect(scoped).toEqual(full.filter((f) => about(f, scope, ruleNet)));
        },
      ),
      propertyParams({numRuns}),
    );
  });

  it.each([
    ['mixed sites', siteSeed, 200],
    ['large rulesets', bigSiteSeed, 40],
  ] as const)('finds the same when it lets each compiled ruleset go once checked: %s', (_label, seeds, numRuns) => {
    fc.assert(
      fc.property(
        seeds,
        fc.option(fc.array(fc.nat(5), {maxLength: 3}), {nil: undefined}),
        fc.constantFrom<'pending' | 'applied'>('pending', 'applied'),
        (seed, picks, ruleset) => {
          const site = buildSite(seed);
          const networks = picks?.map((i) => site.networks[i % site.networks.length].key);
          const kept = lint(site, {ruleset, networks});
          // A site of its own, so nothing compiled by the first run is reused.
          const released = lint({...site}, {ruleset, networks, release: true});
          expect(released).toEqual(kept);
        },
      ),
      propertyParams({numRuns}),
    );
  });

  it('yields between units of work on long rulesets and ends with lint()', () => {
    fc.assert(
      fc.property(bigSiteSeed, (seed) => {
        const site = buildSite(seed);
        const steps = lintSteps({...site});
        let yields = 0;
        let r = steps.next();
        for (; !r.done; r = steps.next()) yields++;
        expect(yields).toBeGreaterThan(site.networks.length);
        expect(r.value).toEqual(lint({...site}));
      }),
      propertyParams({numRuns: 10}),
    );
  });
});
