// The reachability matrix: every network to every network (internal ones by
// default) plus "outside" (addresses in no network) as a source and a
// destination. A cell is allow / deny / partial over all addresses of both
// networks for one service, with the deciding rule per hop for each outcome.
import type {NetworkType} from '../api/enums.js';
import type {Key, Site} from '../domain/model.js';
import {IntervalSet} from '../domain/ip.js';
import {ALL_PORTS} from '../domain/ports.js';
import {compileSite, type CompiledSite} from './compile.js';
import type {PolicyDefaults} from './defaults.js';
import {
  evaluateParts,
  type FlowOptions,
  type FlowQuery,
  type FlowResult,
  type LocatedParts,
  type OutcomeHop,
} from './evaluate.js';
import {ANY_SERVICE, formatService, packetText, servicePorts, serviceProtocols, type Service} from './protocols.js';
import {splitByLocation} from './site-index.js';
import {
  OUTSIDE,
  type Direction,
  type HopAction,
  type PacketText,
  type RuleRef,
  type RulesetChoice,
  type Verdict,
} from './types.js';

export interface MatrixNode {
  /** Network key; null for outside. */
  key: Key | null;
  name: string;
  type: NetworkType | 'outside';
  set: IntervalSet;
  /** The node's addresses split by location (computed once). */
  parts: LocatedParts;
}

export interface MatrixHop {
  network: string;
  direction: Direction;
  action: HopAction;
  rule: RuleRef | null;
  default: boolean;
  /** The router is not running (a `no-route` hop): it forwards nothing. */
  stopped?: boolean;
}

export interface MatrixOutcome {
  verdict: 'allow' | 'deny';
  hops: MatrixHop[];
  example: PacketText;
}

export interface MatrixCell {
  /** `n/a` for outside → outside and nodes without addresses. */
  verdict: Verdict | 'n/a';
  outcomes: MatrixOutcome[];
  /** The applied ruleset of a network on the path is unknown; its pending rules stood in. */
  appliedUnknown: boolean;
}

export interface MatrixOptions {
  service?: Service;
  ruleset?: RulesetChoice;
  defaults?: PolicyDefaults;
  /** Network types that get a row and a column (default: internal). */
  types?: readonly NetworkType[];
  /** Add the outside node (default true). */
  outside?: boolean;
  /**
   * Keep each cell's outcomes (deciding rules, example packets) only up to
   * this many nodes; above it cells carry their verdict alone. A grid of
   * 1,001 networks is a million cells: their outcomes would take most of a
   * gigabyte, and a terminal shows only the verdicts. Default: always keep.
   */
  outcomesUpTo?: number;
}

export interface Matrix {
  nodes: Array<Omit<MatrixNode, 'set' | 'parts'>>;
  /** cells[i][j]: from nodes[i] to nodes[j]. */
  cells: MatrixCell[][];
  service: string;
  ruleset: RulesetChoice;
  /** Networks whose applied rules are unknown (pending used for them). */
  unknownApplied: string[];
}

/** Rows/columns: the chosen network types in name order, then outside. */
export function matrixNodes(
  cs: CompiledSite,
  types: readonly NetworkType[] = ['internal'],
  outside = true,
): MatrixNode[] {
  const idx = cs.index;
  const nodes: MatrixNode[] = [];
  const nets = [...cs.site.networks]
    .filter((n) => types.includes(n.type))
    .sort((a, b) => a.name.localeCompare(b.name) || a.key - b.key);
  for (const n of nets) {
    const cidr = idx.cidrSets.get(n.key)!;
    const set = cidr.isEmpty ? idx.ownAddresses.get(n.key)! : cidr;
    nodes.push({key: n.key, name: n.name, type: n.type, set, parts: splitByLocation(idx, set)});
  }
  if (outside) {
    const set = idx.locationSets.get(OUTSIDE) ?? IntervalSet.EMPTY;
    nodes.push({key: null, name: 'outside', type: 'outside', set, parts: set.isEmpty ? [] : [{loc: OUTSIDE, set}]});
  }
  return nodes;
}

function hopOf(h: OutcomeHop): MatrixHop {
  const rule = h.rule ? h.rule.ref : null;
  const out: MatrixHop = {network: h.name, direction: h.direction, action: h.action, rule, default: h.default};
  if (h.route?.via === 'stopped') out.stopped = true;
  return out;
}

/** One cell, from an evaluated flow. */
export function cellOf(flow: FlowResult): MatrixCell {
  return {
    verdict: flow.verdict,
    outcomes: flow.outcomes.map((o) => ({verdict: o.verdict, hops: o.hops.map(hopOf), example: packetText(o.example)})),
    appliedUnknown: flow.appliedUnknown.length > 0,
  };
}

const NA: MatrixCell = Object.freeze({verdict: 'n/a', outcomes: [], appliedUnknown: false});

/** Verdict-only cells, one shared object per verdict and unknown flag. */
const BARE = new Map<string, MatrixCell>();
function bareCell(verdict: Verdict, appliedUnknown: boolean): MatrixCell {
  const key = `${verdict}${appliedUnknown ? '?' : ''}`;
  let cell = BARE.get(key);
  if (!cell) BARE.set(key, (cell = Object.freeze({verdict, outcomes: [], appliedUnknown})));
  return cell;
}

/** Evaluates one ordered pair of nodes for a service. */
export function evaluateCell(
  cs: CompiledSite,
  from: MatrixNode,
  to: MatrixNode,
  service: Service,
  ruleset: RulesetChoice,
  defaults?: PolicyDefaults,
): FlowResult | null {
  return evaluatePair(cs, from, to, serviceQuery(service), {ruleset, defaults});
}

type ServiceQuery = Omit<FlowQuery, 'src' | 'dst'>;

function serviceQuery(service: Service): ServiceQuery {
  return {protocols: serviceProtocols(service), destinationPorts: service.ports ? servicePorts(service) : ALL_PORTS};
}

function evaluatePair(
  cs: CompiledSite,
  from: MatrixNode,
  to: MatrixNode,
  q: ServiceQuery,
  opts: FlowOptions,
): FlowResult | null {
  if (from.parts.length === 0 || to.parts.length === 0) return null;
  if (from.key === null && to.key === null) return null;
  return evaluateParts(cs, from.parts, to.parts, q, opts);
}

export interface MatrixStream {
  nodes: Matrix['nodes'];
  service: string;
  ruleset: RulesetChoice;
  /** The rows in order, each evaluated when it is asked for: a caller that writes rows as they come holds one. */
  rows(): Generator<MatrixCell[]>;
  /** Networks whose applied rules are unknown, among the rows read so far (all of them once every row has been). */
  unknownApplied(): string[];
}

/** The matrix a row at a time (a million cells with their outcomes would not fit in memory, nor in one string). */
export function matrixStream(site: Site | CompiledSite, options: MatrixOptions = {}): MatrixStream {
  const cs = 'index' in site ? site : compileSite(site);
  const service = options.service ?? ANY_SERVICE;
  const ruleset = options.ruleset ?? 'applied';
  const nodes = matrixNodes(cs, options.types, options.outside ?? true);
  const unknown = new Set<string>();
  const keep = nodes.length <= (options.outcomesUpTo ?? Infinity);
  // The service's sets are made once: made per cell, a million small sets went
  // straight to the old generation (V8 pretenures the allocation site that
  // compiling rules taught to expect survivors) and grew the heap by 60 MB.
  const q = serviceQuery(service);
  function* rows(): Generator<MatrixCell[]> {
    for (const from of nodes) {
      // A row shares its source router's walk only for verdicts: cut-down pieces decide every packet alike but
      // are shaped differently, and an outcome's example is taken from its first piece.
      const opts: FlowOptions = keep
        ? {ruleset, defaults: options.defaults}
        : {ruleset, defaults: options.defaults, verdictOnly: true, row: new Map()};
      yield nodes.map((to) => {
        const flow = evaluatePair(cs, from, to, q, opts);
        if (!flow) return NA;
        for (const k of flow.appliedUnknown) unknown.add(cs.index.networksByKey.get(k)!.name);
        return keep ? cellOf(flow) : bareCell(flow.verdict, flow.appliedUnknown.length > 0);
      });
    }
  }
  return {
    nodes: nodes.map(({key, name, type}) => ({key, name, type})),
    service: formatService(service),
    ruleset,
    rows,
    unknownApplied: () => [...unknown].sort(),
  };
}

export function matrix(site: Site | CompiledSite, options: MatrixOptions = {}): Matrix {
  const stream = matrixStream(site, options);
  const cells = [...stream.rows()];
  return {
    nodes: stream.nodes,
    cells,
    service: stream.service,
    ruleset: stream.ruleset,
    unknownApplied: stream.unknownApplied(),
  };
}
