// What Apply Rules would change on one network: its staged rules (what the
// API lists) against the live ones (`site.applied`, see domain/model.ts),
// rule by rule. The rules pane marks rows with it and the Apply Rules
// confirmation lists it.
import type {AppliedRules, Key, Rule, Site} from '../model.js';

/** Fields that change what a rule does or how it is shown; counters and stamps are left out. */
export const COMPARED_RULE_FIELDS = [
  'name',
  'orderid',
  'pin',
  'enabled',
  'action',
  'protocol',
  'direction',
  'interface',
  'ctState',
  'sourceIp',
  'sourcePorts',
  'destinationIp',
  'destinationPorts',
  'targetIp',
  'targetPorts',
  'statistics',
  'log',
  'description',
] as const satisfies ReadonlyArray<keyof Rule>;

export type ComparedField = (typeof COMPARED_RULE_FIELDS)[number];

/** API spelling of the compared fields, for messages the operator can match with calls. */
export const FIELD_API_NAME: Readonly<Record<ComparedField, string>> = {
  name: 'name',
  orderid: 'orderid',
  pin: 'pin',
  enabled: 'enabled',
  action: 'action',
  protocol: 'protocol',
  direction: 'direction',
  interface: 'interface',
  ctState: 'ct_state',
  sourceIp: 'source_ip',
  sourcePorts: 'source_ports',
  destinationIp: 'destination_ip',
  destinationPorts: 'destination_ports',
  targetIp: 'target_ip',
  targetPorts: 'target_ports',
  statistics: 'statistics',
  log: 'log',
  description: 'description',
};

export type RuleMark = 'added' | 'changed';

export interface AppliedDiff {
  /** Where the live rules come from; 'unknown' when they changed outside vseg's sight. */
  source: 'current' | 'baseline' | 'unknown';
  added: Rule[];
  removed: Rule[];
  changed: Array<{rule: Rule; before: Rule; fields: ComparedField[]}>;
  /** Per staged rule key: added or changed since the live ruleset. */
  marks: Map<Key, RuleMark>;
  /** added + removed + changed. */
  count: number;
}

/** The live ruleset of a network as the policy reads it (no entry = current unless changes are pending). */
export function appliedRules(site: Site, vnet: Key): AppliedRules {
  const entry = site.applied.get(vnet);
  if (entry) return entry;
  const network = site.networks.find((n) => n.key === vnet);
  if (network?.needFwApply) return {source: 'unknown'};
  return {
    source: 'current',
    rules: site.rules.filter((r) => r.vnet === vnet),
    lastFwApply: network?.lastFwApply ?? null,
  };
}

/** `staged`: the network's staged rules when the caller has them grouped already. */
export function appliedDiff(
  site: Site,
  vnet: Key,
  staged: readonly Rule[] = site.rules.filter((r) => r.vnet === vnet),
): AppliedDiff {
  const applied = appliedRules(site, vnet);
  if (applied.source === 'unknown')
    return {source: 'unknown', added: [], removed: [], changed: [], marks: new Map(), count: 0};
  const live = new Map(applied.rules.map((r) => [r.key, r]));
  const stagedKeys = new Set(staged.map((r) => r.key));
  const added: Rule[] = [];
  const changed: AppliedDiff['changed'] = [];
  const marks = new Map<Key, RuleMark>();
  for (const rule of staged) {
    const before = live.get(rule.key);
    if (!before) {
      added.push(rule);
      marks.set(rule.key, 'added');
      continue;
    }
    const fields = COMPARED_RULE_FIELDS.filter((f) => rule[f] !== before[f]);
    if (fields.length) {
      changed.push({rule, before, fields});
      marks.set(rule.key, 'changed');
    }
  }
  const removed = applied.rules.filter((r) => !stagedKeys.has(r.key));
  return {
    source: applied.source,
    added,
    removed,
    changed,
    marks,
    count: added.length + removed.length + changed.length,
  };
}

/** The site as it will be once Apply Rules ran on `vnet` alone: its staged rules are live. */
export function siteAfterApply(site: Site, vnet: Key): Site {
  const network = site.networks.find((n) => n.key === vnet);
  const applied = new Map(site.applied);
  applied.set(vnet, {
    source: 'current',
    rules: site.rules.filter((r) => r.vnet === vnet),
    lastFwApply: network?.lastFwApply ?? null,
  });
  return {...site, applied, networks: site.networks.map((n) => (n.key === vnet ? {...n, needFwApply: false} : n))};
}
