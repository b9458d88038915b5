import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {assignOrderIds, longestIncreasing, type OrderItem} from '../../source/domain/plan/order.js';
import {propertyParams} from '../support/seed.js';

const item = (name: string, current: number | null, pin: OrderItem['pin'] = 'no'): OrderItem => ({name, pin, current});

describe('rule order', () => {
  it('changes nothing when the order already matches', () => {
    const ids = assignOrderIds([item('a', 10), item('b', 20), item('c', 30)]);
    expect([...ids.entries()]).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ]);
  });

  it('places new rules in the gaps and after the last one', () => {
    const ids = assignOrderIds([
      item('new0', null),
      item('a', 10),
      item('new1', null),
      item('b', 20),
      item('new2', null),
    ]);
    expect(ids.get('a')).toBe(10);
    expect(ids.get('b')).toBe(20);
    expect(ids.get('new1')).toBe(15);
    expect(ids.get('new2')).toBe(30);
    expect(ids.get('new0')).toBeLessThan(10);
  });

  it('moves only the rule that is out of place', () => {
    // c moved to the front: a and b keep their orderids.
    const ids = assignOrderIds([item('c', 30), item('a', 10), item('b', 20)]);
    expect(ids.get('a')).toBe(10);
    expect(ids.get('b')).toBe(20);
    expect(ids.get('c')).toBeLessThan(10);
  });

  it('renumbers a group when a gap is too small', () => {
    const ids = assignOrderIds([item('a', 1), item('x', null), item('y', null), item('b', 2)]);
    const seq = ['a', 'x', 'y', 'b'].map((n) => ids.get(n)!);
    expect(seq).toEqual([...seq].sort((p, q) => p - q));
    expect(new Set(seq).size).toBe(4);
  });

  it('orders each pin group on its own', () => {
    const ids = assignOrderIds([item('t', 50, 'top'), item('a', 10), item('b', 20), item('z', 5, 'bottom')]);
    expect([...ids.values()]).toEqual([50, 10, 20, 5]);
  });

  it('finds a longest strictly increasing run', () => {
    const run = longestIncreasing([3, 1, 2, null, 5, 4]);
    expect(run.size).toBe(3);
    expect(run.has(1) && run.has(2) && !run.has(3)).toBe(true);
    expect(longestIncreasing([null, null]).size).toBe(0);
  });
});

describe('rule order properties', () => {
  const arb = fc
    .uniqueArray(fc.integer({min: 1, max: 500}), {maxLength: 25})
    .chain((ids) =>
      fc.tuple(
        fc.constant(ids),
        fc.shuffledSubarray(ids, {minLength: ids.length, maxLength: ids.length}),
        fc.array(fc.nat(25), {maxLength: 6}),
      ),
    );

  it('yields strictly increasing orderids in the wanted order and keeps a longest in-order run untouched', () => {
    fc.assert(
      fc.property(arb, ([, order, inserts]) => {
        const wanted: OrderItem[] = order.map((id) => item(`r${id}`, id));
        inserts.forEach((at, i) => wanted.splice(Math.min(at, wanted.length), 0, item(`new${i}`, null)));
        const ids = assignOrderIds(wanted);
        const seq = wanted.map((w) => ids.get(w.name)!);
        for (let i = 1; i < seq.length; i++) expect(seq[i]).toBeGreaterThan(seq[i - 1]);
        for (const v of seq) expect(v).toBeGreaterThanOrEqual(1);
        const kept = wanted.filter((w) => w.current !== null && ids.get(w.name) === w.current).length;
        const lis = longestIncreasing(wanted.map((w) => w.current)).size;
        // Either the longest run kept its orderids, or the group had to be renumbered.
        const renumbered = seq.every((v, i) => v === 10 * (i + 1));
        expect(kept >= lis || renumbered).toBe(true);
      }),
      propertyParams({numRuns: 300}),
    );
  });
});
