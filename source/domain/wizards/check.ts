// After a wizard ran: does what it made work? The IPsec wizard once reported
// "applied" while the VPN network it created sat stopped with its rules
// staged, so the tunnel could carry nothing. Every run is checked on the site
// as loaded afterwards: the networks it touched run and have no rule changes
// waiting, and the wizard's own flows (check()) get the verdict they need.
import type {Site} from '../model.js';
import type {AnyWizardDef} from './registry.js';
import type {PlanContext, WizardPlan} from './types.js';

export interface RunCheck {
  /** What was checked and holds, one line each. */
  ok: string[];
  /** What does not hold, with what to do about it, one line each. */
  problems: string[];
}

export function checkRun(
  def: AnyWizardDef,
  plans: readonly WizardPlan[],
  site: Site,
  answers: unknown,
  ctx: PlanContext,
): RunCheck {
  const out: RunCheck = {ok: [], problems: []};
  const names = new Set(plans.flatMap((p) => [...p.touched, ...createdNetworks(p)]));
  for (const name of [...names].sort()) {
    const n = site.networks.find((x) => x.name === name);
    if (!n) {
      out.problems.push(`network ${name} is not on the site`);
      continue;
    }
    if (!n.running)
      out.problems.push(
        `${name} is ${n.status || 'not running'}: its router forwards nothing — power it on with its staged rules applied (:networks, P)`,
      );
    else if (n.needFwApply) out.problems.push(`${name} still has rule changes waiting: Apply Rules (:networks, a)`);
    else out.ok.push(`${name} is running and its rules are live`);
  }
  const own = def.check?.(site, answers, ctx);
  if (own) {
    out.ok.push(...own.ok);
    out.problems.push(...own.problems);
  }
  return out;
}

/** Networks a plan creates (their create steps), by name. */
function createdNetworks(plan: WizardPlan): string[] {
  const out: string[] = [];
  for (const s of plan.changePlan.steps)
    if (s.kind === 'create' && s.table === 'vnets' && typeof s.body['name'] === 'string') out.push(s.body['name']);
  return out;
}

/** The check as lines for a result screen or a headless run. */
export function checkLines(check: RunCheck): string[] {
  if (check.ok.length === 0 && check.problems.length === 0) return [];
  return [
    check.problems.length
      ? `Checked on the site now: ${check.problems.length} problem${check.problems.length === 1 ? '' : 's'}`
      : 'Checked on the site now: it works',
    ...check.problems.map((p) => `  ✗ ${p}`),
    ...check.ok.map((o) => `  ✓ ${o}`),
    '',
  ];
}
