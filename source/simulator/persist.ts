// Optional JSON persistence of the whole simulated system (--state FILE):
// loaded at start when the file exists, saved (debounced) after writes and on
// close. The file holds write-only secrets (PSKs, private keys) and API key
// hashes, so it is written 0600, atomically (temp file + rename).
import {chmodSync, existsSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import type {Auth} from './auth.js';
import type {Row} from './db/table.js';
import {dumpCounters, loadCounters, refreshCounting} from './semantics/counters.js';
import {settleMachine} from './semantics/machines.js';
import {vnetIsRunning} from './semantics/rules.js';
import {pendingApplyOnStart, vnetCameUp} from './semantics/vnets.js';
import type {Sim} from './sim.js';

const FORMAT = 'vseg-simulator-state';
const VERSION = 1;

interface StateFile {
  format: typeof FORMAT;
  version: number;
  savedAt: string;
  seed: string;
  tables: Record<string, {rows: Record<string, unknown>[]; freed?: number[]; nextKey?: number}>;
  active: Record<string, Record<string, unknown>[]>;
  counters: Record<string, number>;
  apiKeys: [string, string][];
  /** networks whose start in flight was asked to load staged rules (params.apply) */
  applyOnStart?: number[];
}

export function saveState(sim: Sim, auth: Auth, path: string): void {
  const tables: StateFile['tables'] = {};
  for (const [name, t] of sim.db.tables) {
    if (sim.hooks[name]?.virtualRows) continue;
    tables[name] = t.dump();
  }
  const active: StateFile['active'] = {};
  for (const [k, rules] of sim.active) active[String(k)] = [...rules];
  const state: StateFile = {
    format: FORMAT,
    version: VERSION,
    savedAt: new Date().toISOString(),
    seed: sim.config.seedName,
    tables,
    active,
    counters: dumpCounters(sim),
    apiKeys: auth.dumpApiKeys(),
    applyOnStart: [...pendingApplyOnStart(sim)],
  };
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state), {mode: 0o600});
  renameSync(tmp, path);
  chmodSync(path, 0o600);
}

/** Loads a state file into an empty Sim; false when there is no file. */
export function loadState(sim: Sim, auth: Auth, path: string): boolean {
  if (!existsSync(path)) return false;
  let state: StateFile;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
  } catch (e) {
    throw new Error(`state file ${path} is not valid JSON: ${(e as Error).message}`, {cause: e});
  }
  if (state.format !== FORMAT || state.version !== VERSION)
    throw new Error(`state file ${path} is not a vseg simulator state (v${VERSION})`);
  for (const [name, data] of Object.entries(state.tables)) {
    const t = sim.db.tables.get(name);
    if (t) t.load(data);
  }
  for (const [k, rules] of Object.entries(state.active))
    sim.active.set(Number(k), Object.freeze(rules.map((r) => Object.freeze({...r}) as Row)));
  loadCounters(sim, state.counters ?? {});
  auth.loadApiKeys(state.apiKeys ?? []);
  settleTransitions(sim, new Set(state.applyOnStart ?? []));
  return true;
}

/** Power transitions in flight when the file was saved finish at once. */
function settleTransitions(sim: Sim, applyOnStart: ReadonlySet<number>): void {
  const cameUp = new Set<number>();
  for (const s of [...sim.db.table('machine_status').all()]) {
    const status = String(s.status);
    if (status === 'starting' || status === 'restarting') {
      settleMachine(sim, s.$key, 'running');
      cameUp.add(s.$key);
    } else if (status === 'stopping') settleMachine(sim, s.$key, 'stopped');
  }
  for (const v of [...sim.db.table('vnets').all()]) {
    if (cameUp.has(v.machine as number)) vnetCameUp(sim, v.$key, applyOnStart.has(v.$key));
    else if (vnetIsRunning(sim, v.$key)) refreshCounting(sim, v.$key);
  }
  for (const t of sim.db.table('tenant_status').all()) {
    const status = String(t.status);
    const to = status === 'starting' || status === 'restarting' ? 'online' : status === 'stopping' ? 'offline' : null;
    if (to) {
      sim.db
        .table('tenant_status')
        .replace({...t, status: to, state: to, running: to === 'online', starting: false, stopping: false});
    }
  }
}

/** Debounced saving. */
export class Persister {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly save: () => void,
    private readonly delayMs = 250,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.safeSave();
    }, this.delayMs);
    this.timer.unref?.();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.safeSave();
  }

  private safeSave(): void {
    try {
      this.save();
    } catch (e) {
      process.emitWarning(`vseg simulator: could not save state: ${(e as Error).message}`);
    }
  }
}
