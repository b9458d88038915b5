// The what-if's shortcuts against plain scans on random rulesets:
// - long lists visit only the five-dimension index's candidates (region.ts):
//   every emitted piece, decider and translation is the same as visiting every rule;
// - the tracer reuses per-list skip entries (disabled, other direction,
//   ct_state, protocol): every hop's skipped list is what a rule-by-rule check
//   of the packet gives.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {IntervalSet, formatIpv4, parseIpv4} from '../../source/domain/ip.js';
import type {Piece} from '../../source/policy/box.js';
import {compileSite, type CompiledRule} from '../../source/policy/compile.js';
import {protocolName} from '../../source/policy/protocols.js';
import {runFilter, runRoutes} from '../../source/policy/region.js';
import {BOX_INDEX_MIN_RULES, boxCandidates, buildRuleIndex} from '../../source/policy/rule-index.js';
import {tracePacket, type HopTrace} from '../../source/policy/trace.js';
import type {Packet} from '../../source/policy/types.js';
import {
  DPORT_REPS,
  PROTO_REPS,
  SPORT_REPS,
  addressArb,
  buildSite,
  defaultsArb,
  natSiteSeed,
  siteSeed,
} from './arbitrary.js';
import {propertyParams} from '../support/seed.js';

// Small domains so rules collide often; "any" on every dimension now and then.
const setArb = (max: number) =>
  fc.oneof(
    {weight: 1, arbitrary: fc.constant(IntervalSet.range(0, max))},
    {
      weight: 4,
      arbitrary: fc
        .array(fc.tuple(fc.integer({min: 0, max}), fc.integer({min: 0, max: 5})), {minLength: 1, maxLength: 3})
        .map((l) => IntervalSet.from(l.map(([lo, w]) => [lo, Math.min(max, lo + w)] as const))),
    },
  );
const boxArb = fc.tuple(setArb(12), setArb(60), setArb(9), setArb(60), setArb(40));

const ruleArb = fc.record({
  box: boxArb,
  kind: fc.constantFrom<'filter' | 'translate'>('filter', 'filter', 'filter', 'filter', 'translate'),
  action: fc.constantFrom('accept', 'drop', 'reject'),
  natTo: fc.tuple(fc.integer({min: 0, max: 60}), fc.option(fc.integer({min: 0, max: 40}), {nil: null})),
});

type RuleSeed = {box: IntervalSet[]; kind: 'filter' | 'translate'; action: string; natTo: [number, number | null]};

/** Just what region.ts reads of a compiled rule. */
function fakeRule(s: RuleSeed, i: number): CompiledRule {
  return {
    box: s.box,
    kind: s.kind,
    rule: {action: s.kind === 'filter' ? s.action : 'translate', key: i},
    nat:
      s.kind === 'translate'
        ? {
            changes: [
              [3, s.natTo[0]],
              [4, s.natTo[1]],
            ],
          }
        : null,
  } as unknown as CompiledRule;
}

const pieceArb: fc.Arbitrary<Piece> = fc
  .tuple(boxArb, fc.option(fc.tuple(fc.integer({min: 0, max: 60}), fc.integer({min: 0, max: 40})), {nil: null}))
  .map(([box, rw]) => ({
    box,
    rw: rw ? [null, null, null, rw[0], rw[1]] : null,
  }));

const show = (p: Piece) => [p.box.map((s) => [...s.b]), p.rw];

describe('what-if fast paths vs plain scans', () => {
  it('visits only the five-dimension candidates of a long list, with the same answer as visiting every rule', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, {minLength: BOX_INDEX_MIN_RULES, maxLength: BOX_INDEX_MIN_RULES + 120}),
        pieceArb,
        (seeds, piece) => {
          const rules = seeds.map(fakeRule);
          const index = buildRuleIndex(rules);
          expect(index && boxCandidates(index, piece.box)).not.toBeNull();
          const run = (ix: typeof index) => {
            const out: unknown[] = [];
            runFilter(
              rules,
              'drop',
              [piece],
              (p, step) => out.push([show(p), step.decider?.rule.key ?? null, step.action, step.nat?.rule.key ?? null]),
              ix,
            );
            runRoutes(rules, [piece], (p, r) => out.push(['route', show(p), r?.rule.key ?? null]), ix);
            return out;
          };
          expect(run(index)).toEqual(run(null));
        },
      ),
      propertyParams({numRuns: 60}),
    );
  });

  it('prunes a long list to the rules that can touch the question', () => {
    const any = IntervalSet.range(0, 2 ** 32 - 1);
    const ports = IntervalSet.range(0, 65535);
    const block = IntervalSet.range(10 << 24, (10 << 24) + 255);
    // Every rule names the same source block: one address dimension cannot tell them apart.
    const seeds: RuleSeed[] = Array.from({length: 1000}, (_, i) => ({
      box:
        i % 4 === 0
          ? [IntervalSet.point(1), block, ports, any, ports]
          : [IntervalSet.point(6), block, ports, any, IntervalSet.point(1000 + i)],
      kind: 'filter',
      action: 'accept',
      natTo: [0, null],
    }));
    const q = [IntervalSet.point(6), IntervalSet.point((10 << 24) + 10), ports, any, IntervalSet.point(1005)];
    expect(boxCandidates(buildRuleIndex(seeds.map(fakeRule))!, q)).toEqual([5]);
    // No address at all: only protocol and port tell the rules apart.
    const anywhere = seeds.map((s): RuleSeed => ({...s, box: [s.box[0], any, ports, any, s.box[4]]}));
    expect(boxCandidates(buildRuleIndex(anywhere.map(fakeRule))!, q)).toEqual([5]);
  });

  it.each([
    ['mixed sites', siteSeed],
    ['NAT-heavy sites', natSiteSeed],
  ] as const)('lists every rule above the decider with the first field that did not match: %s', (_label, seeds) => {
    fc.assert(
      fc.property(
        seeds,
        defaultsArb,
        addressArb,
        addressArb,
        fc.array(fc.constantFrom(...PROTO_REPS), {minLength: 1, maxLength: 3}),
        fc.constantFrom(...SPORT_REPS),
        fc.constantFrom(...DPORT_REPS),
        fc.constantFrom<'applied' | 'pending'>('applied', 'pending'),
        (seed, defaults, s, d, protos, sport, dport, ruleset) => {
          const cs = compileSite(buildSite(seed));
          // Several packets on one compiled site: the shared entries are built by the first and reused.
          for (const proto of protos) {
            const ports = proto === 6 || proto === 17;
            const packet: Packet = {
              proto,
              src: parseIpv4(s)!,
              dst: parseIpv4(d)!,
              sport: ports ? sport : null,
              dport: ports ? dport : null,
            };
            const t = tracePacket(cs, packet, {ruleset, defaults});
            for (const h of [...t.hops, ...t.unreached]) {
              // A stopped router consults no rule: nothing to skip.
              if (h.route?.via === 'stopped') {
                expect(h.skipped).toEqual([]);
                continue;
              }
              const rs = cs.ruleset(h.networkKey, ruleset).rs;
              expect(h.skipped).toEqual(plainSkips(rs.rules, h));
            }
          }
        },
      ),
      propertyParams({numRuns: 400}),
    );
  });
});

/** The skipped list of a hop by checking each rule above the decider against the packet the hop saw. */
function plainSkips(rules: readonly CompiledRule[], h: HopTrace): unknown[] {
  const out: unknown[] = [];
  // The packet as the hop saw it; a translate rule rewrites it part-way down the list.
  let p: Packet = {
    proto: protoOf(h.packet.protocol),
    src: parseIpv4(h.packet.source)!,
    dst: parseIpv4(h.packet.destination)!,
    sport: h.packet.sourcePort ?? null,
    dport: h.packet.destinationPort ?? null,
  };
  for (const c of rules) {
    if (h.filter.rule && c.ref.key === h.filter.rule.key) break;
    const entry = (field: string, detail: string) => ({
      key: c.ref.key,
      name: c.ref.name,
      position: c.ref.position,
      field,
      detail,
    });
    const r = c.rule;
    const empty = (e: boolean) => (e ? ' (which holds nothing vseg can match)' : '');
    if (!c.enabled) out.push(entry('disabled', 'rule is disabled'));
    else if (c.direction !== h.direction) out.push(entry('direction', `${c.direction} rule`));
    else if (!c.ctAdmitsNew) out.push(entry('ct_state', `ct_state "${r.ctState}" does not include new connections`));
    else if (!c.protocols.has(p.proto)) {
      const limited = c.protocols.isEmpty
        ? ' (matches no protocol)'
        : (!c.sourcePorts.any || !c.destinationPorts.any) && (r.protocol === 'any' || r.protocol === '')
          ? ' (its ports limit it to tcp/udp)'
          : '';
      out.push(entry('protocol', `${r.protocol || 'any'} rule${limited}; packet is ${protocolName(p.proto)}`));
    } else if (!c.source.set.has(p.src))
      out.push(entry('source', `${formatIpv4(p.src)} is not in "${r.sourceIp}"${empty(c.source.set.isEmpty)}`));
    else if (p.sport !== null && !c.sourcePorts.set.has(p.sport))
      out.push(
        entry('source ports', `port ${p.sport} is not in "${r.sourcePorts}"${empty(c.sourcePorts.set.isEmpty)}`),
      );
    else if (!c.destination.set.has(p.dst))
      out.push(
        entry('destination', `${formatIpv4(p.dst)} is not in "${r.destinationIp}"${empty(c.destination.set.isEmpty)}`),
      );
    else if (p.dport !== null && !c.destinationPorts.set.has(p.dport))
      out.push(
        entry(
          'destination ports',
          `port ${p.dport} is not in "${r.destinationPorts}"${empty(c.destinationPorts.set.isEmpty)}`,
        ),
      );
    else if (!c.box[1].has(p.src))
      out.push(
        entry('interface', `${formatIpv4(p.src)} does not arrive through a WireGuard interface of this network`),
      );
    else if (c.kind === 'route')
      out.push(
        entry(
          'route',
          h.direction === 'outgoing'
            ? 'route rule: decides the path, not the verdict'
            : 'incoming route rule: does not decide the verdict',
        ),
      );
    else if (c.kind === 'translate') {
      // The tracer's own entry says what it did; the next rules see the translated packet.
      const got = h.skipped[out.length];
      expect(got).toMatchObject({key: c.ref.key, field: 'translate'});
      out.push(got);
      if (h.nat && h.nat.rule.key === c.ref.key) {
        const [addr, port] = h.nat.to.split(':');
        p =
          h.nat.field === 'destination'
            ? {...p, dst: parseIpv4(addr)!, dport: port !== undefined ? Number(port) : p.dport}
            : {...p, src: parseIpv4(addr)!, sport: port !== undefined ? Number(port) : p.sport};
      }
    } else break;
  }
  return out;
}

function protoOf(name: string): number {
  for (let n = 0; n <= 255; n++) if (protocolName(n) === name) return n;
  throw new Error(`unknown protocol ${name}`);
}
