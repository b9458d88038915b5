// VergeOS answers keys and numbers loosely ("8" vs 8, null vs "", 1 vs true):
// comparisons of what vseg wants with what VergeOS returned go through here.

/** Whether a value VergeOS returned means the one vseg wanted. */
export function sameValue(wanted: unknown, actual: unknown): boolean {
  if (wanted === actual) return true;
  const blank = (v: unknown) => v === null || v === undefined || v === '';
  if (blank(wanted) && blank(actual)) return true;
  if (typeof wanted === 'boolean' || typeof actual === 'boolean') {
    const b = (v: unknown) => v === true || v === 1 || v === 'true' || v === '1';
    return b(wanted) === b(actual);
  }
  if (typeof wanted === 'number' || typeof actual === 'number')
    return Number(wanted) === Number(actual) && !blank(wanted) && !blank(actual);
  return text(wanted) === text(actual);
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
