// Step 6, monitor and adjust: rule statistics on a network (hit counters on
// every rule), port mirroring to a capture VM (north/south; east/west only for
// short captures), the restart mirroring needs, and the capture NIC attached to
// the `<NAME>_mirror` network the restart creates. Later: hit counters, rules
// never hit, and the offer to tighten or disable them, or to turn mirroring
// off again.
import {bytes} from '../format.js';
import {z} from 'zod';
import {PORT_MIRRORING} from '../../api/enums.js';
import type {ActionStep, Step, UpdateStep} from '../changes/types.js';
import {validateAddressList} from '../ip.js';
import type {Network, Rule, Site} from '../model.js';
import {orderedRules} from '../model.js';
import {validatePortList} from '../ports.js';
import {derivedNetworkKeys, isManagedRule} from '../sitefile/from-site.js';
import {ruleSpecSchema} from '../sitefile/schema.js';
import {sanitize} from '../text.js';
import {findNic} from './topology.js';
import {buildReview} from './review.js';
import {assemble, diffDoc, docFor} from './site-plan.js';
import type {Plan} from '../plan/index.js';
import type {PlanContext, ReviewLine, WizardDef, WizardPage, WizardPlan} from './types.js';

/** A flow seen in a capture that no rule allowed: allowed by a new incoming accept rule on the network. */
const allowFlow = z.strictObject({
  /** The source address (or CIDR) the capture saw. */
  from: z.string(),
  protocol: z.enum(['tcp', 'udp', 'icmp']),
  port: z.union([z.string(), z.number()]).transform(String).optional(),
  name: z.string().optional(),
});

const tighten = z.strictObject({
  rule: z.string(),
  source: z.string().optional(),
  ports: z.union([z.string(), z.number()]).transform(String).optional(),
});

export const monitorSchema = z.strictObject({
  network: z.string(),
  /** Hit counters on the network and every rule of it. */
  statistics: z.boolean().default(true),
  mirroring: z.enum(PORT_MIRRORING).default('north_south'),
  /** The capture VM's NIC ("capture-01" or "capture-01.nic1") for the mirror network. */
  capture: z.string().optional(),
  /** Mirroring takes effect when the network restarts (traffic stops for a moment). */
  restart: z.boolean().default(true),
  /** Rules to turn off (e.g. never hit). */
  disableRules: z.array(z.string()).default([]),
  /** Rules to narrow: a smaller source, fewer ports. */
  tighten: z.array(tighten).default([]),
  /** Flows a capture saw that no rule allowed, to allow now. */
  allowFlows: z.array(allowFlow).default([]),
});
export type MonitorAnswers = z.output<typeof monitorSchema>;

export function mirrorNetworkOf(site: Site, n: Network): Network | undefined {
  return (
    site.networks.find((x) => x.key === n.portMirroringVnet) ??
    site.networks.find((x) => x.name === `${n.name}_mirror` && x.type === 'port_mirror')
  );
}

export function validateMonitorNetwork(site: Site, name: string): string | undefined {
  const n = site.networks.find((x) => x.name === name);
  if (!n) return `no network named "${name}"`;
  if (n.type !== 'internal' || derivedNetworkKeys(site).has(n.key))
    return `${name} is not an internal network vseg manages`;
  return undefined;
}

export function validateCapture(site: Site, text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const f = findNic(site, text);
  return typeof f === 'string' ? f : undefined;
}

export function validateTightenSource(site: Site, text: string): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (t.startsWith('alias:'))
    return site.aliases.some((a) => a.name === t.slice(6)) ? undefined : `no alias named "${t.slice(6)}"`;
  const v = validateAddressList(t);
  return v.ok ? undefined : v.error;
}

export function validateTightenPorts(text: string): string | undefined {
  const v = validatePortList(text);
  return v.ok ? undefined : v.error;
}

/** Answers that change only what an adjustment asks (no statistics, no mirroring change, no restart). */
export function adjustAnswers(
  n: Network,
  change: Partial<Pick<MonitorAnswers, 'disableRules' | 'tighten' | 'mirroring' | 'restart' | 'allowFlows'>>,
): MonitorAnswers {
  return {
    network: n.name,
    statistics: false,
    mirroring: n.portMirroring,
    restart: false,
    disableRules: [],
    tighten: [],
    allowFlows: [],
    ...change,
  };
}

/** The rule name an allowed flow gets unless one is given. */
export function allowFlowName(f: {from: string; protocol: string; port?: string}): string {
  return `Allow ${f.protocol}${f.port ? `/${f.port}` : ''} from ${f.from}`.slice(0, 120);
}

function managedRules(site: Site, n: Network): Rule[] {
  return orderedRules(site.rules.filter((r) => r.vnet === n.key && isManagedRule(r)));
}

function validateAnswers(site: Site, a: MonitorAnswers): string[] {
  const p: string[] = [];
  const add = (where: string, e: string | undefined) => void (e && p.push(`${where}: ${e}`));
  add('network', validateMonitorNetwork(site, a.network));
  if (p.length > 0) return p;
  const n = site.networks.find((x) => x.name === a.network)!;
  add('capture', validateCapture(site, a.capture));
  if (a.capture && a.mirroring === 'off') add('capture', 'a capture NIC needs mirroring (north_south or east_west)');
  const names = new Set(managedRules(site, n).map((r) => r.name));
  for (const r of a.disableRules) if (!names.has(r)) add('disableRules', `${a.network} has no rule named "${r}"`);
  a.allowFlows.forEach((f, i) => {
    add(
      `allowFlows[${i + 1}] / from`,
      validateTightenSource(site, f.from) ?? (f.from.trim() ? undefined : 'a source is required'),
    );
    if (f.port !== undefined) {
      if (f.protocol === 'icmp') add(`allowFlows[${i + 1}] / port`, 'icmp has no ports');
      else add(`allowFlows[${i + 1}] / port`, validateTightenPorts(f.port));
    }
    const name = f.name ?? allowFlowName(f);
    if (names.has(name)) add(`allowFlows[${i + 1}]`, `${a.network} already has a rule named "${name}"`);
  });
  a.tighten.forEach((t, i) => {
    if (!names.has(t.rule)) add(`tighten[${i + 1}]`, `${a.network} has no rule named "${t.rule}"`);
    if (t.source !== undefined) add(`tighten[${i + 1}] / source`, validateTightenSource(site, t.source));
    if (t.ports !== undefined) add(`tighten[${i + 1}] / ports`, validateTightenPorts(t.ports));
  });
  return p;
}

/** Whether the mirror network's existence will not match the wanted mode until a restart. */
export function needsRestart(site: Site, n: Network, mode: MonitorAnswers['mirroring']): boolean {
  const mirror = mirrorNetworkOf(site, n);
  return mode !== n.portMirroring || (mode !== 'off' && !mirror) || (mode === 'off' && mirror !== undefined);
}

export function planMonitor(site: Site, a: MonitorAnswers, ctx: PlanContext): WizardPlan {
  const title = 'Monitor and adjust wizard';
  const errors = validateAnswers(site, a);
  const warnings: string[] = [];
  const followUp: string[] = [];
  const objects: ReviewLine[] = [];
  const extra: Step[] = [];
  const last: Step[] = [];
  const restarts: string[] = [];
  const n = site.networks.find((x) => x.name === a.network);
  let sitePlan: Plan | undefined;
  if (errors.length === 0 && n) {
    const doc = docFor(site, [n.name]);
    const spec = doc.networks[0];
    spec.portMirroring = a.mirroring;
    if (a.statistics) {
      spec.statistics = true;
      for (const r of spec.rules) r.statistics = true;
    }
    for (const r of spec.rules) {
      if (a.disableRules.includes(r.name)) r.enabled = false;
      const t = a.tighten.find((x) => x.rule === r.name);
      if (t?.source !== undefined) r.source = t.source.trim();
      if (t?.ports !== undefined)
        r.destinationPorts = validatePortList(t.ports).ok
          ? (validatePortList(t.ports) as {value: string}).value
          : t.ports;
    }
    for (const f of a.allowFlows)
      spec.rules.push(
        ruleSpecSchema.parse({
          name: f.name ?? allowFlowName(f),
          action: 'accept',
          direction: 'incoming',
          protocol: f.protocol,
          source: f.from.trim(),
          destinationPorts: f.port ?? '',
          statistics: true,
          description: 'Allowed from a capture (monitor wizard)',
        }),
      );
    sitePlan = diffDoc(site, doc, title);
    errors.push(...sitePlan.errors);
    if (a.mirroring === 'east_west')
      warnings.push(
        'east_west mirrors every packet inside the network as well: use it for short ' +
          'captures only, then turn mirroring off (mirroring: off) or back to north_south',
      );
    const restart = needsRestart(site, n, a.mirroring);
    if (restart && a.restart) {
      const step: ActionStep = {
        kind: 'action',
        id: `restart network ${n.name} for mirroring`,
        title: `Restart network ${n.name} (mirroring ${a.mirroring}; traffic stops for a moment)`,
        table: 'vnet_actions',
        body: {vnet: n.key, action: 'reset', params: {apply: true}},
        // VergeOS flags the network for a restart when mirroring changes; the flag clears when it is back.
        waitFor: {table: 'vnets', key: n.key, field: 'need_restart', equals: false, timeoutMs: 120_000},
      };
      last.push(step);
      restarts.push(n.name);
      // the restart says params.apply: true so this wizard's rule changes load even on a stopped network
      if (n.needFwApply)
        warnings.push(
          `${n.name} has rule changes waiting for Apply Rules: the restart is sent with Apply Rules, so they go live too`,
        );
      if (a.mirroring === 'off' && mirrorNetworkOf(site, n))
        warnings.push(`the restart removes ${mirrorNetworkOf(site, n)!.name}; a capture NIC still on it is unplugged`);
    } else if (restart) {
      warnings.push(`mirroring ${a.mirroring} takes effect when ${n.name} restarts (restart: false)`);
    }
    if (a.capture && a.mirroring !== 'off') {
      const found = findNic(site, a.capture);
      const mirror = mirrorNetworkOf(site, n);
      if (typeof found !== 'string') {
        const label = `${found.vm.name}.${found.nic.name}`;
        if (mirror && !restart) {
          if (found.nic.vnet !== mirror.key) {
            const move: UpdateStep = {
              kind: 'update',
              id: `attach capture ${label}`,
              title: `Attach ${label} to ${mirror.name}`,
              table: 'machine_nics',
              key: found.nic.key,
              body: {vnet: mirror.key},
            };
            extra.push(move);
            if (found.vm.running)
              warnings.push(`${found.vm.name} may need a reboot to see the mirrored traffic on ${label}`);
          } else objects.push({kind: 'note', text: `  = ${label} is already on ${mirror.name}`});
        } else {
          followUp.push(`attach ${label} to ${n.name}_mirror once the restart created it`);
        }
      }
    }
    const rules = managedRules(site, n);
    if (a.statistics)
      objects.push({
        kind: 'note',
        text: `  Statistics on ${n.name} and its ${rules.length} rule${rules.length === 1 ? '' : 's'}: counters start at the next Apply Rules`,
      });
  }
  const ok = errors.length === 0 && sitePlan !== undefined;
  const {changePlan, touched} = ok
    ? assemble({title, sitePlan, secrets: ctx.secrets.source(), extra, last})
    : {changePlan: {title, steps: []}, touched: [] as string[]};
  const review = buildReview({
    title,
    sitePlan: ok ? sitePlan : undefined,
    changePlan,
    after: ok ? sitePlan!.after : site,
    policy: ctx.policy,
    rulesOf: ok && (a.disableRules.length > 0 || a.tighten.length > 0 || a.allowFlows.length > 0) ? [a.network] : [],
    objects,
    warnings,
    errors,
    touched,
    followUp,
  });
  return {
    wizard: 'monitor',
    title,
    review,
    changePlan,
    errors,
    warnings,
    followUp,
    touched,
    after: ok ? sitePlan!.after : site,
    restarts,
  };
}

export interface HitRow {
  rule: Rule;
  position: number;
  neverHit: boolean;
}

/** The network's rules with their counters; "never hit" = counting, enabled, and still at zero. */
export function hitCounters(site: Site, network: string): HitRow[] {
  const n = site.networks.find((x) => x.name === network);
  if (!n) return [];
  return orderedRules(site.rules.filter((r) => r.vnet === n.key)).map((rule, i) => ({
    rule,
    position: i + 1,
    neverHit: isManagedRule(rule) && rule.enabled && rule.statistics && rule.packets === 0 && rule.action !== 'route',
  }));
}

export function monitorResult(site: Site, a: MonitorAnswers): string[] {
  const n = site.networks.find((x) => x.name === a.network);
  if (!n) return [`Network ${a.network} was not found`];
  const rows = hitCounters(site, a.network);
  const mirror = mirrorNetworkOf(site, n);
  const capture = mirror
    ? site.vms.flatMap((v) => v.nics.filter((c) => c.vnet === mirror.key).map((c) => `${v.name}.${c.name}`))
    : [];
  const lines = [
    `Network ${n.name}: statistics ${n.statistics ? 'on' : 'off'}, mirroring ` +
      `${n.portMirroring}${mirror ? ` to ${mirror.name}` : ''}${capture.length ? ` (capture: ${capture.join(', ')})` : ''}`,
    n.portMirroring === 'east_west'
      ? 'Reminder: east_west mirroring is for short captures; turn it off when done (m).'
      : '',
    '',
    'Hit counters (evaluation order):',
    ...rows.map(
      (r) =>
        `  ${String(r.position).padStart(2)} ` +
        (r.rule.statistics
          ? `${String(r.rule.packets).padStart(10)} pkts ${bytes(r.rule.bytes).padStart(10)}`
          : '    (no statistics)       ') +
        `  ${r.rule.enabled ? '' : '(disabled) '}${sanitize(r.rule.name)}`,
    ),
    '',
  ].filter((l, i) => l !== '' || i > 1);
  const never = rows.filter((r) => r.neverHit);
  lines.push(
    never.length > 0
      ? `Never hit (${never.length}): ${never.map((r) => sanitize(r.rule.name)).join(', ')} — disable them (d) or tighten them (t) once you are sure`
      : 'Every counted rule has been hit.',
  );
  return lines;
}

function pages(site: Site, a: MonitorAnswers): Array<WizardPage<MonitorAnswers>> {
  const derived = derivedNetworkKeys(site);
  const nets = site.networks.filter((n) => n.type === 'internal' && !derived.has(n.key));
  const nics = site.vms.flatMap((v) =>
    v.nics.map((c) => ({
      value: v.nics.length === 1 ? v.name : `${v.name}.${c.name}`,
      label: `${v.name}.${c.name}`,
      detail: site.networks.find((n) => n.key === c.vnet)?.name ?? 'unplugged',
    })),
  );
  return [
    {
      id: 'monitor',
      title: 'Statistics and port mirroring',
      intro: ['Counters show which rules carry traffic; a mirror copies traffic to a capture VM for a closer look.'],
      fields: [
        {
          kind: 'picker',
          name: 'network',
          label: 'Network',
          items: nets.map((n) => ({value: n.name, label: n.name, detail: `${n.cidr} mirroring ${n.portMirroring}`})),
          initial: a.network || undefined,
          validate: (v) => (v ? validateMonitorNetwork(site, v) : 'choose a network'),
        },
        {kind: 'toggle', name: 'statistics', label: 'Rule statistics', initial: a.statistics},
        {
          kind: 'select',
          name: 'mirroring',
          label: 'Mirroring',
          options: [
            {value: 'off', label: 'off'},
            {value: 'north_south', label: 'north/south (through the router)'},
            {value: 'east_west', label: 'east/west (short captures only)'},
          ],
          initial: a.mirroring,
          hint: 'east/west also copies traffic inside the network: heavy, for short captures',
        },
        {
          kind: 'picker',
          name: 'capture',
          label: 'Capture NIC',
          items: [{value: '', label: '(none)'}, ...nics],
          initial: a.capture ?? '',
          validate: (v, values) =>
            v && values['mirroring'] === 'off' ? 'a capture NIC needs mirroring' : validateCapture(site, v),
        },
        {
          kind: 'toggle',
          name: 'restart',
          label: 'Restart if needed',
          initial: a.restart,
          hint: 'Mirroring takes effect when the network restarts (confirmed separately)',
        },
      ],
      submit: (values, prev) => ({
        ...prev,
        network: String(values['network'] ?? ''),
        statistics: values['statistics'] === true,
        mirroring: (values['mirroring'] as MonitorAnswers['mirroring']) ?? 'north_south',
        capture: values['capture'] ? String(values['capture']) : undefined,
        restart: values['restart'] === true,
      }),
    },
  ];
}

export const monitorWizard: WizardDef<MonitorAnswers> = {
  id: 'monitor',
  title: 'Monitor and adjust',
  summary: 'Count rule hits and mirror traffic, then tighten or disable what is never used.',
  why: [
    'A ruleset is a guess until traffic proves it: counters show which rules carry traffic and which',
    'never do; a mirror shows what actually flows. Tighten from evidence, not from memory.',
  ],
  schema: monitorSchema,
  initial: (site) => {
    const nets = site.networks.filter((n) => n.type === 'internal' && !derivedNetworkKeys(site).has(n.key));
    return monitorSchema.parse({network: nets.find((n) => n.name === 'web')?.name ?? nets[0]?.name ?? ''});
  },
  pages,
  validate: validateAnswers,
  plan: planMonitor,
  result: (site, a) => monitorResult(site, a),
};
