// The three-way merges behind every edit made on a copy that may be stale: a
// field only one side changed takes that side's value, a field both changed
// differently is a conflict until the operator chooses, and list merges keep
// what both sides added.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {listHolds, mergeFields, mergeList} from '../../source/domain/merge.js';
import {propertyParams} from '../support/seed.js';

describe('mergeFields', () => {
  const base = {name: 'ssh', ports: '22', source: 'alias:admins', description: 'old', enabled: true};

  it('keeps the server value of a field the operator did not touch, and says so', () => {
    const theirs = {...base, ports: '22,2222', source: '10.0.0.0/8'};
    const mine = {...base, description: 'new'};
    const m = mergeFields(base, mine, theirs);
    expect(m.values).toEqual({...theirs, description: 'new'});
    expect(m.kept.sort()).toEqual(['ports', 'source']);
    expect(m.conflicts).toEqual([]);
    expect(m.changed).toEqual(['description']);
  });

  it('reports a field changed on both sides to different values until a choice settles it', () => {
    const theirs = {...base, ports: '2222'};
    const mine = {...base, ports: '8022'};
    const open = mergeFields(base, mine, theirs);
    expect(open.conflicts).toEqual([{field: 'ports', base: '22', mine: '8022', theirs: '2222'}]);
    expect(mergeFields(base, mine, theirs, {ports: {choice: 'mine', theirs: '2222'}}).values['ports']).toBe('8022');
    const kept = mergeFields(base, mine, theirs, {ports: {choice: 'theirs', theirs: '2222'}});
    expect(kept.values['ports']).toBe('2222');
    expect(kept.changed).toEqual([]);
    // A choice made against a server value that changed again is asked again.
    expect(
      mergeFields(base, mine, {...theirs, ports: '2223'}, {ports: {choice: 'mine', theirs: '2222'}}).conflicts,
    ).toHaveLength(1);
  });

  it('the same change on both sides is no conflict; empty and blank are the same', () => {
    const m = mergeFields({a: '', b: 'x'}, {a: undefined, b: 'y '}, {a: '', b: 'y'});
    expect(m.conflicts).toEqual([]);
    expect(m.changed).toEqual([]);
  });

  it('property: untouched fields always end as the server has them; touched ones as typed when the server did not move', () => {
    const value = fc.constantFrom('', 'a', 'b', 'c');
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('f', 'g', 'h'), fc.tuple(value, value, value)), (fields) => {
        const base = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[0]]));
        const mine = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[1]]));
        const theirs = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[2]]));
        const m = mergeFields(base, mine, theirs);
        for (const [k, [b, mv, t]] of Object.entries(fields)) {
          if (mv === b) expect(m.values[k]).toBe(t);
          else if (t === b || t === mv) expect(m.values[k]).toBe(mv);
          else expect(m.conflicts.map((c) => c.field)).toContain(k);
        }
      }),
      propertyParams(),
    );
  });
});

describe('mergeList', () => {
  const key = (s: string) => s;
  it('two people adding an entry each both keep theirs; a removal is not undone', () => {
    const base = ['a', 'b', 'c'];
    const theirs = ['a', 'b', 'c', 'y'];
    const mine = ['a', 'c', 'x'];
    const m = mergeList(base, mine, theirs, key);
    expect(m.items).toEqual(['a', 'c', 'y', 'x']);
    expect(m.added).toEqual(['x']);
    expect(m.removed).toEqual(['b']);
    expect(listHolds(m.items, m, key)).toBe(true);
    expect(listHolds(['a', 'b', 'c', 'y'], m, key)).toBe(false);
  });

  it('property: the result holds what mine added, lacks what mine removed, and keeps what theirs added', () => {
    const item = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const list = fc.uniqueArray(item, {maxLength: 6});
    fc.assert(
      fc.property(list, list, list, (base, mine, theirs) => {
        const m = mergeList(base, mine, theirs, key);
        expect(listHolds(m.items, m, key)).toBe(true);
        expect(new Set(m.items).size).toBe(m.items.length);
        for (const t of theirs) if (!base.includes(t)) expect(m.items).toContain(t);
      }),
      propertyParams(),
    );
  });
});
