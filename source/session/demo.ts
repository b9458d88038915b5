// `--demo`: an embedded simulator of the demo site on a free loopback port,
// served over TLS and reached exactly as a real site is (pinned certificate,
// session token), so the demo exercises the real client path.
import type {ClientOptions} from '../api/client.js';
import {ruleSchema} from '../api/rows.js';
import {toRule} from '../domain/mappers.js';
import type {AppliedRules, Key} from '../domain/model.js';

export interface DemoSite {
  clientOptions: ClientOptions;
  url: string;
  /**
   * What is live on a network's router. A real site does not tell; the
   * embedded simulator does, so the demo can show applied and pending rules
   * side by side from its first screen, as if vseg had watched the site since
   * the last Apply Rules.
   */
  knownApplied(vnet: Key): AppliedRules | undefined;
  /** Stops the embedded simulator. */
  stop(): Promise<void>;
}

export interface DemoOptions {
  seed?: string;
  latencyMs?: number;
  faults?: string;
}

export async function startDemo(options: DemoOptions = {}): Promise<DemoSite> {
  // Loaded only when asked for: the simulator is not needed to reach a real site.
  const {startSimulator} = await import('../simulator/index.js');
  const sim = await startSimulator({
    tls: true,
    seed: options.seed ?? 'demo',
    latencyMs: options.latencyMs,
    faults: options.faults,
  });
  return {
    url: sim.url,
    clientOptions: {
      url: sim.url,
      auth: {kind: 'token', user: sim.user, password: sim.password},
      trust: sim.fingerprint ? {mode: 'pin', fingerprint: sim.fingerprint} : {mode: 'system'},
    },
    knownApplied(vnet) {
      const network = sim.row('vnets', vnet);
      if (!network) return undefined;
      const rules = sim.activeRules(vnet).map((row) => toRule(ruleSchema.parse(row)));
      const last = Number(network['last_fw_apply'] ?? 0) || null;
      return {source: 'baseline', rules, lastFwApply: last, recordedAt: Date.now()};
    },
    stop: () => sim.close(),
  };
}
