// Row values are `unknown` to the type checker; the data plane reads them as text.

/** A string, number or boolean as text; anything else (null, objects) as the fallback. */
export function txt(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fallback;
}
