// What a change does to the contracts: statements it breaks (held before,
// violated after) and fixes (violated before, hold after). Plan, apply, the
// console's forms and the wizards all ask this one question.
import type {ContractReport, StatementResult} from './check.js';

export interface ContractDelta {
  broken: StatementResult[];
  fixed: StatementResult[];
  /** Violated before and after (not the change's doing, still worth a line). */
  stillFailing: StatementResult[];
  /** Statements that cannot be decided after the change. */
  unknown: StatementResult[];
}

export function contractDelta(before: ContractReport, after: ContractReport): ContractDelta {
  const was = new Map(before.statements.map((s) => [s.name, s.status]));
  const out: ContractDelta = {broken: [], fixed: [], stillFailing: [], unknown: []};
  for (const s of after.statements) {
    const prior = was.get(s.name);
    if (s.status === 'fail') (prior === 'fail' ? out.stillFailing : out.broken).push(s);
    else if (s.status === 'pass' && prior === 'fail') out.fixed.push(s);
    else if (s.status === 'unknown') out.unknown.push(s);
  }
  return out;
}

export function deltaIsEmpty(d: ContractDelta): boolean {
  return d.broken.length === 0 && d.fixed.length === 0;
}
