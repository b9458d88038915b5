// Tags: what VergeOS accepts when a tag is put on a row, and what goes with
// a deleted tag, category or row. Every rule names its public source; where
// none exists the choice is marked INFERRED and listed in the README
// (Simulator choices). Tests: test/simulator/fidelity-tags.test.ts.
import {ApiError, validationError} from '../errors.js';
import type {Row} from '../db/table.js';
import {deleteRow} from '../db/writes.js';
import {TAGGABLE_TABLES} from '../schema/tags.js';
import type {Draft, Sim, TableHooks} from '../sim.js';

const MEMBER = /^([a-z_]+)\/(\d+)$/;

function parseMember(value: unknown): {table: string; key: number} {
  // "Polymorphic resource reference in "type/id" format, e.g. "vms/123"" (tsvergeos tag-member/types.ts;
  // pyVergeOS TagMemberManager.add builds f"{resource_type}/{resource_key}").
  const m = typeof value === 'string' ? MEMBER.exec(value) : null;
  if (!m) throw validationError('member', `member must be "<type>/<key>", e.g. "vms/123"`);
  return {table: m[1], key: Number(m[2])};
}

export const tagMemberHooks: TableHooks = {
  beforeCreate(sim: Sim, values: Draft) {
    const {table, key} = parseMember(values.member);
    if (!(TAGGABLE_TABLES as readonly string[]).includes(table))
      throw validationError('member', `${table} cannot be tagged`);
    // A reference to a row that does not exist: 404 "error setting field" (VERGEOS-API.md §8.1 #6).
    if (!sim.db.tables.has(table)) throw validationError('member', `the simulator does not model ${table}`);
    if (!sim.db.table(table).has(key))
      throw new ApiError(404, `error setting field 'member': ${table}/${key} not found`);
    const tag = sim.db.get('tags', values.tag as number);
    if (!tag) throw new ApiError(404, `error setting field 'tag': tags/${String(values.tag)} not found`);
    const category = sim.db.get('tag_categories', tag.category as number);
    // "Tags must belong to a category that has the appropriate taggable resource type enabled"
    // (ansible-collection-vergeos plugins/modules/tag.py DOCUMENTATION; pyVergeOS TagCategory.taggable_*).
    if (!category || category[`taggable_${table}`] !== true)
      throw validationError(
        'member',
        `tags of category "${category ? String(category.name) : '?'}" cannot be applied to ${table}`,
      );
    const same = sim.db.table('tag_members').where('member', values.member);
    // "The combination of tag + member must be unique (the API returns "Tag member is already
    // assigned" on duplicates)" (tsvergeos tag-member/types.ts); pyVergeOS add() documents ConflictError.
    if (same.some((m) => m.tag === values.tag)) throw new ApiError(409, 'Tag member is already assigned');
    // "Whether only one tag from this category can be applied to a resource" (pyVergeOS
    // TagCategory.is_single_tag_selection). INFERRED: a second one is refused, not swapped in.
    if (category.single_tag_selection === true) {
      const taken = same.find((m) => sim.db.get('tags', m.tag as number)?.category === category.$key);
      if (taken) {
        const holds = sim.db.get('tags', taken.tag as number)?.name as string | undefined;
        throw validationError(
          'tag',
          `category "${String(category.name)}" allows one tag per ${table} row and ${String(values.member)} already has "${holds ?? '?'}"`,
        );
      }
    }
  },
};

export const tagHooks: TableHooks = {
  // "Deleting a tag cascades to all its tag members" (tsvergeos tag/types.ts; pyVergeOS TagManager.delete note).
  afterDelete(sim: Sim, row: Row) {
    for (const m of sim.db.table('tag_members').where('tag', row.$key))
      deleteRow(sim, 'tag_members', m.$key, {internal: true});
  },
};

export const tagCategoryHooks: TableHooks = {
  // "The category must not contain any tags. Delete all tags first." (pyVergeOS TagCategoryManager.delete).
  // INFERRED: the status (422) and the message.
  beforeDelete(sim: Sim, row: Row) {
    const n = sim.db.table('tags').count('category', row.$key);
    if (n > 0)
      throw validationError('$key', `tag category "${String(row.name)}" still holds ${n} tag${n === 1 ? '' : 's'}`);
  },
};

/**
 * INFERRED (nothing public says): a deleted row loses its tag assignments. The
 * simulator reuses freed keys, so leaving them would hand an old rule's tags to
 * the next rule created.
 */
export function dropMembersOf(sim: Sim, table: string, key: number): void {
  if (table === 'tag_members' || !(TAGGABLE_TABLES as readonly string[]).includes(table)) return;
  for (const m of sim.db.table('tag_members').where('member', `${table}/${key}`))
    deleteRow(sim, 'tag_members', m.$key, {internal: true});
}
