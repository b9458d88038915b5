// Contracts as the console and the headless commands use them: where they come
// from (a file given, a site file's `contracts:`, the site's saved file, or the
// demo's built-in one), checking a site against them, what a change would
// break, and the gate every change passes: a change that breaks a contract is
// refused unless forced with a reason, and the override goes to the audit log.
import type {Site} from '../domain/model.js';
import {mergeContracts, parseContractsText, type ContractsSpec, type Sitefile} from '../domain/sitefile/index.js';
import {mergeDefaults} from '../policy/defaults.js';
import {
  checkContracts,
  contractDelta,
  type ContractCheckOptions,
  type ContractDelta,
  type ContractReport,
} from '../policy/contracts/index.js';
import type {RulesetChoice} from '../policy/types.js';
import {readSavedContracts, saveContracts} from '../store/contracts.js';
import type {Connection} from './connection.js';
import {ARTICLE_CONTRACTS} from './demo-contracts.js';

export interface LoadedContracts {
  spec: ContractsSpec;
  /** For messages: a file name, "site.yaml (contracts:)", "the demo's built-in contracts". */
  source: string;
}

export const DEMO_CONTRACTS_SOURCE = "the demo's built-in contracts (docs/examples/article-contracts.yaml)";

/** Saved contracts are per profile, or per host when connected by flags alone. */
export function contractsSiteKey(connection: Pick<Connection, 'profile' | 'host' | 'secretSource'>): string {
  if (connection.profile) return connection.profile.name;
  return connection.secretSource === 'demo' ? 'demo' : `host-${connection.host}`;
}

/** The site's saved contracts, the demo's built-in ones, or null. */
export function savedContracts(
  connection: Pick<Connection, 'profile' | 'host' | 'secretSource' | 'paths'>,
): LoadedContracts | null {
  const saved = readSavedContracts(connection.paths, contractsSiteKey(connection));
  if (saved) return {spec: parseContractsText(saved.text, saved.file), source: saved.file};
  if (connection.secretSource === 'demo')
    return {spec: parseContractsText(ARTICLE_CONTRACTS, DEMO_CONTRACTS_SOURCE), source: DEMO_CONTRACTS_SOURCE};
  return null;
}

export interface ContractChoice {
  /** `--contracts FILE`: its text and name. */
  file?: {text: string; name: string};
  /** A site file being planned or applied; its `contracts:` count when it states any. */
  sitefile?: {doc: Sitefile; name: string};
}

/** Explicit file, else the site file's section, else the saved (or demo) contracts. */
export function chooseContracts(
  connection: Pick<Connection, 'profile' | 'host' | 'secretSource' | 'paths'>,
  choice: ContractChoice = {},
): LoadedContracts | null {
  if (choice.file) return {spec: parseContractsText(choice.file.text, choice.file.name), source: choice.file.name};
  const c = choice.sitefile?.doc.contracts;
  if (choice.sitefile && c && c.statements.length > 0) return {spec: c, source: `${choice.sitefile.name} (contracts:)`};
  return savedContracts(connection);
}

/** Adds statements to the site's saved contracts (the wizards leave their intent behind this way). */
export function addSavedContracts(
  connection: Pick<Connection, 'profile' | 'host' | 'secretSource' | 'paths'>,
  add: ContractsSpec,
  serialise: (c: ContractsSpec) => string,
): string {
  const base = savedContracts(connection)?.spec ?? {zones: {}, statements: []};
  return saveContracts(connection.paths, contractsSiteKey(connection), serialise(mergeContracts(base, add)));
}

export function contractOptions(
  connection: Pick<Connection, 'profile'> | null,
  ruleset: RulesetChoice,
  extra: Omit<ContractCheckOptions, 'ruleset' | 'defaults'> = {},
): ContractCheckOptions {
  return {ruleset, defaults: mergeDefaults(connection?.profile?.policyDefaults), ...extra};
}

export function checkSite(site: Site, contracts: LoadedContracts, options: ContractCheckOptions = {}): ContractReport {
  return checkContracts(site, contracts.spec, options);
}

/**
 * What a change does to the contracts. Both sides are judged on the staged
 * rules: `after` is the site once the change has run (plans apply their rules).
 */
export function changeDelta(
  before: Site,
  after: Site,
  contracts: LoadedContracts,
  options: ContractCheckOptions = {},
): ContractDelta {
  const opts = {...options, ruleset: 'pending' as const};
  return contractDelta(checkContracts(before, contracts.spec, opts), checkContracts(after, contracts.spec, opts));
}

export interface GateDecision {
  /** Set when the change must not run: the sentence to show. */
  refuse?: string;
  /** Set when it runs although it breaks contracts (forced): what the audit records. */
  override?: string;
}

/** The rule every change follows: breaking a contract needs --force and a reason. */
export function contractGate(delta: ContractDelta, force: boolean, reason: string | undefined): GateDecision {
  if (delta.broken.length === 0) return {};
  const names = delta.broken.map((s) => `"${s.name}"`).join(', ');
  const what = `breaks ${delta.broken.length === 1 ? 'contract' : `${delta.broken.length} contracts`} ${names}`;
  if (!force) return {refuse: `${what}. Fix the change, or pass --force with --reason TEXT to override`};
  if (!reason || reason.trim() === '')
    return {refuse: `${what}: --force needs --reason TEXT (it goes to the audit log)`};
  return {override: `contract override: ${what}; reason: ${reason.trim()}`};
}

/** Records a forced override in the audit log before the change runs. */
export function auditOverride(connection: Pick<Connection, 'audit'>, override: string, what: string): void {
  connection.audit({method: 'OVERRIDE', path: 'contracts', outcome: 'ok', note: `${what}: ${override}`});
}

export interface PlanContracts {
  contracts: LoadedContracts;
  delta: ContractDelta;
}

/** The contracts a plan is judged by (see chooseContracts) and what it does to them; null when there are none. */
export function planContracts(
  connection: Pick<Connection, 'profile' | 'host' | 'secretSource' | 'paths'>,
  before: Site,
  after: Site,
  choice: ContractChoice,
): PlanContracts | null {
  const contracts = chooseContracts(connection, choice);
  if (!contracts) return null;
  return {contracts, delta: changeDelta(before, after, contracts, contractOptions(connection, 'pending'))};
}
