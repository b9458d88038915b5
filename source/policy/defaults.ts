// What a router does when none of its rules matched. VergeOS does not expose
// its built-in policy through the API, so vseg states the assumption (DESIGN
// §5: internal networks drop incoming, accept outgoing), shows it as a
// pseudo-rule under each ruleset, and lets a site override it per network type.
import {NETWORK_TYPES, type NetworkType, type RuleDirection} from '../api/enums.js';
import type {Parsed} from '../domain/ip.js';
import type {Network} from '../domain/model.js';
import type {FilterAction} from './types.js';

export interface DirectionDefaults {
  incoming: FilterAction;
  outgoing: FilterAction;
}

/** Per network type; `fallback` covers the types not listed. */
export type PolicyDefaults = {[T in NetworkType]?: Partial<DirectionDefaults>} & {
  fallback?: Partial<DirectionDefaults>;
};

export const DEFAULT_POLICY: Readonly<PolicyDefaults> = Object.freeze({
  internal: {incoming: 'drop', outgoing: 'accept'},
  fallback: {incoming: 'drop', outgoing: 'accept'},
});

const FILTER_ACTIONS: readonly FilterAction[] = ['accept', 'drop', 'reject'];

/** The default action of a network type and direction, after site overrides. */
export function defaultAction(
  /** A NetworkType, or a type newer than this client knows (it gets the fallback). */
  type: string,
  direction: RuleDirection,
  defaults: PolicyDefaults = DEFAULT_POLICY,
): FilterAction {
  // A type-specific setting beats any fallback, whichever layer it comes from.
  const own = (defaults as Record<string, Partial<DirectionDefaults> | undefined>)[type]?.[direction];
  const builtIn = (DEFAULT_POLICY as Record<string, Partial<DirectionDefaults> | undefined>)[type]?.[direction];
  return own ?? builtIn ?? defaults.fallback?.[direction] ?? DEFAULT_POLICY.fallback![direction]!;
}

/** Overrides on top of the built-in defaults (a site setting layered on DEFAULT_POLICY). */
export function mergeDefaults(...layers: ReadonlyArray<PolicyDefaults | undefined>): PolicyDefaults {
  const out: Record<string, Partial<DirectionDefaults>> = {};
  for (const layer of [DEFAULT_POLICY, ...layers]) {
    if (!layer) continue;
    for (const [type, dirs] of Object.entries(layer)) {
      if (dirs) out[type] = {...out[type], ...dirs};
    }
  }
  return out;
}

/** Validates a settings object (from a profile or a flag) into PolicyDefaults. */
export function parsePolicyDefaults(input: unknown): Parsed<PolicyDefaults> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {ok: false, error: 'policy defaults must be an object such as {"internal":{"incoming":"drop"}}'};
  }
  const out: Record<string, Partial<DirectionDefaults>> = {};
  for (const [type, dirs] of Object.entries(input)) {
    if (type !== 'fallback' && !(NETWORK_TYPES as readonly string[]).includes(type)) {
      return {
        ok: false,
        error: `unknown network type "${type}" (expected ${[...NETWORK_TYPES, 'fallback'].join(', ')})`,
      };
    }
    if (dirs === null || typeof dirs !== 'object' || Array.isArray(dirs)) {
      return {ok: false, error: `"${type}" must be an object with incoming and/or outgoing`};
    }
    const entry: Partial<DirectionDefaults> = {};
    for (const [dir, action] of Object.entries(dirs as Record<string, unknown>)) {
      if (dir !== 'incoming' && dir !== 'outgoing')
        return {ok: false, error: `"${type}.${dir}": expected incoming or outgoing`};
      if (!FILTER_ACTIONS.includes(action as FilterAction)) {
        return {ok: false, error: `"${type}.${dir}": expected accept, drop or reject, got ${JSON.stringify(action)}`};
      }
      entry[dir] = action as FilterAction;
    }
    out[type] = entry;
  }
  return {ok: true, value: out};
}

/** The row the UI draws under a ruleset: what happens when nothing above matched. */
export interface DefaultPseudoRule {
  key: null;
  pseudo: true;
  /** One past the last rule of the network's list. */
  position: number;
  name: string;
  direction: RuleDirection;
  action: FilterAction;
  protocol: 'any';
  sourceIp: '';
  sourcePorts: '';
  destinationIp: '';
  destinationPorts: '';
  enabled: true;
  /** Whether the action comes from the built-in assumption or a site override. */
  origin: 'built-in' | 'site';
  description: string;
}

export function defaultPseudoRule(
  network: Pick<Network, 'type'>,
  ruleCount: number,
  direction: RuleDirection,
  defaults: PolicyDefaults = DEFAULT_POLICY,
): DefaultPseudoRule {
  const action = defaultAction(network.type, direction, defaults);
  const builtIn = defaultAction(network.type, direction, DEFAULT_POLICY);
  const origin = defaults === DEFAULT_POLICY || action === builtIn ? 'built-in' : 'site';
  const verb = action === 'accept' ? 'accept' : action;
  return {
    key: null,
    pseudo: true,
    position: ruleCount + 1,
    name: `default ${direction}`,
    direction,
    action,
    protocol: 'any',
    sourceIp: '',
    sourcePorts: '',
    destinationIp: '',
    destinationPorts: '',
    enabled: true,
    origin,
    description:
      `When no rule above matches, ${network.type} networks ${verb} ${direction} traffic ` +
      `(${origin === 'built-in' ? "vseg's assumption of VergeOS's behaviour" : 'site setting'}; configurable).`,
  };
}

/** Both pseudo-rules (incoming first), for the bottom of a ruleset view. */
export function defaultPseudoRules(
  network: Pick<Network, 'type'>,
  ruleCount: number,
  defaults: PolicyDefaults = DEFAULT_POLICY,
): DefaultPseudoRule[] {
  return [
    defaultPseudoRule(network, ruleCount, 'incoming', defaults),
    defaultPseudoRule(network, ruleCount + 1, 'outgoing', defaults),
  ];
}
