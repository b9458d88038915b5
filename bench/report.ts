// The benchmark table: each figure next to its goal and whether it meets it.

export interface Row {
  figure: string;
  value: number;
  unit: string;
  goal?: number;
  /** Ratios like "fewer requests than": the goal is a minimum. */
  higherIsBetter?: boolean;
  note?: string;
}

export function verdict(row: Row): string {
  if (row.goal === undefined) return '';
  const ok = row.higherIsBetter ? row.value >= row.goal : row.value <= row.goal;
  return ok ? 'ok' : 'OVER';
}

function goalText(row: Row): string {
  if (row.goal === undefined) return '—';
  return `${row.higherIsBetter ? '≥' : '≤'} ${row.goal.toLocaleString('en')} ${row.unit}`;
}

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    r.figure,
    `${r.value.toLocaleString('en')} ${r.unit}`,
    goalText(r),
    verdict(r),
    r.note ?? '',
  ]);
  const head = ['figure', 'value', 'goal', '', 'notes'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]) =>
    c
      .map((x, i) => (i === 1 ? x.padStart(widths[i]) : x.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The same table in Markdown, for docs/PERFORMANCE.md. */
export function formatMarkdown(rows: readonly Row[]): string {
  const out = ['| figure | value | goal | | notes |', '| --- | ---: | --- | --- | --- |'];
  for (const r of rows)
    out.push(
      `| ${r.figure} | ${r.value.toLocaleString('en')} ${r.unit} | ${goalText(r)} | ${verdict(r)} | ${r.note ?? ''} |`,
    );
  return out.join('\n');
}
