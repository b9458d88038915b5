// Step 3, use aliases: a named group of addresses built from VMs (their NIC
// addresses), networks (their blocks) and literal IPs, then, rule by rule,
// the offer to write the alias where a rule spells out exactly the same
// addresses — so the next change to the group is one edit, not many.
import {z} from 'zod';
import {ALIAS_SCOPES} from '../../api/enums.js';
import {parseAddressList} from '../ip.js';
import type {AliasEntry, Rule, Site} from '../model.js';
import {ruleSummary} from '../plan/display.js';
import {isManagedRule, ruleToSpec} from '../sitefile/from-site.js';
import {sanitize} from '../text.js';
import {nicAddress} from './endpoints.js';
import {nameError, textError} from './names.js';
import {buildReview} from './review.js';
import {assemble, diffDoc, docFor, networkSpec} from './site-plan.js';
import type {Plan} from '../plan/index.js';
import type {PlanContext, ReviewLine, WizardDef, WizardPage, WizardPlan} from './types.js';

const replacement = z.strictObject({network: z.string(), rule: z.string(), field: z.enum(['source', 'destination'])});

export const aliasesSchema = z.strictObject({
  name: z.string(),
  description: z.string().default(''),
  scope: z.enum(ALIAS_SCOPES).default('private'),
  /** vm:NAME, vm:NAME.NIC, net:NAME (or bare names), IPs, CIDRs, ranges; "value|label" sets a label. */
  members: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  /** Rules whose literal addresses become the alias: "all" candidates, "none", or a list. */
  replace: z.union([z.literal('all'), z.literal('none'), z.array(replacement)]).default('none'),
});
export type AliasAnswers = z.output<typeof aliasesSchema>;
export type Replacement = z.output<typeof replacement>;

/** One member → alias entries, or an error sentence. */
export function memberEntries(site: Site, member: string): AliasEntry[] | string {
  const t = member.trim();
  if (t === '') return 'empty member';
  const bar = t.indexOf('|');
  const label = bar >= 0 ? t.slice(bar + 1).trim() : undefined;
  const body = bar >= 0 ? t.slice(0, bar).trim() : t;
  const colon = body.indexOf(':');
  const prefix = colon > 0 ? body.slice(0, colon).toLowerCase() : '';
  const name = colon > 0 ? body.slice(colon + 1).trim() : body;
  const asNetwork = () => {
    const n = site.networks.find((x) => x.name === name);
    if (!n) return undefined;
    return n.cidr ? [{value: n.cidr, label: label ?? n.name}] : `network ${n.name} has no address block`;
  };
  const asVm = () => {
    const dot = name.lastIndexOf('.');
    const vm =
      site.vms.find((v) => v.name === name) ??
      (dot > 0 ? site.vms.find((v) => v.name === name.slice(0, dot)) : undefined);
    if (!vm) return undefined;
    const nics =
      vm.name === name
        ? vm.nics.filter((c) => c.enabled && c.vnet !== null)
        : vm.nics.filter((c) => c.name === name.slice(dot + 1));
    if (nics.length === 0) return `${name}: no such NIC`;
    const entries = nics
      .map((c) => ({value: nicAddress(site, c), label: label ?? (nics.length > 1 ? `${vm.name}.${c.name}` : vm.name)}))
      .filter((e) => e.value !== '');
    return entries.length > 0 ? entries : `no address is known for ${name} (no reported IP and no static lease)`;
  };
  if (prefix === 'net' || prefix === 'network') return asNetwork() ?? `no network named "${name}"`;
  if (prefix === 'vm') return asVm() ?? `no VM named "${name}"`;
  if (prefix === '' && !/^[\d.,/\s-]+$/.test(body))
    return asNetwork() ?? asVm() ?? `"${body}" is no network, VM or address`;
  const p = parseAddressList(prefix === 'ip' ? name : body);
  if (!p.ok) return p.error;
  return p.value.specs.map((s) => ({value: s.text, label: label ?? ''}));
}

export function resolveMembers(site: Site, members: readonly string[]): {entries: AliasEntry[]; errors: string[]} {
  const entries: AliasEntry[] = [];
  const errors: string[] = [];
  for (const m of members) {
    const r = memberEntries(site, m);
    if (typeof r === 'string') errors.push(`${m}: ${r}`);
    else for (const e of r) if (!entries.some((x) => x.value === e.value)) entries.push(e);
  }
  return {entries, errors};
}

export function validateAliasName(site: Site, name: string): string | undefined {
  return nameError('alias', name);
}

export function validateMembers(site: Site, text: string): string | undefined {
  const list = splitMembers(text);
  if (list.length === 0) return 'at least one member: vm:NAME, net:NAME, an IP or CIDR';
  const r = resolveMembers(site, list);
  return r.errors[0];
}

export function splitMembers(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export interface Candidate {
  network: string;
  rule: Rule;
  field: 'source' | 'destination';
  /** The literal the alias replaces. */
  text: string;
}

/** Managed rules whose source or destination spells out exactly the alias's addresses. */
export function replacementCandidates(site: Site, entries: readonly AliasEntry[]): Candidate[] {
  const want = parseAddressList(
    entries
      .map((e) => e.value)
      .filter((v) => parseAddressList(v).ok)
      .join(','),
  );
  if (!want.ok) return [];
  const out: Candidate[] = [];
  for (const r of site.rules) {
    // Filter rules only: a route's destination is a path, not a group the alias names.
    if (!isManagedRule(r) || !['accept', 'drop', 'reject'].includes(r.action)) continue;
    const network = site.networks.find((n) => n.key === r.vnet)?.name;
    if (!network) continue;
    for (const field of ['source', 'destination'] as const) {
      const text = field === 'source' ? r.sourceIp : r.destinationIp;
      if (text.trim() === '' || /[a-z]:/i.test(text)) continue;
      const have = parseAddressList(text);
      if (have.ok && have.value.set.equals(want.value.set)) out.push({network, rule: r, field, text});
    }
  }
  return out.sort((a, b) => (a.network + a.rule.name).localeCompare(b.network + b.rule.name));
}

function chosen(a: AliasAnswers, candidates: readonly Candidate[]): Candidate[] {
  if (a.replace === 'none') return [];
  if (a.replace === 'all') return [...candidates];
  const list = a.replace;
  return candidates.filter((c) =>
    list.some((r) => r.network === c.network && r.rule === c.rule.name && r.field === c.field),
  );
}

function validateAnswers(site: Site, a: AliasAnswers): string[] {
  const problems: string[] = [];
  const n = validateAliasName(site, a.name);
  if (n) problems.push(`name: ${n}`);
  const d = textError(a.description);
  if (d) problems.push(`description: ${d}`);
  if (a.members.length === 0) problems.push('members: at least one member: vm:NAME, net:NAME, an IP or CIDR');
  const r = resolveMembers(site, a.members);
  for (const e of r.errors) problems.push(`members: ${e}`);
  if (Array.isArray(a.replace) && problems.length === 0) {
    const candidates = replacementCandidates(site, r.entries);
    for (const x of a.replace) {
      if (!candidates.some((c) => c.network === x.network && c.rule.name === x.rule && c.field === x.field)) {
        problems.push(`replace: rule ${x.network}/${x.rule} has no ${x.field} that equals the alias's addresses`);
      }
    }
  }
  return problems;
}

export function planAliases(site: Site, a: AliasAnswers, ctx: PlanContext): WizardPlan {
  const title = 'Aliases wizard';
  const errors = validateAnswers(site, a);
  const warnings: string[] = [];
  const objects: ReviewLine[] = [];
  const {entries} = resolveMembers(site, a.members);
  const doc = docFor(site, []);
  let sitePlan: Plan | undefined;
  if (errors.length === 0) {
    const live = site.aliases.find((x) => x.name === a.name);
    const description = a.description || live?.description || '';
    doc.aliases = [{name: a.name, description, scope: a.scope, entries}];
    if (live && live.value !== entries.map((e) => (e.label ? `${e.value}|${e.label}` : e.value)).join(',')) {
      const users = site.rules.filter((r) =>
        [r.sourceIp, r.destinationIp, r.sourcePorts, r.destinationPorts].some((f) =>
          f.split(',').some((t) => t.trim() === `alias:${live.key}` || t.trim() === `alias:${live.name}`),
        ),
      );
      warnings.push(
        `alias ${a.name} exists; its entries change, which changes ${users.length} rule${users.length === 1 ? '' : 's'} using it`,
      );
    }
    const aliasNames = new Map(site.aliases.map((x) => [String(x.key), x.name]));
    for (const c of chosen(a, replacementCandidates(site, entries))) {
      const spec = networkSpec(doc, site, c.network);
      const r = spec?.rules.find((x) => x.name === c.rule.name);
      if (!r) continue;
      const before = ruleSummary(ruleToSpec(c.rule, (v) => aliasNames.get(v)));
      if (c.field === 'source') r.source = `alias:${a.name}`;
      else r.destination = `alias:${a.name}`;
      objects.push({kind: 'change', text: `  ~ rule ${sanitize(c.network)}/${sanitize(c.rule.name)}`});
      objects.push({kind: 'field', text: `      before: ${before}`});
      objects.push({kind: 'field', text: `      after:  ${ruleSummary(r)}`});
    }
    sitePlan = diffDoc(site, doc, title);
    errors.push(...sitePlan.errors);
  }
  const ok = errors.length === 0 && sitePlan !== undefined;
  const {changePlan, touched} = ok
    ? assemble({title, sitePlan, secrets: ctx.secrets.source()})
    : {changePlan: {title, steps: []}, touched: [] as string[]};
  const review = buildReview({
    title,
    sitePlan: ok ? {...sitePlan!, entries: sitePlan!.entries.filter((e) => e.kind !== 'rule')} : undefined,
    changePlan,
    after: ok ? sitePlan!.after : site,
    policy: ctx.policy,
    rulesOf: [],
    objects: [
      ...(entries.length > 0
        ? [
            {
              kind: 'note' as const,
              text: `  Alias ${sanitize(a.name)} = ${sanitize(entries.map((e) => (e.label ? `${e.value} (${e.label})` : e.value)).join(', '))}`,
            },
          ]
        : []),
      ...objects,
    ],
    warnings,
    errors,
    touched,
  });
  return {
    wizard: 'aliases',
    title,
    review,
    changePlan,
    errors,
    warnings,
    followUp: [],
    touched,
    after: ok ? sitePlan!.after : site,
    restarts: [],
  };
}

/**
 * The address blocks rules spell out, with the network each one is — after
 * the rules wizard (which writes a network's block, e.g. 10.10.0.0/24) an
 * alias whose members are that network is what the next page can put there.
 */
export function spelledOut(site: Site, max = 3): string[] {
  const found = new Map<string, {network: string; rules: string[]}>();
  for (const r of site.rules) {
    if (!isManagedRule(r) || !['accept', 'drop', 'reject'].includes(r.action)) continue;
    const owner = site.networks.find((n) => n.key === r.vnet)?.name ?? '';
    for (const text of [r.sourceIp, r.destinationIp]) {
      const t = text.trim();
      const n = t && site.networks.find((x) => x.cidr === t);
      if (!n) continue;
      const entry = found.get(t) ?? {network: n.name, rules: []};
      entry.rules.push(`${owner}/${r.name}`);
      found.set(t, entry);
    }
  }
  if (found.size === 0) return [];
  return [
    'Rules spell out these blocks; an alias with that network as a member can stand in for them:',
    ...[...found]
      .slice(0, max)
      .map(
        ([cidr, e]) =>
          `  ${cidr} (net:${e.network}) in ${e.rules.slice(0, 2).join(', ')}${e.rules.length > 2 ? ` +${e.rules.length - 2}` : ''}`,
      ),
  ];
}

function pages(site: Site, a: AliasAnswers): Array<WizardPage<AliasAnswers>> {
  const first: WizardPage<AliasAnswers> = {
    id: 'alias',
    title: 'The alias',
    intro: [
      'An alias names a group of addresses; rules that use it change when the group does.',
      `Existing aliases: ${site.aliases.map((x) => x.name).join(', ') || 'none'}.`,
      ...spelledOut(site),
    ],
    fields: [
      {kind: 'text', name: 'name', label: 'Name', initial: a.name, validate: (v) => validateAliasName(site, v)},
      {kind: 'text', name: 'description', label: 'Description', initial: a.description, validate: (v) => textError(v)},
      {
        kind: 'text',
        name: 'members',
        label: 'Members',
        initial: a.members.join(', '),
        hint: 'Comma list: vm:web-01, net:mgmt, 10.0.0.5, 192.168.1.0/24 (value|label names an entry)',
        validate: (v) => validateMembers(site, v),
      },
      {
        kind: 'select',
        name: 'scope',
        label: 'Scope',
        options: ALIAS_SCOPES.map((s) => ({value: s, label: s})),
        initial: a.scope,
      },
    ],
    submit: (values, prev) => ({
      ...prev,
      name: String(values['name']).trim(),
      description: String(values['description'] ?? ''),
      members: splitMembers(String(values['members'] ?? '')),
      scope: (values['scope'] as AliasAnswers['scope']) ?? 'private',
    }),
  };
  const {entries, errors} = resolveMembers(site, a.members);
  const candidates = errors.length === 0 ? replacementCandidates(site, entries) : [];
  const picked = chosen(a, candidates);
  const aliasNames = new Map(site.aliases.map((x) => [String(x.key), x.name]));
  const second: WizardPage<AliasAnswers> = {
    id: 'replace',
    title: 'Use the alias in existing rules',
    intro:
      candidates.length === 0
        ? ['No rule spells out exactly these addresses: nothing to replace.']
        : [
            "These rules spell out exactly the alias's addresses; choose where to write the alias instead:",
            ...candidates
              .slice(0, 4)
              .map(
                (c) => `  ${c.network}/${c.rule.name}: ${ruleSummary(ruleToSpec(c.rule, (v) => aliasNames.get(v)))}`,
              ),
          ],
    fields: candidates.map((c) => ({
      kind: 'toggle' as const,
      name: `replace:${c.network}/${c.rule.name}/${c.field}`,
      label: `${c.network}/${c.rule.name} (${c.field})`,
      hint: `${c.field} ${c.text} → alias:${a.name}`,
      initial: picked.includes(c),
    })),
    submit(values, prev) {
      const list = candidates
        .filter((c) => values[`replace:${c.network}/${c.rule.name}/${c.field}`] === true)
        .map((c) => ({network: c.network, rule: c.rule.name, field: c.field}));
      return {...prev, replace: list.length === 0 ? 'none' : list};
    },
  };
  return [first, second];
}

export const aliasesWizard: WizardDef<AliasAnswers> = {
  id: 'aliases',
  title: 'Use aliases',
  summary: 'Name groups of addresses once and use the name in rules, so a change is one edit.',
  why: [
    'Rules that spell out addresses drift apart as VMs come and go. An alias keeps the group in one',
    'place: every rule that uses it follows when it changes (after Apply Rules).',
  ],
  schema: aliasesSchema,
  initial: () => ({name: '', description: '', scope: 'private', members: [], replace: 'none'}),
  pages,
  validate: validateAnswers,
  plan: planAliases,
  result: (site, a) => {
    const alias = site.aliases.find((x) => x.name === a.name);
    if (!alias) return [`Alias ${a.name} was not found`];
    const users = site.rules.filter((r) =>
      [r.sourceIp, r.destinationIp, r.sourcePorts, r.destinationPorts].some((f) =>
        f.split(',').some((t) => t.trim() === `alias:${alias.key}` || t.trim() === `alias:${alias.name}`),
      ),
    );
    const net = (k: number) => site.networks.find((n) => n.key === k)?.name ?? String(k);
    return [
      `Alias ${alias.name} (alias:${alias.key}) = ${alias.entries.map((e) => (e.label ? `${e.value} (${e.label})` : e.value)).join(', ')}`,
      `Used by ${users.length} rule${users.length === 1 ? '' : 's'}${users.length ? ':' : ''}`,
      ...users.map((r) => `  ${net(r.vnet)}/${r.name}`),
      '',
      'Changing the alias later changes these rules once their networks apply their rules.',
    ];
  },
};
