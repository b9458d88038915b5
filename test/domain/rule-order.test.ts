// Tied orderids (two writers that placed a rule in the same gap) are made
// unique before Apply Rules, keeping the order the tie-break gives; the order
// itself never changes, and VergeOS's own rules are never written.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {untieOrder, type OrderRow} from '../../source/domain/changes/rule-order.js';
import {propertyParams} from '../support/seed.js';

const PIN = {top: 0, no: 1, bottom: 2} as const;
const order = (rows: readonly OrderRow[]) =>
  [...rows].sort((a, b) => PIN[a.pin] - PIN[b.pin] || a.orderid - b.orderid || a.key - b.key).map((r) => r.key);

describe('untieOrder', () => {
  it('moves the later of two tied rules into the gap after it, and nothing else', () => {
    const rows: OrderRow[] = [
      {key: 1, orderid: 10, pin: 'no', fixed: false},
      {key: 7, orderid: 20, pin: 'no', fixed: false},
      {key: 8, orderid: 20, pin: 'no', fixed: false},
      {key: 3, orderid: 30, pin: 'no', fixed: false},
    ];
    expect([...untieOrder(rows)]).toEqual([[8, 25]]);
  });

  it('a rule VergeOS owns keeps its orderid; the rule tied with it moves', () => {
    const rows: OrderRow[] = [
      {key: 1, orderid: 10, pin: 'no', fixed: false},
      {key: 2, orderid: 20, pin: 'no', fixed: true},
      {key: 9, orderid: 20, pin: 'no', fixed: false},
    ];
    const out = untieOrder(rows);
    expect(out.has(2)).toBe(false);
    expect(out.get(9)).toBeGreaterThan(20);
  });

  it('property: afterwards orderids are unique per pin group and the evaluation order is the same', () => {
    const row = fc.record({
      orderid: fc.integer({min: 1, max: 12}),
      pin: fc.constantFrom('top', 'no', 'bottom'),
    });
    fc.assert(
      fc.property(fc.array(row, {maxLength: 12}), (raw) => {
        const rows: OrderRow[] = raw.map((r, i) => ({key: i + 1, orderid: r.orderid, pin: r.pin, fixed: false}));
        const changes = untieOrder(rows);
        const after = rows.map((r) => ({...r, orderid: changes.get(r.key) ?? r.orderid}));
        expect(order(after)).toEqual(order(rows));
        for (const pin of ['top', 'no', 'bottom'] as const) {
          const ids = after.filter((r) => r.pin === pin).map((r) => r.orderid);
          expect(new Set(ids).size).toBe(ids.length);
        }
        // Settling twice changes nothing the second time: two writers settling at once agree.
        expect(untieOrder(after).size).toBe(0);
      }),
      propertyParams(),
    );
  });
});
