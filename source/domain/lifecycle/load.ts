// The site's tags in three bulk requests (tag_categories, tags, tag_members),
// the way pyVergeOS lists them. A site without tag tables (404) has no place
// for the lifecycle: `available: false`, and nothing else fails.
import type {VergeClient} from '../../api/client.js';
import {VergeError} from '../../api/errors.js';
import {
  TAG_CATEGORY_FIELDS,
  TAG_FIELDS,
  TAG_MEMBER_FIELDS,
  tagCategorySchema,
  tagMemberSchema,
  tagSchema,
} from '../../api/tag-rows.js';
import type {Tagging} from '../model.js';

export async function loadTagging(client: VergeClient, signal?: AbortSignal): Promise<Tagging> {
  const call = (operation: string) => ({signal, operation});
  try {
    const [categories, tags, members] = await Promise.all([
      client.list('tag_categories', tagCategorySchema, {fields: TAG_CATEGORY_FIELDS}, call('list tag categories')),
      client.list('tags', tagSchema, {fields: TAG_FIELDS}, call('list tags')),
      client.list('tag_members', tagMemberSchema, {fields: TAG_MEMBER_FIELDS}, call('list tag assignments')),
    ]);
    return {
      available: true,
      categories: categories.map((c) => ({
        key: c.$key,
        name: c.name,
        description: c.description,
        singleTagSelection: c.single_tag_selection,
        taggableVnetRules: c.taggable_vnet_rules,
      })),
      tags: tags.map((t) => ({key: t.$key, name: t.name, description: t.description, category: t.category})),
      members: members.map((m) => ({key: m.$key, tag: m.tag, member: m.member})),
    };
  } catch (error) {
    if (error instanceof VergeError && error.status === 404) return emptyTagging(false);
    throw error;
  }
}

export function emptyTagging(available = true): Tagging {
  return {available, categories: [], tags: [], members: []};
}
