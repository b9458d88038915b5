// Two operators apply at the same moment: two real `vseg apply` processes
// against one simulator, each adding an entry to the same alias and a rule to
// the same network. Both entries stay (the list is merged at write time, not
// overwritten with a copy read earlier), and the two new rules do not share an
// orderid (ties are settled before Apply Rules), so the order is the same for
// VergeOS, vseg's evaluator and the simulator.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, request, type IncomingMessage, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {exportCommand} from '../../source/commands/export.js';
import {parseSitefile, serialiseSitefile} from '../../source/domain/sitefile/index.js';
import type {SimulatorHandle} from '../../source/simulator/index.js';
import {sim, Workspace} from '../commands/helpers.js';
import {jumpHostEnv, VSEG_BIN} from '../e2e/harness.js';

/**
 * An HTTP forwarder that holds every write until `readers` clients have read
 * the aliases (each run's plan loads them once): both runs plan from the same
 * site, whatever their start-up times, the way two operators who opened the
 * same state would. Nothing is changed on the way.
 */
async function gate(target: string, readers: number): Promise<{url: string; close: () => Promise<void>}> {
  let reads = 0;
  const waiting: Array<() => void> = [];
  const open = () => reads >= readers;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = () => {
        const up = request(new URL(req.url ?? '/', target), {method: req.method, headers: req.headers}, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          if (req.method === 'GET' && /^\/api\/v4\/vnet_rule_aliases\?/.test(req.url ?? '')) {
            reads++;
            if (open()) for (const w of waiting.splice(0)) w();
          }
        });
        up.end(Buffer.concat(chunks));
      };
      const write = req.method !== 'GET' && !(req.url ?? '').startsWith('/api/sys/tokens');
      if (write && !open()) waiting.push(forward);
      else forward();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function vseg(
  site: SimulatorHandle,
  url: string,
  args: string[],
  home: string,
): Promise<{code: number | null; stderr: string}> {
  const env = jumpHostEnv(home, 'dumb', {VSEG_PASSWORD: site.password});
  const conn = ['--url', url, '--user', site.user];
  const child = spawn(process.execPath, [VSEG_BIN, ...args, ...conn], {env, stdio: ['ignore', 'ignore', 'pipe']});
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({code, stderr})));
}

describe('two vseg apply runs at once', () => {
  const ws = new Workspace();
  const homes = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'vseg-two-')));
  afterAll(() => {
    ws.remove();
    for (const h of homes) rmSync(h, {recursive: true, force: true});
  });

  it('both alias entries stay and the two new rules get orderids of their own', async () => {
    const site = await sim('demo', {tls: false});
    const both = await gate(site.url, 2);
    try {
      const original = (await ws.run(exportCommand, ['--url', site.url, '--user', site.user])).stdout;
      const files = ['10.10.3.201', '10.10.3.202'].map((ip, i) => {
        const doc = parseSitefile(original);
        doc.aliases.find((a) => a.name === 'admins')!.entries.push({value: ip, label: `operator-${i + 1}`});
        const db = doc.networks.find((n) => n.name === 'db')!;
        db.rules.push({...db.rules[0], name: `Allow 300${i} from web`, destinationPorts: `300${i}`});
        return ws.file(`operator-${i + 1}.yaml`, serialiseSitefile(doc));
      });
      const runs = await Promise.all(files.map((f, i) => vseg(site, both.url, ['apply', '-f', f, '--yes'], homes[i])));
      for (const r of runs) expect(r.code, r.stderr).toBe(0);

      const admins = String(site.rows('vnet_rule_aliases').find((a) => a['name'] === 'admins')!['value']);
      expect(admins).toContain('10.10.3.201|operator-1');
      expect(admins).toContain('10.10.3.202|operator-2');

      const db = Number(site.rows('vnets').find((n) => n['name'] === 'db')!['$key']);
      const rules = site.rows('vnet_rules').filter((r) => r['vnet'] === db);
      expect(rules.filter((r) => String(r['name']).startsWith('Allow 300'))).toHaveLength(2);
      for (const pin of ['top', 'no', 'bottom']) {
        const ids = rules.filter((r) => r['pin'] === pin).map((r) => Number(r['orderid']));
        expect(new Set(ids).size, `orderids of pin ${pin}: ${ids.join(',')}`).toBe(ids.length);
      }
      // What is live is the staged ruleset, in the staged order.
      expect(site.rows('vnets').find((n) => n['$key'] === db)!['need_fw_apply']).toBe(false);
      const staged = [...rules]
        .sort((a, b) => Number(a['orderid']) - Number(b['orderid']))
        .filter((r) => r['pin'] === 'no')
        .map((r) => r['name']);
      expect(
        site
          .activeRules(db)
          .filter((r) => r['pin'] === 'no')
          .map((r) => r['name']),
      ).toEqual(staged);
    } finally {
      await both.close();
      await site.close();
    }
  }, 60_000);
});
