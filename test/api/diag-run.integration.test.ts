// Running a router diagnostic over real HTTP: POST, then polls that wait a
// little longer each time, bounded by the time limit; abandoning on cancel;
// and following the query when the POST's answer was lost instead of
// sending it again.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {VergeClient} from '../../source/api/client.js';
import {runVnetQuery} from '../../source/api/diag/index.js';
import {VergeError} from '../../source/api/errors.js';
import {startSimulator, type SimulatorHandle} from '../../source/simulator/index.js';

async function failure(p: Promise<unknown>): Promise<VergeError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof VergeError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('runVnetQuery', () => {
  let sim: SimulatorHandle;
  let client: VergeClient;
  let web: number;
  let db: number;

  beforeAll(async () => {
    sim = await startSimulator({seed: 'demo', queryDelayMs: 20});
    client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
    const nets = sim.rows('vnets');
    web = nets.find((n) => n.name === 'web')!.$key as number;
    db = nets.find((n) => n.name === 'db')!.$key as number;
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
  });

  it('posts once and polls until complete', async () => {
    sim.clearRequests();
    const a = await runVnetQuery(client, web, 'ping', {host: '10.10.1.12', count: 2}, {pollMs: 10});
    expect(a).toMatchObject({vnet: web, query: 'ping', status: 'complete', command: 'ping -c 2 -W 1 10.10.1.12'});
    expect(a.key).toMatch(/^[0-9a-f]{40}$/);
    expect(a.result).toContain('2 packets transmitted, 2 received');
    const calls = sim.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(calls[0]).toBe('POST /api/v4/vnet_queries');
    expect(calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
    expect(calls.slice(1).every((c) => c === `GET /api/v4/vnet_queries/${a.key}`)).toBe(true);
    expect(calls.length - 1).toBe(a.polls);
  });

  it('waits longer between polls each time, never past the deadline', async () => {
    let clock = 0;
    const waits: number[] = [];
    const slow = await startSimulator({seed: 'demo', queryDelayMs: 60_000});
    const c = new VergeClient({url: slow.url, auth: {kind: 'basic', user: slow.user, password: slow.password}});
    const e = await failure(
      runVnetQuery(
        c,
        db,
        'tcp_connect',
        {host: '10.10.2.99', port: 22},
        {
          timeoutMs: 6000,
          now: () => clock,
          // the query takes a minute of real time; the fake clock runs out first
          sleep: (ms) => {
            waits.push(ms);
            clock += ms;
            return Promise.resolve();
          },
        },
      ),
    ).finally(async () => {
      await c.close();
      await slow.close();
    });
    expect(e.kind).toBe('timeout');
    expect(waits).toEqual([250, 375, 563, 845, 1268, 1902, 797]);
    expect(e.message).toMatch(
      /^the tcp_connect query was still running after 6 s; vseg stopped waiting \(query [0-9a-f]{40}/,
    );
  });

  it('gives up at the time limit with a real clock and names the query', async () => {
    sim.clearRequests();
    // a dropped connect takes 5 × the query delay: 1 s here, against a 200 ms limit
    const slow = await startSimulator({seed: 'demo', queryDelayMs: 200});
    const c = new VergeClient({url: slow.url, auth: {kind: 'basic', user: slow.user, password: slow.password}});
    try {
      const started = Date.now();
      const e = await failure(
        runVnetQuery(c, web, 'tcp_connect', {host: '10.10.2.21', port: 3306}, {timeoutMs: 200, pollMs: 50}),
      );
      expect(e.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(e.details?.key).toMatch(/^[0-9a-f]{40}$/);
    } finally {
      await c.close();
      await slow.close();
    }
  });

  it('abandons the query when cancelled and sends nothing after', async () => {
    const slow = await startSimulator({seed: 'demo', queryDelayMs: 5000});
    const c = new VergeClient({url: slow.url, auth: {kind: 'basic', user: slow.user, password: slow.password}});
    try {
      const ac = new AbortController();
      const e = await failure(
        runVnetQuery(
          c,
          web,
          'traceroute',
          {host: '8.8.8.8'},
          {
            signal: ac.signal,
            pollMs: 10,
            onProgress: (p) => {
              if (p.polls === 2) ac.abort();
            },
          },
        ),
      );
      expect(e.kind).toBe('aborted');
      const n = slow.requests.length;
      expect(slow.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      expect(n).toBe(3); // the POST and two polls
    } finally {
      await c.close();
      await slow.close();
    }
  });

  describe('when the POST answer is lost', () => {
    let proxy: Server;
    let url: string;
    let dropNext = true;

    beforeAll(async () => {
      proxy = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => void forward());
        const forward = async (): Promise<void> => {
          const upstream = await fetch(`${sim.url}${req.url}`, {
            method: req.method,
            headers: {authorization: String(req.headers.authorization), 'content-type': 'application/json'},
            body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
          });
          const body = await upstream.text();
          if (req.method === 'POST' && dropNext) {
            dropNext = false;
            req.socket.destroy(); // applied upstream, answer lost
            return;
          }
          res.writeHead(upstream.status, {'content-type': 'application/json'});
          res.end(body);
        };
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => proxy.close(() => r())));

    it('finds the query among the network recent ones and follows it, without a second POST', async () => {
      const c = new VergeClient({url, auth: {kind: 'basic', user: sim.user, password: sim.password}, retries: 0});
      try {
        sim.clearRequests();
        const a = await runVnetQuery(c, web, 'dns', {name: 'web-02'}, {pollMs: 10});
        expect(a.reconciled).toBe(true);
        expect(a.result).toContain('Address: 10.10.1.12');
        expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      } finally {
        await c.close();
      }
    });
  });
});
