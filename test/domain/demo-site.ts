// The demo site as the client loads it: a simulator seeded with `demo`, read
// over HTTP once through the real loader, then closed.
import {VergeClient} from '../../source/api/client.js';
import {loadSite} from '../../source/domain/load-site.js';
import type {Site} from '../../source/domain/model.js';
import {startSimulator} from '../../source/simulator/index.js';

export async function demoSite(seed: 'demo' | 'empty' = 'demo'): Promise<Site> {
  const sim = await startSimulator({seed});
  const client = new VergeClient({
    url: sim.url,
    auth: {kind: 'basic', user: sim.user, password: sim.password},
    retries: 0,
  });
  try {
    return await loadSite(client);
  } finally {
    await client.close();
    await sim.close();
  }
}
