// Column values are `unknown` to the type checker; this is the one place that
// turns them into text (objects as JSON, never "[object Object]").
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
