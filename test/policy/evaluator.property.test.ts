// The evaluator against the naive reference on random small sites: single
// packets (verdict and deciding rule per hop, for the region evaluator and
// the tracer), and sets (the exact allow/deny/partial answer and the outcome
// each enumerated packet falls in).
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {IntervalSet, parseIpv4} from '../../source/domain/ip.js';
import {ALL_PORTS} from '../../source/domain/ports.js';
import {evaluateFlow, evaluatePacket} from '../../source/policy/evaluate.js';
import {tracePacket} from '../../source/policy/trace.js';
import {ALL_PROTOCOLS} from '../../source/policy/protocols.js';
import type {Packet} from '../../source/policy/types.js';
import {
  DPORT_REPS,
  PROTO_REPS,
  SPORT_REPS,
  addressArb,
  addressSetArb,
  bigSiteSeed,
  buildSite,
  defaultsArb,
  natSiteSeed,
  siteSeed,
} from './arbitrary.js';
import {refEvaluate} from './reference.js';
import {propertyParams} from '../support/seed.js';

const ip = (s: string) => parseIpv4(s)!;
const hasPorts = (p: number) => p === 6 || p === 17;
const rulesetArb = fc.constantFrom<'applied' | 'pending'>('applied', 'pending');

describe('evaluator vs naive reference', () => {
  it.each([
    ['mixed sites', siteSeed, 1500],
    ['NAT-heavy sites', natSiteSeed, 1500],
    ['large rulesets (interval index)', bigSiteSeed, 300],
  ] as const)('agrees on single packets (region evaluator and tracer): %s', (_label, seeds, numRuns) => {
    fc.assert(
      fc.property(
        seeds,
        defaultsArb,
        addressArb,
        addressArb,
        fc.constantFrom(...PROTO_REPS),
        fc.constantFrom(...SPORT_REPS),
        fc.constantFrom(...DPORT_REPS),
        rulesetArb,
        (seed, defaults, s, d, proto, sport, dport, ruleset) => {
          const site = buildSite(seed);
          const ports = hasPorts(proto);
          const packet: Packet = {
            proto,
            src: ip(s),
            dst: ip(d),
            sport: ports ? sport : null,
            dport: ports ? dport : null,
          };
          const ref = refEvaluate(site, {proto, src: ip(s), dst: ip(d), sport, dport}, ruleset, defaults);

          const flow = evaluatePacket(site, packet, {ruleset, defaults});
          expect(flow.outcomes).toHaveLength(1);
          const o = flow.outcomes[0];
          expect(o.verdict).toBe(ref.verdict);
          expect(flow.verdict).toBe(ref.verdict);
          expect(
            o.hops.map((h) => ({
              network: h.network,
              direction: h.direction,
              action: h.action,
              ruleKey: h.rule?.ref.key ?? null,
              natKey: h.filter.nat?.ref.key ?? null,
            })),
          ).toEqual(ref.hops);

          const t = tracePacket(site, packet, {ruleset, defaults});
          expect(t.verdict).toBe(ref.verdict);
          expect(
            t.hops.map((h) => ({
              network: h.networkKey,
              direction: h.direction,
              action: h.action,
              ruleKey: h.rule?.key ?? null,
              natKey: h.nat?.rule.key ?? null,
            })),
          ).toEqual(ref.hops);
        },
      ),
      propertyParams({numRuns}),
    );
  });

  it('is exact over sets: every enumerated packet falls in one outcome with the reference verdict', () => {
    fc.assert(
      fc.property(
        siteSeed,
        defaultsArb,
        addressSetArb,
        addressSetArb,
        fc.constantFrom<number | 'any'>('any', 6, 17, 1, 47),
        fc.option(fc.constantFrom(1, 3, 5, 8, 9), {nil: undefined}),
        rulesetArb,
        (seed, defaults, srcs, dsts, proto, port, ruleset) => {
          const site = buildSite(seed);
          const dport = port !== undefined && (proto === 6 || proto === 17) ? port : undefined;
          const flow = evaluateFlow(
            site,
            {
              src: IntervalSet.from(srcs.map((s) => [ip(s), ip(s)] as [number, number])),
              dst: IntervalSet.from(dsts.map((s) => [ip(s), ip(s)] as [number, number])),
              protocols: proto === 'any' ? ALL_PROTOCOLS : IntervalSet.point(proto),
              destinationPorts: dport === undefined ? ALL_PORTS : IntervalSet.point(dport),
            },
            {ruleset, defaults},
          );
          const seen = new Set<string>();
          for (const s of srcs)
            for (const d of dsts) {
              for (const p of proto === 'any' ? PROTO_REPS : [proto]) {
                for (const sp of hasPorts(p) ? SPORT_REPS : [0]) {
                  for (const dp of hasPorts(p) ? (dport === undefined ? DPORT_REPS : [dport]) : [0]) {
                    const ref = refEvaluate(
                      site,
                      {proto: p, src: ip(s), dst: ip(d), sport: sp, dport: dp},
                      ruleset,
                      defaults,
                    );
                    seen.add(ref.verdict);
                    const point = [p, ip(s), sp, ip(d), dp];
                    const homes = flow.outcomes.filter((o) =>
                      o.pieces.some((pc) => pc.box.every((set, k) => set.has(point[k]))),
                    );
                    expect(homes).toHaveLength(1);
                    const o = homes[0];
                    expect(o.verdict).toBe(ref.verdict);
                    expect(
                      o.hops.map((h) => ({
                        network: h.network,
                        direction: h.direction,
                        action: h.action,
                        ruleKey: h.rule?.ref.key ?? null,
                        natKey: h.filter.nat?.ref.key ?? null,
                      })),
                    ).toEqual(ref.hops);
                  }
                }
              }
            }
          const expected = seen.size === 2 ? 'partial' : [...seen][0];
          expect(flow.verdict).toBe(expected);
          for (const o of flow.outcomes) {
            const e = o.example;
            const ref = refEvaluate(
              site,
              {proto: e.proto, src: e.src, dst: e.dst, sport: e.sport ?? 0, dport: e.dport ?? 0},
              ruleset,
              defaults,
            );
            expect(ref.verdict).toBe(o.verdict);
          }
        },
      ),
      propertyParams({numRuns: 250}),
    );
  });
});
