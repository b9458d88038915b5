// :contracts — every statement of the site's contracts, judged on the staged
// rules (p: the live ones), violations first. Enter opens the what-if trace
// of the selected statement's witness; i shows the statement in full; f arms
// a one-shot override (with its reason, for the audit log) for a change that
// has to break a contract.
import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import type {StatementResult} from '../../../policy/contracts/index.js';
import {useActionHandler} from '../../actions/bus.js';
import {type ViewProps} from '../../app/views.js';
import {Form} from '../../components/form/Form.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {useSession} from '../../data/session.js';
import {useTheme} from '../../theme/context.js';
import {fit} from '../../../domain/text-width.js';
import type {TraceParams} from '../analyze/TraceView.js';
import {waitingText} from '../analyze/use-analysis.js';
import {statementSummary, useContractReport} from './use-contracts.js';

const TONE = {pass: 'ok', fail: 'danger', unknown: 'warning'} as const;
const ORDER = {fail: 0, unknown: 1, pass: 2} as const;

const COLUMNS: readonly Column<StatementResult>[] = [
  {
    id: 'status',
    header: 'STATUS',
    format: (s) => s.status,
    sortValue: (s) => ORDER[s.status],
    width: 9,
    kind: 'status',
    tone: (s) => TONE[s.status],
    priority: 0,
  },
  {id: 'name', header: 'STATEMENT', format: (s) => s.name, width: 30, minWidth: 14, priority: 0},
  {id: 'rule', header: 'SAYS', format: (s) => statementSummary(s), width: 28, minWidth: 12, priority: 2},
  {
    id: 'witness',
    header: 'WITNESS',
    format: (s) => s.violations[0]?.message ?? (s.status === 'unknown' ? (s.notes[0] ?? '') : ''),
    width: 30,
    minWidth: 12,
    grow: true,
    priority: 1,
  },
];

export function Contracts({width, height, filter, active, shell}: ViewProps<undefined>) {
  const theme = useTheme();
  const session = useSession();
  const [live, setLive] = useState(false);
  const [arming, setArming] = useState(false);
  const {report, contracts, error, snapshot} = useContractReport(live ? 'applied' : 'pending');
  const rows = useMemo(
    () => [...(report?.statements ?? [])].sort((a, b) => ORDER[a.status] - ORDER[b.status]),
    [report],
  );
  const table = useTable({rows, columns: COLUMNS, height: height - 1, filter, rowKey: (s) => s.name});
  useTableInput(table, {isActive: !arming});

  useActionHandler(
    'app.open',
    () => {
      const s = table.selected;
      if (!s) return;
      const w = s.violations.find((v) => v.witness)?.witness;
      if (!w) return shell.push('govern.contract', {name: s.name, live});
      shell.push('analyze.trace', {
        query: {from: w.example.source, to: w.example.destination, service: w.service},
        pendingFirst: !live,
      } satisfies TraceParams);
    },
    {isActive: !arming},
  );
  useActionHandler(
    'govern.contracts.detail',
    () => {
      if (table.selected) shell.push('govern.contract', {name: table.selected.name, live});
    },
    {isActive: !arming},
  );
  useActionHandler('govern.contracts.live', () => setLive((v) => !v), {isActive: !arming});
  useActionHandler('govern.contracts.override', () => setArming(true), {isActive: !arming});

  if (arming)
    return (
      <Form
        fields={[
          {
            kind: 'text',
            name: 'reason',
            label: 'Reason',
            initial: '',
            hint: 'Why the next change may break a contract (written to the audit log)',
            validate: (v) => (String(v ?? '').trim() === '' ? 'a reason is required' : undefined),
          },
        ]}
        width={width}
        height={Math.min(height, 7)}
        layer="pane"
        isActive={active}
        title="Override the contracts for the next change"
        submitLabel="Arm"
        onSubmit={(values) => {
          session.armOverride(String(values['reason']).trim());
          setArming(false);
          shell.notify('warning', 'The next change may break a contract; it is recorded with your reason');
        }}
        onCancel={() => setArming(false)}
      />
    );

  const summary = error
    ? error
    : !contracts
      ? 'No contracts for this site: write a contract file (docs/SITEFILE.md) or let a wizard leave one'
      : report
        ? `${report.summary.pass} hold · ${report.summary.fail} violated · ${report.summary.unknown} unknown — ` +
          `${live ? 'live (applied)' : 'staged'} rules · ${contracts.source}`
        : waitingText(snapshot, 'the site');
  const tone = error || (report?.summary.fail ?? 0) > 0 ? 'danger' : report?.summary.unknown ? 'warning' : 'muted';
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style(tone)}>
        {fit(summary, width)}
      </Text>
      <Table
        table={table}
        width={width}
        height={height - 1}
        focused={active && !arming}
        emptyText={report ? (filter ? `No statement matches /${filter}` : 'No statements') : summary}
        rowTone={(s) => (s.status === 'fail' ? 'danger' : undefined)}
      />
    </Box>
  );
}
