// `:wizard`: the six steps of the article and setup, each with one line on why
// it matters and whether a draft waits. Enter opens one; x discards a draft.
import {Box} from 'ink';
import {useEffect} from 'react';
import {SETUP, STEP_ORDER, WIZARDS, type WizardName} from '../../../domain/wizards/index.js';
import {useActionHandler} from '../../actions/bus.js';
import type {ViewProps} from '../../app/views.js';
import {Table} from '../../components/table/Table.js';
import type {Column} from '../../components/table/types.js';
import {useTable, useTableInput} from '../../components/table/use-table.js';
import {Lines, useFullSite, useWizardStore, wizardStart} from './common.js';

const DRAFT_NAMES: readonly WizardName[] = [...STEP_ORDER, 'setup'];

interface Row {
  name: WizardName | 'counters';
  step: string;
  title: string;
  why: string;
  draft: string;
}

const COLUMNS: readonly Column<Row>[] = [
  {id: 'step', header: '#', format: (r) => r.step, width: 3, priority: 2, sortable: false},
  {id: 'name', header: 'WIZARD', format: (r) => r.name, width: 9, priority: 0, sortable: false},
  {id: 'title', header: 'STEP', format: (r) => r.title, width: 24, priority: 1, sortable: false},
  {id: 'why', header: 'WHY IT MATTERS', format: (r) => r.why, width: 30, grow: true, priority: 3, sortable: false},
  {
    id: 'draft',
    header: 'DRAFT',
    format: (r) => r.draft,
    width: 8,
    priority: 1,
    kind: 'status',
    tone: (r) => (r.draft ? 'warning' : undefined),
    sortable: false,
  },
];

export function WizardMenu({width, height, active, filter, shell}: ViewProps<undefined>) {
  const store = useWizardStore();
  const site = useFullSite();
  // Drafts are read from disk when the menu shows (another vseg may have written one).
  useEffect(() => {
    if (active) store.loadDrafts(DRAFT_NAMES);
  }, [store, active]);
  const draft = (name: WizardName) => (store.draftState(name) ? 'resume' : '');
  const rows: Row[] = [
    ...STEP_ORDER.map((id, i): Row => ({
      name: id,
      step: String(i + 1),
      title: WIZARDS[id].title,
      why: WIZARDS[id].summary,
      draft: draft(id),
    })),
    {name: 'setup', step: '1-6', title: SETUP.title, why: SETUP.summary, draft: draft('setup')},
    {
      name: 'counters',
      step: '6',
      title: 'Hit counters',
      why: 'Later: rules never hit, tighten or disable them, mirroring off',
      draft: '',
    },
  ];
  const table = useTable({rows, columns: COLUMNS, height: height - 2, filter, rowKey: (r) => r.name});
  useTableInput(table);
  const selected = table.selected;
  useActionHandler('app.open', () => {
    if (!selected) return;
    if (selected.name === 'setup') shell.push('wizard.setup');
    else if (selected.name === 'counters') shell.push('wizard.monitor', {});
    else shell.push('wizard.steps', {id: selected.name});
  });
  useActionHandler('wizard.discard', () => {
    if (!selected || selected.name === 'counters' || !store.draftState(selected.name))
      return shell.notify('info', 'No draft to discard');
    const name = selected.name;
    void shell
      .confirm({
        title: `Discard the draft of the ${name} wizard?`,
        message: 'Its answers and the state of an interrupted run are deleted (nothing on the site changes).',
        confirmLabel: 'Discard',
        triggerKey: 'x',
      })
      .then((ok) => {
        if (ok) {
          store.discard(name, name !== 'setup' && site ? wizardStart(name, site) : undefined);
          shell.notify('info', `Draft of the ${name} wizard discarded`);
        }
      });
  });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Lines
        lines={[
          'Six guided steps to a first segmentation. Nothing is sent before its review.',
          'Enter opens a wizard; answers are kept as a draft after every page.',
        ]}
        width={width}
        tone={() => 'muted'}
      />
      <Table table={table} width={width} height={height - 2} focused={active} emptyText="No wizard matches" />
    </Box>
  );
}
