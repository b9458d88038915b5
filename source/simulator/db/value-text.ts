// How a stored value reads as text (in messages, unique keys, filters and
// sorts): a row's values are whatever JSON a client sent, so an object must
// read as its JSON rather than "[object Object]".
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}
