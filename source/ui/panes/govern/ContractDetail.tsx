// One contract statement in full: what it says, its status, every violation
// with its witness packet and deciding rules, the rules that decide its
// flows, and the notes (why it cannot be checked).
import {useMemo} from 'react';
import {statementLines} from '../../../policy/contracts/index.js';
import {type ViewProps} from '../../app/views.js';
import {TextView, useTextView, useTextViewInput} from '../../components/TextView.js';
import {useContractReport} from './use-contracts.js';

export interface ContractDetailParams {
  name: string;
  live?: boolean;
}

export function ContractDetail({params, width, height}: ViewProps<ContractDetailParams>) {
  const {report} = useContractReport(params.live ? 'applied' : 'pending');
  const lines = useMemo(() => {
    const s = report?.statements.find((x) => x.name === params.name);
    if (!report) return ['Loading…'];
    if (!s) return [`No statement "${params.name}" in the contracts any more`];
    const out = statementLines(s, {verbose: true});
    out.push('', `Rules that decide its flows (${params.live ? 'live' : 'staged'} rules):`);
    if (s.deciding.length === 0) out.push('  none: the routers’ defaults decide');
    for (const r of s.deciding) out.push(`  ${r.network} #${r.position} ${r.name}`);
    return out;
  }, [report, params.name, params.live]);
  const view = useTextView({lineCount: lines.length, height});
  useTextViewInput(view);
  return (
    <TextView
      lines={lines}
      width={width}
      height={height}
      offset={view.offset}
      left={view.left}
      tone={(line, i) =>
        i === 0
          ? line.startsWith('FAIL')
            ? 'danger'
            : line.startsWith('PASS')
              ? 'ok'
              : 'warning'
          : line.trimStart().startsWith('✗')
            ? 'danger'
            : undefined
      }
    />
  );
}
