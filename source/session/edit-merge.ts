// Saving an edit the operator made on a copy that may be a poll interval (or
// a long coffee) old. The row is read again first; then the three-way merge
// (domain/merge.ts) decides field by field: what the operator changed is
// sent, what only the server changed is kept, and what both changed to
// different values goes back to the operator to choose. The console's forms
// render the choice; nothing here draws.
import type {Section, Site} from '../domain/model.js';
import {mergeFields, type Choice, type FieldConflict, type MergeValue} from '../domain/merge.js';
import type {ConsoleSession} from './console-session.js';

export type EditValues = Readonly<Record<string, MergeValue>>;

export interface EditMergeRequest<Row> {
  /** What to load for the row's current values. */
  sections: readonly Section[];
  find: (site: Site) => Row | undefined;
  /** The row as the form shows it: the values the form would start from now. */
  formValues: (site: Site, row: Row) => EditValues;
  /** The values the form started from, and what the operator submitted. */
  base: EditValues;
  mine: EditValues;
  /** Fields merged another way (alias entries merge as a list when written). */
  skip?: (field: string) => boolean;
  choices?: Readonly<Record<string, {choice: Choice; theirs: MergeValue}>>;
}

export type EditMergeResult<Row> =
  | {kind: 'ready'; site: Site; row: Row; values: Record<string, MergeValue>; kept: string[]}
  | {kind: 'conflicts'; site: Site; row: Row; conflicts: FieldConflict[]}
  | {kind: 'gone'};

/** Reads the row again and merges; `values` are what to build the change from. */
export async function mergeWithServer<Row>(
  session: ConsoleSession,
  request: EditMergeRequest<Row>,
): Promise<EditMergeResult<Row>> {
  // A failed read keeps the last snapshot: the save that follows reports the outage itself.
  await session.refresh(request.sections);
  const site = session.getSnapshot().site;
  const row = site ? request.find(site) : undefined;
  if (!site || row === undefined) return {kind: 'gone'};
  const keep = (v: EditValues) => Object.fromEntries(Object.entries(v).filter(([k]) => !request.skip?.(k)));
  const merged = mergeFields(
    keep(request.base),
    keep(request.mine),
    keep(request.formValues(site, row)),
    request.choices,
  );
  if (merged.conflicts.length > 0) return {kind: 'conflicts', site, row, conflicts: merged.conflicts};
  const values = {...request.mine, ...merged.values};
  return {kind: 'ready', site, row, values, kept: merged.kept};
}
