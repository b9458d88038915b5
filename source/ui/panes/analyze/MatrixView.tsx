// :matrix [service] — reachability between every pair of internal networks
// (and outside) as a grid: h/j/k/l or arrows move over the cells, Enter
// explains the cell with the what-if trace, s/S switch the service, e types
// one, p switches between the applied and the staged rules.
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {sanitize} from '../../../domain/text.js';
import {matrix, parseService, type Matrix, type Verdict} from '../../../policy/index.js';
import {MATRIX_SYMBOLS, cellSummary, verdictWord} from '../../../policy/present.js';
import {useActionHandler} from '../../actions/bus.js';
import {type ViewProps} from '../../app/views.js';
import {useSyncState} from '../../components/use-sync-state.js';
import {useKeys} from '../../keys/context.js';
import {useTheme} from '../../theme/context.js';
import type {Theme} from '../../theme/theme.js';
import type {Tone} from '../../theme/tokens.js';
import {fit} from '../../../domain/text-width.js';
import {follow, gridLayout, MARK_WIDTH, moveCursor, nodeRef, type Cursor, type GridWindow} from './matrix-grid.js';
import type {TraceParams} from './TraceView.js';
import type {StatementKind} from '../../../domain/sitefile/contracts.js';
import {contractCells, type ContractMark} from '../../../policy/contracts/index.js';
import {useContractReport} from '../govern/use-contracts.js';
import {useAnalysisSite, waitingText} from './use-analysis.js';
import {ServiceForm, useServicePicker} from './service-picker.js';
import {flowFromQuestion} from '../../../domain/wizards/rules.js';
import {useSession} from '../../data/session.js';
import {startWizardWith} from '../wizards/common.js';

export interface MatrixParams {
  service?: string;
}

const TONE: Record<Verdict | 'n/a', Tone> = {allow: 'ok', deny: 'muted', partial: 'warning', 'n/a': 'muted'};
const MARK_LETTER: Record<StatementKind, string> = {never: 'N', mustReach: 'M', allowOnly: 'O'};

function symbol(theme: Theme, verdict: Verdict | 'n/a'): string {
  // The middle dot is not in every console font.
  return theme.ascii && verdict === 'deny' ? '.' : MATRIX_SYMBOLS[verdict];
}

interface GridState {
  cursor: Cursor;
  win: GridWindow;
}

export function MatrixGrid({params, width, height, shell, active}: ViewProps<MatrixParams | undefined>) {
  const theme = useTheme();
  const {site, snapshot, defaults} = useAnalysisSite();
  const session = useSession();
  const picker = useServicePicker(site, params?.service, {
    next: 'analyze.matrix.next',
    previous: 'analyze.matrix.previous',
    service: 'analyze.matrix.service',
    staged: 'analyze.matrix.staged',
  });
  const {service, staged, editing} = picker;
  const [grid, setGrid, latest] = useSyncState<GridState>({cursor: {row: 0, col: 0}, win: {firstRow: 0, firstCol: 0}});

  const m: Matrix | null = useMemo(() => {
    const parsed = parseService(service);
    return site && parsed.ok
      ? matrix(site, {service: parsed.value, ruleset: staged ? 'pending' : 'applied', defaults})
      : null;
  }, [site, service, staged, defaults]);
  // Contract statements between whole networks mark their cells (N never, M must reach, O allow only).
  const contracts = useContractReport(staged ? 'pending' : 'applied');
  const marks = useMemo(
    () =>
      contracts.contracts && contracts.report
        ? contractCells(contracts.contracts.spec, contracts.report)
        : new Map<string, ContractMark>(),
    [contracts.contracts, contracts.report],
  );
  // Network names are API text: neutralised once, used everywhere below.
  const names = useMemo(() => m?.nodes.map((n) => sanitize(n.name)) ?? [], [m]);
  const layout = gridLayout(names, width, height);
  const count = names.length;

  useKeys(
    'pane',
    (event) => {
      const now = latest.current;
      const next = moveCursor(now.cursor, event.name, count, Math.max(1, layout.visibleRows - 1));
      if (!next) return false;
      setGrid({cursor: next, win: follow(now.win, next, layout, count)});
      return true;
    },
    {isActive: active && !editing},
  );

  useActionHandler(
    'app.open',
    () => {
      if (!m) return;
      const {row, col} = latest.current.cursor;
      const cell = m.cells[row]?.[col];
      const from = m.nodes[row];
      const to = m.nodes[col];
      if (!cell || !from || !to) return;
      if (cell.verdict === 'n/a')
        return shell.notify(
          'info',
          `${from.name} → ${to.name}: nothing to explain (no addresses on one side, or outside to outside)`,
        );
      shell.push('analyze.trace', {
        query: {from: nodeRef(from), to: nodeRef(to), service: m.service},
        pendingFirst: staged,
      } satisfies TraceParams);
    },
    {isActive: !editing},
  );

  useActionHandler(
    'analyze.matrix.allow',
    () => {
      if (!m || !site) return;
      const {row, col} = latest.current.cursor;
      const from = m.nodes[row];
      const to = m.nodes[col];
      if (!from || !to || from === to) return shell.notify('info', 'Choose a cell between two different networks');
      const end = (n: typeof from) => ({kind: n.key === null ? 'outside' : 'network', ref: nodeRef(n)});
      const {flow, note} = flowFromQuestion(end(from), end(to), m.service);
      startWizardWith(session.wizards, 'rules', site, {flows: [flow], defaultDeny: false});
      shell.push('wizard.steps', {id: 'rules'});
      shell.notify(
        'info',
        note ?? `The flow ${from.name} → ${to.name} ${m.service} is filled in: check it, then Review`,
      );
    },
    {isActive: !editing},
  );

  if (editing)
    return (
      <ServiceForm picker={picker} title="Matrix for which service?" width={width} height={height} active={active} />
    );
  if (!m) return <Text {...theme.style('muted')}>{fit(waitingText(snapshot, 'the site'), width)}</Text>;

  const {cursor} = grid;
  const win = follow(grid.win, cursor, layout, count);
  const rows = m.nodes.slice(win.firstRow, win.firstRow + layout.visibleRows);
  const cols = m.nodes.slice(win.firstCol, win.firstCol + layout.visibleCols);
  const cell = m.cells[cursor.row]?.[cursor.col];
  const from = m.nodes[cursor.row];
  const to = m.nodes[cursor.col];
  const cellMark = from && to ? marks.get(`${from.name}\u0000${to.name}`) : undefined;
  const left = win.firstCol > 0 ? theme.glyphs.select[0] : ' ';
  const right = win.firstCol + layout.visibleCols < count ? theme.glyphs.select[1] : '';
  // The names of the columns on screen whose labels are cut.
  const renamed = cols
    .map((_, j) => ({full: names[win.firstCol + j], short: layout.colLabels[win.firstCol + j]}))
    .filter((x) => x.short !== x.full);
  const unknown = m.unknownApplied.length ? `  ? live rules of ${sanitize(m.unknownApplied.join(', '))} unknown` : '';

  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.style('title')}>
        {fit(
          `${m.service} on the ${staged ? 'staged (after Apply Rules)' : 'applied (live)'} rules — row: from, column: to`,
          width,
        )}
      </Text>
      <Box height={1} width={width}>
        <Text {...theme.style('header')}>{' '.repeat(MARK_WIDTH + layout.rowWidth) + left}</Text>
        {cols.map((_, j) => {
          const c = win.firstCol + j;
          return (
            <Text key={c} {...theme.style(c === cursor.col ? 'selection' : 'header')}>
              {fit(layout.colLabels[c], layout.colWidth) + (j < cols.length - 1 ? ' ' : '')}
            </Text>
          );
        })}
        <Text {...theme.style('header')}>{right ? ` ${right}` : ''}</Text>
      </Box>
      {rows.map((node, i) => {
        const r = win.firstRow + i;
        const here = r === cursor.row;
        return (
          <Box key={r} height={1} width={width}>
            <Text wrap="truncate-end" {...(here ? theme.style('title') : {})}>
              {fit(here ? theme.glyphs.marker : ' ', MARK_WIDTH) + fit(layout.rowLabels[r], layout.rowWidth) + ' '}
            </Text>
            {cols.map((_, j) => {
              const c = win.firstCol + j;
              const v = m.cells[r][c];
              const mark = marks.get(`${m.nodes[r].name}\u0000${m.nodes[c].name}`);
              const text = fit(
                symbol(theme, v.verdict) +
                  (v.appliedUnknown && layout.colWidth > 1 ? '?' : '') +
                  (mark ? MARK_LETTER[mark.kind] + (mark.status === 'fail' ? '!' : '') : ''),
                layout.colWidth,
              );
              const selected = here && c === cursor.col;
              const tone = mark?.status === 'fail' ? 'danger' : TONE[v.verdict];
              return (
                <Text key={c} {...(selected ? theme.style('selection') : theme.style(tone))}>
                  {text + (j < cols.length - 1 ? ' ' : '')}
                </Text>
              );
            })}
          </Box>
        );
      })}
      <Box height={Math.max(0, height - 5 - rows.length)} />
      <Text wrap="truncate-end" {...(cell ? theme.style(TONE[cell.verdict]) : {})}>
        {fit(
          cell && from && to
            ? sanitize(
                `${from.name} → ${to.name}  ${verdictWord(cell.verdict)}  ${cellSummary(cell)}` +
                  (cellMark ? `  · contract "${cellMark.statement}" ${cellMark.status.toUpperCase()}` : ''),
              )
            : '',
          width,
          'left',
          theme.glyphs.ellipsis,
        )}
      </Text>
      <Text wrap="truncate-end" {...theme.style('muted')}>
        {fit(
          // The deny symbol is a dot: nothing else in the legend may be one.
          `${(['allow', 'deny', 'partial', 'n/a'] as const).map((v) => `${symbol(theme, v)} ${v}`).join('  ')}${unknown};` +
            `${marks.size ? '  N never M must O only ! violated;' : ''}  Enter explains the cell (Enter again: its rule), A allows it`,
          width,
          'left',
          theme.glyphs.ellipsis,
        )}
      </Text>
      <Text wrap="truncate-end" {...theme.style('muted')}>
        {fit(
          renamed.length ? `Columns: ${renamed.map((x) => `${x.short} = ${x.full}`).join(', ')}` : '',
          width,
          'left',
          theme.glyphs.ellipsis,
        )}
      </Text>
    </Box>
  );
}
