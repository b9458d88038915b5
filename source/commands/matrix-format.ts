// `vseg matrix` output: the JSON document (nodes, one cell per ordered pair
// with its outcomes and deciding rules) and the compact grid for terminals:
// column labels abbreviated (full names listed below), and on sites with
// more networks than fit, the grid in blocks of columns one under another.
import {sanitize} from '../domain/text.js';
import type {Matrix, MatrixCell, MatrixStream, RuleRef} from '../policy/index.js';
import {safeJson} from '../domain/safe-serialise.js';
import {renderYaml} from './output.js';
import {MATRIX_LEGEND, MATRIX_SYMBOLS, cellSummary, shortLabels, wrapLines} from '../policy/present.js';

export interface DecidingRule extends RuleRef {
  network: string;
  direction: 'incoming' | 'outgoing';
}

/** The rules (not defaults) that decided any outcome of a cell, once each. */
export function decidingRules(cell: MatrixCell): DecidingRule[] {
  const out = new Map<string, DecidingRule>();
  for (const o of cell.outcomes) {
    const hops = o.verdict === 'deny' ? o.hops.slice(-1) : o.hops;
    for (const h of hops) {
      if (h.rule)
        out.set(`${h.network}/${h.rule.key}`, {
          network: h.network,
          direction: h.direction,
          key: h.rule.key,
          name: h.rule.name,
          position: h.rule.position,
        });
    }
  }
  return [...out.values()];
}

/** One cell of the JSON/YAML document. */
function cellDocument(from: string, to: string, cell: MatrixCell) {
  return {
    from,
    to,
    verdict: cell.verdict,
    rules: decidingRules(cell),
    outcomes: cell.outcomes.map((o) => ({verdict: o.verdict, example: o.example, hops: o.hops})),
    ...(cell.appliedUnknown ? {appliedUnknown: true} : {}),
  };
}

export function matrixDocument(m: Matrix) {
  return {
    service: m.service,
    ruleset: m.ruleset,
    nodes: m.nodes.map((n) => ({key: n.key, name: n.name, type: n.type})),
    cells: m.nodes.flatMap((from, i) => m.nodes.map((to, j) => cellDocument(from.name, to.name, m.cells[i][j]))),
    unknownApplied: m.unknownApplied,
  };
}

const indented = (text: string, spaces: number) => text.replace(/\n/g, `\n${' '.repeat(spaces)}`);

/**
 * matrixDocument as text, in pieces, a row evaluated at a time: the same bytes
 * as renderJson/renderYaml of the whole document, which at 1,001 networks
 * (a million cells with their outcomes) is more than one string can hold.
 * Each cell is written as the whole-document writer writes a cell at its depth.
 */
export function* matrixDocumentText(m: MatrixStream, format: 'json' | 'yaml'): Generator<string> {
  const nodes = m.nodes.map((n) => ({key: n.key, name: n.name, type: n.type}));
  const rows = m.rows();
  if (format === 'json') {
    yield `{\n  "service": ${safeJson(m.service)},\n  "ruleset": ${safeJson(m.ruleset)},\n`;
    yield `  "nodes": ${indented(safeJson(nodes), 2)},\n  "cells": [`;
    let first = true;
    for (const [i, row] of enumerate(rows)) {
      const from = m.nodes[i].name;
      const parts = row.map((cell, j) => indented(safeJson(cellDocument(from, m.nodes[j].name, cell)), 4));
      if (parts.length === 0) continue;
      yield `${first ? '\n    ' : ',\n    '}${parts.join(',\n    ')}`;
      first = false;
    }
    yield `${first ? '' : '\n  '}],\n  "unknownApplied": ${indented(safeJson(m.unknownApplied()), 2)}\n}\n`;
    return;
  }
  const head = renderYaml({service: m.service, ruleset: m.ruleset, nodes});
  yield head;
  let any = false;
  for (const [i, row] of enumerate(rows)) {
    const from = m.nodes[i].name;
    const items = row.map((cell, j) => {
      const text = renderYaml(cellDocument(from, m.nodes[j].name, cell)).replace(/\n$/, '');
      return `  - ${indented(text, 4)}\n`;
    });
    if (items.length === 0) continue;
    yield `${any ? '' : 'cells:\n'}${items.join('')}`;
    any = true;
  }
  if (!any) yield 'cells: []\n';
  yield renderYaml({unknownApplied: m.unknownApplied()});
}

function* enumerate<T>(items: Iterable<T>): Generator<[number, T]> {
  let i = 0;
  for (const item of items) yield [i++, item];
}

/** Above this many nodes the per-cell list would drown the grid: JSON has it. */
export const LIST_LIMIT = 30;

const chars = (s: string) => [...s].length;
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - chars(s)));

/** Prose lines wrapped to the width (grid lines never are). */
function prose(lines: string[], text: string, width: number): void {
  for (const l of wrapLines([{kind: 'detail', text}], width)) lines.push(l.text);
}

function gridLines(m: Matrix, names: string[], width: number): {lines: string[]; cols: string[]} {
  const n = names.length;
  const longest = Math.max(1, ...names.map(chars));
  const rowWidth = Math.min(longest, 14);
  // Three cells hold a symbol, the unknown mark and a label such as "12".
  const colWidth = Math.max(3, Math.min(longest, 8, Math.floor((width - rowWidth - 1) / Math.max(1, n)) - 1));
  const perBlock = Math.max(1, Math.floor((width - rowWidth) / (colWidth + 1)));
  const cols = shortLabels(names, colWidth);
  const rows = shortLabels(names, rowWidth);
  // A million cells at provider scale: each padded symbol is made once.
  const padded = new Map<string, string>();
  const symbol = (cell: MatrixCell) => {
    const key = MATRIX_SYMBOLS[cell.verdict] + (cell.appliedUnknown ? '?' : '');
    let text = padded.get(key);
    if (text === undefined) padded.set(key, (text = pad(key, colWidth)));
    return text;
  };
  const lines: string[] = [];
  for (let start = 0; start < n; start += perBlock) {
    const idx = Array.from({length: Math.min(perBlock, n - start)}, (_, k) => start + k);
    if (n > perBlock) {
      if (start > 0) lines.push('');
      lines.push(`columns ${start + 1}–${start + idx.length} of ${n}:`);
    }
    lines.push(`${' '.repeat(rowWidth)} ${idx.map((j) => pad(cols[j], colWidth)).join(' ')}`.trimEnd());
    m.cells.forEach((row, i) => {
      let line = `${pad(rows[i], rowWidth)} `;
      for (let k = 0; k < idx.length; k++) line += (k > 0 ? ' ' : '') + symbol(row[idx[k]]);
      lines.push(line.trimEnd());
    });
  }
  return {lines, cols};
}

export function matrixText(m: Matrix, columns: number): string {
  const names = m.nodes.map((n) => sanitize(n.name));
  const n = names.length;
  const width = Math.max(40, columns);
  const lines: string[] = [];
  prose(
    lines,
    `Reachability for ${m.service} on the ${m.ruleset === 'applied' ? 'applied (live)' : 'staged (pending)'} rules — row: from, column: to`,
    width,
  );
  lines.push('');
  const grid = gridLines(m, names, width);
  for (const line of grid.lines) lines.push(line);
  lines.push('');
  const unknown = m.cells.some((r) => r.some((c) => c.appliedUnknown));
  prose(lines, `${MATRIX_LEGEND}${unknown ? '  ? live rules unknown (staged used)' : ''}`, width);
  const renamed = names.map((full, i) => ({full, short: grid.cols[i]})).filter((x) => x.short !== x.full);
  if (renamed.length > 0) prose(lines, `Columns: ${renamed.map((x) => `${x.short} = ${x.full}`).join(', ')}`, width);
  const longest = Math.max(1, ...names.map(chars));
  if (longest > 14) prose(lines, `Rows: names longer than 14 characters are cut; -o json has them in full`, width);
  if (m.unknownApplied.length > 0) {
    prose(
      lines,
      `The live rules of ${m.unknownApplied.map(sanitize).join(', ')} are unknown (changes pending, no baseline): their staged rules stand in.`,
      width,
    );
  }
  if (n <= LIST_LIMIT) {
    const items: Array<[string, string, string]> = [];
    m.nodes.forEach((from, i) =>
      m.nodes.forEach((to, j) => {
        const cell = m.cells[i][j];
        if (i === j || cell.verdict === 'n/a') return;
        items.push([`${sanitize(from.name)} → ${sanitize(to.name)}`, cell.verdict, sanitize(cellSummary(cell))]);
      }),
    );
    if (items.length > 0) {
      const w0 = items.reduce((w, x) => Math.max(w, chars(x[0])), 0);
      lines.push('');
      lines.push('Deciding rules:');
      for (const [pair, verdict, why] of items) prose(lines, `  ${pad(pair, w0)}  ${pad(verdict, 7)}  ${why}`, width);
    }
  } else {
    lines.push('');
    lines.push('(-o json lists the deciding rules of every cell)');
  }
  return lines.join('\n') + '\n';
}
