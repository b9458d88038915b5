// A row of block characters for a series of numbers (quality, latency,
// traffic over time): the newest sample on the right. ASCII terminals get
// digits-free bars from "_.-=#".

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII = ['_', '.', '-', '=', '#'];

/** `width` cells from the last `width` values; missing values are blanks. */
export function sparkline(
  values: readonly (number | null)[],
  width: number,
  options: {ascii?: boolean; min?: number; max?: number} = {},
): string {
  const cells = options.ascii ? ASCII : BLOCKS;
  const tail = values.slice(-Math.max(0, width));
  const known = tail.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return ' '.repeat(tail.length);
  const lo = options.min ?? Math.min(...known);
  const hi = options.max ?? Math.max(...known);
  const span = hi - lo;
  return tail
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      const i = span <= 0 ? 0 : Math.round(((Math.min(hi, Math.max(lo, v)) - lo) / span) * (cells.length - 1));
      return cells[i];
    })
    .join('');
}
