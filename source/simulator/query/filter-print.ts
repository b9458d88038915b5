// Prints a filter AST in the canonical form parseFilter reads back to the same
// tree: lower-case keywords, single-quoted strings with `\`, `'`, `{`, `}`
// escaped, and parentheses around every nested and/or node (and/or chain left
// to right, so the parentheses are what keeps a nested node a unit).
import type {FilterNode, FilterValue} from './filter-ast.js';

export function quoteFilterString(s: string): string {
  return `'${s.replace(/[\\'{}]/g, (c) => `\\${c}`)}'`;
}

export function printFilterValue(v: FilterValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return quoteFilterString(v);
}

export function printFilter(node: FilterNode): string {
  switch (node.type) {
    case 'cmp':
      return `${node.field} ${node.op} ${printFilterValue(node.value)}`;
    case 'and':
    case 'or':
      return node.items.map((c) => (c.type === 'cmp' ? printFilter(c) : `(${printFilter(c)})`)).join(` ${node.type} `);
  }
}
