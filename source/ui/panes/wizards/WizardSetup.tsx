// `:wizard setup`: the six steps chained, each with why it matters and what
// became of it (applied, skipped, waiting). Enter runs the selected step's
// wizard; s skips it; after a step, n in its result comes back here.
import {Box} from 'ink';
import {useEffect} from 'react';
import {SETUP, STEP_ORDER, WIZARDS, type WizardId} from '../../../domain/wizards/index.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {wrapText} from '../../text/wrap.js';
import {Lines, Loading, useWizardStore} from './common.js';

interface Row {
  id: WizardId;
  n: number;
  status: string;
}

const COLUMNS: readonly Column<Row>[] = [
  {id: 'n', header: '#', format: (r) => String(r.n), width: 2, priority: 2, sortable: false},
  {
    id: 'status',
    header: 'STATUS',
    format: (r) => r.status,
    width: 10,
    kind: 'status',
    tone: (r) => (r.status === 'applied' ? 'ok' : r.status === 'skipped' ? 'muted' : 'warning'),
    priority: 0,
    sortable: false,
  },
  {id: 'title', header: 'STEP', format: (r) => WIZARDS[r.id].title, width: 24, priority: 0, sortable: false},
  {
    id: 'why',
    header: 'WHY IT MATTERS',
    format: (r) => WIZARDS[r.id].summary,
    width: 30,
    grow: true,
    priority: 3,
    sortable: false,
  },
];

export function WizardSetup({width, height, active, shell}: ViewProps<undefined>) {
  const store = useWizardStore();
  useEffect(() => store.loadSetup(), [store]);
  const progress = store.setupProgress();
  const rows: Row[] = STEP_ORDER.map((id, i) => ({id, n: i + 1, status: progress?.outcomes[id] ?? 'to do'}));
  // One paragraph, wrapped to the terminal (its source lines break where a wide editor did).
  const head = [SETUP.title, ...wrapText(SETUP.why.join(' '), width, 4)];
  const next = rows.find((r) => r.status === 'to do');
  const footer = wrapText(
    next
      ? `Next: ${next.n}. ${WIZARDS[next.id].title} — ${WIZARDS[next.id].summary}`
      : 'Every step is applied or skipped: the segmentation is in place. Keep adjusting from :wizard (hit counters).',
    width,
    2,
  );
  // The cursor follows "Next" after a step is applied (n on its result) or
  // skipped, in the same frame that shows the new "Next".
  const table = useTable({
    rows,
    columns: COLUMNS,
    height: Math.max(2, height - head.length - footer.length),
    rowKey: (r) => r.id,
    followKey: next?.id,
  });
  useTableInput(table);
  const selected = table.selected;
  useActionHandler('app.open', () => {
    if (selected) shell.push('wizard.steps', {id: selected.id, setup: true});
  });
  useActionHandler('setup.skip', () => {
    if (selected) store.recordSetup(selected.id, 'skipped');
  });
  if (!progress) return <Loading width={width} height={height} text="Reading the setup's progress…" />;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines lines={head} width={width} tone={(i) => (i === 0 ? 'accent' : 'muted')} />
      <Table
        table={table}
        width={width}
        height={Math.max(2, height - head.length - footer.length)}
        focused={active}
        emptyText=""
      />
      <Lines lines={footer} width={width} tone={() => 'info'} />
    </Box>
  );
}
