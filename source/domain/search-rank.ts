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

/** Edits (insert, delete, replace, swap of neighbours) between two words, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({length: s.length + 1}, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * The names closest to one that matched nothing ("did you mean web-01?"):
 * the same word ignoring punctuation and case, a name starting with it, or
 * one a few typing mistakes away — best first, at most `max`.
 */
export function closestNames(word: string, names: Iterable<string>, max = 3): string[] {
  const plain = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  const w = plain(word);
  if (!w) return [];
  const limit = Math.max(1, Math.floor(w.length / 3));
  const scored: Array<{name: string; score: number}> = [];
  for (const name of new Set(names)) {
    const n = plain(name);
    if (!n) continue;
    const score = n === w ? 0 : n.startsWith(w) ? 1 : n.includes(w) ? 2 : 2 + editDistance(w, n) * 2;
    if (score <= 2 || editDistance(w, n) <= limit) scored.push({name, score});
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  // The same word written differently ("web01" for web-01) is the answer; near misses are not.
  const best = scored[0]?.score === 0 ? scored.filter((s) => s.score === 0) : scored;
  return best.slice(0, max).map((s) => s.name);
}

/** " — did you mean web-01 or web-02?" or "" when nothing is close. */
export function didYouMean(word: string, names: Iterable<string>): string {
  const close = closestNames(word, names);
  if (close.length === 0) return '';
  const list = close.length === 1 ? close[0] : `${close.slice(0, -1).join(', ')} or ${close.at(-1)}`;
  return ` — did you mean ${list}?`;
}
