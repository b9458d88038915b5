// Loading a site with memory: the applied rulesets vseg saw in earlier
// sessions (store/baselines) are put in place before refreshApplied decides
// what is live, and whatever is known to be live now is recorded afterwards.
// A baseline store that cannot be read or written never stops a load.
import {loadSite, type LoadOptions} from '../domain/load-site.js';
import {ALL_SECTIONS, emptySite, type AppliedRules, type Key, type Site} from '../domain/model.js';
import type {VergeClient} from '../api/client.js';
import {recordBaselines, restoreBaselines} from '../store/baselines.js';
import {recordRuleHits} from '../store/hit-history.js';
import type {VsegPaths} from '../store/paths.js';

export interface BaselineContext {
  client: VergeClient;
  host: string;
  paths: VsegPaths;
  debugLog?: {note(text: string): void};
  /** A source that knows live rulesets outright (the embedded demo simulator). */
  knownApplied?: (vnet: Key) => AppliedRules | undefined;
}

export async function loadSiteWithBaselines(connection: BaselineContext, options: LoadOptions = {}): Promise<Site> {
  const sections = options.sections ?? ALL_SECTIONS;
  const decides = sections.includes('networks') || sections.includes('rules');
  const dir = connection.paths.baselinesDir;
  let previous = options.previous;
  if (decides) {
    const base = previous ?? emptySite();
    previous = {...base, applied: new Map(base.applied)};
    try {
      restoreBaselines(dir, connection.host, previous);
    } catch (error) {
      connection.debugLog?.note(`baselines not restored: ${(error as Error).message}`);
    }
  }
  const site = await loadSite(connection.client, {...options, previous});
  if (decides && connection.knownApplied) {
    for (const n of site.networks) {
      if (site.applied.get(n.key)?.source !== 'unknown') continue;
      const known = connection.knownApplied(n.key);
      if (known) site.applied.set(n.key, known);
    }
  }
  if (decides) {
    try {
      recordBaselines(dir, connection.host, site);
    } catch (error) {
      connection.debugLog?.note(`baselines not recorded: ${(error as Error).message}`);
    }
  }
  if (sections.includes('rules') && connection.paths.hitsDir) {
    try {
      recordRuleHits(
        connection.paths.hitsDir,
        connection.host,
        site.rules.map((r) => ({key: r.key, vnet: r.vnet, name: r.name, statistics: r.statistics, packets: r.packets})),
        Date.now(),
        {liveKeys: new Set(site.rules.map((r) => r.key))},
      );
    } catch (error) {
      connection.debugLog?.note(`rule hits not recorded: ${(error as Error).message}`);
    }
  }
  return site;
}
