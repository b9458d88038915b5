// What one console poll costs on the wire: scale:200:10000 in its own process
// behind a byte-counting TCP proxy, the console's loader (session/site.ts) as
// the console polls it — the sections its first view watches — once reading
// every rule (as every poll did before), once as a delta (the default now:
// every rule's key, stamp and counters, then the changed rows), and a delta
// after ten rules changed.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {openConnection} from '../source/session/connection.js';
import {loadSiteWithBaselines} from '../source/session/site.js';
import type {Section, Site} from '../source/domain/model.js';
import {startProxy} from '../test/e2e/proxy.js';
import {startSiteProcess} from '../test/e2e/site-process.js';

export interface PollFigures {
  seed: string;
  rules: number;
  fullBytes: number;
  deltaBytes: number;
  deltaAfterEditsBytes: number;
  edits: number;
}

const WATCHED: readonly Section[] = ['networks', 'rules', 'aliases', 'addresses', 'vms'];

export async function benchPoll(seed = 'scale:200:10000'): Promise<PollFigures> {
  const site = await startSiteProcess({seed});
  const proxy = await startProxy(site.url);
  const home = mkdtempSync(join(tmpdir(), 'vseg-bench-poll-'));
  const env = {
    ...site.env(),
    HOME: home,
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CONFIG_HOME: join(home, 'config'),
    VSEG_KEYRING: 'off',
  };
  const io = {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env,
    isTTY: false,
    columns: 120,
  };
  const connection = await openConnection({url: proxy.url, user: site.user, fingerprint: site.fingerprint}, io, {
    prompt: false,
  });
  try {
    const poll = async (previous: Site, incremental: boolean) => {
      const before = proxy.bytesDown();
      const next = await loadSiteWithBaselines(connection, {sections: WATCHED, previous, incremental});
      return {site: next, bytes: proxy.bytesDown() - before};
    };
    const first = await loadSiteWithBaselines(connection, {sections: WATCHED});
    // The seed wrote every rule within the last second, and rows stamped in the second of the
    // last read are always read again: let the site's clock move on, as it has on a real site.
    await new Promise((r) => setTimeout(r, 1100));
    const full = await poll(first, false);
    const delta = await poll(full.site, true);
    const edits = 10;
    const mine = full.site.rules.filter((r) => !r.systemRule).slice(0, edits);
    for (const r of mine)
      await connection.client.update('vnet_rules', r.key, {description: `edited for the benchmark ${Date.now()}`});
    const afterEdits = await poll(delta.site, true);
    return {
      seed,
      rules: first.rules.length,
      fullBytes: full.bytes,
      deltaBytes: delta.bytes,
      deltaAfterEditsBytes: afterEdits.bytes,
      edits,
    };
  } finally {
    await connection.close();
    await proxy.close();
    await site.close();
    rmSync(home, {recursive: true, force: true});
  }
}
