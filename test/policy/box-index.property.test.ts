// The multi-dimensional candidate index lint uses for shadowing: it may return
// rules that do not touch a box, never leave one out, and lint's coverage
// findings are the same with it as with a scan of every earlier rule.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {IntervalSet} from '../../source/domain/ip.js';
import {touches, type Box} from '../../source/policy/box.js';
import {buildBoxIndex, candidatesBefore} from '../../source/policy/box-index.js';
import {compileSite} from '../../source/policy/compile.js';
import {coverageFindings} from '../../source/policy/lint/coverage.js';
import {bigSiteSeed, buildSite} from './arbitrary.js';
import {propertyParams} from '../support/seed.js';

// Small domains so rules collide often; a few "any" sets on every dimension.
const setArb = (max: number) =>
  fc.oneof(
    {weight: 1, arbitrary: fc.constant(IntervalSet.range(0, max))},
    {
      weight: 4,
      arbitrary: fc
        .array(fc.tuple(fc.integer({min: 0, max}), fc.integer({min: 0, max: 6})), {minLength: 1, maxLength: 3})
        .map((l) => IntervalSet.from(l.map(([lo, w]) => [lo, Math.min(max, lo + w)] as const))),
    },
  );
const boxArb: fc.Arbitrary<Box> = fc.tuple(setArb(12), setArb(40), setArb(9), setArb(40), setArb(9));

describe('box index', () => {
  it('returns, in order, every earlier box that touches the question (and only earlier ones)', () => {
    fc.assert(
      fc.property(fc.array(boxArb, {minLength: 1, maxLength: 140}), boxArb, (boxes, q) => {
        const index = buildBoxIndex(boxes);
        for (const limit of [0, 1, Math.floor(boxes.length / 2), boxes.length - 1, boxes.length]) {
          const got = candidatesBefore(index, q, limit);
          expect(got).toEqual([...got].sort((a, b) => a - b));
          expect(got.every((i) => i >= 0 && i < limit)).toBe(true);
          const needed = boxes.flatMap((b, i) => (i < limit && touches({box: q, rw: null}, b) ? [i] : []));
          expect(needed.filter((i) => !got.includes(i))).toEqual([]);
        }
      }),
      propertyParams({numRuns: 400}),
    );
  });

  it('prunes: a question about one port of one protocol visits few of many rules', () => {
    const any = IntervalSet.range(0, 2 ** 32 - 1);
    const ports = IntervalSet.range(0, 65535);
    // 2,000 tcp rules on distinct ports from the same source block, and 500 icmp rules (every port).
    const block = IntervalSet.range(10 << 24, (10 << 24) + 255);
    const boxes: Box[] = [
      ...Array.from({length: 2000}, (_, i): Box => [
        IntervalSet.point(6),
        block,
        ports,
        any,
        IntervalSet.point(1000 + i),
      ]),
      ...Array.from({length: 500}, (): Box => [IntervalSet.point(1), block, ports, any, ports]),
    ];
    const index = buildBoxIndex(boxes);
    expect(candidatesBefore(index, boxes[1500], 2500)).toEqual([1500]);
    expect(candidatesBefore(index, boxes[2400], 2400)).toHaveLength(400);
  });

  it('gives lint the same shadowed/redundant findings as a scan of every earlier rule', () => {
    fc.assert(
      fc.property(bigSiteSeed, (seed) => {
        const cs = compileSite(buildSite(seed));
        for (const n of cs.site.networks) {
          const rs = cs.pending(n.key);
          expect(coverageFindings(rs)).toEqual(coverageFindings(rs, {scan: true}));
        }
      }),
      propertyParams({numRuns: 120}),
    );
  });
});
