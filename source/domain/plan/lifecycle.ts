// The rule lifecycle in a plan: owner, ticket, expiry and review as the file
// states them against the tags the site has. Shown on the rule's entry (field
// by field, like any other change); run as tag calls after the rules exist.
// Tags are not staged rules, so they never cause Apply Rules.
import type {Step} from '../changes/types.js';
import {lifecycleSteps, type LifecycleChange} from '../lifecycle/steps.js';
import {LIFECYCLE_KINDS, NO_LIFECYCLE, lifecycleOf, type RuleLifecycle} from '../lifecycle/model.js';
import type {Rule, Site} from '../model.js';
import type {RuleSpec, Sitefile} from '../sitefile/schema.js';
import {PHASE, type PlanEntry} from './types.js';

export function specLifecycle(r: RuleSpec): RuleLifecycle {
  return {owner: r.owner ?? '', ticket: r.ticket ?? '', expires: r.expires ?? '', reviewed: r.reviewed ?? ''};
}

/** The ref a plan's "create rule" step provides, so tag calls can name a rule that does not exist yet. */
export function ruleRef(network: string, rule: string): string {
  return `rule:${network}/${rule}`;
}

export interface LifecyclePlanInput {
  site: Site;
  doc: Sitefile;
  /** The live (managed) rules of a network by name; undefined for a network the plan creates. */
  liveRules(network: string): readonly Rule[] | undefined;
  /** Networks whose rules the plan leaves alone (derived networks). */
  skip(network: string): boolean;
  entries: PlanEntry[];
  op(phase: number, step: Step): void;
  errors: string[];
}

export function planLifecycle(input: LifecyclePlanInput): void {
  const changes: LifecycleChange[] = [];
  for (const n of input.doc.networks) {
    if (input.skip(n.name)) continue;
    const live = new Map((input.liveRules(n.name) ?? []).map((r) => [r.name, r]));
    for (const r of n.rules) {
      const lr = live.get(r.name);
      const from = lr ? lifecycleOf(input.site, lr) : NO_LIFECYCLE;
      const to = specLifecycle(r);
      const fields = LIFECYCLE_KINDS.filter((k) => from[k] !== to[k]).map((k) => ({
        field: k,
        old: from[k] || '(none)',
        new: to[k] || '(none)',
      }));
      if (fields.length === 0) continue;
      const label = `rule ${n.name}/${r.name}`;
      const entry = input.entries.find((e) => e.label === label && (e.op === 'change' || e.op === 'add'));
      if (entry?.op === 'add') {
        const tags = fields.map((f) => `${f.field} ${f.new}`).join(', ');
        entry.summary = entry.summary ? `${entry.summary} · ${tags}` : tags;
      } else if (entry) entry.fields.push(...fields);
      else input.entries.push({op: 'change', kind: 'rule', label, network: n.name, fields, acted: true});
      changes.push({rule: lr ? lr.key : {ref: ruleRef(n.name, r.name)}, label: `${n.name}/${r.name}`, from, to});
    }
  }
  const steps = lifecycleSteps(input.site.tagging, changes);
  input.errors.push(...steps.errors);
  for (const s of steps.prepare) input.op(PHASE.rules + 0.5, s);
  for (const s of steps.untag) input.op(PHASE.rules + 0.6, s);
  for (const s of steps.tag) input.op(PHASE.rules + 0.7, s);
}
