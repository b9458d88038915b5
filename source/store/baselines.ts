// Baselines: the ruleset that was live on each network the last time vseg saw
// it with nothing pending. VergeOS's API shows only the staged rules; once a
// network has pending changes, the live ones are whatever was there at its
// last Apply Rules. Remembering them per site lets a later session still
// answer "what is enforced right now" and "what changes on Apply".
//
// A stored baseline is only believed while the network's last_fw_apply is the
// one recorded with it (domain/load-site.ts refreshApplied decides). Files are
// per site (host), mode 0600; rules are not secrets, but they are nobody
// else's business either.
import {join} from 'node:path';
import type {Key, Rule, Site} from '../domain/model.js';
import {readIfExists, safeFileName, writeFileAtomic} from './files.js';

interface StoredBaseline {
  /** Network name when recorded, for humans reading the file. */
  name: string;
  lastFwApply: number | null;
  recordedAt: number;
  rules: Rule[];
}

interface BaselineFile {
  version: 1;
  host: string;
  networks: Record<string, StoredBaseline>;
}

export function baselineFile(dir: string, host: string): string {
  return join(dir, `${safeFileName(host.toLowerCase())}.json`);
}

function read(dir: string, host: string): BaselineFile {
  const text = readIfExists(baselineFile(dir, host));
  if (text !== undefined) {
    try {
      const parsed = JSON.parse(text) as BaselineFile;
      if (parsed && parsed.version === 1 && parsed.networks && typeof parsed.networks === 'object') return parsed;
    } catch {
      // A damaged baseline is worth less than none: start over.
    }
  }
  return {version: 1, host, networks: {}};
}

/** Counters move all the time and say nothing about what the rules do. */
function stable(rules: readonly Rule[]): Rule[] {
  return rules.map((r) => ({...r, packets: 0, bytes: 0}));
}

function sameBaseline(a: StoredBaseline | undefined, b: StoredBaseline): boolean {
  return (
    a !== undefined &&
    a.lastFwApply === b.lastFwApply &&
    a.name === b.name &&
    JSON.stringify(a.rules) === JSON.stringify(b.rules)
  );
}

/**
 * Records every network whose applied rules are known to be the current staged
 * ones. Networks gone from the site are forgotten. Writes only when something
 * changed. Returns how many networks were (re)recorded.
 */
export function recordBaselines(dir: string, host: string, site: Site, now = Date.now()): number {
  const file = read(dir, host);
  const before = JSON.stringify(file.networks);
  const names = new Map<Key, string>(site.networks.map((n) => [n.key, n.name]));
  let recorded = 0;
  for (const [key, applied] of site.applied) {
    if (applied.source !== 'current') continue;
    const entry: StoredBaseline = {
      name: names.get(key) ?? '',
      lastFwApply: applied.lastFwApply,
      recordedAt: now,
      rules: stable(applied.rules),
    };
    if (sameBaseline(file.networks[String(key)], entry)) continue;
    file.networks[String(key)] = entry;
    recorded++;
  }
  if (site.sections.has('networks')) {
    for (const key of Object.keys(file.networks)) if (!names.has(Number(key))) delete file.networks[key];
  }
  if (JSON.stringify(file.networks) !== before)
    writeFileAtomic(baselineFile(dir, host), `${JSON.stringify({...file, host}, null, 1)}\n`);
  return recorded;
}

/**
 * Fills site.applied with stored baselines where nothing better is known, so
 * refreshApplied can keep them (same last_fw_apply) or drop them. Returns how
 * many were restored.
 */
export function restoreBaselines(dir: string, host: string, site: Site): number {
  const file = read(dir, host);
  let restored = 0;
  for (const [k, b] of Object.entries(file.networks)) {
    const key = Number(k);
    if (!Number.isInteger(key)) continue;
    const known = site.applied.get(key);
    if (known && known.source !== 'unknown') continue;
    site.applied.set(key, {source: 'baseline', rules: b.rules, lastFwApply: b.lastFwApply, recordedAt: b.recordedAt});
    restored++;
  }
  return restored;
}
