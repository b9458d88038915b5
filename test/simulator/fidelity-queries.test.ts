// Evidence: how 26.1.8 answers `fields`, `filter` and `sort` it does not know,
// and how `and`/`or` chain (VERGEOS-API.md §8.1 #4, #5, #12). Each case names
// its public source. `strictQueries` keeps the old 422s for tests that want them.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Api, start, type Row} from './helpers.js';

/** vitest's asymmetric matchers are typed `any`; held as unknown they go into literals safely */
const aNumber: unknown = expect.any(Number);

describe('lenient queries (the default, as 26.1.8 answers)', () => {
  let sim: SimulatorHandle;
  let api: Api;
  beforeAll(async () => {
    sim = await start({seed: 'demo'});
    api = new Api(sim);
  });
  afterAll(() => sim.close());

  it('ignores unknown names in `fields` and answers the rest (PY-CL, §8.1 #4)', async () => {
    const r = await api.get<Row[]>('vnets', {
      fields: 'name,no_such_column,machine#no_such_join as x',
      filter: "name eq 'web'",
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([{$key: aNumber, name: 'web'}]);
  });

  it('answers [] with 200 for a filter on a column the table lacks (PY-CL, §8.1 #4)', async () => {
    const r = await api.get<Row[]>('vnets', {fields: '$key,name', filter: "modified_by eq 'x'"});
    expect(r.status).toBe(200);
    expect(r.body).toEqual([]);
    // even when the other term alone would match (INFERRED: the whole answer is empty, not just that term)
    expect((await api.get<Row[]>('vnets', {filter: "name eq 'web' or nope eq 1"})).body).toEqual([]);
  });

  it('ignores a sort on a missing column (INFERRED: leniency as for fields and filter)', async () => {
    const r = await api.get<Row[]>('vnets', {fields: 'name', sort: '+no_such_column'});
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThan(3);
  });

  it('a `#` join through a plain column answers that column (PY-CL, §8.1 #4)', async () => {
    const r = await api.get<Row[]>('vnets', {fields: 'name#anything as n', filter: "name eq 'db'"});
    expect(r.body).toEqual([{$key: aNumber, n: 'db'}]);
  });

  it('evaluates and/or strictly left to right (PY-CL 1.2.8 #103, §8.1 #5)', async () => {
    // (name eq 'web' or name eq 'db') and type eq 'external' → nothing; with precedence it would be web
    const r = await api.get<Row[]>('vnets', {
      fields: 'name',
      filter: "name eq 'web' or name eq 'db' and type eq 'external'",
    });
    expect(r.body).toEqual([]);
    const bracketed = await api.get<Row[]>('vnets', {
      fields: 'name',
      filter: "name eq 'web' or (name eq 'db' and type eq 'external')",
      sort: '+name',
    });
    expect(bracketed.body.map((v) => v.name)).toEqual(['web']);
  });

  it('`fields=most` includes advanced_options (D-API "most": all but argument fields and row lists; §8.1 #12)', async () => {
    const r = await api.get<Row[]>('vnets', {fields: 'most', filter: "name eq 'web'"});
    expect(r.body[0]).toHaveProperty('advanced_options');
    expect(r.body[0]).not.toHaveProperty('rules');
  });

  it('$display and a function in a joined row: `status#display(status)` (PY nics.py, PS Get-VergeNIC)', async () => {
    const r = await api.get<Row[]>('machine_nics', {
      fields: 'name,status#status as status,status#display(status) as status_display,machine#cluster#$display as c',
      filter: "name eq 'eth0'",
      limit: '1',
    });
    expect(r.body[0]).toMatchObject({status: 'up', status_display: 'Up', c: 'Cluster 1'});
  });

  it('a write-only column named in `fields` is accepted and comes back blank (PY wireguard.py, §8.1 #8)', async () => {
    const r = await api.get<Row[]>('vnet_wireguard_peers', {fields: 'name,preshared_key'});
    expect(r.status).toBe(200);
    expect(r.body.every((p) => p.preshared_key === '')).toBe(true);
  });
});

describe('strictQueries keeps the 422s', () => {
  let sim: SimulatorHandle;
  let api: Api;
  beforeAll(async () => {
    sim = await start({seed: 'empty', strictQueries: true});
    api = new Api(sim);
  });
  afterAll(() => sim.close());

  it.each([
    [{fields: 'name,no_such_column'}],
    [{filter: "no_such_column eq 'x'"}],
    [{sort: '+no_such_column'}],
    [{fields: 'name#anything'}],
  ])('%j → 422 Invalid argument', async (q) => {
    const r = await api.get<Row>('vnets', q);
    expect(r.status).toBe(422);
    expect(r.body.err).toMatch(/^Invalid argument/);
  });

  it('still chains and/or left to right (that is how VergeOS evaluates, not a leniency)', async () => {
    const r = await api.get<Row[]>('vnets', {
      fields: 'name',
      filter: "name eq 'External' or name eq 'x' and type eq 'internal'",
    });
    expect(r.body).toEqual([]);
  });
});
