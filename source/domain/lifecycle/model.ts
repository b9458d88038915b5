// A rule's lifecycle — owner, ticket, expiry, last review — kept on the site
// as VergeOS tags, so the VergeOS UI shows them next to the rule and every
// vseg on every jump host sees the same thing. One tag category per kind
// ("vseg owner" …, taggable_vnet_rules, one tag per rule); one tag per value,
// named "<kind>:<value>" ("owner:alice", "expires:2027-03-31") because tag
// names are unique across categories; a tag_members row puts it on the rule
// ("vnet_rules/<key>"). The reason for a rule is its description: free text
// does not make a tag (tags are shared, unique, trimmed labels, one per value).
import type {Key, Rule, Site, Tagging} from '../model.js';

export const LIFECYCLE_KINDS = ['owner', 'ticket', 'expires', 'reviewed'] as const;
export type LifecycleKind = (typeof LIFECYCLE_KINDS)[number];

/** '' when the rule has no such tag. Dates are `YYYY-MM-DD`. */
export type RuleLifecycle = Record<LifecycleKind, string>;

export const NO_LIFECYCLE: RuleLifecycle = Object.freeze({owner: '', ticket: '', expires: '', reviewed: ''});

export const CATEGORY: Record<LifecycleKind, {name: string; description: string}> = {
  owner: {name: 'vseg owner', description: 'Who answers for a network rule (vseg rule lifecycle)'},
  ticket: {name: 'vseg ticket', description: 'The change ticket a network rule was made for (vseg rule lifecycle)'},
  expires: {name: 'vseg expires', description: 'The day a network rule expires; vseg expire disables it then'},
  reviewed: {name: 'vseg reviewed', description: 'The day a network rule was last re-certified (vseg rule lifecycle)'},
};

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why a value cannot be stored as this kind of tag, or undefined when it can. */
export function validateLifecycleValue(kind: LifecycleKind, value: string): string | undefined {
  if (value === '') return undefined;
  if (value.trim() !== value) return 'must not start or end with spaces';
  if (CONTROL.test(value)) return 'must not hold control characters';
  if (kind === 'expires' || kind === 'reviewed') return isDate(value) ? undefined : 'a date as YYYY-MM-DD';
  return value.length > 64 ? 'at most 64 characters' : undefined;
}

export function tagName(kind: LifecycleKind, value: string): string {
  return `${kind}:${value}`;
}

export function ruleMember(key: Key): string {
  return `vnet_rules/${key}`;
}

/** Category key per kind, for the categories vseg recognises (by name, taggable for rules or not). */
export function lifecycleCategories(tagging: Tagging): Map<LifecycleKind, Key> {
  const out = new Map<LifecycleKind, Key>();
  for (const kind of LIFECYCLE_KINDS) {
    const c = tagging.categories.find((x) => x.name === CATEGORY[kind].name);
    if (c) out.set(kind, c.key);
  }
  return out;
}

const CACHE = new WeakMap<Tagging, Map<Key, RuleLifecycle>>();

/** Every rule's lifecycle, by rule key (rules without tags are absent). */
export function lifecycleIndex(tagging: Tagging | undefined): Map<Key, RuleLifecycle> {
  if (!tagging) return new Map();
  const cached = CACHE.get(tagging);
  if (cached) return cached;
  const kindOfCategory = new Map<Key, LifecycleKind>();
  for (const [kind, key] of lifecycleCategories(tagging)) kindOfCategory.set(key, kind);
  const tags = new Map<Key, {kind: LifecycleKind; value: string}>();
  for (const t of tagging.tags) {
    const kind = t.category === null ? undefined : kindOfCategory.get(t.category);
    if (kind && t.name.startsWith(`${kind}:`)) tags.set(t.key, {kind, value: t.name.slice(kind.length + 1)});
  }
  const out = new Map<Key, RuleLifecycle>();
  for (const m of tagging.members) {
    const match = /^vnet_rules\/(\d+)$/.exec(m.member);
    const tag = m.tag === null ? undefined : tags.get(m.tag);
    if (!match || !tag) continue;
    const key = Number(match[1]);
    const current = out.get(key) ?? {...NO_LIFECYCLE};
    // Two tags of one kind (someone added one by hand): the later value in text order wins, the same everywhere.
    if (current[tag.kind] === '' || tag.value > current[tag.kind]) current[tag.kind] = tag.value;
    out.set(key, current);
  }
  CACHE.set(tagging, out);
  return out;
}

export function lifecycleOf(site: Pick<Site, 'tagging'>, rule: Pick<Rule, 'key'>): RuleLifecycle {
  return lifecycleIndex(site.tagging).get(rule.key) ?? NO_LIFECYCLE;
}

/** `YYYY-MM-DD` of a time (UTC), and back. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function addDays(day: string, days: number): string {
  return dayOf(dayStart(day) + days * 86_400_000);
}
