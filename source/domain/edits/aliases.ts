// Rule alias edits (`vnet_rule_aliases`): entries, where an alias is used,
// and the create/edit/delete plans. The form lists entries as value + label
// pairs named `entry<i>` / `label<i>`; VergeOS stores them as one comma list
// with an optional `|label` per entry. Deleting is refused while a rule uses
// the alias (VergeOS refuses too, one rule at a time; vseg names them all).
import {ALIAS_SCOPES} from '../../api/enums.js';
import type {ChangePlan, Step} from '../changes/types.js';
import {formatAliasValue} from '../mappers.js';
import type {Alias, AliasEntry, Key, Rule, Site} from '../model.js';
import {looksLikeIpv6, parseAddressSpec, validateCidr, validateIpv6} from '../ip.js';
import {looksLikePortSpec, parsePortSpec} from '../ports.js';
import {isClean} from '../text.js';
import {changedFields, checkName, listText, text, type EditValues} from './common.js';
import {aliasEntryKind} from './rule-tokens.js';

export interface AliasContext {
  site: Site;
  /** The alias being edited; absent when creating one. */
  key?: Key;
}

export const entryField = (i: number) => `entry${i}`;
export const labelField = (i: number) => `label${i}`;
const LABEL_MAX = 64;

/** The entry pairs in the form, in order (blank pairs included). */
export function formEntries(values: EditValues): AliasEntry[] {
  const out: AliasEntry[] = [];
  for (let i = 0; entryField(i) in values || labelField(i) in values; i++)
    out.push({value: text(values, entryField(i)), label: text(values, labelField(i))});
  return out;
}

/** The entries that will be stored: pairs with a value. */
export function filledEntries(values: EditValues): AliasEntry[] {
  return formEntries(values).filter((e) => e.value !== '');
}

// --- field checks -------------------------------------------------------------

/** The form's entry and label fields (entry0, label0, …): a list, merged as one when saved. */
export function isEntryField(name: string): boolean {
  return /^(entry|label)\d+$/.test(name);
}

/** The entries of form values as the alias's `value` text. */
export function entriesValue(values: EditValues): string {
  return formatAliasValue(filledEntries(values));
}

export function validateAliasName(value: string, _values: EditValues, ctx: AliasContext): string | undefined {
  const bad = checkName(value, 'alias');
  if (bad) return bad;
  if (value.includes(',')) return 'no commas (rules list references with commas)';
  if (/^\d+$/.test(value.trim())) return 'not only digits (it would read as an alias key)';
  const name = value.trim().toLowerCase();
  const clash = ctx.site.aliases.find((a) => a.key !== ctx.key && a.name.toLowerCase() === name);
  return clash ? `an alias named "${clash.name}" already exists` : undefined;
}

/** One entry: IP, CIDR, range, IPv6, port or port range. */
export function validateAliasEntryValue(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (v.includes(',') || v.includes('|')) return 'one value per entry (no , or |)';
  if (looksLikePortSpec(v)) {
    const p = parsePortSpec(v, 1);
    return p.ok ? undefined : p.error;
  }
  if (looksLikeIpv6(v)) {
    const v6 = validateIpv6(v);
    return v6.ok ? undefined : v6.error;
  }
  if (v.includes('/')) {
    const c = validateCidr(v);
    return c.ok ? undefined : c.error;
  }
  const spec = parseAddressSpec(v);
  return spec.ok ? undefined : `${spec.error} — or a port such as 443 or 8000-8100`;
}

/** Checks entry `i` in the context of the whole list (required first entry, duplicates). */
export function validateAliasEntry(i: number, value: string, values: EditValues): string | undefined {
  const bad = validateAliasEntryValue(value);
  if (bad) return bad;
  const all = formEntries(values);
  const v = value.trim();
  if (v === '') {
    if (i === 0 && all.every((e) => e.value === '')) return 'add at least one entry';
    return all[i]?.label ? 'a label needs a value' : undefined;
  }
  const first = all.findIndex((e) => e.value.toLowerCase() === v.toLowerCase());
  return first >= 0 && first < i ? `the same as entry ${first + 1}` : undefined;
}

export function validateAliasLabel(value: string): string | undefined {
  const v = value.trim();
  if (v.includes(',') || v.includes('|')) return 'no , or | in a label';
  if (v.length > LABEL_MAX) return `at most ${LABEL_MAX} characters`;
  return isClean(v) ? undefined : 'control characters are not allowed';
}

export function validateAliasDescription(value: string): string | undefined {
  if (value.length > 2048) return 'at most 2048 characters';
  return isClean(value) ? undefined : 'control characters are not allowed';
}

export function aliasFormErrors(values: EditValues, ctx: AliasContext): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (field: string, error: string | undefined) => {
    if (error) out[field] = error;
  };
  put('name', validateAliasName(text(values, 'name'), values, ctx));
  put('description', validateAliasDescription(text(values, 'description')));
  const scope = text(values, 'scope');
  if (scope !== '' && !(ALIAS_SCOPES as readonly string[]).includes(scope))
    out['scope'] = `"${scope}" is not one of ${ALIAS_SCOPES.join(', ')}`;
  formEntries(values).forEach((e, i) => {
    put(entryField(i), validateAliasEntry(i, e.value, values));
    put(labelField(i), validateAliasLabel(e.label));
  });
  if (formEntries(values).length === 0) out[entryField(0)] = 'add at least one entry';
  return out;
}

// --- usage ----------------------------------------------------------------------

const REF_FIELDS = [
  ['sourceIp', 'source'],
  ['sourcePorts', 'source ports'],
  ['destinationIp', 'destination'],
  ['destinationPorts', 'destination ports'],
  ['targetIp', 'target'],
  ['targetPorts', 'target ports'],
] as const satisfies ReadonlyArray<readonly [keyof Rule, string]>;

export interface AliasUse {
  rule: Rule;
  network: string;
  /** Which fields name the alias ("source", "destination ports"…). */
  fields: string[];
}

function refersTo(field: string, alias: Alias): boolean {
  return field.split(',').some((part) => {
    const p = part.trim();
    if (!p.toLowerCase().startsWith('alias:')) return false;
    const ref = p.slice(6).trim();
    return ref === String(alias.key) || ref.toLowerCase() === alias.name.toLowerCase();
  });
}

/** Every rule that names the alias (by key or by name), with its network. */
export function aliasUsage(site: Site, alias: Alias): AliasUse[] {
  const names = new Map(site.networks.map((n) => [n.key, n.name]));
  const out: AliasUse[] = [];
  for (const rule of site.rules) {
    const fields = REF_FIELDS.filter(([f]) => refersTo(rule[f], alias)).map(([, label]) => label);
    if (fields.length) out.push({rule, network: names.get(rule.vnet) ?? `network ${rule.vnet}`, fields});
  }
  return out.sort((a, b) => a.network.localeCompare(b.network) || a.rule.name.localeCompare(b.rule.name));
}

/** "web: allow-ssh, db: db-ssh" for lists and refusals. */
export function usageText(uses: readonly AliasUse[], limit = 6): string {
  return listText(
    uses.map((u) => `${u.network}/${u.rule.name}`),
    limit,
  );
}

/** Networks whose rules read the alias: they pick up a new value on their next Apply Rules. */
export function networksUsing(site: Site, alias: Alias): string[] {
  return [...new Set(aliasUsage(site, alias).map((u) => u.network))].sort();
}

// --- plans ----------------------------------------------------------------------

export function aliasFormValues(alias?: Alias): Record<string, string> {
  const entries = alias?.entries ?? [];
  const out: Record<string, string> = {
    name: alias?.name ?? '',
    description: alias?.description ?? '',
    scope: alias?.publishingScope || 'private',
  };
  // One blank pair at the end is where a new entry goes.
  [...entries, {value: '', label: ''}].forEach((e, i) => {
    out[entryField(i)] = e.value;
    out[labelField(i)] = e.label;
  });
  return out;
}

export function aliasBody(values: EditValues): Record<string, string> {
  return {
    name: text(values, 'name'),
    description: text(values, 'description'),
    value: formatAliasValue(filledEntries(values)),
    publishing_scope: text(values, 'scope') || 'private',
  };
}

function requireValid(values: EditValues, ctx: AliasContext): void {
  const errors = Object.entries(aliasFormErrors(values, ctx));
  if (errors.length) throw new Error(`the alias form has errors: ${errors.map(([f, e]) => `${f}: ${e}`).join('; ')}`);
}

export function createAliasPlan(values: EditValues, site: Site): ChangePlan {
  requireValid(values, {site});
  const body = aliasBody(values);
  return {
    title: `Create alias ${body['name']}`,
    steps: [
      {
        kind: 'create',
        id: `create alias ${body['name']}`,
        title: `Create alias ${body['name']}`,
        table: 'vnet_rule_aliases',
        body,
        identity: {name: body['name']},
        knownNew: true,
      },
    ],
  };
}

/**
 * Only what changed; `apply` lists the networks that must Apply Rules to use a
 * new value. `base` is the entry list the edit started from (default: the
 * alias's own): the executor merges the entries added and removed since then
 * into the list the server holds when it writes, so entries someone else
 * added meanwhile stay.
 */
export function updateAliasPlan(
  alias: Alias,
  values: EditValues,
  site: Site,
  base: string = alias.value,
): {plan: ChangePlan; apply: string[]} {
  requireValid(values, {site, key: alias.key});
  const current = {
    name: alias.name,
    description: alias.description,
    value: alias.value,
    publishing_scope: alias.publishingScope || 'private',
  };
  const body = changedFields(current, aliasBody(values));
  // The stored list may be written differently (spaces, order of label): compare entries, not text.
  if ('value' in body && formatAliasValue(alias.entries) === body['value']) delete body['value'];
  const fields = Object.keys(body);
  const steps: Step[] = fields.length
    ? [
        {
          kind: 'update',
          id: `update alias ${alias.name}`,
          title: `Update alias ${alias.name} (${fields.join(', ')})`,
          table: 'vnet_rule_aliases',
          key: alias.key,
          body,
          ...('value' in body ? {mergeList: {field: 'value', base}} : {}),
        },
      ]
    : [];
  return {plan: {title: `Update alias ${alias.name}`, steps}, apply: 'value' in body ? networksUsing(site, alias) : []};
}

/** Refused (an Error naming the rules) while any rule uses the alias. */
export function deleteAliasPlan(alias: Alias, site: Site): ChangePlan {
  const uses = aliasUsage(site, alias);
  if (uses.length) throw new Error(aliasDeleteRefusal(alias, uses));
  return {
    title: `Delete alias ${alias.name}`,
    steps: [
      {
        kind: 'delete',
        id: `delete alias ${alias.name}`,
        title: `Delete alias ${alias.name}`,
        table: 'vnet_rule_aliases',
        key: alias.key,
      },
    ],
  };
}

export function aliasDeleteRefusal(alias: Alias, uses: readonly AliasUse[]): string {
  const n = uses.length;
  return `alias ${alias.name} is used by ${n} rule${n === 1 ? '' : 's'} (${usageText(uses)}): change or delete ${n === 1 ? 'it' : 'them'} first`;
}

export function entryKindCounts(alias: Alias): {addresses: number; ports: number; invalid: number} {
  const out = {addresses: 0, ports: 0, invalid: 0};
  for (const e of alias.entries) {
    const k = aliasEntryKind(e.value);
    if (k === 'address') out.addresses++;
    else if (k === 'port') out.ports++;
    else out.invalid++;
  }
  return out;
}
