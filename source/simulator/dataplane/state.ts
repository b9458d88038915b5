// What the simulated data plane remembers beside the database: routers that
// stopped loading rules, the diagnostic queries, and the recent probe packets
// (so a capture or a trace taken after a ping shows the ping).
import type {Row} from '../db/table.js';
import type {Sim} from '../sim.js';
import type {Flow, Packet} from './packet.js';

export interface ProbeEvent {
  at: number;
  /** The network whose router sent it. */
  vnet: number;
  packet: Packet;
  /** How many times it was sent (ping count, connect retries). */
  count: number;
}

export interface QueryRecord {
  id: string;
  seq: number;
  vnet: number;
  query: string;
  params: Record<string, unknown>;
  status: 'running' | 'complete' | 'error';
  result: string;
  command: string;
  created: number;
  modified: number;
  expires: number;
  /** Wall-clock ms when it finishes. */
  doneAt: number;
  /** The tool's answer (computed when the query starts), shown from doneAt on. */
  pendingStatus: 'complete' | 'error';
  pendingResult: string;
}

export interface DataplaneState {
  /**
   * Routers that ignore Apply Rules: the ruleset they still run, and their
   * machine's status row when they went stale — a restart replaces that row,
   * and a restarted router loads its rules again.
   */
  stale: Map<number, readonly Row[]>;
  staleSince: Map<number, Row | undefined>;
  queries: Map<string, QueryRecord>;
  querySeq: number;
  probes: ProbeEvent[];
  /** Workload flows a seed declares beyond the derived ones (e.g. the demo's misconfigured app). */
  flows: Flow[];
  /** Base duration of a query; each type takes a multiple of it. */
  queryDelayMs: number;
  /** Networks whose quality history is recorded (vnet_monitor_stats_history_short) since when (unix s). */
  startedAt: number;
}

const STATES = new WeakMap<Sim, DataplaneState>();

export function dataplane(sim: Sim): DataplaneState {
  let s = STATES.get(sim);
  if (!s) {
    s = {
      stale: new Map(),
      staleSince: new Map(),
      queries: new Map(),
      querySeq: 0,
      probes: [],
      flows: [],
      queryDelayMs: 400,
      startedAt: sim.now(),
    };
    STATES.set(sim, s);
  }
  return s;
}

/** Probe history kept for captures and traces: the last few minutes, at most 500 events. */
export function rememberProbe(sim: Sim, event: ProbeEvent): void {
  const s = dataplane(sim);
  s.probes.push(event);
  const cutoff = sim.clock.now() - 5 * 60_000;
  while (s.probes.length > 500 || (s.probes.length > 0 && s.probes[0].at < cutoff)) s.probes.shift();
}
