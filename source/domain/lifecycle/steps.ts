// The calls that move rules from one lifecycle to another: make the category
// and the tag when they do not exist yet (once per plan, however many rules
// need them), take the old tag off, put the new one on. Tags are not staged
// rules: no Apply Rules follows.
import type {BodyValue, KeyOrRef, Ref, Step} from '../changes/types.js';
import type {Key, Tagging} from '../model.js';
import {
  CATEGORY,
  LIFECYCLE_KINDS,
  lifecycleCategories,
  ruleMember,
  tagName,
  type LifecycleKind,
  type RuleLifecycle,
} from './model.js';

export interface LifecycleChange {
  /** The rule's key, or the ref of the step that creates it. */
  rule: KeyOrRef;
  /** "dev/Allow SSH", for step titles. */
  label: string;
  from: RuleLifecycle;
  to: RuleLifecycle;
}

export interface LifecycleSteps {
  /** Categories and tags to create (or make taggable for rules) first. */
  prepare: Step[];
  /** Tags taken off rules. */
  untag: Step[];
  /** Tags put on rules (after the rules they name exist). */
  tag: Step[];
  errors: string[];
}

function memberOf(rule: KeyOrRef): BodyValue {
  return typeof rule === 'number' ? ruleMember(rule) : ({ref: rule.ref, prefix: 'vnet_rules/'} satisfies Ref);
}

/** `tagging` undefined: a site built without its tags (tests, fixtures) counts as one with none. */
export function lifecycleSteps(given: Tagging | undefined, changes: readonly LifecycleChange[]): LifecycleSteps {
  const out: LifecycleSteps = {prepare: [], untag: [], tag: [], errors: []};
  const wanted = changes.filter((c) => LIFECYCLE_KINDS.some((k) => c.from[k] !== c.to[k]));
  if (wanted.length === 0) return out;
  const tagging: Tagging = given ?? {available: true, categories: [], tags: [], members: []};
  if (!tagging.available) {
    if (wanted.some((c) => LIFECYCLE_KINDS.some((k) => c.to[k] !== '' && c.to[k] !== c.from[k])))
      out.errors.push(
        'this site has no tag tables (tag_categories, tags, tag_members): owner, ticket, expiry and review cannot be stored on it',
      );
    return out;
  }
  const categories = lifecycleCategories(tagging);
  const categoryKey = new Map<LifecycleKind, KeyOrRef>();
  const tagKey = new Map<string, KeyOrRef>();

  const category = (kind: LifecycleKind): KeyOrRef => {
    const known = categoryKey.get(kind);
    if (known !== undefined) return known;
    const key = categories.get(kind);
    const existing = key === undefined ? undefined : tagging.categories.find((c) => c.key === key);
    let ref: KeyOrRef;
    if (existing) {
      ref = existing.key;
      if (!existing.taggableVnetRules)
        out.prepare.push({
          kind: 'update',
          id: `allow tags of category ${CATEGORY[kind].name} on rules`,
          title: `Let tag category "${CATEGORY[kind].name}" tag network rules`,
          table: 'tag_categories',
          key: existing.key,
          body: {taggable_vnet_rules: true},
        });
    } else {
      const provides = `tagcat:${kind}`;
      ref = {ref: provides};
      out.prepare.push({
        kind: 'create',
        id: `create tag category ${CATEGORY[kind].name}`,
        title: `Create tag category "${CATEGORY[kind].name}" (for rules)`,
        table: 'tag_categories',
        body: {
          name: CATEGORY[kind].name,
          description: CATEGORY[kind].description,
          taggable_vnet_rules: true,
          single_tag_selection: true,
        },
        identity: {name: CATEGORY[kind].name},
        compare: ['taggable_vnet_rules'],
        provides,
        // The site's tags are read through their rule assignments: a category no rule uses yet may exist.
        knownNew: false,
      });
    }
    categoryKey.set(kind, ref);
    return ref;
  };

  const tag = (kind: LifecycleKind, value: string): KeyOrRef => {
    const name = tagName(kind, value);
    const known = tagKey.get(name);
    if (known !== undefined) return known;
    const cat = category(kind);
    const existing =
      typeof cat === 'number' ? tagging.tags.find((t) => t.category === cat && t.name === name) : undefined;
    let ref: KeyOrRef;
    if (existing) ref = existing.key;
    else {
      const provides = `tag:${name}`;
      ref = {ref: provides};
      out.prepare.push({
        kind: 'create',
        id: `create tag ${name}`,
        title: `Create tag "${name}"`,
        table: 'tags',
        body: {name, category: cat, description: `${CATEGORY[kind].description}`},
        identity: {name, category: cat},
        provides,
        // A tag no rule carries is not in the site's snapshot: look first.
        knownNew: false,
      });
    }
    tagKey.set(name, ref);
    return ref;
  };

  // Members by rule and kind, to take off the ones that go (also extra ones added by hand).
  const kindOfCategory = new Map<Key, LifecycleKind>();
  for (const [kind, key] of categories) kindOfCategory.set(key, kind);
  const tagsByKey = new Map(tagging.tags.map((t) => [t.key, t]));

  for (const c of wanted) {
    for (const kind of LIFECYCLE_KINDS) {
      const before = c.from[kind];
      const after = c.to[kind];
      if (before === after) continue;
      if (typeof c.rule === 'number') {
        const member = ruleMember(c.rule);
        for (const m of tagging.members) {
          if (m.member !== member || m.tag === null) continue;
          const t = tagsByKey.get(m.tag);
          if (!t || t.category === null || kindOfCategory.get(t.category) !== kind) continue;
          if (!t.name.startsWith(`${kind}:`) || t.name === tagName(kind, after)) continue;
          out.untag.push({
            kind: 'delete',
            id: `untag rule ${c.label} ${t.name}`,
            title: `Take tag "${t.name}" off rule ${c.label}`,
            table: 'tag_members',
            key: m.key,
          });
        }
      }
      if (after === '') continue;
      const t = tag(kind, after);
      out.tag.push({
        kind: 'create',
        id: `tag rule ${c.label} ${tagName(kind, after)}`,
        title: `Tag rule ${c.label} "${tagName(kind, after)}"`,
        table: 'tag_members',
        body: {tag: t, member: memberOf(c.rule)},
        identity: {tag: t, member: memberOf(c.rule)},
      });
    }
  }
  return out;
}
