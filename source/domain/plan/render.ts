// A plan as lines, for `vseg plan` and the console's scrollable diff view. Each
// line carries its kind so the console can colour it; the text alone reads
// the same without colour (+ add, ~ change, - remove, ↕ reorder, ▸ staged
// rules that Apply Rules makes live). Names from
// the API are sanitised where the entries were built.
import {describeCall, formatCall} from '../changes/describe.js';
import type {ChangePlan} from '../changes/types.js';
import {sanitize} from '../text.js';
import type {Plan, PlanEntry} from './types.js';

export type DiffLineKind =
  'title' | 'add' | 'change' | 'remove' | 'reorder' | 'field' | 'verdict' | 'warning' | 'error' | 'note' | 'blank';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

export interface PlanCounts {
  add: number;
  change: number;
  remove: number;
  reorder: number;
  /** Networks whose staged rules are not live yet. */
  apply: number;
}

export function planCounts(plan: Plan): PlanCounts {
  const c: PlanCounts = {add: 0, change: 0, remove: 0, reorder: 0, apply: 0};
  for (const e of plan.entries) c[e.op]++;
  return c;
}

/** "2 to add, 1 to change, 1 to remove (kept: use --prune), 1 reordered" or "no changes". */
export function planSummary(plan: Plan): string {
  const c = planCounts(plan);
  const parts: string[] = [];
  if (c.add) parts.push(`${c.add} to add`);
  if (c.change) parts.push(`${c.change} to change`);
  if (c.remove) parts.push(`${c.remove} to remove${plan.prune ? '' : ' (kept: use --prune to delete)'}`);
  if (c.reorder) parts.push(`${c.reorder} reordered`);
  if (c.apply) parts.push(`${c.apply} not live yet (staged)`);
  return parts.length === 0 ? 'no changes' : parts.join(', ');
}

const MARK: Record<PlanEntry['op'], string> = {add: '+', change: '~', remove: '-', reorder: '↕', apply: '▸'};

function entryLines(e: PlanEntry, prune: boolean): DiffLine[] {
  const lines: DiffLine[] = [];
  let head = `${MARK[e.op]} ${sanitize(e.label)}`;
  if (e.summary) head += `${e.op === 'apply' ? ' ' : '  '}${sanitize(e.summary)}`;
  if (e.op === 'remove' && !prune) head += '  (kept without --prune)';
  lines.push({kind: e.op === 'apply' ? 'change' : e.op, text: head});
  for (const f of e.fields) lines.push({kind: 'field', text: `    ${f.field}: ${f.old} → ${f.new}`});
  if (e.order && e.op === 'reorder' && e.order.before.join('\u0000') !== e.order.after.join('\u0000')) {
    lines.push({kind: 'field', text: `    was: ${e.order.before.map(sanitize).join(', ') || '(none)'}`});
    lines.push({kind: 'field', text: `    now: ${e.order.after.map(sanitize).join(', ') || '(none)'}`});
  }
  return lines;
}

export function renderPlanLines(plan: Plan, options: {siteLabel?: string; calls?: ChangePlan} = {}): DiffLine[] {
  const lines: DiffLine[] = [];
  const against = options.siteLabel ? ` against ${sanitize(options.siteLabel)}` : '';
  lines.push({kind: 'title', text: `Plan for ${sanitize(plan.source)}${against}: ${planSummary(plan)}`});
  for (const e of plan.errors) lines.push({kind: 'error', text: `error: ${sanitize(e)}`});
  if (plan.entries.length > 0) lines.push({kind: 'blank', text: ''});
  for (const e of plan.entries) lines.push(...entryLines(e, plan.prune));
  if (plan.verdicts.length > 0) {
    lines.push({kind: 'blank', text: ''});
    lines.push({kind: 'note', text: 'Flows whose verdict changes:'});
    for (const v of plan.verdicts) {
      lines.push({
        kind: 'verdict',
        text: `  ${sanitize(v.flow)}: ${v.before} → ${v.after}${v.rule ? `  (rule ${sanitize(v.rule)})` : ''}`,
      });
    }
  }
  if (plan.touched.length > 0) {
    lines.push({kind: 'blank', text: ''});
    lines.push({kind: 'note', text: `Apply Rules afterwards on: ${plan.touched.map(sanitize).join(', ')}`});
  }
  for (const w of plan.warnings) lines.push({kind: 'warning', text: `note: ${sanitize(w)}`});
  if (options.calls) {
    lines.push({kind: 'blank', text: ''});
    lines.push({kind: 'note', text: `API calls (${options.calls.steps.length}):`});
    options.calls.steps.forEach((s, i) =>
      lines.push({kind: 'note', text: `  ${i + 1}. ${sanitize(formatCall(describeCall(s)))}`}),
    );
  }
  return lines;
}

export function renderPlanText(plan: Plan, options: {siteLabel?: string; calls?: ChangePlan} = {}): string {
  return (
    renderPlanLines(plan, options)
      .map((l) => l.text)
      .join('\n') + '\n'
  );
}

/** The plan as stable JSON for scripts (`vseg plan -o json`). */
export function planJson(plan: Plan): Record<string, unknown> {
  return {
    source: plan.source,
    prune: plan.prune,
    partial: plan.partial,
    summary: planCounts(plan),
    changes: plan.entries.map((e) => ({
      op: e.op,
      kind: e.kind,
      label: e.label,
      ...(e.network !== undefined ? {network: e.network} : {}),
      ...(e.summary !== undefined ? {summary: e.summary} : {}),
      ...(e.fields.length > 0 ? {fields: e.fields} : {}),
      ...(e.order ? {order: e.order} : {}),
      ...(e.op === 'remove' ? {acted: e.acted} : {}),
    })),
    verdicts: plan.verdicts,
    applyRules: plan.touched,
    warnings: plan.warnings,
    errors: plan.errors,
  };
}
