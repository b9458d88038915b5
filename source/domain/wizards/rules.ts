// Step 2, configure network rules: least privilege as a list of flows
// ("allow web to db on tcp/5432"), each turned into exactly the rules VergeOS
// needs (flows.ts), a default-deny posture for every segment, a preview of
// each touched network's ruleset in order, and Apply Rules on those networks.
import {z} from 'zod';
import type {Site} from '../model.js';
import {validatePortList} from '../ports.js';
import {derivedNetworkKeys} from '../sitefile/from-site.js';
import {RULE_DEFAULTS} from '../sitefile/schema.js';
import {resolveFlowEndpoint} from './endpoints.js';
import {FLOW_PROTOCOLS, flowLabel, flowService, planFlows, type Flow} from './flows.js';
import {textError} from './names.js';
import {buildReview} from './review.js';
import {assemble, diffDoc, docFor, networkSpec} from './site-plan.js';
import type {PlanContext, ReviewLine, WizardDef, WizardPage, WizardPlan} from './types.js';

const flowAnswer = z.strictObject({
  from: z.string(),
  to: z.string(),
  protocol: z.enum(FLOW_PROTOCOLS).default('tcp'),
  ports: z
    .union([z.string(), z.number()])
    .optional()
    .transform((v) => (v === undefined ? '' : String(v))),
  name: z.string().optional(),
});

export const rulesSchema = z.strictObject({
  flows: z.array(flowAnswer).default([]),
  /** Add an explicit final drop on segments whose incoming default is accept. */
  defaultDeny: z.boolean().default(true),
});
export type RulesAnswers = z.output<typeof rulesSchema>;
export type FlowAnswer = z.output<typeof flowAnswer>;

export const DEFAULT_DENY_RULE = 'default-deny-incoming';

export function validateEndpoint(site: Site, text: string): string | undefined {
  const r = resolveFlowEndpoint(site, text);
  return r.ok ? undefined : r.error;
}

export function validateFlowPorts(protocol: string, ports: string): string | undefined {
  if (ports.trim() === '') return undefined;
  if (!['tcp', 'udp', 'tcpudp'].includes(protocol)) return `ports apply to tcp and udp only (not ${protocol})`;
  const p = validatePortList(ports);
  return p.ok ? undefined : p.error;
}

export function validateRuleName(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  if (text.trim() !== text) return 'must not start or end with spaces';
  if (text.length > 128) return 'at most 128 characters';
  return textError(text);
}

function validateAnswers(site: Site, a: RulesAnswers): string[] {
  const problems: string[] = [];
  if (a.flows.length === 0) problems.push('flows: list at least one flow (from, to, protocol, ports)');
  a.flows.forEach((f, i) => {
    const where = `flows[${i + 1}]`;
    const e = [
      ['from', validateEndpoint(site, f.from)],
      ['to', validateEndpoint(site, f.to)],
      ['ports', validateFlowPorts(f.protocol, f.ports)],
      ['name', validateRuleName(f.name)],
    ] as const;
    for (const [field, err] of e) if (err) problems.push(`${where} / ${field}: ${err}`);
  });
  return problems;
}

/** Segments: the internal networks vseg manages (not tenant or mirror networks). */
function segments(site: Site) {
  const derived = derivedNetworkKeys(site);
  return site.networks.filter((n) => n.type === 'internal' && !derived.has(n.key));
}

export function planRules(site: Site, a: RulesAnswers, ctx: PlanContext): WizardPlan {
  const title = 'Rules wizard';
  const errors = validateAnswers(site, a);
  const doc = docFor(site, []);
  const flows: Flow[] = a.flows.map((f) => ({
    from: f.from,
    to: f.to,
    protocol: f.protocol,
    ports: f.ports,
    name: f.name,
  }));
  const planning = errors.length === 0 ? planFlows(site, doc, flows, ctx.policy, title) : undefined;
  if (planning) errors.push(...planning.errors);
  const posture: ReviewLine[] = [];
  let sitePlan = planning?.sitePlan;
  if (errors.length === 0 && planning) {
    const defaults = segments(site).map((n) => `${n.name} incoming ${ctx.policy.defaultAction(n, 'incoming')}`);
    posture.push({kind: 'note', text: `  Default posture: ${defaults.join(', ') || 'no segments'}`});
    const open = segments(site).filter((n) => ctx.policy.defaultAction(n, 'incoming') === 'accept');
    if (a.defaultDeny && open.length > 0) {
      for (const n of open) {
        const spec = networkSpec(doc, site, n.name);
        if (spec && !spec.rules.some((r) => r.name === DEFAULT_DENY_RULE)) {
          spec.rules.push({
            ...RULE_DEFAULTS,
            name: DEFAULT_DENY_RULE,
            action: 'drop',
            direction: 'incoming',
            protocol: 'any',
            pin: 'bottom',
            description: 'vseg rules wizard: default deny for this segment',
          });
        }
      }
      posture.push({
        kind: 'change',
        text: `  ▸ explicit final drop (${DEFAULT_DENY_RULE}, pinned bottom) on ${open.map((n) => n.name).join(', ')}`,
      });
      // Bottom-pinned drops do not change the flows' verdicts; only the diff is redone.
      sitePlan = diffDoc(site, doc, title);
    } else if (open.length === 0) {
      posture.push({
        kind: 'note',
        text: '  Every segment already drops incoming traffic no rule accepts: no default-deny rule needed',
      });
    }
  }
  if (sitePlan) errors.push(...sitePlan.errors.filter((e) => !errors.includes(e)));
  const ok = errors.length === 0 && sitePlan !== undefined;
  const {changePlan, touched} = ok
    ? assemble({title, sitePlan, secrets: ctx.secrets.source()})
    : {changePlan: {title, steps: []}, touched: [] as string[]};
  const after = ok ? sitePlan!.after : site;
  const review = buildReview({
    title,
    sitePlan: ok ? sitePlan : undefined,
    changePlan,
    after,
    policy: ctx.policy,
    rulesOf: touched,
    checks: [...posture, ...(planning?.checks ?? [])],
    warnings: planning?.warnings ?? [],
    notes: planning?.notes ?? [],
    errors,
    touched,
  });
  return {
    wizard: 'rules',
    title,
    review,
    changePlan,
    errors,
    warnings: planning?.warnings ?? [],
    followUp: [],
    touched,
    after,
    restarts: [],
  };
}

const PROTOCOL_OPTIONS = FLOW_PROTOCOLS.map((p) => ({value: p, label: p}));

function pages(site: Site, a: RulesAnswers, ctx: PlanContext): Array<WizardPage<RulesAnswers>> {
  const flows = a.flows.length > 0 ? a.flows : [{from: '', to: '', protocol: 'tcp' as const, ports: ''}];
  const endpointHint = 'a network (web), vm:NAME, alias:NAME, an IP/CIDR or outside';
  const flowPages = flows.map((f, i): WizardPage<RulesAnswers> => ({
    id: `flow-${i + 1}`,
    title: `Flow ${i + 1} of ${flows.length}: allow <from> to <to> on <protocol/ports>`,
    intro:
      i === 0
        ? ['Least privilege: list only the flows your applications need; everything else stays blocked.']
        : undefined,
    fields: [
      {
        kind: 'text',
        name: 'from',
        label: 'From',
        initial: f.from,
        hint: endpointHint,
        validate: (v) => validateEndpoint(site, v),
      },
      {
        kind: 'text',
        name: 'to',
        label: 'To',
        initial: f.to,
        hint: endpointHint,
        validate: (v) => validateEndpoint(site, v),
      },
      {kind: 'select', name: 'protocol', label: 'Protocol', options: PROTOCOL_OPTIONS, initial: f.protocol},
      {
        kind: 'text',
        name: 'ports',
        label: 'Ports',
        initial: f.ports,
        hint: '3306, 80,443 or 1024-65535; empty = any port',
        validate: (v, values) => validateFlowPorts(String(values['protocol'] ?? 'tcp'), v),
      },
      {
        kind: 'text',
        name: 'name',
        label: 'Rule name',
        initial: f.name ?? '',
        placeholder: 'derived: allow-<from>-to-<to>-…',
        validate: (v) => validateRuleName(v),
      },
      {kind: 'toggle', name: 'more', label: 'Add another flow', initial: i < flows.length - 1},
    ],
    submit(values, prev) {
      const list = prev.flows.length > 0 ? [...prev.flows] : [];
      const name = String(values['name'] ?? '').trim();
      list[i] = {
        from: String(values['from']).trim(),
        to: String(values['to']).trim(),
        protocol: (values['protocol'] as FlowAnswer['protocol']) ?? 'tcp',
        ports: String(values['ports'] ?? '').trim(),
        ...(name ? {name} : {}),
      };
      const more = values['more'] === true;
      if (!more) list.splice(i + 1);
      else if (list.length === i + 1) list.push({from: '', to: '', protocol: 'tcp', ports: ''});
      return {...prev, flows: list};
    },
  }));
  const posture: WizardPage<RulesAnswers> = {
    id: 'posture',
    title: 'Default-deny posture',
    intro: [
      'What each segment does with incoming traffic that no rule accepts:',
      ...segments(site)
        .slice(0, 8)
        .map(
          (n) =>
            `  ${n.name}: incoming ${ctx.policy.defaultAction(n, 'incoming')}, outgoing ${ctx.policy.defaultAction(n, 'outgoing')}`,
        ),
    ],
    fields: [
      {
        kind: 'toggle',
        name: 'defaultDeny',
        label: 'Default deny',
        initial: a.defaultDeny,
        hint: "Adds a final drop rule only where a segment's incoming default is accept",
      },
    ],
    submit: (values, prev) => ({...prev, defaultDeny: values['defaultDeny'] === true}),
  };
  return [...flowPages, posture];
}

export const rulesWizard: WizardDef<RulesAnswers> = {
  id: 'rules',
  title: 'Configure network rules',
  summary: 'Allow only the flows your applications need between segments; everything else stays blocked.',
  why: [
    'Boundaries only help when the traffic crossing them is limited to what is needed: each flow',
    'becomes an incoming accept on the destination and, where needed, a route and an outgoing accept.',
  ],
  schema: rulesSchema,
  initial: () => ({flows: [{from: '', to: '', protocol: 'tcp', ports: ''}], defaultDeny: true}),
  pages,
  validate: validateAnswers,
  plan: planRules,
  result: (site, a, ctx) => [
    'The flows on the site now (live rules):',
    ...a.flows.map((f) => {
      const from = resolveFlowEndpoint(site, f.from);
      const to = resolveFlowEndpoint(site, f.to);
      if (!from.ok || !to.ok) return `  ? ${flowLabel(f)}: ${!from.ok ? from.error : !to.ok ? to.error : ''}`;
      const c = ctx.policy.checkFlow(site, {from: from.value.whyText, to: to.value.whyText, service: flowService(f)});
      if ('error' in c) return `  ? ${flowLabel(f)}: ${c.error}`;
      if (!c.liveKnown) return `  ? ${flowLabel(f)}: ${c.verdict} under the staged rules; the live rules are not known`;
      return `  ${c.verdict === 'allow' ? '✓' : '✗'} ${flowLabel(f)}: ${c.verdict} — ${c.reason}`;
    }),
    '',
    'Next: aliases name groups of addresses so these rules follow the group.',
  ],
};

export {flowLabel};
