// `sort=+field,-other`: ascending by default; '+' may arrive as a space when a
// client forgot to encode it. Ties keep key order.
import {invalidArgument} from '../errors.js';
import type {Row} from '../db/table.js';
import type {Getter, Resolver} from './filter-eval.js';
import {str} from '../text.js';

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return (a ? 1 : 0) - (b ? 1 : 0);
  const s = str(a);
  const t = str(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

export function sortRows(rows: readonly Row[], sortParam: string, resolve: Resolver): Row[] {
  const keys: {get: Getter; dir: number}[] = [];
  for (const raw of sortParam.split(',')) {
    const item = raw.trim();
    if (item === '') throw invalidArgument('empty sort field');
    const dir = item.startsWith('-') ? -1 : 1;
    const name = item.replace(/^[+-]/, '').trim();
    if (name === '') throw invalidArgument('empty sort field');
    // a lenient resolver answers null for a column the table lacks: that key is ignored (INFERRED)
    const get = resolve(name);
    if (get) keys.push({get, dir});
  }
  if (keys.length === 0) return [...rows];
  const decorated = rows.map((row) => ({row, values: keys.map((k) => k.get(row))}));
  decorated.sort((x, y) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareValues(x.values[i], y.values[i]);
      if (c !== 0) return c * (keys[i] as {dir: number}).dir;
    }
    return x.row.$key - y.row.$key;
  });
  return decorated.map((d) => d.row);
}
