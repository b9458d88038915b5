// The site's tags on network rules in one bulk request: every tag_members
// row with its tag's name and category joined in. Categories and tags that no
// rule carries are not read (the calls that need one look it up first). A
// site without tag tables (404) has no place for the lifecycle:
// `available: false`, and nothing else fails.
import type {VergeClient} from '../../api/client.js';
import {VergeError} from '../../api/errors.js';
import {RULE_TAG_FIELDS, ruleTagSchema} from '../../api/tag-rows.js';
import type {Key, Tag, TagCategory, Tagging} from '../model.js';

export async function loadTagging(client: VergeClient, signal?: AbortSignal): Promise<Tagging> {
  try {
    const rows = await client.list(
      'tag_members',
      ruleTagSchema,
      {fields: RULE_TAG_FIELDS},
      {signal, operation: 'list tag assignments'},
    );
    const categories = new Map<Key, TagCategory>();
    const tags = new Map<Key, Tag>();
    const members = [];
    for (const r of rows) {
      // Tags on VMs, networks, tenants… are not vseg's business.
      if (!r.member.startsWith('vnet_rules/') || r.tag === null) continue;
      members.push({key: r.$key, tag: r.tag, member: r.member});
      if (!tags.has(r.tag)) tags.set(r.tag, {key: r.tag, name: r.tag_name, description: '', category: r.tag_category});
      if (r.tag_category !== null && !categories.has(r.tag_category))
        // A category whose tag is on a rule can tag rules.
        categories.set(r.tag_category, {
          key: r.tag_category,
          name: r.category_name,
          description: '',
          singleTagSelection: false,
          taggableVnetRules: true,
        });
    }
    return {available: true, categories: [...categories.values()], tags: [...tags.values()], members};
  } catch (error) {
    if (error instanceof VergeError && error.status === 404) return emptyTagging(false);
    throw error;
  }
}

export function emptyTagging(available = true): Tagging {
  return {available, categories: [], tags: [], members: []};
}
