// References inside rule fields. VergeOS stores an alias reference as
// `alias:<$key>`; the file says `alias:<name>` so it reads well and carries to
// another site. Networks are referenced as `vnet:<name>` on both sides.
// Fields are comma lists; only the `alias:`/`vnet:` tokens are touched.

const TOKEN = /(^|,)(\s*)(alias|vnet):([^,]*?)(\s*)(?=,|$)/g;

export interface TokenRef {
  kind: 'alias' | 'vnet';
  value: string;
}

/** The `alias:`/`vnet:` references in a rule field. */
export function fieldRefs(field: string): TokenRef[] {
  const out: TokenRef[] = [];
  // Most fields hold addresses and ports only; a reference always has its colon.
  if (!field.includes(':')) return out;
  for (const m of field.matchAll(TOKEN)) out.push({kind: m[3] as 'alias' | 'vnet', value: m[4]});
  return out;
}

/** Rewrites every `alias:<x>` token with `map(x)`; tokens map returns undefined for stay as they are. */
export function mapAliasTokens(field: string, map: (value: string) => string | undefined): string {
  if (!field.includes('alias:')) return field;
  return field.replace(TOKEN, (all, lead: string, sp1: string, kind: string, value: string, sp2: string) => {
    if (kind !== 'alias') return all;
    const to = map(value);
    return to === undefined ? all : `${lead}${sp1}alias:${to}${sp2}`;
  });
}

/**
 * Splits a field into literal text and alias references, so a caller can put
 * a reference to an alias that does not exist yet in place of its key.
 */
export function splitAliasTokens(field: string): Array<string | {alias: string}> {
  const parts: Array<string | {alias: string}> = [];
  let last = 0;
  for (const m of field.matchAll(TOKEN)) {
    if (m[3] !== 'alias') continue;
    const start = m.index + m[1].length + m[2].length + 'alias:'.length;
    parts.push(field.slice(last, start));
    parts.push({alias: m[4]});
    last = start + m[4].length;
  }
  parts.push(field.slice(last));
  return parts.filter((p) => p !== '');
}

export const RULE_REF_FIELDS = [
  'source',
  'sourcePorts',
  'destination',
  'destinationPorts',
  'target',
  'targetPorts',
] as const;
