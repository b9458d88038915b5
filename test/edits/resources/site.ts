// The demo site as the edits see it: loaded once from the simulator (the same
// rows VergeOS would send), then used read-only by the pure tests.
import {VergeClient} from '../../../source/api/client.js';
import {loadSite} from '../../../source/domain/load-site.js';
import type {Site} from '../../../source/domain/model.js';
import {startSimulator} from '../../../source/simulator/index.js';

export async function demoSite(): Promise<Site> {
  const sim = await startSimulator({seed: 'demo', applyDelayMs: 0, powerDelayMs: 0});
  const client = new VergeClient({url: sim.url, auth: {kind: 'basic', user: sim.user, password: sim.password}});
  try {
    return await loadSite(client);
  } finally {
    await client.close();
    await sim.close();
  }
}

export const byName = <T extends {name: string}>(items: readonly T[], name: string): T => {
  const found = items.find((i) => i.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};
