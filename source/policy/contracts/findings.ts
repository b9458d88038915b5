// Contract violations as lint findings, so `vseg lint` and the console's lint
// markers show them next to the rules that decide them.
import type {Finding} from '../lint/types.js';
import type {ContractReport} from './check.js';

export function contractFindings(report: ContractReport): Finding[] {
  const out: Finding[] = [];
  for (const s of report.statements) {
    if (s.status === 'unknown') {
      out.push({
        id: `contract-unknown:${s.name}`,
        severity: 'warning',
        code: 'contract-unknown',
        message: `contract "${s.name}" cannot be checked: ${s.notes[0] ?? 'unknown'}`,
        rules: [],
      });
      continue;
    }
    s.violations.forEach((v, i) => {
      const first = v.rules[0];
      const code = v.property === 'flow' ? 'contract' : `contract-${v.property}`;
      out.push({
        id: `${code}:${s.name}:${i}`,
        severity: v.property === 'flow' ? 'error' : 'warning',
        code,
        message: `contract "${s.name}": ${v.message}`,
        ...(first ? {network: first.network, networkKey: first.networkKey} : {}),
        rules: v.rules.map(({key, name, position}) => ({key, name, position})),
      });
    });
  }
  return out;
}
