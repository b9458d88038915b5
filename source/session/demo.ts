// `--demo`: an embedded simulator of the demo site on a free loopback port,
// served over TLS and reached exactly as a real site is (pinned certificate,
// session token), so the demo exercises the real client path.
import type {ClientOptions} from '../api/client.js';

export interface DemoSite {
  clientOptions: ClientOptions;
  url: string;
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
  const sim = await startSimulator({tls: true, seed: options.seed ?? 'demo', latencyMs: options.latencyMs, faults: options.faults});
  return {
    url: sim.url,
    clientOptions: {
      url: sim.url,
      auth: {kind: 'token', user: sim.user, password: sim.password},
      trust: sim.fingerprint ? {mode: 'pin', fingerprint: sim.fingerprint} : {mode: 'system'},
    },
    stop: () => sim.close(),
  };
}
