// Contract results for people and for CI: one JSON shape (`vseg check -o
// json`, the report, plan -o json) and plain text lines. Strings carry API
// names as they are: sanitize before a terminal.
import {statementText} from '../../domain/sitefile/contracts.js';
import type {ContractReport, ContractStatus, DecidingHop, StatementResult, Witness} from './check.js';
import type {ContractDelta} from './delta.js';

export const STATUS_WORD: Record<ContractStatus, string> = {pass: 'PASS', fail: 'FAIL', unknown: 'UNKNOWN'};

export function hopText(h: DecidingHop): string {
  const who = h.action === 'no-route' ? 'no route' : h.rule ? `rule "${h.rule.name}" (#${h.rule.position})` : 'default';
  return `${h.network} ${h.direction} ${h.action} by ${who}`;
}

export function witnessPacket(w: Witness): string {
  const e = w.example;
  const sp = e.sourcePort !== undefined ? `:${e.sourcePort}` : '';
  const dp = e.destinationPort !== undefined ? `:${e.destinationPort}` : '';
  return `${e.protocol} ${e.source}${sp} → ${e.destination}${dp}`;
}

/** The `vseg why` that explains the witness. */
export function witnessWhy(w: Witness): string {
  return `vseg why ${w.example.source} ${w.example.destination} ${w.service}`;
}

export function statementLines(s: StatementResult, opts: {verbose?: boolean} = {}): string[] {
  const lines = [`${STATUS_WORD[s.status].padEnd(7)} ${s.name}`, `        ${statementText(s.spec)}`];
  for (const v of s.violations) {
    lines.push(`        ✗ ${v.property}: ${v.message}`);
    if (v.witness) {
      lines.push(`          witness: ${witnessPacket(v.witness)} (${v.witness.verdict})`);
      if (v.witness.hops.length > 0) lines.push(`          decided by: ${v.witness.hops.map(hopText).join('; ')}`);
      lines.push(`          explain: ${witnessWhy(v.witness)}`);
    }
  }
  const notes = s.status === 'unknown' || opts.verbose ? s.notes : [];
  for (const n of notes) lines.push(`        note: ${n}`);
  return lines;
}

export function reportLines(r: ContractReport, opts: {verbose?: boolean} = {}): string[] {
  const lines: string[] = [];
  for (const s of r.statements) lines.push(...statementLines(s, opts));
  if (r.unknownApplied.length > 0)
    lines.push(`note: the live rules of ${r.unknownApplied.join(', ')} are unknown: their staged rules stood in`);
  return lines;
}

export function summaryText(r: ContractReport): string {
  const n = r.statements.length;
  const {pass, fail, unknown} = r.summary;
  const unchecked = unknown ? `, ${unknown} cannot be checked` : '';
  return `${n} statement${n === 1 ? '' : 's'}: ${pass} hold${pass === 1 ? 's' : ''}, ${fail} violated${unchecked} (${r.ruleset} rules)`;
}

/** Lines for a plan or a form: what the change would break or fix. */
export function deltaLines(d: ContractDelta): string[] {
  const lines: string[] = [];
  for (const s of d.broken) {
    lines.push(`  ✗ breaks "${s.name}" (${statementText(s.spec)})`);
    const v = s.violations[0];
    if (v) lines.push(`      ${v.message}`);
    if (v?.witness) lines.push(`      decided by: ${v.witness.hops.map(hopText).join('; ') || 'no router'}`);
  }
  for (const s of d.fixed) lines.push(`  ✓ fixes "${s.name}" (${statementText(s.spec)})`);
  for (const s of d.stillFailing) lines.push(`  · still violated: "${s.name}"`);
  for (const s of d.unknown) lines.push(`  ? cannot be checked after the change: "${s.name}" — ${s.notes[0] ?? ''}`);
  return lines;
}

function witnessJson(w: Witness) {
  return {
    verdict: w.verdict,
    from: w.from,
    to: w.to,
    service: w.service,
    example: w.example,
    hops: w.hops,
    reason: w.reason,
  };
}

export function statementJson(s: StatementResult) {
  return {
    name: s.name,
    statement: statementText(s.spec),
    kind: s.kind,
    from: s.from,
    to: s.to,
    services: s.services,
    status: s.status,
    violations: s.violations.map((v) => ({
      property: v.property,
      message: v.message,
      ...(v.witness ? {witness: witnessJson(v.witness)} : {}),
      rules: v.rules,
    })),
    deciding: s.deciding,
    notes: s.notes,
  };
}

/** The `vseg check -o json` document. */
export function contractReportJson(r: ContractReport, source: string) {
  return {
    source,
    ruleset: r.ruleset,
    summary: r.summary,
    statements: r.statements.map(statementJson),
    ...(r.unknownApplied.length ? {unknownApplied: r.unknownApplied} : {}),
  };
}

export function deltaJson(d: ContractDelta) {
  return {
    breaks: d.broken.map(statementJson),
    fixes: d.fixed.map((s) => ({name: s.name, statement: statementText(s.spec)})),
    stillViolated: d.stillFailing.map((s) => s.name),
    unknown: d.unknown.map((s) => ({name: s.name, notes: s.notes})),
  };
}

/** The contract section under a plan (no lines when no statement is affected or failing). */
export function planContractLines(d: ContractDelta, source: string): string[] {
  const lines = deltaLines(d);
  return lines.length === 0 ? [] : ['', `Contracts (${source}):`, ...lines];
}
