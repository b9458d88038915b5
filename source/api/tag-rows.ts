// Tag rows (tag_categories, tags, tag_members), validated like the other rows
// (rows.ts). Fields as pyVergeOS resources/tags.py reads them; vseg asks only
// for the ones it uses.
import {z} from 'zod';
import {zBool, zKey, zRef, zText} from './rows.js';

export const tagCategorySchema = z.object({
  $key: zKey,
  name: zText,
  description: zText,
  single_tag_selection: zBool,
  taggable_vnet_rules: zBool,
});
export const TAG_CATEGORY_FIELDS = Object.keys(tagCategorySchema.shape);

export const tagSchema = z.object({
  $key: zKey,
  name: zText,
  description: zText,
  category: zRef,
});
export const TAG_FIELDS = Object.keys(tagSchema.shape);

export const tagMemberSchema = z.object({
  $key: zKey,
  tag: zRef,
  member: zText,
});
export const TAG_MEMBER_FIELDS = Object.keys(tagMemberSchema.shape);

export type TagCategoryRow = z.infer<typeof tagCategorySchema>;
export type TagRow = z.infer<typeof tagSchema>;
export type TagMemberRow = z.infer<typeof tagMemberSchema>;

/**
 * A rule's tag assignment with its tag and category joined in (one request
 * reads every lifecycle value: pyVergeOS joins `category#name as
 * category_name` on tags; joins chain through references, VERGEOS-API.md §2.1).
 */
export const ruleTagSchema = z.object({
  $key: zKey,
  tag: zRef,
  member: zText,
  tag_name: zText,
  tag_category: zRef,
  category_name: zText,
});
export const RULE_TAG_FIELDS = [
  '$key',
  'tag',
  'member',
  'tag#name as tag_name',
  'tag#category as tag_category',
  'tag#category#name as category_name',
];
export type RuleTagRow = z.infer<typeof ruleTagSchema>;
