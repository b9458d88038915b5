// The simulated data plane answers router diagnostics from the rules each
// router really runs (the live ones, or a stale router's old ones), decided
// by the simulator's own matcher: probes, the nft ruleset, traces, logs,
// captures, and the query lifecycle itself.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {Api, start, vnetState} from './helpers.js';
import {waitUntil} from '../support/wait.js';

interface Created {
  $key: string;
  location: string;
}
interface QueryRow {
  status: string;
  result: string;
  command: string;
}
interface Err {
  err: string;
}

async function query(api: Api, vnet: number, query: string, params?: Record<string, unknown>): Promise<QueryRow> {
  const created = await api.post<Created>('vnet_queries', {vnet, query, ...(params ? {params} : {})});
  expect(created.status, created.text).toBe(201);
  const key = created.body.$key;
  const done = await waitUntil(
    async () => {
      const r = await api.get<QueryRow>(`vnet_queries/${key}`, {
        fields: '$key,id,query,params,status,result,command,created,modified,expires',
      });
      expect(r.status, r.text).toBe(200);
      return r.body.status === 'running' ? null : r.body;
    },
    {timeoutMs: 5000, what: `${query} to finish`},
  );
  return done;
}

async function applied(api: Api, vnet: number): Promise<void> {
  await waitUntil(async () => !(await vnetState(api, vnet)).need_fw_apply, {timeoutMs: 3000, what: 'the apply'});
}

describe('vnet_queries on the demo site', () => {
  let sim: SimulatorHandle;
  let api: Api;
  const net: Record<string, number> = {};

  beforeAll(async () => {
    sim = await start({seed: 'demo', queryDelayMs: 5, applyDelayMs: 10});
    api = new Api(sim);
    for (const n of ['web', 'db', 'mgmt', 'dev', 'External']) net[n] = await api.keyOf('vnets', n);
  });
  afterAll(() => sim.close());

  it('creates a query with a 40-hex key that runs, then completes, and lists by network', async () => {
    const created = await api.post<Created>('vnet_queries', {vnet: net.web, query: 'arp'});
    expect(created.status).toBe(201);
    expect(created.body.$key).toMatch(/^[0-9a-f]{40}$/);
    expect(created.body.location).toBe(`/v4/vnet_queries/${created.body.$key}`);
    const first = await api.get(`vnet_queries/${created.body.$key}`, {fields: '$key,id,status,query'});
    expect(first.body).toMatchObject({$key: created.body.$key, id: created.body.$key, query: 'arp'});
    const done = await query(api, net.web, 'arp');
    expect(done.status).toBe('complete');
    expect(done.command).toBe('arp -an');
    const listed = await api.get<{$key: unknown}[]>('vnet_queries', {
      filter: `vnet eq ${net.web}`,
      fields: '$key,query,status',
    });
    expect(listed.body.map((r) => r.$key)).toContain(created.body.$key);
    expect(listed.body.every((r) => typeof r.$key === 'string')).toBe(true);
  });

  it('refuses a missing network, an unknown query type and params that are not an object', async () => {
    expect((await api.post<Err>('vnet_queries', {query: 'ping'})).body.err).toBe(
      "field 'vnet_queries.vnet' is required",
    );
    expect((await api.post('vnet_queries', {vnet: 999, query: 'ping'})).status).toBe(422);
    expect((await api.post<Err>('vnet_queries', {vnet: net.web, query: 'rm -rf'})).body.err).toMatch(
      /not in list for field 'query'/,
    );
    expect((await api.post('vnet_queries', {vnet: net.web, query: 'ping', params: [1]})).status).toBe(422);
    expect((await api.get('vnet_queries/0123456789012345678901234567890123456789')).status).toBe(404);
  });

  it('lets a probe through only where the live rules do', async () => {
    // mgmt's router is in the admins alias: ssh to web-01 is accepted
    expect((await query(api, net.mgmt, 'tcp_connect', {host: '10.10.1.11', port: 22})).result).toMatch(/succeeded/);
    // web's router address is not in web-servers: db drops it by default
    expect((await query(api, net.web, 'tcp_connect', {host: '10.10.2.21', port: 5432})).result).toMatch(/timed out/);
    // icmp from mgmt to web is accepted; from web to db it is not
    expect((await query(api, net.mgmt, 'ping', {host: '10.10.1.12', count: 2})).result).toMatch(
      /2 received, 0% packet loss/,
    );
    expect((await query(api, net.web, 'ping', {host: '10.10.2.21'})).result).toMatch(/0 received, 100% packet loss/);
  });

  it('follows the live ruleset, not the staged one, until Apply Rules', async () => {
    const rule = await api.post<Created>('vnet_rules', {
      vnet: net.db,
      name: 'dp test: mysql from the web router',
      action: 'reject',
      direction: 'incoming',
      protocol: 'tcp',
      source_ip: '10.10.1.1',
      destination_ports: '3306',
      orderid: 1,
    });
    expect(rule.status).toBe(201);
    expect((await query(api, net.web, 'tcp_connect', {host: '10.10.2.21', port: 3306})).result).toMatch(/timed out/);
    await api.post('vnet_actions', {vnet: net.db, action: 'refresh'});
    await applied(api, net.db);
    expect((await query(api, net.web, 'tcp_connect', {host: '10.10.2.21', port: 3306})).result).toMatch(
      /Connection refused/,
    );
    const ruleset = await query(api, net.db, 'firewall');
    expect(ruleset.result).toContain(`comment "rule:${rule.body.$key} dp test: mysql from the web router"`);
    await api.del(`vnet_rules/${rule.body.$key}`);
    await api.post('vnet_actions', {vnet: net.db, action: 'refresh'});
    await applied(api, net.db);
  });

  it("prints the router's nft ruleset with a comment naming each compiled rule's key", async () => {
    const rules = (await api.get('vnet_rules', {filter: `vnet eq ${net.web}`, fields: '$key,action,enabled'})).body as {
      $key: number;
      action: string;
      enabled: boolean;
    }[];
    const nft = (await query(api, net.web, 'firewall')).result;
    expect(nft).toMatch(/^table inet vnet_filter \{/);
    const keys = [...nft.matchAll(/comment "rule:(\d+) /g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    const compiled = rules
      .filter((r) => r.enabled && r.action !== 'route')
      .map((r) => r.$key)
      .sort((a, b) => a - b);
    expect(keys).toEqual(compiled);
  });

  it('traces packets only for rules with trace on, and logs for rules with log on', async () => {
    const [pg] = (
      await api.get<{$key: number}[]>('vnet_rules', {
        filter: `vnet eq ${net.db} and name eq 'Allow PostgreSQL from web'`,
        fields: '$key',
      })
    ).body;
    expect((await query(api, net.db, 'trace')).result).toBe('');
    await api.put(`vnet_rules/${pg.$key}`, {trace: true, log: true});
    await api.post('vnet_actions', {vnet: net.db, action: 'refresh'});
    await applied(api, net.db);
    const trace = (await query(api, net.db, 'trace')).result;
    expect(trace).toMatch(
      new RegExp(
        `^trace id \\w+ inet vnet_filter vnet_incoming packet: iif "eth1" ip saddr 10\\.10\\.1\\.1[12] ip daddr 10\\.10\\.2\\.21 .*tcp dport 5432`,
        'm',
      ),
    );
    expect(trace).toContain(`comment "rule:${pg.$key} Allow PostgreSQL from web" (verdict accept)`);
    const logs = (await query(api, net.db, 'logs')).result;
    expect(logs).toMatch(
      new RegExp(
        `kernel: rule-${pg.$key} accept: IN=eth1 OUT=eth0 SRC=10\\.10\\.1\\.1[12] DST=10\\.10\\.2\\.21 .*DPT=5432`,
      ),
    );
    await api.put(`vnet_rules/${pg.$key}`, {trace: false, log: false});
    await api.post('vnet_actions', {vnet: net.db, action: 'refresh'});
    await applied(api, net.db);
  });

  it('captures what crosses a router, honours the BPF filter, and refuses a bad one', async () => {
    const cap = (await query(api, net.db, 'tcpdump', {count: 40, filter: 'tcp port 3306'})).result;
    expect(cap).toMatch(/listening on any, link-type LINUX_SLL2/);
    const lines = cap.split('\n').filter((l) => /^\d\d:/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    // web-01's legacy MySQL client: SYNs that db never answers
    for (const l of lines) expect(l).toMatch(/eth1 {2}In {2}IP 10\.10\.1\.11\.\d+ > 10\.10\.2\.21\.3306: Flags \[S\]/);
    const bad = await query(api, net.db, 'tcpdump', {filter: 'tcp port'});
    expect(bad).toMatchObject({status: 'error', result: 'tcpdump: syntax error in filter expression'});
  });

  it("resolves the network's own hosts and forwards other names", async () => {
    expect((await query(api, net.web, 'dns', {name: 'web-02'})).result).toMatch(
      /Name:\tweb-02\nAddress: 10\.10\.1\.12/,
    );
    expect((await query(api, net.web, 'dns', {name: 'nothing.demo.internal'})).result).toMatch(/NXDOMAIN/);
  });

  it("answers dev's probe from the stale ruleset: dev reaches web although the applied rules block it", async () => {
    const block = (
      await api.get<{$key: number}[]>('vnet_rules', {
        filter: `vnet eq ${net.dev} and name eq 'Block dev to production'`,
        fields: '$key',
      })
    ).body;
    expect(block).toHaveLength(1);
    expect(sim.activeRules(net.dev).map((r) => r.name)).toContain('Block dev to production');
    expect((await query(api, net.dev, 'tcp_connect', {host: '10.10.1.11', port: 443})).result).toMatch(/succeeded/);
    expect((await query(api, net.dev, 'firewall')).result).not.toContain(`rule:${block[0].$key} `);
  });

  it('reports a query on a stopped network as an error', async () => {
    await api.post('vnet_actions', {vnet: net.dev, action: 'poweroff'});
    await waitUntil(async () => !(await vnetState(api, net.dev)).running, {timeoutMs: 3000, what: 'dev to stop'});
    expect(await query(api, net.dev, 'ping', {host: '10.10.3.31'})).toMatchObject({
      status: 'error',
      result: "network 'dev' is not running",
    });
  });

  it('keeps gateway-monitor samples for networks with monitor_gateway on', async () => {
    const r = await api.get<{timestamp: number; quality: number}[]>('vnet_monitor_stats_history_short', {
      filter: `vnet eq ${net.web}`,
      sort: '-timestamp',
      limit: '5',
    });
    expect(r.body).toHaveLength(5);
    expect(r.body[0].timestamp - r.body[1].timestamp).toBe(60);
    for (const s of r.body) expect(s.quality).toBeGreaterThan(0);
    expect((await api.get('vnet_monitor_stats_history_short', {filter: `vnet eq ${net.External}`})).body).toEqual([]);
  });
});

describe('--stale-router and --l2', () => {
  it('keeps the old ruleset on a stale router while the API reports the apply done', async () => {
    const sim = await start({seed: 'demo', queryDelayMs: 5, applyDelayMs: 10, powerDelayMs: 30, staleRouters: ['db']});
    try {
      const api = new Api(sim);
      const db = await api.keyOf('vnets', 'db');
      const web = await api.keyOf('vnets', 'web');
      await api.post('vnet_rules', {
        vnet: db,
        name: 'mysql from the web router',
        action: 'accept',
        direction: 'incoming',
        protocol: 'tcp',
        source_ip: '10.10.1.1',
        destination_ports: '3306',
      });
      await api.post('vnet_actions', {vnet: db, action: 'refresh'});
      await applied(api, db);
      expect(sim.activeRules(db).map((r) => r.name)).toContain('mysql from the web router');
      expect((await query(api, web, 'tcp_connect', {host: '10.10.2.21', port: 3306})).result).toMatch(/timed out/);
      // a restart (with its rules) brings the router back to what it is given
      await api.post('vnet_actions', {vnet: db, action: 'reset', params: {apply: true}});
      await waitUntil(async () => (await vnetState(api, db)).status === 'restarting', {
        timeoutMs: 3000,
        what: 'db to restart',
      });
      await waitUntil(async () => (await vnetState(api, db)).status === 'running', {
        timeoutMs: 3000,
        what: 'db to run again',
      });
      expect((await query(api, web, 'tcp_connect', {host: '10.10.2.21', port: 3306})).result).toMatch(/succeeded/);
    } finally {
      await sim.close();
    }
  });

  it('passes a network through to a tenant: its addresses appear on the LAN, past the router', async () => {
    const sim = await start({seed: 'demo', queryDelayMs: 5, layer2: ['acme:web']});
    try {
      const api = new Api(sim);
      const web = await api.keyOf('vnets', 'web');
      const rows = (await api.get<unknown[]>('tenant_layer2_vnets', {fields: 'tenant,vnet,enabled'})).body;
      expect(rows).toEqual([expect.objectContaining({vnet: web, enabled: true})]);
      expect((await query(api, web, 'arp')).result).toMatch(
        /\? \(203\.0\.113\.65\) at 52:54:00:[0-9a-f:]+ \[ether\] on eth0/,
      );
    } finally {
      await sim.close();
    }
  });

  it('refuses an unknown stale router name', async () => {
    await expect(start({seed: 'demo', staleRouters: ['nope']})).rejects.toThrow(
      '--stale-router: no network named "nope"',
    );
  });
});
