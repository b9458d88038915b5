import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {IntervalSet} from '../../source/domain/ip.js';
import {compileSite} from '../../source/policy/compile.js';
import {evaluateFlow} from '../../source/policy/evaluate.js';
import {matrix} from '../../source/policy/matrix.js';
import {ALL_PROTOCOLS, type Service} from '../../source/policy/protocols.js';
import {OUTSIDE} from '../../source/policy/types.js';
import {bigSiteSeed, buildSite, natSiteSeed, siteSeed} from './arbitrary.js';
import {threeTier} from './fixtures.js';
import {propertyParams} from '../support/seed.js';

function grid(m: ReturnType<typeof matrix>): Record<string, string> {
  const out: Record<string, string> = {};
  m.nodes.forEach((from, i) => m.nodes.forEach((to, j) => (out[`${from.name}>${to.name}`] = m.cells[i][j].verdict)));
  return out;
}

describe('matrix', () => {
  it('judges every network pair plus outside for one service', () => {
    const {b} = threeTier();
    const m = matrix(b.build(), {service: {protocol: 'tcp', ports: [8080, 8080]}});
    expect(m.nodes.map((n) => n.name)).toEqual(['app', 'db', 'web', 'outside']);
    expect(m.service).toBe('tcp/8080');
    expect(grid(m)).toEqual({
      'app>app': 'allow',
      'app>db': 'deny',
      'app>web': 'deny',
      'app>outside': 'allow',
      'db>app': 'deny',
      'db>db': 'allow',
      'db>web': 'deny',
      'db>outside': 'allow',
      'web>app': 'allow',
      'web>db': 'deny',
      'web>web': 'allow',
      'web>outside': 'allow',
      'outside>app': 'deny',
      'outside>db': 'deny',
      'outside>web': 'deny',
      'outside>outside': 'n/a',
    });
    const webApp = m.cells[2][0];
    expect(webApp.outcomes).toEqual([
      {
        verdict: 'allow',
        hops: [
          {network: 'web', direction: 'outgoing', action: 'accept', rule: null, default: true},
          {
            network: 'app',
            direction: 'incoming',
            action: 'accept',
            rule: {key: 3, name: 'web to app', position: 2},
            default: false,
          },
        ],
        example: {
          protocol: 'tcp',
          source: '10.0.1.10',
          destination: '10.0.2.10',
          sourcePort: 49152,
          destinationPort: 8080,
        },
      },
    ]);
    expect(m.cells[2][1].outcomes[0].hops[0].action).toBe('no-route');
  });

  it('is partial for all traffic when only some protocols or ports pass', () => {
    const {b} = threeTier();
    const m = matrix(b.build(), {});
    const g = grid(m);
    expect(g['web>app']).toBe('partial');
    expect(g['app>db']).toBe('partial');
    expect(g['web>db']).toBe('deny');
    expect(m.service).toBe('any');
  });

  it('can include other network types', () => {
    const {b} = threeTier();
    const m = matrix(b.build(), {
      types: ['internal', 'external'],
      outside: false,
      service: {protocol: 'tcp', ports: [443, 443]},
    });
    expect(m.nodes.map((n) => n.name)).toEqual(['app', 'db', 'External', 'web']);
    expect(grid(m)['web>External']).toBe('partial');
  });

  it("agrees cell by cell with the evaluator over the networks' address sets", () => {
    fc.assert(
      fc.property(siteSeed, fc.constantFrom('tcp', 'udp', 'any'), (seed, proto) => {
        const site = buildSite(seed);
        const cs = compileSite(site);
        const m = matrix(cs, {ruleset: 'pending', service: proto === 'any' ? undefined : {protocol: proto}});
        m.nodes.forEach((from, i) =>
          m.nodes.forEach((to, j) => {
            const set = (key: number | null) =>
              key === null ? cs.index.locationSets.get(OUTSIDE)! : cs.index.cidrSets.get(key)!;
            const cell = m.cells[i][j];
            if (from.key === null && to.key === null) return expect(cell.verdict).toBe('n/a');
            const flow = evaluateFlow(
              cs,
              {
                src: set(from.key),
                dst: set(to.key),
                protocols: proto === 'any' ? ALL_PROTOCOLS : IntervalSet.point(proto === 'tcp' ? 6 : 17),
              },
              {ruleset: 'pending'},
            );
            expect(cell.verdict).toBe(flow.verdict);
          }),
        );
      }),
      propertyParams({numRuns: 60}),
    );
  });

  it.each([
    ['mixed sites', siteSeed, 40],
    ['source NAT and port forwards', natSiteSeed, 40],
    ['long rule lists (indexed)', bigSiteSeed, 8],
  ] as const)(
    'verdicts only (large grids, each row sharing its source router walk): the verdicts and unknown marks of full cells, no outcomes: %s',
    (_label, seeds, numRuns) => {
      fc.assert(
        fc.property(
          seeds,
          fc.constantFrom('applied', 'pending' as const),
          fc.constantFrom<Service>(
            {protocol: 'any'},
            {protocol: 'tcp'},
            {protocol: 'tcp', ports: [0, 4]},
            {protocol: 'udp', ports: [3, 3]},
            {protocol: 'tcpudp', ports: [5, 65535]},
            {protocol: 'icmp'},
          ),
          (seed, ruleset, service) => {
            const cs = compileSite(buildSite(seed));
            const full = matrix(cs, {ruleset, service});
            const bare = matrix(cs, {ruleset, service, outcomesUpTo: 0});
            expect(grid(bare)).toEqual(grid(full));
            expect(bare.cells.map((r) => r.map((c) => c.appliedUnknown))).toEqual(
              full.cells.map((r) => r.map((c) => c.appliedUnknown)),
            );
            expect(bare.unknownApplied).toEqual(full.unknownApplied);
            expect(bare.cells.flat().every((c) => c.outcomes.length === 0)).toBe(true);
          },
        ),
        propertyParams({numRuns}),
      );
    },
  );
});
