// What-if and matrix timings on the sites the simulator seeds (loaded through
// the real client, as the console and the CLI get them), so these figures
// describe the same site as the load and memory figures.
//   scale:2:10000  → one network pair holding 10,000 rules: one what-if
//   scale:200:10000 → the full reachability matrix
import {VergeClient} from '../source/api/client.js';
import {loadSite} from '../source/domain/load-site.js';
import type {Site} from '../source/domain/model.js';
import {compileSite, matrix, parseService, why, whyToJson} from '../source/policy/index.js';
import {startSimulator} from '../source/simulator/index.js';
import {median, round} from './site-load.js';

async function siteOf(seed: string): Promise<Site> {
  const sim = await startSimulator({seed});
  try {
    const client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
    const site = await loadSite(client);
    await client.close();
    return site;
  } finally {
    await sim.close();
  }
}

function time(runs: number, fn: () => unknown): {medianMs: number; p95Ms: number} {
  fn(); // warm the JIT and the compiled-site caches
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {medianMs: round(median(samples), 3), p95Ms: round(sorted[Math.floor(sorted.length * 0.95)], 3)};
}

export interface AnalysisFigures {
  whatIf: {
    seed: string;
    rules: number;
    query: string;
    verdict: string;
    medianMs: number;
    p95Ms: number;
    coldMs: number;
  };
  matrix: {
    seed: string;
    networks: number;
    rules: number;
    cells: number;
    service: string;
    medianMs: number;
    coldMs: number;
  };
}

export async function benchAnalysis(): Promise<AnalysisFigures> {
  const pair = await siteOf('scale:2:10000');
  const query = {from: 'vm-0001-1', to: 'vm-0002-1', service: 'tcp/5432'};
  const cs = compileSite(pair);
  const answer = why(cs, query);
  if (!answer.ok) throw new Error(`what-if failed: ${answer.error}`);
  const verdict = whyToJson(answer.value).verdict;
  const whatIf = time(101, () => {
    const r = why(cs, query);
    if (r.ok) whyToJson(r.value);
  });
  const coldWhatIf = time(5, () => why({...pair}, query));

  const big = await siteOf('scale:200:10000');
  const service = parseService('tcp/443');
  if (!service.ok) throw new Error(service.error);
  const bigCs = compileSite(big);
  const warm = time(5, () => matrix(bigCs, {service: service.value}));
  const cold = time(3, () => matrix({...big}, {service: service.value}));
  const m = matrix(bigCs, {service: service.value});
  return {
    whatIf: {
      seed: 'scale:2:10000',
      rules: pair.rules.length,
      query: `${query.from} → ${query.to} ${query.service}`,
      verdict,
      ...whatIf,
      coldMs: coldWhatIf.medianMs,
    },
    matrix: {
      seed: 'scale:200:10000',
      networks: big.networks.length,
      rules: big.rules.length,
      cells: m.cells.reduce((n, row) => n + row.length, 0),
      service: 'tcp/443',
      medianMs: warm.medianMs,
      coldMs: cold.medianMs,
    },
  };
}
