import {afterEach, describe, expect, it} from 'vitest';
import {ManualClock, type SimulatorHandle} from '../../source/simulator/index.js';
import {Api, basic, PASSWORD, start} from './helpers.js';

let sim: SimulatorHandle | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function login(s: SimulatorHandle, login: string, password: string) {
  const anon = new Api(s, {});
  return anon.call('POST', '/api/sys/tokens', {login, password});
}

describe('authentication', () => {
  it('refuses /api/v4 without credentials: 401 {"err":"Login required"}', async () => {
    sim = await start({seed: 'empty'});
    const r = await new Api(sim, {}).get('vnets');
    expect(r.status).toBe(401);
    expect(r.text).toBe('{"err":"Login required"}');
    expect(sim.requests.at(-1)).toMatchObject({status: 401, auth: 'none'});
  });

  it('accepts Basic, API keys as Bearer (and as x-yottabyte-token), and session tokens', async () => {
    sim = await start({seed: 'empty'});
    expect((await new Api(sim).get('vnets')).status).toBe(200);
    const key = sim.createApiKey();
    expect((await new Api(sim, {authorization: `Bearer ${key}`}).get('vnets')).status).toBe(200);
    expect(sim.requests.at(-1)?.auth).toBe('apikey');
    expect((await new Api(sim, {'x-yottabyte-token': key}).get('vnets')).status).toBe(200);
    expect((await new Api(sim, {authorization: 'Bearer nope'}).get('vnets')).status).toBe(401);

    const t = await login(sim, 'admin', PASSWORD);
    expect(t.status).toBe(201);
    const tok = t.body.$key as string;
    expect(tok).toMatch(/^[0-9a-f]{40}$/);
    expect(t.body).toEqual({location: `/sys/tokens/${tok}`, dbpath: `tokens/${tok}`, $row: 1, $key: tok});
    const withToken = new Api(sim, {'x-yottabyte-token': tok});
    expect((await withToken.get('vnets')).status).toBe(200);
    expect(sim.requests.at(-1)?.auth).toBe('token');
    const out = await withToken.call('DELETE', `/api/sys/tokens/${tok}`);
    expect(out.status).toBe(200);
    expect((await withToken.get('vnets')).status).toBe(401);
  });

  it('a bad token login is 401 and does not create a token', async () => {
    sim = await start({seed: 'empty'});
    const r = await login(sim, 'admin', 'wrong');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({err: 'Login required'});
    expect((await login(sim, 'nobody', 'x')).status).toBe(401);
  });

  it('locks the account after 5 bad passwords: then the right password and the API keys fail too', async () => {
    sim = await start({seed: 'empty'});
    const key = sim.createApiKey();
    const bad = new Api(sim, basic('admin', 'wrong'));
    for (let i = 0; i < 4; i++) expect((await bad.get('vnets')).body).toEqual({err: 'Login required'});
    const fifth = await login(sim, 'admin', 'wrong');
    expect(fifth.status).toBe(401);
    expect(fifth.body.err).toMatch(/account locked/);
    const good = await new Api(sim).get('vnets');
    expect(good.status).toBe(401);
    expect(good.body.err).toMatch(/account locked/);
    const viaKey = await new Api(sim, {authorization: `Bearer ${key}`}).get('vnets');
    expect(viaKey.status).toBe(401);
    expect(viaKey.body.err).toMatch(/account locked/);
    expect((await login(sim, 'admin', PASSWORD)).status).toBe(401);
    sim.unlock();
    expect((await new Api(sim).get('vnets')).status).toBe(200);
  });

  it('a successful login resets the failure count', async () => {
    sim = await start({seed: 'empty', lockoutThreshold: 3});
    const bad = new Api(sim, basic('admin', 'wrong'));
    await bad.get('vnets');
    await bad.get('vnets');
    expect((await new Api(sim).get('vnets')).status).toBe(200);
    await bad.get('vnets');
    await bad.get('vnets');
    expect((await new Api(sim).get('vnets')).status).toBe(200);
  });

  it('session tokens expire after the idle time; use keeps them alive', async () => {
    const clock = new ManualClock();
    sim = await start({seed: 'empty', tokenIdleMs: 500, clock});
    const tok = (await login(sim, 'admin', PASSWORD)).body.$key;
    const api = new Api(sim, {'x-yottabyte-token': tok});
    // 4 × 400 ms is well past the idle time in all, but each use comes within it.
    for (let i = 0; i < 4; i++) {
      clock.advance(400);
      expect((await api.get('vnets/1', {fields: 'name'})).status).toBe(200);
    }
    clock.advance(500);
    expect((await api.get('vnets/1', {fields: 'name'})).status).toBe(200);
    clock.advance(501);
    expect((await api.get('vnets/1')).status).toBe(401);
  });

  it('expireTokens() and the expire= fault end sessions', async () => {
    const clock = new ManualClock();
    sim = await start({seed: 'empty', clock});
    const tok = (await login(sim, 'admin', PASSWORD)).body.$key;
    const api = new Api(sim, {'x-yottabyte-token': tok});
    expect((await api.get('vnets')).status).toBe(200);
    sim.expireTokens();
    expect((await api.get('vnets')).status).toBe(401);
    sim.setFaults('expire=0');
    const tok2 = (await login(sim, 'admin', PASSWORD)).body.$key;
    clock.advance(1);
    expect((await new Api(sim, {'x-yottabyte-token': tok2}).get('vnets')).status).toBe(401);
    sim.setFaults('');
    const tok3 = (await login(sim, 'admin', PASSWORD)).body.$key;
    clock.advance(1);
    expect((await new Api(sim, {'x-yottabyte-token': tok3}).get('vnets')).status).toBe(200);
  });
});
