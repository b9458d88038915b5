// The contract gate for every change the console sends (forms, toggles,
// wizards, :plan, :recertify): the site as the change would leave it is
// previewed from the plan's own calls, the saved contracts are judged before
// and after on the staged rules, and a change that breaks one is refused
// unless the operator gave a reason (the rule form's override field, or f in
// :contracts for the next change) — which goes to the audit log first.
import {previewPlan, touchesAnalysis} from '../domain/changes/preview.js';
import type {ChangePlan} from '../domain/changes/types.js';
import {GOVERN_SECTIONS, type Section, type Site} from '../domain/model.js';
import {deltaLines, type ContractDelta} from '../policy/contracts/index.js';
import type {Connection} from './connection.js';
import {auditOverride, changeDelta, contractGate, contractOptions, savedContracts} from './contracts.js';

/**
 * What a contract check needs loaded: the analysis's sections (endpoints, WireGuard sources, the
 * tenants' layer-2 pass-throughs that bypass routers) and the review dates — what `vseg check` loads.
 */
export const CONTRACT_SECTIONS: readonly Section[] = GOVERN_SECTIONS;

export interface ConsoleGateInput {
  connection: Connection;
  /** The site with CONTRACT_SECTIONS loaded. */
  site: Site;
  plan: ChangePlan;
  /** The operator's reason to break a contract anyway, when given. */
  override?: string;
}

export interface ConsoleGateResult {
  /** Set when the change must not run: one line for the status line. */
  refuse?: string;
  /** What the change does to the contracts (for forms that show it). */
  delta?: ContractDelta;
  /** True when an override was used (and audited). */
  overridden?: boolean;
}

/** The console's words for "force with a reason". */
const HOW = "give an override reason (the rule form's field, or f in :contracts for the next change)";

export function gateConsoleChange({connection, site, plan, override}: ConsoleGateInput): ConsoleGateResult {
  if (!touchesAnalysis(plan)) return {};
  // A contract file that cannot be read stops nothing here: :contracts shows why it cannot be read.
  let contracts;
  try {
    contracts = savedContracts(connection);
  } catch {
    return {};
  }
  if (!contracts) return {};
  const delta = changeDelta(site, previewPlan(site, plan), contracts, contractOptions(connection, 'pending', {}, site));
  const gate = contractGate(delta, override !== undefined, override, HOW);
  if (gate.refuse) return {refuse: `${plan.title}: ${gate.refuse}`, delta};
  if (gate.override) {
    auditOverride(connection, gate.override, `console: ${plan.title}`);
    return {delta, overridden: true};
  }
  return {delta};
}

/** Lines a form shows under its fields when a change would break or fix contracts. */
export function gateLines(delta: ContractDelta | undefined): string[] {
  return delta ? deltaLines({...delta, stillFailing: [], unknown: []}) : [];
}
