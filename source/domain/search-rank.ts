// Ranking of what a search box offers. A plain "contains" filter kept the
// list's own order, so typing `alias` in a rule's Source listed `vnetself`
// (whose description mentions "IP aliases") above `alias:web-servers`, and
// Enter took the first row. What the operator typed is matched against the
// name first: exact, then prefix, then the start of a word in the name, then
// anywhere in the name, then the kind, and only then the description.

export interface Searchable {
  value: string;
  label: string;
  /** What the candidate is (network, alias, VM NIC …), shown next to it. */
  kind?: string;
  detail?: string;
}

const WORD_START = /[:.\-_/ ,@]/;

function wordStart(text: string, q: string): boolean {
  for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + 1)) {
    if (at === 0 || WORD_START.test(text[at - 1] ?? '')) return true;
  }
  return false;
}

/** How well a candidate matches (lower is better), or undefined when it does not. */
export function matchTier(item: Searchable, query: string): number | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const label = item.label.toLowerCase();
  const value = item.value.toLowerCase();
  if (label === q || value === q) return 0;
  if (label.startsWith(q) || value.startsWith(q)) return 1;
  if (wordStart(label, q) || wordStart(value, q)) return 2;
  if (label.includes(q) || value.includes(q)) return 3;
  if (item.kind?.toLowerCase().startsWith(q)) return 4;
  if (item.detail?.toLowerCase().includes(q)) return 5;
  return undefined;
}

/** The candidates that match, best first; equal matches keep the list's order. */
export function rankMatches<T extends Searchable>(items: readonly T[], query: string): readonly T[] {
  if (!query.trim()) return items;
  return items
    .map((item, index) => ({item, index, tier: matchTier(item, query)}))
    .filter((x): x is {item: T; index: number; tier: number} => x.tier !== undefined)
    .sort((a, b) => a.tier - b.tier || a.index - b.index)
    .map((x) => x.item);
}
