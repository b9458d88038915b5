// Site load: vseg's bulk loader against a naive loader that walks the site one
// network at a time (what a straightforward client of the API does), both on
// the same simulated site with the same added latency.
import {z} from 'zod';
import {VergeClient} from '../source/api/client.js';
import {eq} from '../source/api/query.js';
import {ADDRESS_FIELDS, RULE_FIELDS, VNET_FIELDS, addressSchema, ruleSchema, vnetSchema} from '../source/api/rows.js';
import {loadSite} from '../source/domain/load-site.js';
import {startSimulator} from '../source/simulator/index.js';
import {ALL_SECTIONS, type Section} from '../source/domain/model.js';
import {CORE} from '../source/session/console-session.js';
import {ANALYSIS_SECTIONS} from '../source/commands/analysis-flags.js';

/**
 * What "a site load" sends depends on who loads: the console at start reads
 * the sections its first view (networks) shows and the rest when a view that
 * shows them opens; why/lint/matrix read what the analysis needs; export and
 * report read every section.
 */
export const LOADS: ReadonlyArray<{name: string; sections: readonly Section[]}> = [
  {name: 'console start (networks view)', sections: CORE},
  {name: 'analysis (why, lint, matrix)', sections: ANALYSIS_SECTIONS},
  {name: 'every section (export, report)', sections: ALL_SECTIONS},
];

const anyRow = z.record(z.string(), z.unknown());

/** One request per table per network: networks, then for each its rules, addresses, NICs, WireGuard, IPsec. */
async function naiveLoad(client: VergeClient): Promise<number> {
  const nets = await client.list('vnets', z.object({$key: z.number()}), {fields: ['$key']});
  let rules = 0;
  for (const n of nets) {
    await client.get('vnets', n.$key, vnetSchema, VNET_FIELDS);
    rules += (await client.list('vnet_rules', ruleSchema, {fields: RULE_FIELDS, filter: eq('vnet', n.$key)})).length;
    await client.list('vnet_addresses', addressSchema, {fields: ADDRESS_FIELDS, filter: eq('vnet', n.$key)});
    await client.list('machine_nics', anyRow, {
      fields: ['$key', 'name', 'vnet', 'machine'],
      filter: eq('vnet', n.$key),
    });
    await client.list('vnet_wireguards', anyRow, {fields: ['$key', 'name'], filter: eq('vnet', n.$key)});
  }
  await client.list('vnet_rule_aliases', anyRow, {fields: ['$key', 'name', 'value']});
  return rules;
}

export interface SiteLoadFigures {
  seed: string;
  latencyMs: number;
  bulk: {requests: number; ms: number; rules: number};
  naive: {requests: number; ms: number; rules: number};
  ratio: number;
  /** Requests of each kind of load (LOADS), from the simulator's request log. */
  loads: Array<{name: string; sections: readonly Section[]; requests: number}>;
}

export async function benchSiteLoad(seed = 'scale:200:10000', latencyMs = 50, runs = 3): Promise<SiteLoadFigures> {
  const sim = await startSimulator({seed, latencyMs});
  try {
    const client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
    await loadSite(client); // warm-up: pool, JIT
    const bulkTimes: number[] = [];
    let bulkRequests = 0;
    let bulkRules = 0;
    for (let i = 0; i < runs; i++) {
      sim.clearRequests();
      const t = performance.now();
      const site = await loadSite(client);
      bulkTimes.push(performance.now() - t);
      bulkRequests = sim.requests.length;
      bulkRules = site.rules.length;
    }
    const loads: SiteLoadFigures['loads'] = [];
    for (const load of LOADS) {
      sim.clearRequests();
      await loadSite(client, {sections: load.sections});
      loads.push({...load, requests: sim.requests.length});
    }
    sim.clearRequests();
    const t = performance.now();
    const naiveRules = await naiveLoad(client);
    const naiveMs = performance.now() - t;
    const naiveRequests = sim.requests.length;
    await client.close();
    const bulkMs = median(bulkTimes);
    return {
      seed,
      latencyMs,
      bulk: {requests: bulkRequests, ms: round(bulkMs), rules: bulkRules},
      naive: {requests: naiveRequests, ms: round(naiveMs), rules: naiveRules},
      ratio: round(naiveRequests / bulkRequests),
      loads,
    };
  } finally {
    await sim.close();
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSiteLoad(), null, 2));
}
