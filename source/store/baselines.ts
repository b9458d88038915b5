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
//
// Layout: a small index per site (`<host>.json`: per network its name,
// last_fw_apply, when recorded and a digest of its rules) and one rules file
// per network (`<host>/<key>.json`). Every command reads the index; a rules
// file is read only for a network with pending changes and written only when
// that network's rules changed — a site of 50,000 rules does not rewrite and
// re-read 30 MB on every command. Rules files are a cache checked against the
// digest when read, so they are written without a flush to disk.
import {createHash} from 'node:crypto';
import {readdirSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import type {Key, Rule, Site} from '../domain/model.js';
import {readIfExists, safeFileName, writeFileAtomic} from './files.js';

interface IndexEntry {
  /** Network name when recorded, for humans reading the file. */
  name: string;
  lastFwApply: number | null;
  recordedAt: number;
  /** sha256 of the rules as stored (counters zeroed). */
  digest: string;
  /** Version 1 kept the rules in the index; read once, moved to their own file on the next record. */
  rules?: Rule[];
}

interface BaselineIndex {
  version: 1 | 2;
  host: string;
  networks: Record<string, IndexEntry>;
}

export function baselineFile(dir: string, host: string): string {
  return join(dir, `${safeFileName(host.toLowerCase())}.json`);
}

function rulesDir(dir: string, host: string): string {
  return join(dir, safeFileName(host.toLowerCase()));
}

function rulesFile(dir: string, host: string, key: string): string {
  return join(rulesDir(dir, host), `${safeFileName(key)}.json`);
}

function readIndex(dir: string, host: string): BaselineIndex {
  const text = readIfExists(baselineFile(dir, host));
  if (text !== undefined) {
    try {
      const parsed = JSON.parse(text) as BaselineIndex;
      if (
        parsed &&
        (parsed.version === 1 || parsed.version === 2) &&
        parsed.networks &&
        typeof parsed.networks === 'object'
      )
        return parsed;
    } catch {
      // A damaged baseline is worth less than none: start over.
    }
  }
  return {version: 2, host, networks: {}};
}

/** Counters move all the time and say nothing about what the rules do. */
function stable(rules: readonly Rule[]): Rule[] {
  return rules.map((r) => ({...r, packets: 0, bytes: 0}));
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The stored rules of one network, or undefined when missing or not the ones the index recorded. */
function readRules(dir: string, host: string, key: string, entry: IndexEntry): Rule[] | undefined {
  if (entry.rules) return entry.rules;
  let text: string | undefined;
  try {
    text = readIfExists(rulesFile(dir, host, key));
  } catch {
    return undefined;
  }
  if (text === undefined || digestOf(text) !== entry.digest) return undefined;
  try {
    const rules = JSON.parse(text) as unknown;
    return Array.isArray(rules) ? (rules as Rule[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records every network whose applied rules are known to be the current staged
 * ones. Networks gone from the site are forgotten. Writes only what changed.
 * Returns how many networks were (re)recorded.
 */
export function recordBaselines(dir: string, host: string, site: Site, now = Date.now()): number {
  const index = readIndex(dir, host);
  const names = new Map<Key, string>(site.networks.map((n) => [n.key, n.name]));
  let recorded = 0;
  let changed = index.version !== 2;
  for (const [key, applied] of site.applied) {
    if (applied.source !== 'current') continue;
    const k = String(key);
    const text = JSON.stringify(stable(applied.rules));
    const digest = digestOf(text);
    const before = index.networks[k];
    const name = names.get(key) ?? '';
    if (
      before &&
      !before.rules &&
      before.digest === digest &&
      before.lastFwApply === applied.lastFwApply &&
      before.name === name
    )
      continue;
    writeFileAtomic(rulesFile(dir, host, k), text, {durable: false});
    index.networks[k] = {name, lastFwApply: applied.lastFwApply, recordedAt: now, digest};
    recorded++;
    changed = true;
  }
  if (site.sections.has('networks')) {
    for (const k of Object.keys(index.networks)) {
      if (names.has(Number(k))) continue;
      delete index.networks[k];
      rmSync(rulesFile(dir, host, k), {force: true});
      changed = true;
    }
  }
  // Version 1 entries still holding their rules: move them to their own files.
  for (const [k, entry] of Object.entries(index.networks)) {
    if (!entry.rules) continue;
    const text = JSON.stringify(entry.rules);
    writeFileAtomic(rulesFile(dir, host, k), text, {durable: false});
    index.networks[k] = {
      name: entry.name,
      lastFwApply: entry.lastFwApply,
      recordedAt: entry.recordedAt,
      digest: digestOf(text),
    };
    changed = true;
  }
  if (changed) {
    writeFileAtomic(
      baselineFile(dir, host),
      `${JSON.stringify({version: 2, host, networks: index.networks}, null, 1)}\n`,
    );
    removeStrayRules(dir, host, index);
  }
  return recorded;
}

/** Rules files no index entry names (a network deleted while the index could not be written). */
function removeStrayRules(dir: string, host: string, index: BaselineIndex): void {
  let files: string[];
  try {
    files = readdirSync(rulesDir(dir, host));
  } catch {
    return;
  }
  for (const f of files) {
    const key = f.replace(/\.json$/, '');
    if (f.endsWith('.json') && !(key in index.networks)) rmSync(join(rulesDir(dir, host), f), {force: true});
  }
}

/**
 * Fills site.applied with stored baselines where nothing better is known, so
 * refreshApplied can keep them (same last_fw_apply) or drop them. `only`:
 * just these networks (those with pending changes), so the rules of the
 * others are not read. Returns how many were restored.
 */
export function restoreBaselines(dir: string, host: string, site: Site, only?: ReadonlySet<Key>): number {
  const index = readIndex(dir, host);
  let restored = 0;
  for (const [k, entry] of Object.entries(index.networks)) {
    const key = Number(k);
    if (!Number.isInteger(key)) continue;
    if (only && !only.has(key)) continue;
    const known = site.applied.get(key);
    if (known && known.source !== 'unknown') continue;
    const rules = readRules(dir, host, k, entry);
    if (!rules) continue;
    site.applied.set(key, {source: 'baseline', rules, lastFwApply: entry.lastFwApply, recordedAt: entry.recordedAt});
    restored++;
  }
  return restored;
}
