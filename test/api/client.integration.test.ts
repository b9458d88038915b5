// The client against the simulator over real HTTP and HTTPS.
import {z} from 'zod';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyRules} from '../../source/api/apply-rules.js';
import {VergeClient, type ClientOptions} from '../../source/api/client.js';
import {VergeError} from '../../source/api/errors.js';
import {eq} from '../../source/api/query.js';
import {createReconciled} from '../../source/api/reconcile.js';
import {ruleSchema, vnetSchema, VNET_FIELDS} from '../../source/api/rows.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';

const anyRow = z.record(z.string(), z.unknown());

function failure(promise: Promise<unknown>): Promise<VergeError> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(VergeError);
      return error as VergeError;
    },
  );
}

describe.each([
  ['HTTP', false],
  ['HTTPS with a pinned certificate', true],
])('client over %s', (_label, tls) => {
  let sim: SimulatorHandle;
  let client: VergeClient;
  let options: ClientOptions;

  beforeAll(async () => {
    sim = await startSimulator({tls, seed: 'demo', applyDelayMs: 50, powerDelayMs: 50});
    options = {
      url: sim.url,
      auth: {kind: 'token', user: sim.user, password: sim.password},
      trust: sim.fingerprint ? {mode: 'pin', fingerprint: sim.fingerprint} : {mode: 'system'},
      retries: 2,
    };
    client = await VergeClient.connect(options);
  });
  afterAll(async () => {
    await client?.logout();
    await client?.close();
    await sim?.close();
  });

  it('reads /version.json without credentials', async () => {
    sim.clearRequests();
    const v = await new VergeClient({...options, auth: {kind: 'none'}}).version();
    expect(v.name).toBe('VergeOS');
    expect(sim.requests.at(-1)).toMatchObject({method: 'GET', path: '/version.json', auth: 'none', status: 200});
  });

  it('lists with fields, joins and a filter, validating rows', async () => {
    const rows = await client.list('vnets', vnetSchema, {fields: VNET_FIELDS, filter: eq('type', 'internal')});
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) {
      expect(typeof r.$key).toBe('number');
      expect(r.type).toBe('internal');
      expect(typeof r.running).toBe('boolean');
    }
    expect(sim.requests.at(-1)?.auth).toBe('token');
  });

  it('creates (string $key answer), reads, updates (partial) and deletes a rule', async () => {
    const web = (await client.list('vnets', vnetSchema, {fields: VNET_FIELDS, filter: eq('name', 'web')}))[0];
    const created = await client.create('vnet_rules', {
      vnet: web.$key,
      name: 'it-test',
      action: 'accept',
      direction: 'incoming',
      protocol: 'tcp',
      destination_ports: '8443',
      junk_field: 'dropped',
    });
    expect(created.created.$key).toBe(String(created.key));
    const row = await client.get('vnet_rules', created.key, ruleSchema);
    expect(row).toMatchObject({name: 'it-test', destination_ports: '8443', vnet: web.$key});
    expect(row).not.toHaveProperty('junk_field');
    await client.update('vnet_rules', created.key, {destination_ports: '9443'});
    expect((await client.get('vnet_rules', created.key, ruleSchema)).destination_ports).toBe('9443');
    const flag = await client.get('vnets', web.$key, anyRow, ['need_fw_apply']);
    expect(flag['need_fw_apply']).toBe(true);
    await client.remove('vnet_rules', created.key);
    const gone = await failure(client.get('vnet_rules', created.key, ruleSchema));
    expect(gone.status).toBe(404);
  });

  it("shows the server's own message and the failed call on a validation error", async () => {
    const e = await failure(
      client.create('vnet_rules', {vnet: 1, name: 'x', action: 'explode'}, {operation: 'create rule x'}),
    );
    expect(e.status).toBe(422);
    expect(e.serverMessage).toBeTruthy();
    expect(e.describe()).toContain('Could not create rule x');
    expect(e.describe()).toContain('POST /api/v4/vnet_rules');
    expect(e.outcome).toBe('not-applied');
  });

  it('applies rules and waits for need_fw_apply to clear; the live ruleset changes only then', async () => {
    const dev = (await client.list('vnets', vnetSchema, {fields: VNET_FIELDS, filter: eq('name', 'dev')}))[0];
    expect(dev.need_fw_apply).toBe(true);
    const staged = sim.rows('vnet_rules').filter((r) => r['vnet'] === dev.$key).length;
    expect(sim.activeRules(dev.$key).length).not.toBe(staged);
    const outcome = await applyRules(client, dev.$key, {pollMs: 20});
    expect(outcome.status).toBe('applied');
    expect(sim.activeRules(dev.$key).length).toBe(staged);
    const again = await applyRules(client, dev.$key);
    expect(again.status).toBe('nothing-pending');
  });
});

describe('TLS trust', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({tls: true, seed: 'empty'});
  });
  afterAll(async () => sim?.close());

  it('refuses a self-signed certificate with system trust, naming the fix', async () => {
    const e = await failure(new VergeClient({url: sim.url, auth: {kind: 'none'}}).version());
    expect(e.kind).toBe('tls');
    expect(e.message).toMatch(/not trusted/);
    expect(e.message).toMatch(/--fingerprint|vseg login/);
  });

  it('accepts the pinned fingerprint and refuses another one, showing both', async () => {
    const ok = new VergeClient({
      url: sim.url,
      auth: {kind: 'none'},
      trust: {mode: 'pin', fingerprint: sim.fingerprint!},
    });
    expect((await ok.version()).name).toBe('VergeOS');
    await ok.close();
    const wrong = 'ab'.repeat(32);
    const e = await failure(
      new VergeClient({url: sim.url, auth: {kind: 'none'}, trust: {mode: 'pin', fingerprint: wrong}}).version(),
    );
    expect(e.kind).toBe('tls-mismatch');
    expect(e.message).toContain('AB:AB:AB');
    expect(e.message.toLowerCase()).toContain(sim.fingerprint!.slice(0, 2));
  });

  it('trusts the certificate given as a CA, and connects insecurely only when told', async () => {
    const ca = new VergeClient({url: sim.url, auth: {kind: 'none'}, trust: {mode: 'ca', caPem: sim.certPem!}});
    expect((await ca.version()).version).toBeTruthy();
    const insecure = new VergeClient({url: sim.url, auth: {kind: 'none'}, trust: {mode: 'insecure'}});
    expect((await insecure.version()).version).toBeTruthy();
  });
});

describe('authentication', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({seed: 'empty', lockoutThreshold: 5});
  });
  afterAll(async () => sim?.close());

  it('uses Basic and API keys; deletes the session token on logout', async () => {
    const basic = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
    await basic.list('vnets', anyRow, {fields: ['name']});
    expect(sim.requests.at(-1)?.auth).toBe('basic');
    const key = sim.createApiKey();
    const bearer = new VergeClient({url: sim.url, auth: {kind: 'apiKey', key}});
    await bearer.list('vnets', anyRow, {fields: ['name']});
    expect(sim.requests.at(-1)?.auth).toBe('apikey');
    const token = await VergeClient.connect({
      url: sim.url,
      auth: {kind: 'token', user: sim.user, password: sim.password},
    });
    const tok = token.auth.token()!;
    await token.logout();
    expect(sim.requests.at(-1)).toMatchObject({method: 'DELETE', path: `/api/sys/tokens/${tok}`, status: 200});
    const reuse = new VergeClient({url: sim.url, auth: {kind: 'token', user: sim.user, password: sim.password}});
    reuse.auth.setToken(tok);
    expect((await failure(reuse.list('vnets', anyRow))).kind).toBe('auth');
  });

  it('never retries a 401, warns about the lockout, and keeps the password out of the message', async () => {
    sim.clearRequests();
    const e = await failure(
      VergeClient.connect({
        url: sim.url,
        auth: {kind: 'token', user: sim.user, password: 'wrong-password-1'},
        retries: 3,
      }),
    );
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/lock/);
    expect(e.message).not.toContain('wrong-password-1');
    expect(sim.requests.filter((r) => r.path === '/api/sys/tokens')).toHaveLength(1);
    const basic = new VergeClient({
      url: sim.url,
      auth: {kind: 'basic', user: sim.user, password: 'wrong-password-2'},
      retries: 3,
    });
    sim.clearRequests();
    await failure(basic.list('vnets', anyRow));
    expect(sim.requests).toHaveLength(1);
  });
});

describe('retry policy under faults', () => {
  let sim: SimulatorHandle;
  let client: VergeClient;
  beforeAll(async () => {
    sim = await startSimulator({seed: 'demo'});
    client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}, retries: 3});
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });

  it('retries a GET through a 429 burst', async () => {
    sim.setFaults('burst429=2');
    sim.clearRequests();
    const rows = await client.list('vnets', anyRow, {fields: ['name']});
    expect(rows.length).toBeGreaterThan(0);
    const gets = sim.requests.filter((r) => r.path === '/api/v4/vnets');
    expect(gets.map((r) => r.status)).toEqual([429, 429, 200]);
    sim.setFaults('');
  });

  it('retries GETs through dropped connections and 502/503/504, but not a 500', async () => {
    sim.setFaults('drop=0.3,error=0.3,seed=7');
    sim.clearRequests();
    let successes = 0;
    for (let i = 0; i < 10; i++) {
      await client.list('vnets', anyRow, {fields: ['name']}).then(
        () => successes++,
        (e: VergeError) => expect(['network', 'http']).toContain(e.kind),
      );
    }
    sim.setFaults('');
    const gets = sim.requests.filter((r) => r.path === '/api/v4/vnets');
    expect(gets.filter((r) => r.status === 200)).toHaveLength(successes);
    // More attempts than calls: the failures were retried.
    expect(gets.length).toBeGreaterThan(10);
    expect(successes).toBeGreaterThan(0);
    expect(gets.some((r) => r.fault === 'drop-before' || r.fault === 'drop-after')).toBe(true);
  });

  it('stops at a 500 (the write may have happened) and retries 502/503/504 up to the limit', async () => {
    sim.setFaults('error=1,seed=3');
    let sawFiveHundred = false;
    for (let i = 0; i < 12; i++) {
      sim.clearRequests();
      const e = await failure(client.list('vnets', anyRow, {fields: ['name']}));
      expect(e.kind).toBe('http');
      const statuses = sim.requests.map((r) => r.status);
      const last = statuses.at(-1)!;
      for (const s of statuses.slice(0, -1)) expect([502, 503, 504]).toContain(s);
      if (last === 500) sawFiveHundred = true;
      else expect(statuses).toHaveLength(4);
      expect(e.status).toBe(last);
    }
    sim.setFaults('');
    expect(sawFiveHundred).toBe(true);
  });

  it('does not retry a POST; reconciliation finds a create whose answer was lost', async () => {
    const web = sim.rows('vnets').find((r) => r['name'] === 'web')!;
    // Every request is dropped; half after being applied. Try until one create
    // was applied but answered with a dropped connection.
    let reconciled = false;
    for (let i = 0; i < 40 && !reconciled; i++) {
      const name = `lost-${i}`;
      sim.setFaults('drop=1,seed=' + (i + 1));
      sim.clearRequests();
      const attempt = createReconciled(
        client,
        'vnet_rules',
        {vnet: web['$key'], name, action: 'accept'},
        {match: {vnet: web['$key'] as number, name}, describe: `rule ${name}`},
      );
      // Let the reconciliation lookup through.
      setTimeout(() => sim.setFaults(''), 0);
      const posts = () => sim.requests.filter((r) => r.method === 'POST' && r.path === '/api/v4/vnet_rules');
      try {
        const r = await attempt;
        expect(posts()).toHaveLength(1);
        if (r.reconciled) reconciled = true;
      } catch (error) {
        expect(posts()).toHaveLength(1);
        expect((error as VergeError).outcome).toBe('not-applied');
      }
      const matching = sim.rows('vnet_rules').filter((r) => r['name'] === name);
      expect(matching.length).toBeLessThanOrEqual(1);
    }
    expect(reconciled).toBe(true);
  });
});
