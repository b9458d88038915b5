// The review every wizard ends with, as lines: the objects it creates or
// changes, the actions it runs, each touched network's ruleset in evaluation
// order as it will be (new rules marked +, changed ~, then the default), the
// networks whose rules need Apply Rules, the checks (verdicts, warnings) and,
// on request, the exact API calls. Nothing is sent before the operator saw it.
import {describeCall, formatCall} from '../changes/describe.js';
import type {ChangePlan, Step} from '../changes/types.js';
import {orderedRules, type Rule, type Site} from '../model.js';
import {isSyntheticKey} from '../plan/after.js';
import {ruleSummary} from '../plan/display.js';
import type {Plan, PlanEntry} from '../plan/types.js';
import {ruleToSpec} from '../sitefile/from-site.js';
import {sanitize} from '../text.js';
import type {ReviewLine, WizardPlan, WizardPolicy} from './types.js';

const MARK: Record<PlanEntry['op'], string> = {add: '+', change: '~', remove: '-', reorder: '↕', apply: '▸'};

export interface ReviewInput {
  title: string;
  sitePlan?: Plan;
  changePlan: ChangePlan;
  after: Site;
  policy: WizardPolicy;
  /** Networks whose ruleset is shown in order. */
  rulesOf: readonly string[];
  /** Extra lines about objects that are not in the site-file plan (tenant addresses, NIC moves…). */
  objects?: ReviewLine[];
  checks?: ReviewLine[];
  warnings?: readonly string[];
  errors?: readonly string[];
  followUp?: readonly string[];
  touched: readonly string[];
  /** What the operator should know before applying (one line each). */
  notes?: readonly string[];
}

function entryLines(e: PlanEntry): ReviewLine[] {
  if (e.op === 'remove' || e.op === 'reorder') return [];
  const out: ReviewLine[] = [
    {
      kind: e.op === 'apply' ? 'change' : e.op,
      text: `  ${MARK[e.op]} ${sanitize(e.label)}${e.summary ? `${e.op === 'apply' ? ' ' : '  '}${sanitize(e.summary)}` : ''}`,
    },
  ];
  for (const f of e.fields) out.push({kind: 'field', text: `      ${f.field}: ${f.old} → ${f.new}`});
  return out;
}

const ACTION_KINDS = new Set<Step['kind']>(['action', 'update', 'create', 'delete']);

/** The ruleset of one network as it will be: `+` new, `~` changed, then the defaults. */
export function rulesetLines(
  after: Site,
  network: string,
  policy: WizardPolicy,
  changed: ReadonlySet<string> = new Set(),
): ReviewLine[] {
  const n = after.networks.find((x) => x.name === network);
  if (!n) return [];
  const aliasNames = new Map(after.aliases.map((a) => [String(a.key), a.name]));
  const rules: Rule[] = orderedRules(after.rules.filter((r) => r.vnet === n.key));
  const lines: ReviewLine[] = [{kind: 'note', text: `Rules of ${sanitize(network)}, in evaluation order:`}];
  rules.forEach((r, i) => {
    const mark = isSyntheticKey(r.key) ? '+' : changed.has(r.name) ? '~' : ' ';
    const what = ruleSummary(ruleToSpec(r, (v) => aliasNames.get(v)));
    lines.push({
      kind: mark === '+' ? 'add' : mark === '~' ? 'change' : 'field',
      text: `  ${mark} ${String(i + 1).padStart(2)} ${sanitize(r.name)}${r.systemRule || r.owner ? ' (VergeOS)' : ''} — ${what}`,
    });
  });
  if (rules.length === 0) lines.push({kind: 'field', text: '     (no rules)'});
  lines.push({
    kind: 'field',
    text: `     — when nothing matches: incoming ${policy.defaultAction(n, 'incoming')}, outgoing ${policy.defaultAction(n, 'outgoing')}`,
  });
  return lines;
}

export function buildReview(input: ReviewInput): ReviewLine[] {
  const lines: ReviewLine[] = [];
  const steps = input.changePlan.steps.length;
  const state =
    input.errors && input.errors.length > 0
      ? 'cannot be applied as it is'
      : steps === 0 && !input.followUp?.length
        ? nothingToDo({warnings: input.warnings ?? []})
        : `${steps} step${steps === 1 ? '' : 's'}`;
  lines.push({kind: 'title', text: `${sanitize(input.title)}: ${state}`});
  for (const e of input.errors ?? []) lines.push({kind: 'error', text: `error: ${sanitize(e)}`});
  const objectLines = [...(input.sitePlan?.entries ?? []).flatMap(entryLines), ...(input.objects ?? [])];
  const siteFileIds = new Set(input.sitePlan?.operations.map((o) => o.step.id) ?? []);
  const actions = input.changePlan.steps.filter((s) => ACTION_KINDS.has(s.kind) && !siteFileIds.has(s.id));
  if (objectLines.length > 0) lines.push({kind: 'blank', text: ''}, {kind: 'note', text: 'Objects:'}, ...objectLines);
  if (actions.length > 0) {
    lines.push({kind: 'blank', text: ''}, {kind: 'note', text: 'Actions:'});
    for (const s of actions) lines.push({kind: 'change', text: `  ▸ ${sanitize(s.title)}`});
  }
  for (const net of input.rulesOf) {
    const changed = new Set(
      (input.sitePlan?.entries ?? [])
        .filter((e) => e.kind === 'rule' && e.op === 'change' && e.network === net)
        .map((e) => e.label.slice(`rule ${net}/`.length)),
    );
    lines.push({kind: 'blank', text: ''}, ...rulesetLines(input.after, net, input.policy, changed));
  }
  if (input.touched.length > 0)
    lines.push(
      {kind: 'blank', text: ''},
      {kind: 'note', text: `Apply Rules afterwards on: ${input.touched.map(sanitize).join(', ')}`},
    );
  if (input.checks && input.checks.length > 0)
    lines.push({kind: 'blank', text: ''}, {kind: 'note', text: 'Checks:'}, ...input.checks);
  for (const w of input.warnings ?? []) lines.push({kind: 'warning', text: `warning: ${sanitize(w)}`});
  for (const n of input.notes ?? []) lines.push({kind: 'note', text: `note: ${sanitize(n)}`});
  if (input.followUp && input.followUp.length > 0) {
    lines.push(
      {kind: 'blank', text: ''},
      {kind: 'note', text: 'Then, once these steps ran (planned again against the site):'},
    );
    for (const f of input.followUp) lines.push({kind: 'change', text: `  ▸ ${sanitize(f)}`});
  }
  return lines;
}

/** The exact calls, numbered, as the confirmation shows them (secrets masked). */
export function callLines(plan: ChangePlan): ReviewLine[] {
  if (plan.steps.length === 0) return [];
  return [
    {kind: 'blank', text: ''},
    {kind: 'note', text: `API calls (${plan.steps.length}):`},
    ...plan.steps.map((s, i): ReviewLine => ({
      kind: 'field',
      text: `  ${i + 1}. ${sanitize(formatCall(describeCall(s)))}`,
    })),
  ];
}

/** The flows whose verdict the plan changes, as `vseg plan` shows them. */
export function verdictLines(changes: readonly string[]): ReviewLine[] {
  if (changes.length === 0) return [];
  return [
    {kind: 'blank', text: ''},
    {kind: 'note', text: `Flows whose verdict changes (${changes.length}):`},
    ...changes.map((c): ReviewLine => ({kind: 'change', text: `  ${sanitize(c)}`})),
  ];
}

/** The review, the flows whose verdict changes (live site → planned site), then the calls. */
export function reviewWithCalls(plan: WizardPlan, live?: Site, policy?: WizardPolicy): ReviewLine[] {
  const verdicts =
    live && policy && plan.changePlan.steps.length > 0 ? verdictLines(policy.verdictChanges(live, plan.after)) : [];
  return [...plan.review, ...verdicts, ...callLines(plan.changePlan)];
}

/**
 * A verdict line for the checks section. `verdict` is the flow's verdict once
 * the plan ran; `live` its verdict under the rules the routers run now. A ✓
 * means both allow: a flow the plan allows but the live rules do not (yet) is
 * marked → with both verdicts, so a review never shows ✓ for traffic that is
 * blocked right now.
 */
export function checkLine(
  label: string,
  verdict: string,
  reason: string,
  live?: {verdict: string; liveKnown: boolean} | {error: string},
): ReviewLine {
  const liveText =
    live === undefined ? undefined : 'error' in live ? 'unknown' : live.liveKnown ? live.verdict : 'unknown';
  if (verdict === 'allow' && liveText !== undefined && liveText !== 'allow') {
    return {
      kind: 'change',
      text: `  → ${sanitize(label)}: allow once these steps ran (live rules now: ${liveText}) — ${sanitize(reason)}`,
    };
  }
  const mark = verdict === 'allow' ? '✓' : verdict === 'partial' ? '~' : '✗';
  return {
    kind: verdict === 'allow' ? 'verdict' : 'warning',
    text: `  ${mark} ${sanitize(label)}: ${verdict} — ${sanitize(reason)}`,
  };
}

/**
 * Whether applying a wizard's plan needs a typed confirmation, and of what:
 * a plan that only creates and changes is confirmed with the button (Cancel
 * focused) — asking to type "topology" for new networks protected nothing;
 * one that restarts a network asks for that network's name, one that deletes
 * asks for the site's name (as :plan does for a file).
 */
export function applyConfirmation(
  plan: WizardPlan,
): {kind: 'restart'; network: string} | {kind: 'delete'; count: number} | undefined {
  if (plan.restarts.length > 0) return {kind: 'restart', network: plan.restarts[0]};
  const count = plan.changePlan.steps.filter((s) => s.kind === 'delete').length;
  return count > 0 ? {kind: 'delete', count} : undefined;
}

/**
 * What a plan with no step says. "Nothing to do" alone contradicted the
 * warning under it when a flow stays partly allowed (a rule the wizard does
 * not own decides first): then it says that nothing it can change helps.
 */
export function nothingToDo(plan: {warnings: readonly string[]}): string {
  const n = plan.warnings.length;
  return n === 0
    ? 'nothing to do, the site already matches'
    : `no change the wizard can make, but ${n} warning${n === 1 ? '' : 's'} stand${n === 1 ? 's' : ''}: ${plan.warnings[0]}`;
}
