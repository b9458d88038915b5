// Writes to the simulator through the real client, as another operator (or
// the VergeOS UI) would make them behind vseg's back.
import {VergeClient} from '../../../source/api/client.js';
import type {SimulatorHandle} from '../../../source/simulator/index.js';
import {waitUntil} from '../../support/wait.js';

export function apiClient(sim: SimulatorHandle): VergeClient {
  return new VergeClient({
    url: sim.url,
    auth: {kind: 'basic', user: sim.user, password: sim.password},
    trust: {mode: 'pin', fingerprint: sim.fingerprint!},
  });
}

export function networkKey(sim: SimulatorHandle, name: string): number {
  const row = sim.rows('vnets').find((r) => r['name'] === name);
  if (!row) throw new Error(`no network ${name} in the simulator`);
  return Number(row['$key']);
}

export function ruleKey(sim: SimulatorHandle, network: string, name: string): number {
  const vnet = networkKey(sim, network);
  const row = sim.rows('vnet_rules').find((r) => r['vnet'] === vnet && r['name'] === name);
  if (!row) throw new Error(`no rule ${network}/${name} in the simulator`);
  return Number(row['$key']);
}

export function aliasKey(sim: SimulatorHandle, name: string): number {
  const row = sim.rows('vnet_rule_aliases').find((r) => r['name'] === name);
  if (!row) throw new Error(`no alias ${name} in the simulator`);
  return Number(row['$key']);
}

/** Waits on the simulator's own state until `check` holds. */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  await waitUntil(check, {timeoutMs, what: 'the simulator'});
}
