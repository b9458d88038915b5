// Contract statements as matrix cells: a statement whose zones are whole
// networks (net:NAME, or outside) marks the cells it speaks for — never,
// must reach, allow only — with the status of that pair (a statement over
// several pairs can hold on one and fail on another).
import type {ContractsSpec, StatementKind, ZoneSpec} from '../../domain/sitefile/contracts.js';
import type {ContractReport, ContractStatus} from './check.js';

export interface ContractMark {
  kind: StatementKind;
  status: ContractStatus;
  statement: string;
}

/** The matrix node a zone stands for: a network's name, "outside", or null for anything else. */
function nodeOf(zones: Record<string, ZoneSpec>, ref: string): string | null {
  const z = zones[ref] ?? {members: [ref], except: []};
  if (z.except.length > 0 || z.members.length !== 1) return null;
  const m = z.members[0].trim();
  if (m.toLowerCase() === 'outside') return 'outside';
  const net = /^(?:net|network|vnet):(.+)$/i.exec(m);
  return net ? net[1].trim() : null;
}

const WORST: Record<ContractStatus, number> = {fail: 0, unknown: 1, pass: 2};

/** Marks by "from\u0000to" node names; when several statements meet in a cell, the worst status shows. */
export function contractCells(spec: ContractsSpec, report: ContractReport): Map<string, ContractMark> {
  const out = new Map<string, ContractMark>();
  const results = new Map(report.statements.map((s) => [s.name, s]));
  for (const st of spec.statements) {
    const r = results.get(st.name);
    if (!r) continue;
    for (const f of st.from)
      for (const t of st.to) {
        const a = nodeOf(spec.zones, f);
        const b = nodeOf(spec.zones, t);
        if (a === null || b === null) continue;
        const broken = r.violations.some((v) => !v.witness || (v.witness.from === f && v.witness.to === t));
        const status: ContractStatus =
          r.status === 'unknown' ? 'unknown' : broken && r.status === 'fail' ? 'fail' : 'pass';
        const key = `${a}\u0000${b}`;
        const was = out.get(key);
        if (!was || WORST[status] < WORST[was.status]) out.set(key, {kind: st.kind, status, statement: st.name});
      }
  }
  return out;
}
