// Three-way merges for edits made against a copy that may be stale: what the
// edit started from (base), what the operator or the file wants (mine), and
// what the server holds now (theirs). A field only one side changed takes that
// side's value; a field both changed to different values is a conflict the
// operator decides. Lists (alias entries) merge item by item: the additions
// and removals this edit made, applied to the server's current list, so two
// people adding an entry each both keep theirs.

export type MergeValue = string | number | boolean | undefined;

/** Values compare by meaning: "" and undefined are both empty; text is trimmed. */
export function sameMergeValue(a: MergeValue, b: MergeValue): boolean {
  const norm = (v: MergeValue) => (v === undefined || v === null ? '' : typeof v === 'string' ? v.trim() : String(v));
  return norm(a) === norm(b);
}

export interface FieldConflict {
  field: string;
  base: MergeValue;
  mine: MergeValue;
  theirs: MergeValue;
}

export type Choice = 'mine' | 'theirs';

export interface FieldMerge {
  /** The values to build the change from: mine where the operator changed a field, theirs elsewhere. */
  values: Record<string, MergeValue>;
  /** Fields the operator left alone that changed on the server: the server's value is kept. */
  kept: string[];
  /** Fields changed on both sides to different values, without a choice yet. */
  conflicts: FieldConflict[];
  /** Fields this edit changes on the server (mine differs from theirs after merging). */
  changed: string[];
}

/**
 * Merges field by field. `choices` settles conflicts the operator has seen
 * (a choice is ignored once the server value it was made against changed again).
 */
export function mergeFields(
  base: Readonly<Record<string, MergeValue>>,
  mine: Readonly<Record<string, MergeValue>>,
  theirs: Readonly<Record<string, MergeValue>>,
  choices: Readonly<Record<string, {choice: Choice; theirs: MergeValue}>> = {},
): FieldMerge {
  const values: Record<string, MergeValue> = {};
  const kept: string[] = [];
  const conflicts: FieldConflict[] = [];
  const changed: string[] = [];
  for (const field of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    const b = base[field];
    const m = field in mine ? mine[field] : b;
    const t = field in theirs ? theirs[field] : b;
    const mineChanged = !sameMergeValue(m, b);
    const theirsChanged = !sameMergeValue(t, b);
    let v: MergeValue;
    if (!mineChanged) {
      v = t;
      if (theirsChanged) kept.push(field);
    } else if (!theirsChanged || sameMergeValue(m, t)) {
      v = m;
    } else {
      const chosen = choices[field];
      if (chosen && sameMergeValue(chosen.theirs, t)) v = chosen.choice === 'mine' ? m : t;
      else {
        conflicts.push({field, base: b, mine: m, theirs: t});
        v = t;
      }
    }
    values[field] = v;
    if (!sameMergeValue(v, t)) changed.push(field);
  }
  return {values, kept, conflicts, changed};
}

export interface ListMerge<T> {
  items: T[];
  /** Items this edit adds (by key) that the result holds. */
  added: T[];
  /** Keys of items this edit removes. */
  removed: string[];
}

/**
 * theirs − (what mine removed from base) + (what mine added to base), in the
 * server's order with additions at the end. An item both kept but changed
 * (a new label) takes mine's version when mine changed it, else theirs'.
 */
export function mergeList<T>(
  base: readonly T[],
  mine: readonly T[],
  theirs: readonly T[],
  key: (item: T) => string,
  same: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b),
): ListMerge<T> {
  const baseBy = new Map(base.map((i) => [key(i), i]));
  const mineBy = new Map(mine.map((i) => [key(i), i]));
  const removed = base.filter((i) => !mineBy.has(key(i))).map(key);
  const gone = new Set(removed);
  const items: T[] = [];
  const seen = new Set<string>();
  for (const t of theirs) {
    const k = key(t);
    if (gone.has(k) || seen.has(k)) continue;
    seen.add(k);
    const m = mineBy.get(k);
    const b = baseBy.get(k);
    items.push(m !== undefined && b !== undefined && !same(m, b) ? m : t);
  }
  const added: T[] = [];
  for (const m of mine) {
    const k = key(m);
    if (baseBy.has(k)) continue;
    added.push(m);
    if (!seen.has(k)) {
      seen.add(k);
      items.push(m);
    }
  }
  return {items, added, removed};
}

/** Whether `result` holds what a list merge planned: every addition present, every removal gone. */
export function listHolds<T>(result: readonly T[], plan: ListMerge<T>, key: (item: T) => string): boolean {
  const keys = new Set(result.map(key));
  return plan.added.every((a) => keys.has(key(a))) && plan.removed.every((r) => !keys.has(r));
}
