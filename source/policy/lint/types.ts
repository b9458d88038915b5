// Lint findings: one shape for every check, so the UI can list them and the
// CLI can decide its exit code (1 when any error-level finding).
import type {Key} from '../../domain/model.js';
import type {PolicyDefaults} from '../defaults.js';
import type {RuleRef, RulesetChoice, Severity} from '../types.js';

export interface Finding {
  /** Stable across runs for the same situation (code, network, rules/alias). */
  id: string;
  severity: Severity;
  code: string;
  message: string;
  network?: string;
  networkKey?: Key;
  rules: RuleRef[];
  alias?: {key: Key; name: string};
}

export interface LintOptions {
  /** Which ruleset to check: the staged one (default) or the live one. */
  ruleset?: RulesetChoice;
  defaults?: PolicyDefaults;
  /**
   * Only the rules of these networks (e.g. the ones a rules view shows): the
   * per-network checks run for them alone, a missing route is reported only
   * for their accept rules, and alias findings (which name no rule) are left out.
   */
  networks?: readonly Key[];
  /**
   * Let go of each network's compiled ruleset once it is checked, keeping
   * only its route rules for the missing-route check: for a headless run,
   * which asks nothing more of the site. A provider's 50,000 compiled rules
   * would otherwise stay in memory until the findings are printed.
   */
  release?: boolean;
}

export function finding(f: Omit<Finding, 'id'>): Finding {
  const subject = f.rules.length ? f.rules.map((r) => r.key).join('+') : f.alias ? `alias${f.alias.key}` : '';
  return {id: flat(`${f.code}:${f.networkKey ?? '-'}:${subject}`), ...f, message: flat(f.message)};
}

/**
 * The same text as one flat string. A message built from a dozen pieces is a
 * tree of a dozen string nodes in V8 (~580 bytes for a 170-character message,
 * ~230 flat), and a provider-scale lint keeps 40,000 of them until it prints.
 * Slicing a string flattens it first; the extra character makes the slice a
 * new string (slice(0) would return the tree itself).
 */
function flat(s: string): string {
  return (' ' + s).slice(1);
}
