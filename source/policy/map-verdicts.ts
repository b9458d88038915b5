// The verdict of every lane of the site map for one service: what colours the
// console's :map and the report's diagram. Exact over sets, like a matrix
// cell: from all of one end's addresses to all of the other's.
import type {SiteMap} from '../domain/layout/topology.js';
import type {Site} from '../domain/model.js';
import {ALL_PORTS} from '../domain/ports.js';
import {compileSite, type CompiledSite} from './compile.js';
import type {PolicyDefaults} from './defaults.js';
import {resolveEndpoint} from './endpoints.js';
import {evaluateCompiled} from './evaluate.js';
import {serviceProtocols, servicePorts, type Service} from './protocols.js';
import type {Matrix} from './matrix.js';
import type {RulesetChoice, Verdict} from './types.js';

/**
 * One verdict per lane (null for lanes that carry no judged traffic: tunnels,
 * blocks, mirrors). A matrix of the same service and ruleset answers the lanes
 * between its nodes without judging them again.
 */
export function laneVerdicts(
  site: Site | CompiledSite,
  map: SiteMap,
  service: Service,
  options: {ruleset?: RulesetChoice; defaults?: PolicyDefaults; matrix?: Matrix} = {},
): Array<Verdict | null> {
  const cs = 'index' in site ? site : compileSite(site);
  const cache = new Map<string, Verdict | null>();
  const m = options.matrix;
  if (m) {
    const refs = m.nodes.map((n) => (n.key === null ? 'outside' : `net:${n.name}`));
    const used = new Set(map.lanes.map((l) => (l.why ? `${l.why.from}\u0000${l.why.to}` : '')));
    refs.forEach((from, i) =>
      refs.forEach((to, j) => {
        const key = `${from}\u0000${to}`;
        if (!used.has(key)) return;
        const v = m.cells[i][j].verdict;
        cache.set(key, v === 'n/a' ? null : v);
      }),
    );
  }
  return map.lanes.map((lane) => {
    if (!lane.why) return null;
    const key = `${lane.why.from}\u0000${lane.why.to}`;
    if (cache.has(key)) return cache.get(key)!;
    const from = resolveEndpoint(cs, lane.why.from);
    const to = resolveEndpoint(cs, lane.why.to);
    let verdict: Verdict | null = null;
    if (from.ok && to.ok) {
      verdict = evaluateCompiled(
        cs,
        {
          src: from.value.set,
          dst: to.value.set,
          protocols: serviceProtocols(service),
          destinationPorts: service.ports ? servicePorts(service) : ALL_PORTS,
        },
        {ruleset: options.ruleset ?? 'applied', defaults: options.defaults},
      ).verdict;
    }
    cache.set(key, verdict);
    return verdict;
  });
}
