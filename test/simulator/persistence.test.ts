import {mkdtempSync, readFileSync, rmSync, statSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Api, start, vnetState} from './helpers.js';
import {waitUntil} from '../support/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'vseg-sim-state-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('state persistence', () => {
  it('round-trips rows, keys, staged vs applied rules, secrets and API keys', async () => {
    const statePath = join(dir, 'state.json');
    const a = await start({seed: 'demo', statePath});
    const api = new Api(a);
    const web = await api.keyOf('vnets', 'web');
    const key = a.createApiKey();
    // applied change, staged change, a freed key, a write-only secret
    await api.post('vnet_rules', {vnet: web, name: 'applied-later', protocol: 'tcp', destination_ports: '8443'});
    await api.post('vnet_actions', {vnet: web, action: 'refresh'});
    await waitUntil(async () => !(await vnetState(api, web)).need_fw_apply, {timeoutMs: 2000, what: 'apply'});
    await api.post('vnet_rules', {vnet: web, name: 'still-staged'});
    const gone = await api.post('vnet_rule_aliases', {name: 'temp', value: '10.0.0.1'});
    await api.del(`vnet_rule_aliases/${gone.body.$key}`);
    const t = await api.post('tenants', {name: 'persisted', password: 'tenant-secret'});
    const beforeRules = a.rows('vnet_rules').map((r) => r.name);
    const beforeActive = a.activeRules(web).map((r) => r.name);
    const beforeVnets = a.rows('vnets').map((r) => [r.$key, r.name, r.need_fw_apply]);
    await a.close();

    expect(existsSync(statePath)).toBe(true);
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    const file = readFileSync(statePath, 'utf8');
    expect(file).toContain('tenant-secret'); // write-only fields survive a restart…
    expect(file).not.toContain(key); // …API keys only as hashes

    const b = await start({seed: 'demo', statePath, password: 'other'});
    const api2 = new Api(b);
    expect(b.rows('vnet_rules').map((r) => r.name)).toEqual(beforeRules);
    expect(b.activeRules(web).map((r) => r.name)).toEqual(beforeActive);
    expect(b.activeRules(web).map((r) => r.name)).toContain('applied-later');
    expect(b.activeRules(web).map((r) => r.name)).not.toContain('still-staged');
    expect(b.rows('vnets').map((r) => [r.$key, r.name, r.need_fw_apply])).toEqual(beforeVnets);
    expect((await vnetState(api2, web)).running).toBe(true);
    expect((await new Api(b, {authorization: `Bearer ${key}`}).get('vnets')).status).toBe(200);
    expect(JSON.stringify(b.row('tenants', Number(t.body.$key)))).not.toContain('tenant-secret');
    // the freed key is still the next one handed out
    const again = await api2.post('vnet_rule_aliases', {name: 'reuse', value: '10.0.0.2'});
    expect(again.body.$key).toBe(gone.body.$key);
    await b.close();
  });

  it('a file that is not a state file is refused', async () => {
    const bad = join(dir, 'bad.json');
    const {writeFileSync} = await import('node:fs');
    writeFileSync(bad, '{"hello":1}');
    await expect(start({statePath: bad})).rejects.toThrow(/not a vseg simulator state/);
  });
});
