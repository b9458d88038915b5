// Tags (VergeOS 4.12+/26.x): categories that say which kinds of rows may carry
// their tags, the tags, and tag_members linking a tag to a row as
// "<table>/<key>". Fields as in pyVergeOS resources/tags.py (TagCategoryManager
// _default_fields, TagManager, TagMemberManager), tsvergeos
// services/tag-category/types.ts, tag/types.ts, tag-member/types.ts, and
// PSVergeOS New-VergeTagCategory.ps1. Behaviour and its evidence: semantics/tags.ts.
import {bool, fk, key, stamps, text, type TableSchema} from './types.js';

/** Row kinds a category can allow, as `taggable_<table>` columns (pyVergeOS TAGGABLE_RESOURCE_TYPES). */
export const TAGGABLE_TABLES = [
  'vms',
  'vnets',
  'volumes',
  'vnet_rules',
  'vmware_containers',
  'users',
  'tenant_nodes',
  'sites',
  'nodes',
  'groups',
  'clusters',
  'tenants',
] as const;

export const tagCategories: TableSchema = {
  name: 'tag_categories',
  description: 'Tag categories (which kinds of rows their tags may be applied to)',
  // "Category display name. Unique, trimmed." (tsvergeos tag-category/types.ts)
  unique: [{fields: ['name']}],
  fields: [
    key(),
    text('name', {required: true, maxLength: 128, summary: true}),
    text('description', {summary: true}),
    bool('single_tag_selection', {summary: true}),
    ...TAGGABLE_TABLES.map((t) => bool(`taggable_${t}`)),
    ...stamps(),
  ],
};

export const tags: TableSchema = {
  name: 'tags',
  description: 'Tags',
  // tsvergeos tag/types.ts: "Tag names are unique within the system" (pyVergeOS and the
  // Ansible tag module say "within the category": the stricter rule is kept).
  unique: [{fields: ['name']}],
  fields: [
    key(),
    text('name', {required: true, maxLength: 128, summary: true}),
    text('description', {summary: true}),
    // "The category FK cannot be updated after creation" (tsvergeos TagUpdateParams).
    fk('category', 'tag_categories', {required: true, createOnly: true, summary: true}),
    ...stamps(),
  ],
};

export const tagMembers: TableSchema = {
  name: 'tag_members',
  description: 'Tag assignments: a tag on a row, member "<table>/<key>"',
  fields: [
    key(),
    // "Both tag and member are read-only after creation" (tsvergeos tag-member/types.ts).
    fk('tag', 'tags', {required: true, createOnly: true, summary: true}),
    text('member', {required: true, createOnly: true, summary: true}),
  ],
};
